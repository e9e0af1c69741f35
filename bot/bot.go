// Package bot is the Telegram adapter: it receives updates (long polling or
// a webhook), turns them into duban.Messages for the handlers, once each and
// in order per chat, and sends duban.Outgoing messages through the Bot API
// with go-telegram/bot. It holds no business rules.
//
// # No update lost to a crash
//
// Every update is written to the store's inbox before Telegram is told the
// bot has it — before the next getUpdates, whose offset confirms it, or
// before the 200 answer to a webhook post — in one transaction per
// received batch, synced to disk. The poll's offset resumes where the
// inbox ends. An update is marked done once its handler returned (the
// marks of updates handled meanwhile share one commit); at start, what is
// still pending is handled first, in update order within each chat. An
// update Telegram delivers again is found in the inbox and skipped.
//
// What a crash (SIGKILL, panic of the process, power cut) can repeat: the
// handling of the updates in hand, or handled in the last moments, whose
// done mark was not yet committed — at most Workers + 2×64 updates, in
// practice a handful. Their replies may be sent a second time. A progress
// report is never recorded twice (store.AddProgress is idempotent by
// update id); a report that closed an item is answered the second time
// with "already closed". The other writes a message makes (bind, deadline,
// owner, settings, registration) set a value, so doing them again changes
// nothing, though the audit trail may show the change twice. Nothing
// confirmed to Telegram is lost. A shutdown (SIGTERM) repeats nothing
// unless an update outlasts ShutdownGrace: it is handled again at the next
// start.
//
// # Logs
//
// Every log line about an update carries its ids as the attributes
// "update", "chat" and "user"; the bot token never appears in a log line
// or an error (see redact).
package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
)

// Options configure the adapter; main fills them from config.Telegram.
type Options struct {
	Token       string
	APIURL      string        // https://api.telegram.org, or a fake in tests
	Mode        string        // "polling" (default) or "webhook"
	PollTimeout time.Duration // long-polling timeout
	Workers     int           // updates of different chats handled in parallel
	Webhook     Webhook
	Commands    []Command // the command menu set at start; none when empty
	Metrics     Metrics   // counts what happens; nil counts nothing
	// SkippedText is the apology sent to a chat whose message is skipped
	// because the process died twice while handling it; "" sends none.
	SkippedText string
}

// Webhook configures webhook mode.
type Webhook struct {
	Listen      string // address to listen on, e.g. ":8443"
	URL         string // public URL Telegram posts to; its path is served
	SecretToken string // checked against X-Telegram-Bot-Api-Secret-Token
}

// Command is an entry of the command menu, described in both languages.
type Command struct {
	Name string // without the slash
	ZH   string
	EN   string
}

// Store is what the adapter records: the inbox of received updates, chats
// the bot can no longer write to and groups that became supergroups.
type Store interface {
	AddUpdates(ctx context.Context, ups []duban.InboxUpdate) ([]bool, error)
	PendingUpdates(ctx context.Context, after int64, limit int) ([]duban.InboxUpdate, error)
	MarkUpdatesDone(ctx context.Context, ids []int64) error
	StartUpdate(ctx context.Context, id int64) (int, error)
	InboxOffset(ctx context.Context) (int64, error)
	PruneInbox(ctx context.Context, beforeMilli int64) (int64, error)
	PauseChat(ctx context.Context, id int64, paused bool) error
	ChatGone(ctx context.Context, id int64, reason string) (int, error)
	MigrateChat(ctx context.Context, old, new int64) error
	Chat(ctx context.Context, id int64) (duban.Chat, error)
}

// Handler handles one incoming message; it reports its own errors to the
// user, so it returns nothing.
type Handler interface {
	Handle(ctx context.Context, m duban.Message)
}

// Bot is the Telegram adapter. It implements duban.Sender.
type Bot struct {
	opt  Options
	st   Store
	log  *slog.Logger
	api  *tgbot.Bot
	http *http.Client // getUpdates and file downloads

	// Now returns the current time; tests pin it.
	Now func() time.Time
	// ShutdownGrace bounds how long Run waits for queued updates once its
	// context ends; after it handlers see a cancelled context.
	ShutdownGrace time.Duration

	listener net.Listener // the webhook's, when a test provides it

	mu              sync.Mutex
	me              models.User
	connectErr      string // ConnectWait's last failure while still trying
	connectAttempts int
}

// The defaults for options left zero.
const (
	DefaultPollTimeout = 30 * time.Second
	DefaultWorkers     = 4
)

