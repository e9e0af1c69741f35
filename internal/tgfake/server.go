// Package tgfake is a fake Telegram Bot API server for tests: an httptest
// server that speaks enough of the Bot API for the real go-telegram/bot
// client (bot.WithServerURL). Tests push updates into its getUpdates queue,
// read back what the bot sent, register files, chat administrators and
// faults (429, 5xx, 403, migrations), and may switch on the rate limits
// Telegram enforces, so that pacing is tested against a server that refuses
// what comes too fast.
//
// A test's usual steps:
//
//	fake := tgfake.New(t) // closed when the test ends
//	b, _ := bot.New(bot.Options{Token: tgfake.Token, APIURL: fake.URL}, st, logger)
//	fake.PushText(tgfake.Group(-1001, "一中"), tgfake.User(42, "张三", ""), "/due")
//	sent, err := fake.WaitSentTo(ctx, -1001, 1) // what the group sees
//
//	fake.Inject(tgfake.TooManyRequests(-1001, 3, 1)) // next send there: 429, retry_after 3
//	fake.Inject(tgfake.Kicked(-1002))                // 403 from now on
//	fake.Inject(tgfake.Migrated(-5, -1005))          // 400 with migrate_to_chat_id
//	fake.SetLimits(tgfake.Limits{PerSecond: 30, PerChatMinute: 20})
//	fake.Stats().RateLimited; fake.AcceptedAt(-1001) // pacing as the server saw it
//
// Every text sent with parse_mode HTML is checked as Telegram checks it
// (ParseHTML, the length limits), so a test fails on a reply that Telegram
// would refuse.
package tgfake

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// Token is the bot token the fake accepts unless Server.Token is changed
// before the first request.
const Token = "123456789:TEST-fake-token_abcdefghijklmnopqrs"

// BotID and BotUsername describe the fake bot answered by getMe.
const (
	BotID       int64 = 123456789
	BotUsername       = "duban_test_bot"
)

// Server is a running fake Bot API. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL to hand to bot.WithServerURL.
	URL string
	// Token is the only token accepted; requests with another answer 401.
	Token string

	srv     *httptest.Server
	closing chan struct{}
	once    sync.Once

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every recorded event

	me        models.User
	nextID    int64    // next update id
	queue     []queued // updates not yet confirmed
	confirmed map[int64]bool
	msgIDs    map[int64]int // next message id per chat
	sent      []Sent        // messages the bot sent (sendMessage, sendDocument, edits)
	calls     []Call        // every API call
	faults    []*Fault      // injected failures
	limits    Limits        // enforced rate limits
	accepted  []acceptance  // timestamps of accepted sends
	stats     Stats         // counters
	members   map[memberKey]models.ChatMemberType
	files     map[string]File   // by file id
	paths     map[string]string // download path -> file id
	webhook   Webhook
	downloads int
	latency   time.Duration // between recording a send and answering it
}

type queued struct {
	id        int64
	raw       json.RawMessage
	delivered bool
}

type memberKey struct{ chat, user int64 }

// Call is one request the bot made.
type Call struct {
	Method string
	Params map[string]string // form fields; nested objects as JSON text
	At     time.Time
}

// New starts a fake server and closes it when the test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := NewServer()
	tb.Cleanup(s.Close)
	return s
}

// NewServer starts a fake server outside a test (benchmarks' helpers,
// tools); the caller closes it.
func NewServer() *Server {
	s := &Server{
		Token:     Token,
		closing:   make(chan struct{}),
		changed:   make(chan struct{}),
		me:        models.User{ID: BotID, IsBot: true, FirstName: "督办", Username: BotUsername, CanJoinGroups: true},
		nextID:    1,
		msgIDs:    map[int64]int{},
		confirmed: map[int64]bool{},
		members:   map[memberKey]models.ChatMemberType{},
		files:     map[string]File{},
		paths:     map[string]string{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	return s
}

// Close stops the server; pending long polls return at once.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		s.srv.Close()
	})
}

// SetLatency makes the fake answer each accepted send d after recording
// it, as a slow network would: a bot that dies in between never learns
// that the message went out, which is how a crash comes to repeat one.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

func (s *Server) delayAnswer(r *http.Request) {
	s.mu.Lock()
	d := s.latency
	s.mu.Unlock()
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.closing:
	}
}

