package scheduler

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

type resultLog struct {
	mu      sync.Mutex
	results []string
}

func (r *resultLog) Delivered(result string, _ time.Duration) {
	r.mu.Lock()
	r.results = append(r.results, result)
	r.mu.Unlock()
}

func TestSenderMetrics(t *testing.T) {
	f := newSenderFixture(t, SenderConfig{GlobalPerSecond: 100, GroupPerMinute: 20, MaxAttempts: 2})
	rl := &resultLog{}
	f.s.Metrics = rl
	transient := errors.New("502 bad gateway")
	f.d.script[-1] = []error{&duban.RetryAfterError{After: 3 * time.Second}, transient, nil}
	f.d.always[-2] = &duban.ChatGoneError{Reason: "bot was kicked"}
	f.d.always[-3] = &duban.PermanentError{Reason: "message is too long"}
	f.d.script[-4] = []error{transient, transient}
	f.enqueue(t, -1, "a")
	f.enqueue(t, -2, "b")
	f.enqueue(t, -3, "c")
	f.enqueue(t, -4, "d")
	f.drain(t)

	got := slices.Clone(rl.results)
	slices.Sort(got)
	want := []string{"chat_gone", "dead", "dead", "rate_limited", "retry", "retry", "sent"}
	if !slices.Equal(got, want) {
		t.Fatalf("results %v, want %v", got, want)
	}
	st, err := f.st.OutboxStats(t.Context())
	if err != nil || st.Pending != 0 || st.Dead != 2 {
		t.Fatalf("outbox %+v, %v", st, err)
	}
}

func TestOutcome(t *testing.T) {
	tests := []struct {
		err      error
		attempts int
		want     string
	}{
		{nil, 1, "sent"},
		{&duban.RetryAfterError{After: time.Second}, 8, "rate_limited"},
		{&duban.ChatGoneError{}, 1, "chat_gone"},
		{&duban.ChatMigratedError{NewChatID: -100}, 1, "migrated"},
		{&duban.ChatMigratedError{NewChatID: -1}, 1, "dead"}, // to itself: cannot follow
		{&duban.PermanentError{}, 1, "dead"},
		{errors.New("timeout"), 7, "retry"},
		{errors.New("timeout"), 8, "dead"},
	}
	for _, tt := range tests {
		if got := outcome(tt.err, -1, tt.attempts, 8); got != tt.want {
			t.Errorf("outcome(%v, %d) = %s, want %s", tt.err, tt.attempts, got, tt.want)
		}
	}
}
