package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/duban-bot/duban/cli"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/ops"
	"github.com/duban-bot/duban/store"
)

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestRunServesHealthAndMetrics(t *testing.T) {
	fake := tgfake.New(t)
	dir := t.TempDir()
	addr := freeAddr(t)
	cfg := filepath.Join(dir, "config.yaml")
	if err := writeFile(cfg, fmt.Sprintf("telegram:\n  api_url: %s\n  poll_timeout: 2s\ndb: %s\nhttp:\n  listen: %s\naccess:\n  admins: [7]\n",
		fake.URL, filepath.Join(dir, "duban.db"), addr)); err != nil {
		t.Fatal(err)
	}
	run := startRun(t, cfg)
	admin := tgfake.User(7, "刘洋", "liuyang")
	fake.PushText(tgfake.Private(admin), admin, "/help")
	fake.PushText(tgfake.Private(admin), admin, "今天开会吗")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if _, err := fake.WaitSentTo(ctx, admin.ID, 2); err != nil {
		t.Fatalf("no answers: %v\n%s", err, run.logs)
	}

	code, body := httpGet(t, "http://"+addr+"/healthz")
	var rep ops.Report
	if err := json.Unmarshal([]byte(body), &rep); err != nil || code != http.StatusOK || !rep.OK() {
		t.Fatalf("healthz %d %s (%v)", code, body, err)
	}
	names := []string{}
	for _, c := range rep.Checks {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "database,telegram,outbox" {
		t.Fatalf("checks %v", names)
	}

	var fams map[string]*dto.MetricFamily
	scrape := func() {
		t.Helper()
		code, body := httpGet(t, "http://"+addr+"/metrics")
		parser := expfmt.NewTextParser(model.UTF8Validation)
		var err error
		fams, err = parser.TextToMetricFamilies(strings.NewReader(body))
		if code != http.StatusOK || err != nil {
			t.Fatalf("metrics %d: %v\n%s", code, err, body)
		}
	}
	scrape()
	// value returns the counter's or gauge's sample of name whose labels
	// are exactly the label=value pairs given.
	value := func(name string, labels ...string) (float64, bool) {
		for _, s := range fams[name].GetMetric() {
			var got []string
			for _, l := range s.GetLabel() {
				got = append(got, l.GetName(), l.GetValue())
			}
			if strings.Join(got, "\x00") != strings.Join(labels, "\x00") {
				continue
			}
			if fams[name].GetType() == dto.MetricType_COUNTER {
				return s.GetCounter().GetValue(), true
			}
			return s.GetGauge().GetValue(), true
		}
		return 0, false
	}
	want := []struct {
		name   string
		labels []string
		v      float64
	}{
		{"duban_updates_handled_total", []string{"kind", "command"}, 1},
		{"duban_updates_handled_total", []string{"kind", "message"}, 1},
		{"duban_replies_sent_total", nil, 2},
		{"duban_outbox_pending", nil, 0},
		{"duban_handler_panics_total", nil, 0},
	}
	// The fake Bot API has a reply before the client counts it sent: scrape
	// again until the counters caught up, or fail after a while.
	for deadline := time.Now().Add(10 * time.Second); ; {
		settled := true
		for _, w := range want {
			if got, ok := value(w.name, w.labels...); !ok || got != w.v {
				settled = false
			}
		}
		if settled || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
		scrape()
	}
	for _, w := range want {
		if got, ok := value(w.name, w.labels...); !ok || got != w.v {
			t.Errorf("%s%v = %v, want %v", w.name, w.labels, got, w.v)
		}
	}
	if v, _ := value("duban_telegram_last_contact_timestamp_seconds"); v < float64(time.Now().Add(-time.Minute).Unix()) {
		t.Error("no recent contact with the Bot API recorded")
	}
	// The Go and process collectors serve the process's own figures
	// beside duban's.
	for _, name := range []string{"process_resident_memory_bytes", "process_open_fds", "go_goroutines"} {
		if v, ok := value(name); !ok || v <= 0 {
			t.Errorf("%s = %v (present %v)", name, v, ok)
		}
	}

	// duban health asks the same listener (Docker's HEALTHCHECK).
	out, err := runMain(t, "", "health", "--addr", addr)
	if err != nil || !strings.Contains(out, `"status": "ok"`) {
		t.Fatalf("duban health: %v\n%s", err, out)
	}

	run.stop(t)
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Fatal("health listener still up after the bot stopped")
	}
	if _, err := runMain(t, "", "health", "--addr", addr); err == nil {
		t.Fatal("duban health succeeded with nothing running")
	}
}

