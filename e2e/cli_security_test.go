package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/demo"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/ops"
	"github.com/duban-bot/duban/store"
)

// Webhook mode without a secret token would take forged updates from
// anyone who finds the URL: duban refuses to start, naming the key.
func TestWebhookWithoutSecretRefusesToStart(t *testing.T) {
	t.Setenv("DUBAN_TELEGRAM_TOKEN", tgfake.Token)
	_, _, err := runConfig(t, fmt.Sprintf("telegram:\n  mode: webhook\n  webhook:\n    url: https://bot.example.edu.cn/hook\ndb: %s\n",
		filepath.Join(t.TempDir(), "duban.db")), "run")
	if err == nil || !strings.Contains(err.Error(), "telegram.webhook.secret_token") || !strings.Contains(err.Error(), "required") {
		t.Fatalf("webhook without a secret: %v", err)
	}
}

// Telegram unreachable at start (a proxy or network outage at boot): duban
// run keeps trying, reports it on /healthz, runs the scheduler meanwhile,
// and serves once Telegram answers.
func TestRunStartsWhileTelegramIsDown(t *testing.T) {
	fake := tgfake.New(t)
	fake.Inject(tgfake.Fault{Method: "getMe", Code: 502, Times: 3})
	dir := t.TempDir()
	db := demoDB(t)
	addr := freeAddr(t)
	cfg := filepath.Join(dir, "config.yaml")
	// Every midnight, caught up for 25 hours: the weekly reminder is due at start.
	if err := writeFile(cfg, fmt.Sprintf("telegram:\n  api_url: %s\n  poll_timeout: 2s\ndb: %s\nhttp:\n  listen: %s\n"+
		"access:\n  admins: [%d]\nschedule:\n  weekly: \"0 0 * * *\"\n  deadlines: \"\"\n  monthly: \"\"\n  catch_up: 25h\n",
		fake.URL, db, addr, demo.AdminID)); err != nil {
		t.Fatal(err)
	}
	run := startRun(t, cfg)
	// While Telegram refuses getMe, /healthz says so.
	pollUntil(t, 10*time.Second, "healthz while Telegram is down", func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var rep ops.Report
		json.NewDecoder(resp.Body).Decode(&rep)
		for _, c := range rep.Checks {
			if c.Name == "telegram" && !c.OK && strings.Contains(c.Detail, "not connected") && resp.StatusCode == http.StatusServiceUnavailable {
				return true
			}
		}
		return false
	})
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// The reminder written meanwhile goes out, and messages are answered.
	if sent, err := fake.WaitSentTo(ctx, demo.ChatID, 1); err != nil || !strings.Contains(sent[0].Text, "每周工作提醒") {
		t.Fatalf("no weekly reminder after the outage: %v\n%s", err, run.logs)
	}
	admin := tgfake.User(demo.AdminID, "刘洋", "liuyang_bgs")
	fake.PushText(tgfake.Private(admin), admin, "/help")
	if _, err := fake.WaitSentTo(ctx, admin.ID, 1); err != nil {
		t.Fatalf("no answer after the outage: %v\n%s", err, run.logs)
	}
	if n := fake.CallCount("getMe"); n < 4 {
		t.Errorf("%d getMe calls, want the 3 refused and one more", n)
	}
	if logs := run.logs.String(); !strings.Contains(logs, "telegram unreachable, trying again") {
		t.Errorf("the outage is not logged:\n%s", logs)
	}
}

