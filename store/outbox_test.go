package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

func TestEnqueueRunOncePerPeriod(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	msgs := []duban.Outgoing{
		{Text: "本周工作提醒", Buttons: [][]duban.Button{{{Text: "查看", Data: "due"}}}},
		{Text: "台账", File: &duban.File{Name: "台账.xlsx", Data: []byte("PK-ledger")}},
	}
	tests := []struct {
		name    string
		job     string
		chat    int64
		period  string
		want    bool
		pending int
	}{
		{"first run writes", "weekly", -100, "2026-W48", true, 2},
		{"same period writes nothing", "weekly", -100, "2026-W48", false, 2},
		{"other chat", "weekly", -200, "2026-W48", true, 4},
		{"next period", "weekly", -100, "2026-W49", true, 6},
		{"other job same period text", "monthly", -100, "2026-W48", true, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			created, err := s.EnqueueRun(ctx, tt.job, tt.chat, tt.period, msgs)
			if err != nil || created != tt.want {
				t.Fatalf("EnqueueRun = %v, %v; want %v", created, err, tt.want)
			}
			st, err := s.OutboxStats(ctx)
			if err != nil || st.Pending != tt.pending {
				t.Fatalf("pending = %d, %v; want %d", st.Pending, err, tt.pending)
			}
		})
	}
	var files int
	s.rdb.QueryRow(`SELECT COUNT(*) FROM outbox_files`).Scan(&files)
	if files != 1 {
		t.Errorf("the same ledger is stored %d times, want once", files)
	}
	done, err := s.DoneRuns(ctx, "weekly", "2026-W48")
	if err != nil || len(done) != 2 || !done[-100] || !done[-200] {
		t.Errorf("DoneRuns = %v, %v", done, err)
	}
	if _, err := s.EnqueueRun(ctx, "", -1, "x", nil); duban.ErrorCode(err) != duban.EINVALID {
		t.Errorf("run without job: %v", err)
	}
}

func TestEnqueueRunEmptyMarksDone(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	if created, err := s.EnqueueRun(ctx, "deadlines", -1, "2026-11-25", nil); err != nil || !created {
		t.Fatalf("EnqueueRun = %v, %v", created, err)
	}
	if created, _ := s.EnqueueRun(ctx, "deadlines", -1, "2026-11-25", []duban.Outgoing{{Text: "x"}}); created {
		t.Error("a period done with nothing to say was run again")
	}
	if st, _ := s.OutboxStats(ctx); st.Pending != 0 {
		t.Errorf("pending = %d", st.Pending)
	}
}

