package scheduler

import (
	"math"
	"time"
)

// window limits sends to at most n in any span of time, the way Telegram
// counts (about 30 a second overall, 20 a minute in a group). A send counts
// from the moment its answer came back, not from when it left: the server
// accepted it at some instant in between, so spacing the n-th next send a
// span after that answer guarantees the server never sees n+1 in one span,
// whatever the network's delays. A send still in flight blocks the send n
// places later until it is answered.
//
// It is driven by the times passed in, never by a clock of its own, so
// tests decide what time it is. It is not safe for concurrent use; the
// sender guards it.
type window struct {
	n    int
	span time.Duration
	ring []windowSlot // the last n sends, in the order they left
	next int          // the oldest slot: the one the next send reuses
}

type windowSlot struct {
	used, done bool
	at         time.Time // when the answer came back
}

// newWindow allows n sends per span.
func newWindow(n int, span time.Duration) *window {
	if n < 1 {
		n = 1
	}
	return &window{n: n, span: span, ring: make([]windowSlot, n)}
}

// newRateWindow turns a rate per second into a window: 30/s is 30 per
// second, 0.5/s one per two seconds, 30.5/s 30 per 0.984 s.
func newRateWindow(perSecond float64) *window {
	if perSecond <= 0 {
		perSecond = 1
	}
	n := int(math.Floor(perSecond))
	if n < 1 {
		n = 1
	}
	return newWindow(n, time.Duration(float64(n)/perSecond*float64(time.Second)))
}

// readyAt returns when the next send may leave, at now or later, and
// blocked = true when that depends on a send still in flight.
func (w *window) readyAt(now time.Time) (at time.Time, blocked bool) {
	s := w.ring[w.next]
	switch {
	case !s.used:
		return now, false
	case !s.done:
		return time.Time{}, true
	}
	if t := s.at.Add(w.span); t.After(now) {
		return t, false
	}
	return now, false
}

// take records a send leaving and returns its slot for finish.
func (w *window) take() int {
	i := w.next
	w.ring[i] = windowSlot{used: true}
	w.next = (w.next + 1) % w.n
	return i
}

// finish records when the answer to the send in slot i came back.
func (w *window) finish(i int, at time.Time) {
	w.ring[i].done, w.ring[i].at = true, at
}

// recent counts the sends answered within the span before now, and those
// in flight.
func (w *window) recent(now time.Time) int {
	n := 0
	for _, s := range w.ring {
		if s.used && (!s.done || s.at.After(now.Add(-w.span))) {
			n++
		}
	}
	return n
}

// idle reports whether the window holds nothing that still limits a send
// at now, so it can be forgotten.
func (w *window) idle(now time.Time) bool { return w.recent(now) == 0 }
