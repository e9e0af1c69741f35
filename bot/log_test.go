package bot

import (
	"context"
	"log/slog"
	"strings"
	"testing"
)

func TestLogHandlerAddsTheUpdatesIDs(t *testing.T) {
	ctx := withUpdate(context.Background(), updateRef{update: 77, chat: -1001, user: 42})
	tests := []struct {
		name string
		log  func(l *slog.Logger)
		want string
	}{
		{"with the update's context", func(l *slog.Logger) { l.WarnContext(ctx, "send reply", "err", "x") },
			`level=WARN msg="send reply" err=x update=77 chat=-1001 user=42`},
		{"a name the line gives is kept", func(l *slog.Logger) { l.WarnContext(ctx, "send reply", "chat", -1005) },
			`level=WARN msg="send reply" chat=-1005 update=77 user=42`},
		{"through With", func(l *slog.Logger) { l.With("component", "handlers").InfoContext(ctx, "ok") },
			`level=INFO msg=ok component=handlers update=77 chat=-1001 user=42`},
		{"without an update", func(l *slog.Logger) { l.WarnContext(context.Background(), "tick") },
			`level=WARN msg=tick`},
		{"without a context", func(l *slog.Logger) { l.Warn("tick") },
			`level=WARN msg=tick`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf strings.Builder
			l := slog.New(LogHandler(slog.NewTextHandler(&buf, &slog.HandlerOptions{
				ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
					if a.Key == slog.TimeKey {
						return slog.Attr{}
					}
					return a
				}})))
			tt.log(l)
			if got := strings.TrimSpace(buf.String()); got != tt.want {
				t.Fatalf("logged\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