func TestNextOutboxKeepsChatOrder(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	now := s.Now()
	s.EnqueueRun(ctx, "monthly", -1, "2026-10", []duban.Outgoing{{Text: "通报"}, {Text: "台账", File: &duban.File{Name: "a.xlsx", Data: []byte("data")}}})
	s.EnqueueRun(ctx, "monthly", -2, "2026-10", []duban.Outgoing{{Text: "通报2"}})

	batch, err := s.NextOutbox(ctx, now, 10)
	if err != nil || len(batch) != 2 {
		t.Fatalf("NextOutbox = %+v, %v", batch, err)
	}
	if batch[0].Msg.Text != "通报" || batch[1].Msg.Text != "通报2" || batch[0].Run != "monthly:-1:2026-10" {
		t.Fatalf("heads = %q, %q", batch[0].Msg.Text, batch[1].Msg.Text)
	}
	// A head being retried holds back the chat's next message.
	if err := s.MarkRetry(ctx, batch[0].ID, now.Add(time.Minute), "502 bad gateway"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSent(ctx, batch[1].ID, 77); err != nil {
		t.Fatal(err)
	}
	if b, _ := s.NextOutbox(ctx, now, 10); len(b) != 0 {
		t.Fatalf("file overtook its text: %+v", b)
	}
	b, _ := s.NextOutbox(ctx, now.Add(time.Minute), 10)
	if len(b) != 1 || b[0].Attempts != 1 || b[0].Msg.Text != "通报" {
		t.Fatalf("after retry time: %+v", b)
	}
	s.MarkSent(ctx, b[0].ID, 78)
	b, _ = s.NextOutbox(ctx, now.Add(time.Minute), 10)
	if len(b) != 1 || b[0].Msg.File == nil || b[0].Msg.File.Name != "a.xlsx" || b[0].Msg.File.Data != nil {
		t.Fatalf("file message: %+v", b)
	}
	data, err := s.OutboxFile(ctx, b[0].FileID)
	if err != nil || !bytes.Equal(data, []byte("data")) {
		t.Fatalf("OutboxFile = %q, %v", data, err)
	}
	if _, err := s.OutboxFile(ctx, 999); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("missing file: %v", err)
	}
	if err := s.MarkDead(ctx, b[0].ID, "400 bad request"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSent(ctx, b[0].ID, 1); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("marking a dead message sent: %v", err)
	}
	st, _ := s.OutboxStats(ctx)
	if st.Pending != 0 || st.Dead != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestOutboxChatMoves(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	now := s.Now()
	s.EnqueueRun(ctx, "weekly", -1, "2026-W48", []duban.Outgoing{{Text: "a"}, {Text: "b"}})
	s.EnqueueRun(ctx, "weekly", -2, "2026-W48", []duban.Outgoing{{Text: "c"}})

	t.Run("migrate moves messages and runs", func(t *testing.T) {
		if err := s.MigrateChat(ctx, -1, -1001); err != nil {
			t.Fatal(err)
		}
		done, _ := s.DoneRuns(ctx, "weekly", "2026-W48")
		if !done[-1001] || done[-1] {
			t.Errorf("runs after move: %v", done)
		}
		if created, _ := s.EnqueueRun(ctx, "weekly", -1001, "2026-W48", []duban.Outgoing{{Text: "again"}}); created {
			t.Error("the migrated chat got the week's reminder twice")
		}
		b, _ := s.NextOutbox(ctx, now, 10)
		if len(b) != 2 || b[0].Msg.ChatID != -1001 || b[0].Msg.Text != "a" {
			t.Errorf("heads after move: %+v", b)
		}
	})
	t.Run("postpone holds a chat", func(t *testing.T) {
		if err := s.PostponeChat(ctx, -2, now.Add(30*time.Second)); err != nil {
			t.Fatal(err)
		}
		b, _ := s.NextOutbox(ctx, now, 10)
		if len(b) != 1 || b[0].Msg.ChatID != -1001 {
			t.Errorf("heads while -2 is held: %+v", b)
		}
		at, ok, err := s.NextOutboxAt(ctx)
		if err != nil || !ok || !at.Equal(now.Truncate(time.Millisecond)) {
			t.Errorf("NextOutboxAt = %v, %v, %v", at, ok, err)
		}
	})
	t.Run("gone chat is dropped", func(t *testing.T) {
		n, err := s.ChatGone(ctx, -1001, "bot was kicked")
		if err != nil || n != 2 {
			t.Fatalf("dropped %d, %v", n, err)
		}
		if c, err := s.Chat(ctx, -1001); err != nil || !c.Paused {
			t.Errorf("gone chat not paused: %+v, %v", c, err)
		}
		st, _ := s.OutboxStats(ctx)
		if st.Pending != 1 || st.Oldest != 0 {
			t.Errorf("stats = %+v (clock is pinned, so age is 0)", st)
		}
	})
	t.Run("prune forgets finished rows and orphan files", func(t *testing.T) {
		s.EnqueueRun(ctx, "monthly", -3, "2026-10", []duban.Outgoing{{Text: "f", File: &duban.File{Name: "x.xlsx", Data: []byte("x")}}})
		b, _ := s.NextOutbox(ctx, now.Add(time.Hour), 10)
		for _, m := range b {
			s.MarkSent(ctx, m.ID, 1)
		}
		if err := s.PruneOutbox(ctx, now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		var rows, files, runs int
		s.rdb.QueryRow(`SELECT COUNT(*) FROM outbox`).Scan(&rows)
		s.rdb.QueryRow(`SELECT COUNT(*) FROM outbox_files`).Scan(&files)
		s.rdb.QueryRow(`SELECT COUNT(*) FROM runs`).Scan(&runs)
		if rows != 0 || files != 0 || runs != 0 {
			t.Errorf("after prune: %d rows, %d files, %d runs", rows, files, runs)
		}
	})
}