// The webhook end to end through "duban run": registered with the secret,
// a post without it refused with 401, Telegram's own posts handled and
// answered; then a run in polling mode removes the webhook.
func TestRunWebhookThenPolling(t *testing.T) {
	fake := tgfake.New(t)
	dir := t.TempDir()
	hookAddr := freeAddr(t)
	hookURL := "http://" + hookAddr + "/tg/hook-7f3a"
	base := fmt.Sprintf("telegram:\n  api_url: %s\n  poll_timeout: 2s\n%%s\ndb: %s\nhttp:\n  listen: \"\"\naccess:\n  admins: [7]\n",
		fake.URL, filepath.Join(dir, "duban.db"))
	webhookCfg := filepath.Join(dir, "webhook.yaml")
	if err := writeFile(webhookCfg, fmt.Sprintf(base, fmt.Sprintf(
		"  mode: webhook\n  webhook:\n    listen: %s\n    url: %s\n    secret_token: Sekr1t_token-42", hookAddr, hookURL))); err != nil {
		t.Fatal(err)
	}
	run := startRun(t, webhookCfg)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if err := fake.WaitCalls(ctx, "setWebhook", 1); err != nil {
		t.Fatal(err)
	}
	if w := fake.Webhook(); w.URL != hookURL || w.SecretToken != "Sekr1t_token-42" {
		t.Fatalf("webhook registered as %+v", w)
	}
	admin := tgfake.User(7, "刘洋", "liuyang")
	upd := models.Update{ID: 900, Message: &models.Message{ID: 1, Date: int(time.Now().Unix()), Chat: tgfake.Private(admin), From: &admin, Text: "/help"}}
	for _, secret := range []string{"", "guess"} {
		body, _ := json.Marshal(upd)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, hookURL, bytes.NewReader(body))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("secret %q: status %d, want 401", secret, resp.StatusCode)
		}
	}
	if n := fake.SentCount(); n != 0 {
		t.Fatalf("a refused post was answered (%d sent)", n)
	}
	if code, err := fake.PostWebhook(ctx, upd); err != nil || code != http.StatusOK {
		t.Fatalf("Telegram's post: %d, %v", code, err)
	}
	sent, err := fake.WaitSentTo(ctx, admin.ID, 1)
	if err != nil || !strings.Contains(sent[0].Text, "/due") {
		t.Fatalf("answer by webhook: %v %v", sent, err)
	}
	run.stop(t)

	pollCfg := filepath.Join(dir, "polling.yaml")
	if err := writeFile(pollCfg, fmt.Sprintf(base, "  mode: polling")); err != nil {
		t.Fatal(err)
	}
	startRun(t, pollCfg)
	fake.PushText(tgfake.Private(admin), admin, "/help")
	if _, err := fake.WaitSentTo(ctx, admin.ID, 2); err != nil {
		t.Fatalf("no answer by polling: %v", err)
	}
	if w := fake.Webhook(); w.URL != "" || w.Deleted != 1 {
		t.Fatalf("webhook after switching to polling: %+v", w)
	}
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	backups := filepath.Join(dir, "backups")
	cfg := filepath.Join(dir, "config.yaml")
	if err := writeFile(cfg, fmt.Sprintf("db: %s\nbackup:\n  dir: %s\n  keep: 2\n", db, backups)); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, error) {
		t.Helper()
		var out, errOut bytes.Buffer
		m := cli.NewProgram()
		m.Stdout, m.Stderr = &out, &errOut
		m.Getenv = func(string) string { return "" }
		ctx := context.Background()
		err := m.ParseFlags(ctx, append([]string{"--config", cfg, "backup"}, args...))
		if err == nil {
			err = m.Run(ctx)
		}
		if cerr := m.Close(); err == nil {
			err = cerr
		}
		return out.String(), err
	}
	copyPath := filepath.Join(dir, "copy.db")
	if out, err := run(copyPath); err != nil || strings.TrimSpace(out) != copyPath {
		t.Fatalf("backup FILE: %q, %v", out, err)
	}
	if _, err := run(copyPath); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if _, err := run("--force", copyPath); err != nil {
		t.Fatalf("backup --force: %v", err)
	}
	c, err := store.Open(copyPath)
	if err != nil {
		t.Fatalf("the copy does not open: %v", err)
	}
	c.Close()
	// Without FILE: dated copies in backup.dir, the newest two kept.
	if err := os.MkdirAll(backups, 0o750); err != nil {
		t.Fatal(err)
	}
	for _, old := range []string{"duban-20250101-030000.db", "duban-20250102-030000.db"} {
		if err := writeFile(filepath.Join(backups, old), "old"); err != nil {
			t.Fatal(err)
		}
	}
	out, err := run()
	if err != nil || !strings.HasPrefix(filepath.Base(strings.TrimSpace(out)), "duban-") {
		t.Fatalf("backup into backup.dir: %q, %v", out, err)
	}
	left, _ := filepath.Glob(filepath.Join(backups, "duban-*.db"))
	if len(left) != 2 || filepath.Base(left[0]) != "duban-20250102-030000.db" || left[1] != strings.TrimSpace(out) {
		t.Fatalf("kept %v", left)
	}
	if _, err := run("a.db", "b.db"); err == nil {
		t.Fatal("two files accepted")
	}
}
