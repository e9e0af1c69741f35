package duban

import "context"

// Actor is who makes a change: a Telegram user in a chat, or the program
// itself (UserID 0). It travels in the context, so that the store records
// it with every change (the audit trail) without an extra parameter on
// each method.
type Actor struct {
	UserID int64
	Name   string
	ChatID int64
	Via    string // telegram, console, cli, scheduler
}

type actorKey struct{}

// WithActor returns a context whose changes are recorded as made by a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or a zero Actor.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}