// A second "duban run" on the same database refuses to start; "duban
// remind" beside it leaves the sending to the running one.
func TestSecondRunOnTheSameDatabaseRefused(t *testing.T) {
	fake := tgfake.New(t)
	dir := t.TempDir()
	db := demoDB(t)
	body := fmt.Sprintf("telegram:\n  api_url: %s\n  poll_timeout: 2s\ndb: %s\nhttp:\n  listen: \"\"\naccess:\n  admins: [%d]\n"+
		"schedule:\n  weekly: \"\"\n  deadlines: \"\"\n  monthly: \"\"\n", fake.URL, db, demo.AdminID)
	cfg := filepath.Join(dir, "config.yaml")
	if err := writeFile(cfg, body); err != nil {
		t.Fatal(err)
	}
	first := startRun(t, cfg)
	pollUntil(t, 10*time.Second, "the first run", func() bool { return strings.Contains(first.logs.String(), "duban started") })

	t.Setenv("DUBAN_TELEGRAM_TOKEN", tgfake.Token)
	_, _, err := runConfig(t, body, "run")
	if err == nil || !strings.Contains(err.Error(), "in use by another duban run") || !strings.Contains(err.Error(), fmt.Sprint(os.Getpid())) {
		t.Fatalf("second run: %v", err)
	}
	out, _, err := runConfig(t, body, "remind", "weekly")
	if err != nil || !strings.Contains(out, "消息交给它发送") {
		t.Fatalf("remind beside a running duban: %v\n%s", err, out)
	}
	if n := fake.SentCount(); n != 0 {
		t.Errorf("remind sent %d messages itself", n)
	}
	first.stop(t)
	// Once the first is gone, the lock is free again.
	second := startRun(t, cfg)
	pollUntil(t, 10*time.Second, "a run after the first stopped", func() bool { return strings.Contains(second.logs.String(), "duban started") })
}

// The database, its WAL, backups and ledgers are for their owner only,
// whatever the umask.
func TestFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	// A new database, made under a permissive umask.
	fresh := filepath.Join(dir, "new.db")
	if _, _, err := runConfig(t, fmt.Sprintf("db: %s\n", fresh), "console"); err != nil {
		t.Fatal(err)
	}
	// An existing one that others could read, with a plan in it.
	db := demoDB(t)
	os.Chmod(db, 0o644)
	body := fmt.Sprintf("db: %s\nbackup:\n  dir: %s\n", db, filepath.Join(dir, "backups"))
	syscall.Umask(0o022) // each run restricts the process's umask
	if _, _, err := runConfig(t, body, "console"); err != nil {
		t.Fatal(err)
	}
	syscall.Umask(0o022)
	ledger := filepath.Join(dir, "ledger.xlsx")
	if _, _, err := runConfig(t, body, "export", "-o", ledger); err != nil {
		t.Fatal(err)
	}
	syscall.Umask(0o022)
	if _, _, err := runConfig(t, body, "backup"); err != nil {
		t.Fatal(err)
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "backups", "duban-*.db"))
	if len(backups) != 1 {
		t.Fatalf("backups: %v", backups)
	}
	for _, f := range []string{fresh, db, db + "-wal", ledger, backups[0], filepath.Join(dir, "backups")} {
		fi, err := os.Stat(f)
		if os.IsNotExist(err) && strings.HasSuffix(f, "-wal") {
			continue // checkpointed away at close
		}
		if err != nil {
			t.Fatal(err)
		}
		want := os.FileMode(0o600)
		if fi.IsDir() {
			want = 0o700
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", f, fi.Mode().Perm(), want)
		}
	}
}

// A ledger cell that starts like a formula is stored as text in a Text
// cell, and the file imports back to the same words.
func TestLedgerFormulaCellsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := demoDB(t)
	body := fmt.Sprintf("db: %s\naccess:\n  admins: [%d]\n", db, demo.AdminID)
	evil := []string{"=HYPERLINK(\"http://x.example\",\"点此\")", "+1+2", "-3", "@SUM(A1)"}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range evil {
		if _, err := st.UpdateItem(context.Background(), i+3, func(it *duban.Item) error { it.Target = e; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	ledger := filepath.Join(dir, "ledger.xlsx")
	if _, _, err := runConfig(t, body, "export", "-o", ledger); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(ledger)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("台账")
	found := 0
	for r, row := range rows {
		for c, v := range row {
			for _, e := range evil {
				if v != e {
					continue
				}
				found++
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula("台账", cell); formula != "" {
					t.Errorf("%s holds a formula %q", cell, formula)
				}
				style, _ := f.GetCellStyle("台账", cell)
				if s, _ := f.GetStyle(style); s == nil || s.NumFmt != 49 {
					t.Errorf("%s (%q) is not a Text cell: %+v", cell, v, s)
				}
			}
		}
	}
	f.Close()
	if found != len(evil) {
		t.Fatalf("found %d of the %d formula-like targets in the ledger", found, len(evil))
	}
	out, _, err := runConfig(t, body, "import", "--dry-run", "--json", ledger)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evil {
		js, _ := json.Marshal(e)
		if !strings.Contains(out, string(js)) {
			t.Errorf("import of the ledger lost %q", e)
		}
	}
}
