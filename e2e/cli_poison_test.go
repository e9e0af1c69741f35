package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
)

// TestPoisonUpdateIsSkippedAtTheThirdStart: an update whose handling
// takes the process down (here: it hangs on the model until the process is
// SIGKILLed, as an out-of-memory kill would end it) is replayed from the
// inbox at the next start, and would be at every start. After being in
// hand at two crashes it is skipped at the third start: logged with its
// ids, answered with an apology, and the bot goes on serving.
func TestPoisonUpdateIsSkippedAtTheThirdStart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts duban three times")
	}
	// A model that never answers: every draft hangs.
	var drafts atomic.Int32
	hang := make(chan struct{})
	model := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		drafts.Add(1)
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(model.Close)
	t.Cleanup(func() { close(hang) })

	fake := tgfake.New(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	tasks := seedTasks(t, db, 3, duban.Date{})
	group := servedGroups(1, -1005000000000)[0]
	cfg := writeChildConfig(t, dir, fake.URL, db, []int64{group.ID}, "",
		fmt.Sprintf("llm:\n  base_url: %s\n  model: m\n  timeout: 10m\n", model.URL))
	u := tgfake.User(40001, "王明", "wangming")
	say := func(id int, text string) int64 {
		return fake.Push(models.Update{Message: &models.Message{ID: id, Chat: group, From: &u, Text: text}})
	}
	say(1, fmt.Sprintf("#%d 已完成招标，进度40%%", tasks[0])) // a report, so that there is something to draft from
	poison := say(2, "/summary 本月")
	r := childDB(t, db)
	attempts := func() int {
		return rowCount(t, r, `SELECT COALESCE((SELECT attempts FROM inbox WHERE update_id = ?), 0)`, poison)
	}

	for i := 1; i <= 2; i++ {
		c := startDuban(t, dir, fmt.Sprintf("run-%d", i), "--config", cfg, "run")
		pollUntil(t, 30*time.Second, "the draft in hand", func() bool {
			return int(drafts.Load()) >= i && attempts() == i || c.exited()
		})
		c.kill(t)
		if n := rowCount(t, r, `SELECT COUNT(*) FROM inbox WHERE update_id = ? AND done_at IS NULL`, poison); n != 1 {
			t.Fatalf("after crash %d the update is not pending", i)
		}
	}

	third := startDuban(t, dir, "run-3", "--config", cfg, "run")
	pollUntil(t, 30*time.Second, "the apology", func() bool {
		for _, s := range fake.SentTo(group.ID) {
			if strings.Contains(s.Text, "已跳过") {
				return true
			}
		}
		return third.exited()
	})
	if n := drafts.Load(); n != 2 {
		t.Errorf("the model was asked %d times, want 2: the poison was handled again", n)
	}
	// Marked done (the mark is written just after the apology), so that it
	// does not come back at every start.
	pollUntil(t, 10*time.Second, "the skipped update marked done", func() bool {
		return rowCount(t, r, `SELECT COUNT(*) FROM inbox WHERE update_id = ? AND done_at IS NOT NULL`, poison) == 1
	})
	// The bot goes on serving.
	before := len(fake.SentTo(group.ID))
	say(3, "/overdue")
	pollUntil(t, 30*time.Second, "an answer after the skip", func() bool { return len(fake.SentTo(group.ID)) > before || third.exited() })
	third.stop(t)
	logs := third.logs()
	if !strings.Contains(logs, "update skipped") || !strings.Contains(logs, fmt.Sprintf("update=%d", poison)) ||
		!strings.Contains(logs, fmt.Sprintf("chat=%d", group.ID)) {
		t.Errorf("the skip is not logged with the update's ids:\n%s", logs)
	}
}
