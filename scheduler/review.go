package scheduler

import (
	"context"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// ReviewStore is what the reminder of waiting closing requests needs.
type ReviewStore interface {
	ClosingsToRemind(ctx context.Context, before time.Time) ([]duban.Closing, error)
	MarkReminded(ctx context.Context, ids []int64) error
}

// reviewJob names the reminder of waiting closing requests in the runs
// table, per chat and day.
const reviewJob = "review-remind"

// RemindReviews reminds the reviewers of the closing requests waiting
// longer than workflow.review_days (and not reminded of for as long):
// in the group each was asked in, or privately to each reviewer with
// workflow.review_in: private. It returns how many requests it reminded
// of. The scheduler calls it each workday with the escalation pass.
func (s *Scheduler) RemindReviews(ctx context.Context, now time.Time) (int, error) {
	if s.cfg.ReviewDays <= 0 {
		return 0, nil
	}
	now = now.In(s.cfg.Loc)
	today := duban.DateOf(now)
	list, err := s.st.ClosingsToRemind(ctx, now.Add(-time.Duration(s.cfg.ReviewDays)*24*time.Hour))
	if err != nil || len(list) == 0 {
		return 0, err
	}
	byChat := map[int64][]duban.Closing{}
	var order []int64
	add := func(chat int64, c duban.Closing) {
		if _, ok := byChat[chat]; !ok {
			order = append(order, chat)
		}
		byChat[chat] = append(byChat[chat], c)
	}
	chats, err := s.ServedChats(ctx)
	if err != nil {
		return 0, err
	}
	served := map[int64]bool{}
	for _, c := range chats {
		served[c.ID] = true
	}
	var ids []int64
	for _, c := range list {
		switch {
		case s.cfg.ReviewPrivate && s.cfg.Access != nil:
			for _, r := range s.cfg.Access.Reviewers() {
				add(r, c)
			}
		case served[c.ChatID]:
			add(c.ChatID, c)
		default:
			continue // asked in private or in a group no longer served
		}
		ids = append(ids, c.ID)
	}
	for _, chat := range order {
		text := report.ReviewReminder(byChat[chat], s.cfg.ReviewDays, s.cfg.Loc, today, s.cfg.Lang)
		if _, err := s.st.EnqueueRun(ctx, reviewJob, chat, today.String(), []duban.Outgoing{{ChatID: chat, Text: text}}); err != nil {
			return 0, err
		}
	}
	if err := s.st.MarkReminded(ctx, ids); err != nil {
		return 0, err
	}
	return len(ids), nil
}
