package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/demo"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/scheduler"
	"github.com/duban-bot/duban/store"
)

// secondGroup is a group served through access.chats, besides the demo's
// bound group.
const secondGroup = int64(-1001000000077)

// demoDB writes a database seeded with the demo plan, as of now, and
// returns its path.
func demoDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "duban.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := demo.Seed(context.Background(), st, time.Now(), shanghaiLoc(t)); err != nil {
		t.Fatal(err)
	}
	return path
}

func shanghaiLoc(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// runConfig runs duban with a config file holding body, in process, and
// returns what it printed on standard output and standard error.
func runConfig(t *testing.T, body string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runConfigStdin(t, body, "", args...)
}

// runConfigStdin is runConfig with stdin as the standard input.
func runConfigStdin(t *testing.T, body, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := writeFile(cfg, body); err != nil {
		t.Fatal(err)
	}
	return runWith(t, cfg, stdin, args...)
}

// outboxState reads what a database's outbox holds and which weekly runs
// of this week are done.
func outboxState(t *testing.T, db string) (pending int, done map[int64]bool) {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	stats, err := st.OutboxStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done, err = st.DoneRuns(ctx, string(scheduler.Weekly), scheduler.Period(scheduler.Weekly, time.Now().In(shanghaiLoc(t))))
	if err != nil {
		t.Fatal(err)
	}
	return stats.Pending, done
}

func TestRemindDryRunPrintsAndWritesNothing(t *testing.T) {
	t.Setenv("DUBAN_TELEGRAM_TOKEN", "")
	db := demoDB(t)
	cfg := fmt.Sprintf("db: %s\naccess:\n  admins: [%d]\n  chats: [%d]\n", db, demo.AdminID, secondGroup)
	for _, args := range [][]string{
		{"remind", "weekly", "--dry-run"},
		{"remind", "--dry-run", "weekly"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, _, err := runConfig(t, cfg, args...)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{
				fmt.Sprintf("── %s (%d) ──", demo.ChatTitle, demo.ChatID),
				fmt.Sprintf("── %d ──", secondGroup),
				"📋 每周工作提醒",
				"已逾期",
				"#2 制定局机关年度党建工作要点并印发执行",
				"办公室 刘洋", // the unit's registered member, mentioned in the demo group
				"请各牵头单位及时报送进展",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "<b>") || strings.Contains(out, "tg://") {
				t.Errorf("HTML in the output:\n%s", out)
			}
			if pending, done := outboxState(t, db); pending != 0 || len(done) != 0 {
				t.Errorf("dry run wrote %d outbox messages and runs %v", pending, done)
			}
		})
	}
	out, _, err := runConfig(t, cfg, "remind", "monthly", "--dry-run", "--chat", fmt.Sprint(demo.ChatID))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "工作通报") || !strings.Contains(out, "[文件] 台账-") || strings.Contains(out, fmt.Sprint(secondGroup)) {
		t.Errorf("monthly dry run for one group:\n%s", out)
	}
}

func TestRemindRefusesWhatItCannotDo(t *testing.T) {
	t.Setenv("DUBAN_TELEGRAM_TOKEN", "")
	db := demoDB(t)
	cfg := fmt.Sprintf("db: %s\n", db)
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"remind", "weekly"}, []string{"没有可用于发送的机器人令牌", "DUBAN_TELEGRAM_TOKEN", "--dry-run", "--queue-only"}},
		{[]string{"remind"}, []string{"要发哪一项"}},
		{[]string{"remind", "yearly", "--dry-run"}, []string{`unknown job "yearly"`}},
		{[]string{"remind", "weekly", "extra", "--dry-run"}, []string{`unexpected "extra"`}},
		{[]string{"remind", "weekly", "--dry-run", "--queue-only"}, []string{"exclude each other"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, _, err := runConfig(t, cfg, tt.args...)
			for _, w := range tt.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want it to say %q", err, w)
				}
			}
		})
	}
	if pending, done := outboxState(t, db); pending != 0 || len(done) != 0 {
		t.Errorf("refused commands wrote %d outbox messages and runs %v", pending, done)
	}
}

// TestRemindSendsOncePerPeriod sends the weekly reminder with the bot to
// the bound demo group and a group of access.chats, then fires it again:
// nothing more is sent.
func TestRemindSendsOncePerPeriod(t *testing.T) {
	fake := tgfake.New(t)
	t.Setenv("DUBAN_TELEGRAM_TOKEN", tgfake.Token)
	db := demoDB(t)
	cfg := fmt.Sprintf("telegram:\n  api_url: %s\ndb: %s\naccess:\n  admins: [%d]\n  chats: [%d]\n", fake.URL, db, demo.AdminID, secondGroup)

	out, _, err := runConfig(t, cfg, "remind", "weekly")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "已写入发件箱") || !strings.Contains(out, "发件箱已发送完毕") {
		t.Errorf("output:\n%s", out)
	}
	for _, chat := range []int64{demo.ChatID, secondGroup} {
		sent := fake.SentTo(chat)
		if len(sent) != 1 || !strings.Contains(sent[0].Text, "每周工作提醒") || sent[0].ParseMode != "HTML" {
			t.Fatalf("chat %d got %+v, want the weekly reminder once", chat, sent)
		}
	}
	if !strings.Contains(fake.SentTo(demo.ChatID)[0].Text, fmt.Sprintf(`<a href="tg://user?id=%d">刘洋</a>`, demo.AdminID)) {
		t.Errorf("the demo group's reminder mentions nobody:\n%s", fake.SentTo(demo.ChatID)[0].Text)
	}

	for _, args := range [][]string{{"remind", "weekly"}, {"remind", "weekly", "--queue-only"}} {
		out, _, err := runConfig(t, cfg, args...)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "没有新的内容要发送") {
			t.Errorf("%v again:\n%s", args, out)
		}
	}
	if n := fake.SentCount(); n != 2 {
		t.Errorf("%d messages sent in all, want 2", n)
	}
	if pending, done := outboxState(t, db); pending != 0 || !done[demo.ChatID] || !done[secondGroup] {
		t.Errorf("outbox: %d pending, done %v", pending, done)
	}
}

// TestRemindQueueOnlyLeavesTheSendingToTheService writes the monthly
// briefing without a token; the next sender run delivers it.
func TestRemindQueueOnlyLeavesTheSendingToTheService(t *testing.T) {
	t.Setenv("DUBAN_TELEGRAM_TOKEN", "")
	db := demoDB(t)
	cfg := fmt.Sprintf("db: %s\naccess:\n  admins: [%d]\n", db, demo.AdminID)
	out, _, err := runConfig(t, cfg, "remind", "monthly", "--queue-only")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "已写入发件箱") || !strings.Contains(out, "duban run") {
		t.Errorf("output:\n%s", out)
	}
	if pending, _ := outboxState(t, db); pending < 2 { // the briefing's text and its ledger
		t.Errorf("%d messages pending, want the briefing and the ledger", pending)
	}
}
