package handlers

import (
	"context"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// HistoryStore is what /history needs of the database.
type HistoryStore interface {
	ItemHistory(ctx context.Context, number, limit int) ([]duban.Change, error)
}

// historyShown is how many changes /history lists.
const historyShown = 10

// history answers /history N: who changed item N, when, and what — edits
// field by field, reports, closing, imports. A deleted item keeps its
// history, so it can still be asked for.
func (h *Handler) history(ctx context.Context, r *request) error {
	n, _, err := parseNumberArg(r.args, "/history 12", "/history 12")
	if err != nil {
		return err
	}
	changes, err := h.d.Store.ItemHistory(ctx, n, historyShown+1)
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		return notFound(n)
	} else if err != nil {
		return err
	}
	more := len(changes) > historyShown
	if more {
		changes = changes[:historyShown]
	}
	h.reply(ctx, r, report.History(n, changes, more, h.d.Loc, r.lang))
	return nil
}
