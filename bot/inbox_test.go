package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/store"
)

// checkedStore is the real store, checking the inbox's promise on every
// write: an update reaches the inbox before Telegram (the fake) has it
// confirmed. It can also be told to fail the next inbox writes.
type checkedStore struct {
	*store.Store
	fake  *tgfake.Server
	t     testing.TB
	fails atomic.Int32 // inbox writes still to fail
	adds  atomic.Int32
}

func (s *checkedStore) AddUpdates(ctx context.Context, ups []duban.InboxUpdate) ([]bool, error) {
	s.adds.Add(1)
	for _, u := range ups {
		if s.fake.Confirmed(u.ID) {
			s.t.Errorf("update %d confirmed to Telegram before it was in the inbox", u.ID)
		}
	}
	if s.fails.Add(-1) >= 0 {
		return nil, errors.New("disk I/O error")
	}
	return s.Store.AddUpdates(ctx, ups)
}

// useCheckedStore makes the fixture's bot write through a checkedStore.
func (f *fixture) useCheckedStore(t testing.TB) *checkedStore {
	t.Helper()
	cs := &checkedStore{Store: f.st, fake: f.fake, t: t}
	b, err := New(f.bot.opt, cs, f.bot.log)
	if err != nil {
		t.Fatal(err)
	}
	f.bot = b
	return cs
}

func rawText(id, chat int64, user int64, text string) []byte {
	data, err := json.Marshal(models.Update{ID: id, Message: &models.Message{ID: int(id), Date: 1,
		Chat: tgfake.Group(chat, "g"), From: &models.User{ID: user, FirstName: "u"}, Text: text}})
	if err != nil {
		panic(err)
	}
	return data
}

func TestRunHandlesWhatACrashLeftPendingFirst(t *testing.T) {
	f := newFixture(t)
	cs := f.useCheckedStore(t)
	ctx := testCtx(t)
	chat := int64(-1001)
	// A crash left 100…104 in the inbox; 101 had been handled.
	var left []duban.InboxUpdate
	for i := range int64(5) {
		left = append(left, duban.InboxUpdate{ID: 100 + i, ChatID: chat, Raw: rawText(100+i, chat, 42, fmt.Sprintf("pending %d", i))})
	}
	if _, err := f.st.AddUpdates(ctx, left); err != nil {
		t.Fatal(err)
	}
	f.st.MarkUpdatesDone(ctx, []int64{101})
	// Telegram had not been told about 103 and 104: it sends them again,
	// then something new.
	user := tgfake.User(42, "u", "")
	for _, id := range []int64{103, 104} {
		f.fake.Push(models.Update{ID: id, Message: &models.Message{ID: int(id), Date: 1, Chat: tgfake.Group(chat, "g"), From: &user, Text: "again"}})
	}
	f.fake.Push(models.Update{ID: 200, Message: &models.Message{Chat: tgfake.Group(chat, "g"), From: &user, Text: "new"}})

	rec := newRecorder()
	f.run(t, rec)
	var got []string
	for _, m := range rec.wait(t, 5) {
		got = append(got, m.Text)
	}
	want := []string{"pending 0", "pending 2", "pending 3", "pending 4", "new"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("handled %q, want %q", got, want)
	}
	if calls := f.fake.Calls("getUpdates"); calls[0].Params["offset"] != "105" {
		t.Fatalf("first poll from offset %s, want 105 (restored from the inbox)", calls[0].Params["offset"])
	}
	f.stop(t)
	if n := len(rec.all()); n != 5 {
		t.Fatalf("handled %d updates, want 5", n)
	}
	if st, _ := f.st.InboxStats(ctx); st.Pending != 0 || st.Done != 6 {
		t.Fatalf("inbox %+v", st)
	}
	if cs.adds.Load() == 0 {
		t.Fatal("no inbox write seen")
	}
}

func TestInboxWriteFailureLeavesBatchWithTelegram(t *testing.T) {
	f := newFixture(t)
	cs := f.useCheckedStore(t)
	cs.fails.Store(2)
	rec := newRecorder()
	g := tgfake.Group(-1001, "一中")
	u := tgfake.User(42, "张三", "")
	for i := range 3 {
		f.fake.PushText(g, u, fmt.Sprintf("msg %d", i))
	}
	f.run(t, rec)
	got := rec.wait(t, 3)
	for i, m := range got {
		if m.Text != fmt.Sprintf("msg %d", i) {
			t.Fatalf("handled %q at %d", m.Text, i)
		}
	}
	f.fake.PushText(g, u, "end")
	rec.wait(t, 1)
	if n := len(rec.all()); n != 4 {
		t.Fatalf("handled %d, want 4", n)
	}
	if !strings.Contains(f.logs.String(), "write updates to the inbox") {
		t.Fatalf("failure not logged:\n%s", f.logs)
	}
}

