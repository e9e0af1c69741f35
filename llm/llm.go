// Package llm drafts summary paragraphs (工作总结) from recorded progress
// through any OpenAI-compatible chat-completions API (OpenAI, DeepSeek, Qwen
// in DashScope compatible mode, Ollama, vLLM), and checks every figure of a
// draft against the records it was drafted from.
//
// The model's text is only ever shown to people, never acted on. When the
// model is off or fails, Draft says so; summary.Writer then gives the
// template summary instead, so a summary request always gets an answer.
package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/sashabaranov/go-openai"

	"github.com/duban-bot/duban/duban"
)

// Defaults for the zero values of Config.
const (
	DefaultTimeout       = 60 * time.Second
	DefaultMaxConcurrent = 2
)

// Config configures the model. main fills it from the llm section of the
// configuration file.
type Config struct {
	BaseURL     string        // e.g. https://api.deepseek.com/v1; empty = off
	Model       string        // empty = off
	APIKey      string        // may be empty (Ollama, a local vLLM)
	Timeout     time.Duration // bound on the whole Draft call, retry included; 0 = DefaultTimeout
	MaxTokens   int           // 0 = the server's default
	Temperature float32       // 0 = the server's default
	// MaxConcurrent bounds the drafts in flight, so a slow model never ties
	// up more than a few goroutines; 0 = DefaultMaxConcurrent.
	MaxConcurrent int
}

// Client drafts summaries. It is safe for concurrent use.
type Client struct {
	cfg Config
	api *openai.Client
	sem chan struct{}
	log *slog.Logger
	// Metrics counts the drafts; set it before the first Draft. Nil
	// counts nothing.
	Metrics Metrics
	// retryWait is the pause before the retry when the server names none;
	// tests shorten it.
	retryWait time.Duration
}

// New returns a client for cfg. It does not contact the server: a model that
// is down at start-up is found out, and fallen back from, at the first Draft.
// A nil logger discards.
func New(cfg Config, logger *slog.Logger) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = DefaultMaxConcurrent
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	oc := openai.DefaultConfig(cfg.APIKey) // an empty key sends no Authorization header
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	// No client timeout: each call carries a context deadline instead, which
	// also covers reading the body.
	oc.HTTPClient = &http.Client{}
	return &Client{
		cfg:       cfg,
		api:       openai.NewClientWithConfig(oc),
		sem:       make(chan struct{}, cfg.MaxConcurrent),
		log:       logger,
		retryWait: time.Second,
	}
}

// Enabled reports whether a model is configured (BaseURL and Model set).
func (c *Client) Enabled() bool {
	return c != nil && c.cfg.BaseURL != "" && c.cfg.Model != ""
}

// Request is what to summarise.
type Request = duban.DraftRequest

// Draft is a drafted summary.
type Draft = duban.Draft

// ErrOff is the error of a Draft asked of a client with no model
// configured.
var ErrOff = errors.New("llm: no model configured")

func normalize(r Request) Request {
	if r.Lang != "en" {
		r.Lang = "zh"
	}
	if r.Location == nil {
		r.Location = cst
	}
	return r
}

