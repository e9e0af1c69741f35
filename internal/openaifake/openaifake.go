// Package openaifake is a fake OpenAI-compatible chat-completions server for
// tests: an httptest server that the real go-openai client (and so
// llm.Client) talks to. Each call runs the next step of a script, the last
// step repeating, and every request is recorded.
//
//	f := openaifake.New(t, openaifake.Fail(500, false), openaifake.Reply("#12 已完成招标。"))
//	c := llm.New(llm.Config{BaseURL: f.BaseURL(), Model: "test-model"}, nil)
//	… f.Calls(); req, auth := f.First()
//
// Echo answers with the prompt itself, so that a test can see exactly what
// the model was given (what stayed inside the data block).
package openaifake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/sashabaranov/go-openai"
)

// ModelName is the model the fake says answered (the "model" field of a
// reply).
const ModelName = "fake-model-0301"

// Step answers one call. req is the decoded request; release is closed when
// the test ends, so that a step that hangs returns.
type Step func(w http.ResponseWriter, r *http.Request, req openai.ChatCompletionRequest, release <-chan struct{})

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is the server's root; the API is under BaseURL().
	URL string
	// Started receives one value per call as it arrives (buffered; a test
	// that waits for a call reads it).
	Started chan struct{}

	srv     *httptest.Server
	script  []Step
	release chan struct{}

	mu          sync.Mutex
	calls       int
	auth        []string
	requests    []openai.ChatCompletionRequest
	inFlight    int
	maxInFlight int
}

// New starts a fake running script and closes it when the test ends.
func New(tb testing.TB, script ...Step) *Server {
	if len(script) == 0 {
		script = []Step{Reply("")}
	}
	f := &Server{script: script, release: make(chan struct{}), Started: make(chan struct{}, 64)}
	f.srv = httptest.NewServer(f)
	f.URL = f.srv.URL
	tb.Cleanup(func() {
		close(f.release)
		f.srv.Close()
	})
	return f
}

// BaseURL is what llm.Config.BaseURL takes: the root with /v1.
func (f *Server) BaseURL() string { return f.URL + "/v1" }

// ServeHTTP answers POST …/chat/completions with the next step.
func (f *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/chat/completions") {
		http.NotFound(w, r)
		return
	}
	var req openai.ChatCompletionRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	s := f.script[min(f.calls, len(f.script)-1)]
	f.calls++
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	f.requests = append(f.requests, req)
	f.inFlight++
	f.maxInFlight = max(f.maxInFlight, f.inFlight)
	f.mu.Unlock()
	select {
	case f.Started <- struct{}{}:
	default: // nobody is counting arrivals this far
	}
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()
	s(w, r, req, f.release)
}

// Calls returns how many calls arrived.
func (f *Server) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// MaxInFlight returns the most calls that were being answered at once.
func (f *Server) MaxInFlight() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxInFlight
}

// First returns the first request and its Authorization header. A step may
// still be running when the client has given up, hence the lock.
func (f *Server) First() (openai.ChatCompletionRequest, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[0], f.auth[0]
}

// Requests returns every request received, in order.
func (f *Server) Requests() []openai.ChatCompletionRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]openai.ChatCompletionRequest(nil), f.requests...)
}

// Reply answers with text as the assistant's message.
func Reply(text string) Step {
	return func(w http.ResponseWriter, _ *http.Request, _ openai.ChatCompletionRequest, _ <-chan struct{}) {
		answer(w, text)
	}
}

// Echo answers with the prompt it was given: each message as "[role]" on a
// line of its own followed by its content.
func Echo(w http.ResponseWriter, _ *http.Request, req openai.ChatCompletionRequest, _ <-chan struct{}) {
	var b strings.Builder
	for _, m := range req.Messages {
		b.WriteString("[" + m.Role + "]\n" + m.Content + "\n")
	}
	answer(w, b.String())
}

func answer(w http.ResponseWriter, text string) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": ModelName,
		"choices": []any{map[string]any{
			"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": text},
		}},
		"usage": map[string]any{"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
	})
}

// Fail answers with status and an OpenAI-style error body (go-openai's
// *APIError) or, with plain set, a proxy's HTML page (*RequestError).
// header holds name, value pairs to set.
func Fail(status int, plain bool, header ...string) Step {
	return func(w http.ResponseWriter, _ *http.Request, _ openai.ChatCompletionRequest, _ <-chan struct{}) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		if plain {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			w.Write([]byte("<html>502 Bad Gateway</html>"))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
			"message": http.StatusText(status), "type": "server_error", "code": status,
		}})
	}
}

// Hang never answers; it returns when the client gives up or the test ends.
func Hang(_ http.ResponseWriter, r *http.Request, _ openai.ChatCompletionRequest, release <-chan struct{}) {
	select {
	case <-r.Context().Done():
	case <-release:
	}
}