func TestUnreadableUpdateIsSkippedTheOthersKept(t *testing.T) {
	f := newFixture(t)
	f.useCheckedStore(t)
	rec := newRecorder()
	g := tgfake.Group(-1001, "一中")
	u := tgfake.User(42, "张三", "")
	first := f.fake.PushText(g, u, "before")
	// Broken JSON in the middle of a batch: no decoder can split it.
	f.fake.PushRaw(first+1, fmt.Sprintf(`{"update_id":%d,"message":{"chat":{"id":-1001},"text":"cut o`, first+1))
	f.fake.PushText(g, u, "after")
	f.run(t, rec)
	got := rec.wait(t, 2)
	if got[0].Text != "before" || got[1].Text != "after" {
		t.Fatalf("handled %q, %q", got[0].Text, got[1].Text)
	}
	f.fake.PushText(g, u, "still serving")
	if m := rec.wait(t, 1); m[0].Text != "still serving" {
		t.Fatalf("handled %q", m[0].Text)
	}
	if !f.fake.Confirmed(first + 1) {
		t.Fatal("the unreadable update was never confirmed: it would come back forever")
	}
	if logs := f.logs.String(); !strings.Contains(logs, fmt.Sprintf("unreadable update skipped\" update=%d", first+1)) {
		t.Fatalf("skip not logged with its id:\n%s", logs)
	}
}

func TestShutdownLeavesUnfinishedUpdatesForTheNextStart(t *testing.T) {
	f := newFixture(t)
	ctx := testCtx(t)
	g := tgfake.Group(-1001, "一中")
	u := tgfake.User(42, "张三", "")
	started := make(chan struct{})
	var once sync.Once
	slow := &recorder{ch: make(chan duban.Message, 10), act: func(ctx context.Context, m duban.Message) {
		once.Do(func() { close(started) })
		<-ctx.Done() // longer than the grace period
	}}
	f.bot.ShutdownGrace = 20 * time.Millisecond
	for i := range 3 {
		f.fake.PushText(g, u, fmt.Sprintf("msg %d", i))
	}
	f.run(t, slow)
	<-started
	f.stop(t)
	if st, _ := f.st.InboxStats(ctx); st.Pending != 3 {
		t.Fatalf("inbox after a cut-short shutdown %+v, want 3 pending", st)
	}

	// The next start handles all three, in order, once.
	b, err := New(f.bot.opt, f.st, f.bot.log)
	if err != nil {
		t.Fatal(err)
	}
	f.bot = b
	rec := newRecorder()
	f.run(t, rec)
	for i, m := range rec.wait(t, 3) {
		if m.Text != fmt.Sprintf("msg %d", i) {
			t.Fatalf("handled %q at %d", m.Text, i)
		}
	}
	f.fake.PushText(g, u, "end")
	rec.wait(t, 1)
	if n := len(rec.all()); n != 4 {
		t.Fatalf("handled %d, want 4", n)
	}
}

func TestEveryUpdateLogLineCarriesItsIDs(t *testing.T) {
	f := newFixture(t)
	g := tgfake.Group(-1001, "一中")
	u := tgfake.User(42, "张三", "")
	f.fake.Inject(tgfake.Kicked(g.ID))
	rec := newRecorder()
	rec.act = func(ctx context.Context, m duban.Message) {
		switch m.Text {
		case "boom":
			panic("handler bug")
		case "reply":
			f.bot.Send(ctx, duban.Outgoing{ChatID: m.ChatID, Text: "ok"})
		}
	}
	f.run(t, rec)
	reply := f.fake.PushText(g, u, "reply")
	boom := f.fake.PushText(g, u, "boom")
	f.fake.PushRaw(boom+1, fmt.Sprintf(`{"update_id":%d,"message":{"message_id":"x","chat":{"id":-1001},"from":{"id":42}}}`, boom+1))
	f.fake.PushText(g, u, "end")
	rec.wait(t, 2) // "reply" and "end": "boom" panics before it is recorded
	f.stop(t)
	wants := map[string]int64{
		"chat no longer reachable, paused": reply,
		"panic while handling an update":   boom,
		"malformed update skipped":         boom + 1,
	}
	for _, line := range strings.Split(strings.TrimSpace(f.logs.String()), "\n") {
		for msg, id := range wants {
			if !strings.Contains(line, `msg="`+msg+`"`) {
				continue
			}
			for _, attr := range []string{fmt.Sprintf("update=%d", id), "chat=-1001", "user=42"} {
				if !strings.Contains(line, attr) {
					t.Errorf("%q lacks %s: %s", msg, attr, line)
				}
			}
			delete(wants, msg)
		}
	}
	for msg := range wants {
		t.Errorf("no %q line in:\n%s", msg, f.logs)
	}
}

// BenchmarkInbox measures the inbox's own cost per update: a batch of 100
// written in one transaction, then marked done in batches of markBatch.
func BenchmarkInbox(b *testing.B) {
	st := newStore(b)
	ctx := context.Background()
	raw := rawText(1, -1001, 42, "#12 已完成招标，进度60%")
	b.ResetTimer()
	id := int64(0)
	for i := 0; i < b.N; i += 100 {
		batch := make([]duban.InboxUpdate, 0, 100)
		for range min(100, b.N-i) {
			id++
			batch = append(batch, duban.InboxUpdate{ID: id, ChatID: -1001, Raw: raw})
		}
		if _, err := st.AddUpdates(ctx, batch); err != nil {
			b.Fatal(err)
		}
		for j := 0; j < len(batch); j += markBatch {
			var ids []int64
			for _, u := range batch[j:min(j+markBatch, len(batch))] {
				ids = append(ids, u.ID)
			}
			if err := st.MarkUpdatesDone(ctx, ids); err != nil {
				b.Fatal(err)
			}
		}
	}
}