// New returns an adapter; it does not reach Telegram yet (Connect does).
func New(opt Options, st Store, logger *slog.Logger) (*Bot, error) {
	if strings.TrimSpace(opt.Token) == "" {
		return nil, errors.New("new bot: the Telegram token is empty")
	}
	if opt.APIURL == "" {
		opt.APIURL = "https://api.telegram.org"
	}
	opt.APIURL = strings.TrimRight(opt.APIURL, "/")
	if _, err := url.Parse(opt.APIURL); err != nil {
		return nil, fmt.Errorf("new bot: api url: %w", err)
	}
	switch opt.Mode {
	case "":
		opt.Mode = "polling"
	case "polling":
	case "webhook":
		if opt.Webhook.URL == "" || opt.Webhook.Listen == "" {
			return nil, errors.New("new bot: webhook mode needs webhook.url and webhook.listen")
		}
		if opt.Webhook.SecretToken == "" {
			// Anyone who finds the URL could post forged updates.
			return nil, errors.New("new bot: webhook mode needs telegram.webhook.secret_token")
		}
		if _, err := url.Parse(opt.Webhook.URL); err != nil {
			return nil, fmt.Errorf("new bot: webhook url: %w", err)
		}
	default:
		return nil, fmt.Errorf("new bot: unknown mode %q", opt.Mode)
	}
	if opt.PollTimeout <= 0 {
		opt.PollTimeout = DefaultPollTimeout
	}
	if opt.PollTimeout < 2*time.Second {
		opt.PollTimeout = 2 * time.Second
	}
	if opt.Workers <= 0 {
		opt.Workers = DefaultWorkers
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if opt.Metrics == nil {
		opt.Metrics = nopMetrics{}
	}
	b := &Bot{
		opt:           opt,
		st:            st,
		log:           logger,
		Now:           time.Now,
		ShutdownGrace: 30 * time.Second,
	}
	// Keep a connection per worker alive: the default transport keeps two
	// per host and would open (and TLS-handshake) a new one for most
	// replies once several chats are answered at once.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = opt.Workers + 4
	tr.MaxIdleConns = opt.Workers + 4
	// The long poll's timeout must outlast the poll; other requests answer
	// within seconds.
	rt := contactTransport{tr, opt.Metrics}
	b.http = &http.Client{Transport: rt, Timeout: opt.PollTimeout + 15*time.Second}
	api, err := tgbot.New(opt.Token,
		tgbot.WithServerURL(opt.APIURL),
		tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(opt.PollTimeout, bufferedClient{&http.Client{Transport: rt, Timeout: 60 * time.Second}}),
		tgbot.WithErrorsHandler(func(err error) { b.log.Error("telegram", "err", b.redact(err)) }),
		tgbot.WithDefaultHandler(func(context.Context, *tgbot.Bot, *models.Update) {}),
	)
	if err != nil {
		return nil, fmt.Errorf("new bot: %w", b.redact(err))
	}
	b.api = api
	return b, nil
}

// Connect asks Telegram who the bot is (getMe); it fails when the token is
// refused. Run calls it when it was not called before.
func (b *Bot) Connect(ctx context.Context) error {
	me, err := b.api.GetMe(ctx)
	if err != nil {
		if errors.Is(err, tgbot.ErrorUnauthorized) || errors.Is(err, tgbot.ErrorNotFound) {
			return fmt.Errorf("%w: %w", errTokenRefused, b.redact(err))
		}
		return fmt.Errorf("connect to telegram: %w", b.redact(err))
	}
	b.mu.Lock()
	b.me = *me
	b.mu.Unlock()
	return nil
}

// ConnectWait calls Connect until Telegram answers, retrying with backoff
// (1 s doubling to 5 minutes, with jitter) and logging each failure, so
// that a network or proxy outage at boot does not leave the bot down. It
// returns at once when Telegram refuses the token (a configuration error
// that waiting does not mend) and when ctx ends.
func (b *Bot) ConnectWait(ctx context.Context) error {
	delay := time.Second
	for attempt := 1; ; attempt++ {
		err := b.Connect(ctx)
		b.mu.Lock()
		b.connectErr, b.connectAttempts = "", attempt
		if err != nil {
			b.connectErr = err.Error()
		}
		b.mu.Unlock()
		if err == nil {
			if attempt > 1 {
				b.log.Info("telegram reachable again", "attempts", attempt)
			}
			return nil
		}
		if errors.Is(err, errTokenRefused) || ctx.Err() != nil {
			return err
		}
		wait := delay/2 + rand.N(delay/2+1)
		b.log.Warn("telegram unreachable, trying again", "err", err, "attempt", attempt, "in", wait.Round(time.Millisecond).String())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		delay = min(2*delay, maxConnectDelay)
	}
}

// Connecting reports whether ConnectWait is still trying to reach
// Telegram, with its attempts so far and the last error, for /healthz.
func (b *Bot) Connecting() (waiting bool, detail string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.connectErr == "" {
		return false, ""
	}
	return true, fmt.Sprintf("not connected to the Bot API yet (%d attempts): %s", b.connectAttempts, b.connectErr)
}

// maxConnectDelay bounds the wait between two attempts of ConnectWait.
const maxConnectDelay = 5 * time.Minute

// errTokenRefused marks Telegram's refusal of the bot token.
var errTokenRefused = errors.New("telegram refused the bot token (check DUBAN_TELEGRAM_TOKEN)")

// Username returns the bot's @username without the @, known after Connect.
func (b *Bot) Username() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.me.Username
}

// ID returns the bot's user id, known after Connect.
func (b *Bot) ID() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.me.ID
}

// redact removes the token from an error's text: go-telegram/bot and
// net/http put request URLs, which hold the token, into their errors. The
// error chain stays intact for errors.Is and errors.As.
func (b *Bot) redact(err error) error {
	if err == nil || b.opt.Token == "" {
		return err
	}
	msg := err.Error()
	clean := redactString(msg, b.opt.Token)
	if clean == msg {
		return err
	}
	return &redactedError{msg: clean, err: err}
}

func redactString(s, token string) string {
	s = strings.ReplaceAll(s, token, "<token>")
	if esc := url.PathEscape(token); esc != token {
		s = strings.ReplaceAll(s, esc, "<token>")
	}
	return s
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// bufferedClient sends a request's body in one piece with its length.
// go-telegram/bot streams every request as multipart through a pipe, which
// net/http sends chunk by chunk, a write (and over TLS a record) per form
// field; the bodies are small, or already in memory (documents).
type bufferedClient struct{ c *http.Client }

// Do sends req.
func (b bufferedClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody && req.ContentLength <= 0 {
		data, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("read request body: %w", err)
		}
		req.ContentLength = int64(len(data))
		req.Body = io.NopCloser(bytes.NewReader(data))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	}
	return b.c.Do(req)
}