// Draft asks the model for a summary of req and marks the figures of its
// answer that the records do not back (see Ground). It fails (ErrOff) when
// no model is configured, and when the model fails: timeout, rate limit,
// server error, refused request, empty answer, ctx done, no free drafting
// slot in time. Falling back to the template summary is the caller's
// (summary.Writer) business.
//
// The whole call, waiting for a slot and the one retry included, ends within
// Config.Timeout or when ctx is done.
func (c *Client) Draft(ctx context.Context, req Request) (Draft, error) {
	req = normalize(req)
	if !c.Enabled() {
		return Draft{}, ErrOff
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	start := time.Now()

	select {
	case c.sem <- struct{}{}:
		defer func() { <-c.sem }()
	case <-ctx.Done():
		return Draft{}, fmt.Errorf("llm: wait for a drafting slot: %w", ctx.Err())
	}

	text, model, err := c.complete(ctx, c.chatRequest(req))
	c.countCall(err == nil, time.Since(start))
	if err != nil {
		err = c.redact(err)
		c.log.Warn("llm draft failed", "model", c.cfg.Model, "scope", req.Scope,
			"elapsed", time.Since(start).Round(time.Millisecond), "err", err)
		return Draft{}, err
	}
	marked, n := groundWith(text, groundFacts(req), req.Lang)
	c.log.Info("llm draft", "model", model, "scope", req.Scope, "unverified", n,
		"elapsed", time.Since(start).Round(time.Millisecond))
	return Draft{Text: marked, Unverified: n, Model: model}, nil
}

func (c *Client) chatRequest(req Request) openai.ChatCompletionRequest {
	cr := openai.ChatCompletionRequest{
		Model:       c.cfg.Model,
		Messages:    BuildMessages(req),
		MaxTokens:   c.cfg.MaxTokens,
		Temperature: c.cfg.Temperature,
	}
	// Reasoning models (o1, o3, gpt-5 …) refuse max_tokens and a custom
	// temperature; go-openai rejects such a request before sending it.
	// Others (DeepSeek, Qwen, Ollama, vLLM) want max_tokens.
	if openai.NewReasoningValidator().Validate(cr) != nil {
		cr.MaxCompletionTokens, cr.MaxTokens, cr.Temperature = cr.MaxTokens, 0, 0
	}
	return cr
}

// complete sends cr, retrying once after a timeout, a 429 or a 5xx. ctx
// carries the deadline of the whole call. The first attempt may use two
// thirds of what is left, so that a hung first attempt still leaves the
// retry some time.
func (c *Client) complete(ctx context.Context, cr openai.ChatCompletionRequest) (text, model string, err error) {
	deadline, _ := ctx.Deadline()
	for attempt := 1; ; attempt++ {
		actx, cancel := ctx, context.CancelFunc(func() {})
		if attempt == 1 {
			actx, cancel = context.WithTimeout(ctx, time.Until(deadline)*2/3)
		}
		resp, err := c.api.CreateChatCompletion(actx, cr)
		timedOut := actx.Err() != nil && ctx.Err() == nil
		cancel()
		if err == nil {
			if len(resp.Choices) == 0 {
				return "", "", errors.New("llm: the model returned no choices")
			}
			text := cleanDraft(resp.Choices[0].Message.Content)
			if text == "" {
				return "", "", errors.New("llm: the model returned an empty text")
			}
			if resp.Choices[0].FinishReason == openai.FinishReasonLength {
				c.log.Warn("llm draft cut at max_tokens", "model", cr.Model, "max_tokens", c.cfg.MaxTokens)
			}
			if resp.Model != "" {
				return text, resp.Model, nil
			}
			return text, cr.Model, nil
		}
		status := statusCode(err)
		if timedOut {
			err = fmt.Errorf("attempt %d timed out: %w", attempt, context.DeadlineExceeded)
		}
		if attempt == 2 || ctx.Err() != nil || !(timedOut || status == http.StatusTooManyRequests || status >= 500) {
			return "", "", fmt.Errorf("llm: chat completion (attempt %d, status %d): %w", attempt, status, err)
		}
		wait := retryDelay(resp.Header(), time.Now(), min(c.retryWait, c.cfg.Timeout/10))
		if time.Now().Add(wait).After(deadline) {
			// The server asks for more time than is left: retrying sooner
			// than it asked would only be refused again.
			return "", "", fmt.Errorf("llm: server asks to retry after %s, beyond the timeout (status %d): %w", wait, status, err)
		}
		c.log.Info("llm attempt failed, retrying", "attempt", attempt, "status", status, "timed_out", timedOut,
			"retry_in", wait, "err", c.redact(err))
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return "", "", fmt.Errorf("llm: chat completion: %w (after %v)", ctx.Err(), err)
		}
	}
}

// statusCode returns the HTTP status of a go-openai error, 0 when there was
// no response.
func statusCode(err error) int {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

// retryDelay is how long to wait before retrying: the server's Retry-After
// (seconds or an HTTP date) or retry-after-ms when given, else def.
func retryDelay(h http.Header, now time.Time, def time.Duration) time.Duration {
	if ms := h.Get("Retry-After-Ms"); ms != "" {
		var n float64
		if _, err := fmt.Sscan(ms, &n); err == nil && n >= 0 {
			return time.Duration(n * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return def
	}
	var secs int64
	if _, err := fmt.Sscan(v, &secs); err == nil && secs >= 0 && fmt.Sprint(secs) == v {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
		return 0
	}
	return def
}

var (
	thinkBlock  = regexp.MustCompile(`(?s)<think>.*?</think>`)
	headingLine = regexp.MustCompile(`(?m)^#{1,6}[ \t].*$`) // "## 总结", not "#12 …"
	manyBreaks  = regexp.MustCompile(`\n{3,}`)
)

// cleanDraft removes what reasoning models served through Ollama or vLLM
// put in the content (<think>…</think>) and the Markdown the prompt forbids
// but models still write (headings, bold), since the text is shown as plain
// text and a heading adds nothing to a paragraph.
func cleanDraft(s string) string {
	s = thinkBlock.ReplaceAllString(s, "")
	if i := strings.Index(s, "<think>"); i >= 0 {
		s = s[:i] // cut off mid-thought: what follows is not the answer
	}
	s = strings.ReplaceAll(s, "**", "")
	s = headingLine.ReplaceAllString(s, "")
	s = manyBreaks.ReplaceAllString(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n")
	return strings.TrimSpace(s)
}