// Me returns the bot user getMe answers.
func (s *Server) Me() models.User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.me
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// apiError is a failed answer in the Bot API's envelope.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
	MigrateTo   int64
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/file/bot"); ok {
		s.serveFile(w, rest)
		return
	}
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		http.NotFound(w, r)
		return
	}
	token, method, ok := strings.Cut(rest, "/")
	if !ok || token != s.Token {
		writeError(w, apiError{Code: 401, Description: "Unauthorized"})
		return
	}
	method = strings.TrimPrefix(method, "test/")
	params, files, err := readParams(r)
	if err != nil {
		writeError(w, apiError{Code: 400, Description: "Bad Request: " + err.Error()})
		return
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, Params: params, At: time.Now()})
	s.notifyLocked()
	s.mu.Unlock()

	var (
		result any
		aerr   *apiError
	)
	switch method {
	case "getMe":
		if aerr = s.checkFault(method, 0); aerr == nil {
			result = s.Me()
		}
	case "getUpdates":
		result, aerr = s.getUpdates(r, params)
	case "sendMessage", "sendDocument", "sendPhoto", "sendVideo", "editMessageText", "editMessageReplyMarkup":
		result, aerr = s.send(method, params, files)
		if aerr == nil {
			s.delayAnswer(r)
		}
	case "sendChatAction", "answerCallbackQuery", "setMyCommands", "deleteMyCommands":
		result, aerr = s.simple(method, params)
	case "getChatMember":
		result, aerr = s.getChatMember(params)
	case "getChatAdministrators":
		result, aerr = s.getChatAdministrators(params)
	case "getFile":
		result, aerr = s.getFile(params)
	case "setWebhook", "deleteWebhook", "getWebhookInfo":
		result, aerr = s.webhookMethod(method, params)
	default:
		aerr = &apiError{Code: 404, Description: "Not Found: method " + method + " is not faked"}
	}
	if aerr != nil {
		writeError(w, *aerr)
		return
	}
	writeResult(w, result)
}

func writeResult(w http.ResponseWriter, result any) {
	if l, ok := result.(rawList); ok {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true,"result":`)
		l.write(w)
		io.WriteString(w, `}`)
		return
	}
	data, err := json.Marshal(result)
	if err != nil {
		writeError(w, apiError{Code: 500, Description: "Internal Server Error: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"ok":true,"result":`)
	w.Write(data)
	io.WriteString(w, `}`)
}

func writeError(w http.ResponseWriter, e apiError) {
	body := map[string]any{"ok": false, "error_code": e.Code, "description": e.Description}
	params := map[string]any{}
	if e.RetryAfter > 0 {
		params["retry_after"] = e.RetryAfter
	}
	if e.MigrateTo != 0 {
		params["migrate_to_chat_id"] = e.MigrateTo
	}
	if len(params) > 0 {
		body["parameters"] = params
	}
	w.Header().Set("Content-Type", "application/json")
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	w.WriteHeader(e.Code)
	json.NewEncoder(w).Encode(body)
}

// readParams reads the request's parameters from the query string and a
// multipart, urlencoded or JSON body, as the Bot API accepts all of them.
// Uploaded files are returned by field name.
func readParams(r *http.Request) (map[string]string, map[string]upload, error) {
	params := map[string]string{}
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	files := map[string]upload{}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, nil, err
		}
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				// go-telegram/bot sends an empty body, not even a closing
				// boundary, for methods without parameters.
				break
			} else if err != nil {
				return nil, nil, err
			}
			data, err := io.ReadAll(part)
			if err != nil {
				return nil, nil, err
			}
			if part.FileName() != "" {
				files[part.FormName()] = upload{Name: part.FileName(), Data: data}
			} else {
				params[part.FormName()] = string(data)
			}
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, nil, err
		}
		for k, v := range r.PostForm {
			params[k] = v[0]
		}
	case "application/json":
		var raw map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&raw); err != nil && err != io.EOF {
			return nil, nil, err
		}
		for k, v := range raw {
			var str string
			if json.Unmarshal(v, &str) == nil {
				params[k] = str
			} else {
				params[k] = string(v)
			}
		}
	}
	return params, files, nil
}

type upload struct {
	Name string
	Data []byte
}

func chatID(params map[string]string) (int64, *apiError) {
	v, ok := params["chat_id"]
	if !ok || v == "" {
		return 0, &apiError{Code: 400, Description: "Bad Request: chat_id is empty"}
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, &apiError{Code: 400, Description: "Bad Request: chat not found"}
	}
	return id, nil
}

// Calls returns the requests made to method, or every request when method
// is empty.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitCalls waits until method was called at least n times.
func (s *Server) WaitCalls(ctx context.Context, method string, n int) error {
	_, err := s.waitFor(ctx, func() bool {
		k := 0
		for _, c := range s.calls {
			if c.Method == method {
				k++
			}
		}
		return k >= n
	})
	return err
}

// CallCount returns how many requests were made to method.
func (s *Server) CallCount(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Method == method {
			n++
		}
	}
	return n
}

func (s *Server) simple(method string, params map[string]string) (any, *apiError) {
	if method == "sendChatAction" {
		id, aerr := chatID(params)
		if aerr != nil {
			return nil, aerr
		}
		if aerr := s.checkFault(method, id); aerr != nil {
			return nil, aerr
		}
	}
	return true, nil
}
