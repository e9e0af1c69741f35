package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

func inboxUpdate(id, chat int64) duban.InboxUpdate {
	return duban.InboxUpdate{ID: id, ChatID: chat, Raw: fmt.Appendf(nil, `{"update_id":%d}`, id)}
}

func TestInboxKeepsUpdatesUntilHandled(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()

	if off, err := s.InboxOffset(ctx); err != nil || off != 0 {
		t.Fatalf("empty inbox offset = %d, %v; want 0", off, err)
	}
	fresh, err := s.AddUpdates(ctx, []duban.InboxUpdate{inboxUpdate(10, -1), inboxUpdate(11, -2), inboxUpdate(12, -1)})
	if err != nil || !slices.Equal(fresh, []bool{true, true, true}) {
		t.Fatalf("add = %v, %v", fresh, err)
	}
	// Telegram delivers 11 and 12 again with a new one: only 13 is new, and
	// the stored copies are kept as they were.
	again := inboxUpdate(12, -1)
	again.Raw = []byte(`{"update_id":12,"changed":true}`)
	fresh, err = s.AddUpdates(ctx, []duban.InboxUpdate{inboxUpdate(11, -2), again, inboxUpdate(13, 0)})
	if err != nil || !slices.Equal(fresh, []bool{false, false, true}) {
		t.Fatalf("redelivery = %v, %v", fresh, err)
	}
	if off, _ := s.InboxOffset(ctx); off != 14 {
		t.Fatalf("offset = %d, want 14", off)
	}

	pending, err := s.PendingUpdates(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(pending); !slices.Equal(got, []int64{10, 11, 12, 13}) {
		t.Fatalf("pending %v", got)
	}
	if string(pending[2].Raw) != `{"update_id":12}` || pending[1].ChatID != -2 {
		t.Fatalf("stored update changed: %+v", pending[2])
	}
	if err := s.MarkUpdatesDone(ctx, []int64{10, 12}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		after int64
		limit int
		want  []int64
	}{
		{0, 0, []int64{11, 13}},
		{0, 1, []int64{11}},
		{11, 10, []int64{13}},
		{13, 10, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("after %d limit %d", tt.after, tt.limit), func(t *testing.T) {
			got, err := s.PendingUpdates(ctx, tt.after, tt.limit)
			if err != nil || !slices.Equal(ids(got), tt.want) {
				t.Fatalf("pending = %v, %v; want %v", ids(got), err, tt.want)
			}
		})
	}
	// A handled update delivered again is still not new.
	if fresh, _ := s.AddUpdates(ctx, []duban.InboxUpdate{inboxUpdate(10, -1)}); fresh[0] {
		t.Fatal("handled update taken as new")
	}
	if st, err := s.InboxStats(ctx); err != nil || st != (InboxStats{Pending: 2, Done: 2}) {
		t.Fatalf("stats = %+v, %v", st, err)
	}
}

func TestPruneInboxKeepsPendingAndRecent(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	start := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	at := func(d time.Duration) { s.Now = func() time.Time { return start.Add(d) } }

	at(0)
	s.AddUpdates(ctx, []duban.InboxUpdate{inboxUpdate(1, -1), inboxUpdate(2, -1), inboxUpdate(3, -1)})
	s.MarkUpdatesDone(ctx, []int64{1})
	at(47 * time.Hour)
	s.MarkUpdatesDone(ctx, []int64{2})
	// 3 stays pending however old.
	n, err := s.PruneInbox(ctx, start.Add(time.Hour).UnixMilli())
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want 1", n, err)
	}
	fresh, _ := s.AddUpdates(ctx, []duban.InboxUpdate{inboxUpdate(1, -1), inboxUpdate(2, -1), inboxUpdate(3, -1)})
	if !slices.Equal(fresh, []bool{true, false, false}) {
		t.Fatalf("after prune, new = %v; want only the pruned one", fresh)
	}
}

func TestMarkManyUpdatesDone(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	var batch []duban.InboxUpdate
	var all []int64
	for i := range 1234 {
		batch = append(batch, inboxUpdate(int64(i+1), int64(-i%7)))
		all = append(all, int64(i+1))
	}
	if _, err := s.AddUpdates(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkUpdatesDone(ctx, all); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.InboxStats(ctx); st.Pending != 0 || st.Done != 1234 {
		t.Fatalf("stats %+v", st)
	}
}

func ids(ups []duban.InboxUpdate) []int64 {
	var out []int64
	for _, u := range ups {
		out = append(out, u.ID)
	}
	return out
}

func TestAddUpdatesLeavesTheWriterAtNormalSync(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	if _, err := s.AddUpdates(ctx, []duban.InboxUpdate{inboxUpdate(1, -1)}); err != nil {
		t.Fatal(err)
	}
	var level int
	if err := s.wdb.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&level); err != nil || level != 1 {
		t.Fatalf("writer synchronous = %d, %v; want 1 (NORMAL)", level, err)
	}
}
