package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sashabaranov/go-openai"

	"github.com/duban-bot/duban/cli"
	"github.com/duban-bot/duban/demo"
	"github.com/duban-bot/duban/internal/openaifake"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/store"
)

// testAPIKey is the model's key in the secrets test; like the bot token,
// it must never appear in a log line or an error.
const testAPIKey = "sk-live-9f8e7d6c5b4a39281706"

// echoingGateway refuses a model call quoting the key it was sent, as some
// gateways do, as an HTML page (plain) or an OpenAI-style error.
func echoingGateway(status int, plain bool) openaifake.Step {
	return func(w http.ResponseWriter, r *http.Request, _ openai.ChatCompletionRequest, _ <-chan struct{}) {
		msg := "invalid api key: " + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if plain {
			w.WriteHeader(status)
			fmt.Fprintf(w, "<html>%s</html>", msg)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": "invalid_request_error"}})
	}
}

// TestSecretsNeverLogged runs "duban run" with a known bot token and model
// key through the failing paths — Telegram answering 502, 500, 429 and 403,
// the model refusing the key and quoting it back, Telegram unreachable — at
// the debug level, in both log formats, and scans everything written.
func TestSecretsNeverLogged(t *testing.T) {
	secrets := []string{tgfake.Token, strings.SplitN(tgfake.Token, ":", 2)[1], testAPIKey}
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			fake := tgfake.New(t)
			model := openaifake.New(t, echoingGateway(502, true), echoingGateway(401, false))
			dir := t.TempDir()
			db := filepath.Join(dir, "duban.db")
			st, err := store.Open(db)
			if err != nil {
				t.Fatal(err)
			}
			loc, _ := time.LoadLocation("Asia/Shanghai")
			if err := demo.Seed(context.Background(), st, time.Now(), loc); err != nil {
				t.Fatal(err)
			}
			st.Close()
			t.Setenv("DUBAN_LLM_API_KEY", testAPIKey)
			cfg := filepath.Join(dir, "config.yaml")
			if err := writeFile(cfg, fmt.Sprintf(`telegram:
  api_url: %s
  poll_timeout: 2s
db: %s
http:
  listen: ""
schedule:
  # No reminder may come first, whatever the hour the test runs at.
  weekly: ""
  deadlines: ""
  monthly: ""
access:
  admins: [%d]
llm:
  base_url: %s
  model: test-model
  api_key: ${DUBAN_LLM_API_KEY}
  timeout: 10s
log:
  level: debug
  format: %s
`, fake.URL, db, demo.AdminID, model.BaseURL(), format)); err != nil {
				t.Fatal(err)
			}
			fake.Inject(tgfake.Fault{Method: "getUpdates", Code: 502, Times: 1})
			fake.Inject(tgfake.TooManyRequests(demo.ChatID, 1, 1))
			fake.Inject(tgfake.Fault{Method: "sendMessage", ChatID: demo.MemberID, Code: 500, Times: 1})
			fake.Inject(tgfake.Fault{Method: "sendMessage", ChatID: 10003, Code: 403, Description: "Forbidden: bot was blocked by the user"})

			run := startRun(t, cfg)
			member := tgfake.User(demo.MemberID, "张敏", "zhangmin_ddz")
			group := tgfake.Group(demo.ChatID, demo.ChatTitle)
			fake.PushText(group, member, "/summary 全年")
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			sent, err := fake.WaitSentTo(ctx, demo.ChatID, 1)
			if err != nil {
				t.Fatalf("no summary: %v\n%s", err, run.logs)
			}
			if !strings.Contains(sent[0].Text, "模型暂不可用") || model.Calls() != 2 {
				t.Fatalf("summary %q after %d model calls", sent[0].Text, model.Calls())
			}
			// A reply refused with 500, one to a user who blocked the bot,
			// then Telegram out of reach.
			fake.PushText(tgfake.Private(member), member, "/help")
			blocker := tgfake.User(10003, "李强", "liqiang_jjk")
			fake.PushText(tgfake.Private(blocker), blocker, "/help")
			if err := fake.WaitCalls(ctx, "sendMessage", 3); err != nil {
				t.Fatal(err)
			}
			fake.Close()
			for !strings.Contains(run.logs.String(), "connection refused") {
				select {
				case <-ctx.Done():
					t.Fatalf("no network failure logged:\n%s", run.logs)
				case <-time.After(50 * time.Millisecond):
				}
			}
			run.stop(t)

			logs := run.logs.String()
			for _, want := range []string{"get updates", "502", "llm draft failed", "<api-key>", "<token>"} {
				if !strings.Contains(logs, want) {
					t.Errorf("the failing paths were not all taken: no %q in the logs", want)
				}
			}
			for _, s := range secrets {
				if i := strings.Index(logs, s); i >= 0 {
					t.Errorf("secret %q logged: …%s…", s, logs[max(i-200, 0):min(i+50, len(logs))])
				}
			}
		})
	}
	t.Run("token refused at start", func(t *testing.T) {
		fake := tgfake.New(t)
		fake.Token = "111:another-token"
		// The scheduler's cron goroutine may log its last line as Run
		// returns: the buffers are written from more than one goroutine.
		var out, errOut lockedBuffer
		t.Setenv("DUBAN_TELEGRAM_TOKEN", tgfake.Token)
		cfg := filepath.Join(t.TempDir(), "config.yaml")
		if err := writeFile(cfg, fmt.Sprintf("telegram:\n  api_url: %s\ndb: %s\nhttp:\n  listen: \"\"\nlog:\n  level: debug\n",
			fake.URL, filepath.Join(t.TempDir(), "duban.db"))); err != nil {
			t.Fatal(err)
		}
		m := cli.NewProgram()
		m.Stdout, m.Stderr = &out, &errOut
		m.Getenv = func(string) string { return "" }
		err := m.ParseFlags(context.Background(), []string{"--config", cfg, "run"})
		if err == nil {
			err = m.Run(context.Background())
		}
		m.Close()
		if err == nil || !strings.Contains(err.Error(), "refused the bot token") {
			t.Fatalf("err = %v", err)
		}
		all := err.Error() + errOut.String() + out.String()
		for _, s := range secrets {
			if strings.Contains(all, s) {
				t.Fatalf("secret %q shown: %s", s, all)
			}
		}
	})
}
