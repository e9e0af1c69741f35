package ops

import (
	"context"
	"log/slog"
)

// CountLogs wraps h so that every warning and error logged through it is
// counted in duban_log_messages_total. Every package already logs its
// failures, so this counts them all without a hook at each one.
func CountLogs(h slog.Handler, m *Metrics) slog.Handler {
	return &countingHandler{h: h, m: m}
}

type countingHandler struct {
	h slog.Handler
	m *Metrics
}

func (c *countingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	// A warning is counted even when the level filters it out of the log.
	return l >= slog.LevelWarn || c.h.Enabled(ctx, l)
}

func (c *countingHandler) Handle(ctx context.Context, r slog.Record) error {
	switch {
	case r.Level >= slog.LevelError:
		c.m.logs.WithLabelValues("error").Inc()
	case r.Level >= slog.LevelWarn:
		c.m.logs.WithLabelValues("warn").Inc()
	}
	if !c.h.Enabled(ctx, r.Level) {
		return nil
	}
	return c.h.Handle(ctx, r)
}

func (c *countingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &countingHandler{h: c.h.WithAttrs(as), m: c.m}
}

func (c *countingHandler) WithGroup(name string) slog.Handler {
	return &countingHandler{h: c.h.WithGroup(name), m: c.m}
}
