package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/cli"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The proof tests run "duban run" as wired for production (cmd_run.go), in
// process, against the fake Bot API and a real database: a burst of
// updates from many groups, and updates Telegram should never send.

// lockedBuffer collects a logger's output from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// proofRun is "duban run" running in process.
type proofRun struct {
	logs *lockedBuffer
	stop func(t *testing.T)
}

// startRun runs duban with the configuration cfg until stop or the end of
// the test.
func startRun(t *testing.T, cfg string) *proofRun {
	t.Helper()
	t.Setenv("DUBAN_TELEGRAM_TOKEN", tgfake.Token)
	m := cli.NewProgram()
	m.Getenv = func(string) string { return "" }
	r := &proofRun{logs: &lockedBuffer{}}
	m.Stderr = r.logs
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.ParseFlags(ctx, []string{"--config", cfg, "run"}); err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	var once sync.Once
	r.stop = func(t *testing.T) {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("run: %v", err)
			}
			if err := m.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
		})
	}
	t.Cleanup(func() { r.stop(t) })
	return r
}

// proofPlan seeds db with 30 tasks: ten due in the coming days, ten
// overdue, ten later; it returns their numbers.
func proofPlan(t *testing.T, db string) []int {
	t.Helper()
	day := func(days int) duban.Date {
		d, err := duban.ParseDate(time.Now().AddDate(0, 0, days).Format(time.DateOnly))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	var nums []int
	for i, deadline := range []duban.Date{day(2), day(-5), day(60)} {
		nums = append(nums, seedTasksInto(t, db, i, 10, deadline)...)
	}
	return nums
}

func TestBurstOf10000UpdatesFrom200Groups(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 updates")
	}
	const (
		updates = 10000
		nGroups = 200
	)
	fake := tgfake.New(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	tasks := proofPlan(t, db)
	chats := servedGroups(nGroups, -1006000000000)
	run := startRun(t, writeChildConfig(t, dir, fake.URL, db, groupIDs(chats), "", "log:\n  level: warn\n"))

	// Ready: the first group is answered.
	user := tgfake.User(40000, "王芳", "")
	fake.Push(models.Update{Message: &models.Message{ID: 1, Chat: chats[0], From: &user, Text: "/due"}})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := fake.WaitSent(ctx, 1); err != nil {
		t.Fatalf("not serving: %v\n%s", err, run.logs)
	}

	questions := []string{"/due", "本周到期的任务有哪些", "逾期", "督导室的任务", "/item %d", "/search 重点任务"}
	type pushed struct {
		chat   int64
		msg    int
		report bool
	}
	all := map[int64]pushed{}
	msgIDs := map[int64]int{chats[0].ID: 1}
	reports := 0
	start := time.Now()
	for i := range updates {
		c := chats[i%nGroups]
		msgIDs[c.ID]++
		u := tgfake.User(int64(41000+i%50), fmt.Sprintf("同事%d", i%50), "")
		n := tasks[i%len(tasks)]
		var text string
		report := i%5 < 2 // 40% reports, 60% questions
		if report {
			text = fmt.Sprintf("#%d 已推进，进度%d%%", n, 1+i%98)
			reports++
		} else {
			text = questions[i%len(questions)]
			if strings.Contains(text, "%d") {
				text = fmt.Sprintf(text, n)
			}
		}
		id := fake.Push(models.Update{Message: &models.Message{ID: msgIDs[c.ID], Chat: c, From: &u, Text: text}})
		all[id] = pushed{c.ID, msgIDs[c.ID], report}
	}
	// Nothing may be lost, however long a loaded machine takes: the
	// speed is BenchmarkUpdatesE2E's to measure, not this test's.
	wctx, wcancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer wcancel()
	if _, err := fake.WaitSent(wctx, updates+1); err != nil {
		t.Fatalf("%d of %d updates answered: %v\n%s", fake.SentCount()-1, updates, err, run.logs)
	}
	elapsed := time.Since(start)
	run.stop(t)

	replies := repliesByQuestion(fake)
	for id, p := range all {
		if n := replies[replyKey{p.chat, p.msg}]; n != 1 {
			t.Fatalf("update %d (message %d in chat %d): %d replies there, want 1", id, p.msg, p.chat, n)
		}
	}
	if n := fake.SentCount(); n != updates+1 {
		t.Fatalf("%d messages sent for %d updates", n, updates+1)
	}
	r := childDB(t, db)
	if n := rowCount(t, r, `SELECT COUNT(*) FROM progress`); n != reports {
		t.Fatalf("%d reports stored, want %d", n, reports)
	}
	for id, p := range all {
		want := 0
		if p.report {
			want = 1
		}
		if n := rowCount(t, r, `SELECT COUNT(*) FROM progress WHERE update_id = ? AND chat_id = ?`, id, p.chat); n != want {
			t.Fatalf("update %d: %d reports stored, want %d", id, n, want)
		}
	}
	if n := rowCount(t, r, `SELECT COUNT(*) FROM inbox WHERE done_at IS NULL`); n != 0 {
		t.Fatalf("%d updates left pending", n)
	}
	if logs := run.logs.String(); strings.Contains(logs, "level=ERROR") || strings.Contains(logs, "panic") {
		t.Fatalf("problems logged:\n%s", logs)
	}
	t.Logf("%d updates (%d reports, %d questions) from %d groups answered in %s: %.0f updates/s; every report stored once, every update answered once in its own chat",
		updates, reports, updates-reports, nGroups, elapsed.Round(time.Millisecond), float64(updates)/elapsed.Seconds())
}

func TestMalformedUpdatesLeaveTheBotServing(t *testing.T) {
	fake := tgfake.New(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	tasks := proofPlan(t, db)
	group := tgfake.Group(-1007000000001, "县教育局重点工作推进群")
	run := startRun(t, writeChildConfig(t, dir, fake.URL, db, []int64{group.ID}, "", ""))
	user := tgfake.User(42, "张敏", "zhangmin")

	huge := strings.Repeat("已完成招标工作，", 100<<10/24) // about 100 KB
	g := group.ID
	tests := []struct {
		name string
		raw  string // %d: the update id; %[2]d: the group
		// reply is what the group is told about this update, "" for
		// nothing: the bot ignores what it cannot read.
		reply string
	}{
		{"no chat", `{"update_id":%d,"message":{"message_id":900,"date":1,"from":{"id":42,"first_name":"x"},"text":"/due"}}`, ""},
		{"no from", `{"update_id":%d,"message":{"message_id":901,"date":1,"chat":{"id":%[2]d,"type":"supergroup"},"text":"/due"}}`, "到期"},
		{"no text", `{"update_id":%d,"message":{"message_id":902,"date":1,"chat":{"id":%[2]d,"type":"supergroup"},"from":{"id":42,"first_name":"x"}}}`, ""},
		{"no update id", `{"message":{"message_id":903,"date":1,"chat":{"id":%[2]d,"type":"supergroup"},"text":"/due"}}`, ""},
		{"huge report", `{"update_id":%d,"message":{"message_id":904,"date":1,"chat":{"id":%[2]d,"type":"supergroup"},"from":{"id":42,"first_name":"x"},"text":"#` +
			fmt.Sprint(tasks[0]) + ` ` + huge + `"}}`, "太长"},
		{"huge chatter", `{"update_id":%d,"message":{"message_id":905,"date":1,"chat":{"id":%[2]d,"type":"supergroup"},"from":{"id":42,"first_name":"x"},"text":"` + huge + `"}}`, ""},
		{"unknown type", `{"update_id":%d,"business_connection":{"id":"b","user":{"id":42},"date":1},"future_field":{"a":[1,2,{"b":null}]}}`, ""},
		{"broken JSON", `{"update_id":%d,"message":{"message_id":906,"chat":{"id":%[2]d},"text":"/due`, ""},
		{"message null", `{"update_id":%d,"message":null}`, ""},
		{"nested nulls", `{"update_id":%d,"message":{"message_id":907,"date":1,"chat":{"id":%[2]d,"type":"supergroup"},"from":null,"text":null,"reply_to_message":null,"entities":null,"document":null}}`, ""},
		{"callback without message", `{"update_id":%d,"callback_query":{"id":"cb1","from":{"id":42,"first_name":"x"},"message":null,"data":null}}`, ""},
		{"wrong types", `{"update_id":%d,"message":{"message_id":"908","date":"today","chat":{"id":"%[2]d"},"text":["/due"]}}`, ""},
		{"member update with unknown status", `{"update_id":%d,"my_chat_member":{"chat":{"id":%[2]d,"type":"supergroup"},"from":{"id":42},"date":1,"old_chat_member":{"status":"weird"},"new_chat_member":{"status":null}}}`, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(fake.SentTo(g))
			id := int64(10000 + 2*i)
			raw := fmt.Sprintf(tt.raw, id, g)
			if !strings.Contains(tt.raw, "update_id") {
				raw = fmt.Sprintf(strings.ReplaceAll(tt.raw, "%[2]d", "%d"), g)
			}
			fake.PushRaw(id, raw)
			// A normal question right after is answered.
			marker := 1000 + i
			fake.Push(models.Update{ID: id + 1, Message: &models.Message{ID: marker, Chat: group, From: &user, Text: "逾期"}})
			pollUntil(t, 30*time.Second, "the answer to the question after it", func() bool {
				return repliesByQuestion(fake)[replyKey{g, marker}] == 1
			})
			var got []string
			for _, s := range fake.SentTo(g)[before:] {
				if s.ReplyTo != marker {
					got = append(got, s.Text)
				}
			}
			switch {
			case tt.reply == "" && len(got) > 0:
				t.Fatalf("replied %q", got)
			case tt.reply != "" && (len(got) != 1 || !strings.Contains(got[0], tt.reply)):
				t.Fatalf("replied %q, want one reply with %q", got, tt.reply)
			}
		})
	}
	run.stop(t)
	if n := rowCount(t, childDB(t, db), `SELECT COUNT(*) FROM progress`); n != 0 {
		t.Errorf("%d reports stored from malformed updates", n)
	}
	logs := run.logs.String()
	if strings.Contains(logs, "panic") || strings.Contains(logs, tgfake.Token) {
		t.Errorf("panic or token in the logs:\n%s", logs)
	}
	for _, want := range []string{"malformed update skipped", "unreadable update skipped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
}
