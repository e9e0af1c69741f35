package llm

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/summary"

	"github.com/sashabaranov/go-openai"
)

type draftCounts struct {
	mu        sync.Mutex
	ok, fail  int
	fallbacks map[string]int
}

func (d *draftCounts) ModelCall(ok bool, _ time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if ok {
		d.ok++
	} else {
		d.fail++
	}
}

func (d *draftCounts) Fallback(reason string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fallbacks[reason]++
}

// echoKey refuses the call the way some gateways do: quoting the
// Authorization header it was given.
func echoKey(status int, plain bool) step {
	return func(w http.ResponseWriter, r *http.Request, _ openai.ChatCompletionRequest, _ <-chan struct{}) {
		msg := "Incorrect API key provided: " + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if plain {
			w.WriteHeader(status)
			w.Write([]byte("<html>" + msg + "</html>"))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": "invalid_request_error"}})
	}
}

func TestDraftMetricsAndKeyNeverShown(t *testing.T) {
	const key = "sk-test-0123456789abcdef"
	tests := []struct {
		name     string
		script   []step
		ok, fail int
		fallback string
	}{
		{"answered", []step{reply(goodDraftZH)}, 1, 0, ""},
		{"key refused, JSON", []step{echoKey(401, false)}, 0, 1, "failed"},
		{"key echoed by a proxy page, retried", []step{echoKey(502, true)}, 0, 1, "failed"},
		{"server down then up", []step{fail(500, false), reply(goodDraftZH)}, 1, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeModel(t, tt.script...)
			var logs bytes.Buffer
			c := New(Config{BaseURL: f.BaseURL(), Model: "test-model", APIKey: key, Timeout: 5 * time.Second},
				slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
			c.retryWait = 10 * time.Millisecond
			dc := &draftCounts{fallbacks: map[string]int{}}
			c.Metrics = dc
			w := &summary.Writer{Model: c, Fallbacks: dc.Fallback}
			d, err := w.Draft(t.Context(), testRequest())
			if dc.ok != tt.ok || dc.fail != tt.fail {
				t.Errorf("calls ok=%d failed=%d, want %d/%d", dc.ok, dc.fail, tt.ok, tt.fail)
			}
			if tt.fallback != "" && (dc.fallbacks[tt.fallback] != 1 || !d.Fallback || err == nil) {
				t.Errorf("fallbacks %v, draft %+v, err %v", dc.fallbacks, d, err)
			}
			if _, auth := f.First(); auth != "Bearer "+key {
				t.Fatalf("the key was not sent: %q", auth)
			}
			if err != nil && strings.Contains(err.Error(), key) {
				t.Errorf("the key is in the error: %v", err)
			}
			if strings.Contains(logs.String(), key) || strings.Contains(d.Text, key) {
				t.Errorf("the key is in the logs or the text:\n%s", logs.String())
			}
			if tt.fallback != "" && !strings.Contains(err.Error(), "<api-key>") {
				t.Errorf("the refusal is not shown redacted: %v", err)
			}
		})
	}
	t.Run("off", func(t *testing.T) {
		dc := &draftCounts{fallbacks: map[string]int{}}
		c := New(Config{}, nil)
		c.Metrics = dc
		w := &summary.Writer{Model: c, Fallbacks: dc.Fallback}
		if d, err := w.Draft(t.Context(), testRequest()); err != nil || !d.Fallback || dc.fallbacks["off"] != 1 || dc.ok+dc.fail != 0 {
			t.Fatalf("draft %+v, %v, counts %+v", d, err, dc.fallbacks)
		}
	})
}
