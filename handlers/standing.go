package handlers

import (
	"context"
	"time"

	"github.com/duban-bot/duban/duban"
)

// judged wraps the store so that every item the handlers read comes with
// its standing (序时进度, lag and light), judged by the same rules as the
// reminders, the briefing and the ledger at the same moment.
type judged struct {
	Store
	std duban.Standards
	now func() time.Time
	loc *time.Location
}

func (j judged) judge(items []duban.Item) []duban.Item {
	j.std.Rules.Judge(items, j.now(), j.loc)
	return items
}

func (j judged) Item(ctx context.Context, number int) (duban.Item, error) {
	it, err := j.Store.Item(ctx, number)
	if err == nil {
		it.Standing = j.std.Rules.Standing(it, j.now(), j.loc)
	}
	return it, err
}

func (j judged) Children(ctx context.Context, number int) ([]duban.Item, error) {
	items, err := j.Store.Children(ctx, number)
	return j.judge(items), err
}

func (j judged) DueItems(ctx context.Context, from, to duban.Date, limit int) ([]duban.Item, int, error) {
	items, n, err := j.Store.DueItems(ctx, from, to, limit)
	return j.judge(items), n, err
}

func (j judged) OverdueItems(ctx context.Context, today duban.Date, limit int) ([]duban.Item, int, error) {
	items, n, err := j.Store.OverdueItems(ctx, today, limit)
	return j.judge(items), n, err
}

func (j judged) OwnerItems(ctx context.Context, owners []string, limit int) ([]duban.Item, int, error) {
	items, n, err := j.Store.OwnerItems(ctx, owners, limit)
	return j.judge(items), n, err
}

func (j judged) Search(ctx context.Context, q string, limit, countCap int) (duban.SearchResult, error) {
	res, err := j.Store.Search(ctx, q, limit, countCap)
	j.judge(res.Items)
	return res, err
}

func (j judged) PlanItems(ctx context.Context, planID int64) ([]duban.Item, error) {
	items, err := j.Store.PlanItems(ctx, planID)
	return j.judge(items), err
}
