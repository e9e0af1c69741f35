package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// count answers /count and "还有多少任务没完成", "一共多少项", "完成率多少":
// the tasks of the plans in the chat's scope, done, open and overdue.
// r.args names the figure asked for first: open, total, rate or done.
func (h *Handler) count(ctx context.Context, r *request) error {
	c, err := h.d.Store.TaskCounts(ctx, r.today)
	if err != nil {
		return err
	}
	h.reply(ctx, r, report.CountsText(c, strings.TrimSpace(r.args), r.lang))
	return nil
}

// topicMatches is how many search matches a topic question ranks, and
// topicOthers how many besides the best one it shows.
const (
	topicMatches = 50
	topicOthers  = 4
)

// ask answers a question about a topic ("消防演练谁牵头", "营养餐的任务进展
// 到哪了", /ask 营养餐): a unit's tasks when the topic names a unit and the
// question is about its tasks, else the item that matches best, with its
// lead unit and the answer to the question, then the other matches.
func (h *Handler) ask(ctx context.Context, r *request) error {
	q := strings.TrimSpace(r.args)
	if q == "" {
		return problem("请写上要问的事，例如：/ask 营养餐", "Please say what to ask about, e.g. /ask 营养餐")
	}
	if utf8.RuneCountInString(q) > duban.MaxQueryRunes {
		return problem(fmt.Sprintf("问题太长了（最多%d个字）。", duban.MaxQueryRunes),
			fmt.Sprintf("The question is too long (at most %d characters).", duban.MaxQueryRunes))
	}
	if r.intent.Aspect == AspectItem {
		owners, partners, err := h.units(ctx, q)
		if err != nil {
			return err
		}
		if len(owners)+len(partners) > 0 {
			return h.unitTasks(ctx, r, q, owners, partners)
		}
	}
	return h.topic(ctx, r, q, r.intent.Aspect)
}

// topic answers what the items matching q say about aspect.
func (h *Handler) topic(ctx context.Context, r *request, q string, aspect Aspect) error {
	words := q
	res, err := h.d.Store.Search(ctx, words, topicMatches, searchCountCap)
	if len(res.Items) == 0 && err == nil && chunkTopic(q) != q {
		// "消防演练" for "消防应急疏散演练": its words apart.
		words = chunkTopic(q)
		res, err = h.d.Store.Search(ctx, words, topicMatches, searchCountCap)
	}
	if duban.ErrorCode(err) == duban.EINVALID {
		return problem("请换个说法试试。", "Please try other words.")
	} else if err != nil {
		return err
	}
	items := rankItems(words, res.Items)
	if len(items) == 0 {
		if r.intent.Tentative && r.m.IsGroup() {
			return nil // a topic nobody planned: chatter
		}
		h.reply(ctx, r, report.Tr(r.lang,
			fmt.Sprintf("没有找到与“%s”相关的事项。可以发送 /search %s 搜索进展，或 /plan 查看计划大纲。", report.Esc(q), report.Esc(q)),
			fmt.Sprintf("No item matches “%s”. Try /search %s for reports, or /plan for the outline.", report.Esc(q), report.Esc(q))))
		return nil
	}
	best, others := items[0], items[1:]
	if len(others) > topicOthers {
		others = others[:topicOthers]
	}
	var latest *duban.Progress
	if aspect == AspectItem && best.Kind == duban.KindTask {
		ps, err := h.d.Store.Reports(ctx, best.Number, 1)
		if err != nil {
			return err
		}
		if len(ps) > 0 {
			latest = &ps[0]
		}
	}
	h.reply(ctx, r, report.TopicAnswer(q, string(aspect), best, latest, others, r.today, h.d.Loc, r.lang))
	return nil
}

// chunkTopic splits a topic of four or more characters into words of two
// ("消防演练" → "消防 演练", "营养餐招标" → "营养 餐招标"), which a search
// finds apart: people name a task by its key words, not its wording.
func chunkTopic(q string) string {
	rs := []rune(q)
	if len(rs) < 4 || strings.ContainsRune(q, ' ') {
		return q
	}
	var words []string
	for i := 0; i < len(rs); i += 2 {
		if len(rs)-i == 3 {
			words = append(words, string(rs[i:]))
			break
		}
		words = append(words, string(rs[i:min(i+2, len(rs))]))
	}
	return strings.Join(words, " ")
}

// rankItems puts the items matching q best first: tasks before sections,
// then those whose title holds q (earlier is better), then its lead unit
// or its target, then the rest; ties keep the search's order (newest plan
// first, in plan order).
func rankItems(q string, items []duban.Item) []duban.Item {
	words := strings.Fields(q)
	score := func(it duban.Item) int {
		s := 0
		if it.Kind == duban.KindTask {
			s += 1000
		}
		for _, w := range words {
			switch i := strings.Index(it.Title, w); {
			case i >= 0:
				s += 500 - min(i, 400)
			case strings.Contains(it.Owner, w) || strings.Contains(it.Target, w):
				s += 50
			}
		}
		if it.Open() {
			s += 10
		}
		return s
	}
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b duban.Item) int { return score(b) - score(a) })
	return out
}

// units returns the lead units and the partner units whose names hold q,
// an exact name alone.
func (h *Handler) units(ctx context.Context, q string) (owners, partners []string, err error) {
	if owners, err = h.d.Store.Owners(ctx, q); err != nil {
		return nil, nil, err
	}
	if partners, err = h.d.Store.Partners(ctx, q); err != nil {
		return nil, nil, err
	}
	exact := func(names []string) bool { return len(names) > 0 && names[0] == q }
	switch {
	case exact(owners) && exact(partners):
		owners, partners = owners[:1], partners[:1]
	case exact(owners):
		owners, partners = owners[:1], nil
	case exact(partners):
		owners, partners = nil, partners[:1]
	}
	return owners, partners, nil
}

// unitTasks lists the open tasks the units lead, then those they support
// as partners, marked as such.
func (h *Handler) unitTasks(ctx context.Context, r *request, q string, owners, partners []string) error {
	var parts []string
	if len(owners) > 0 || len(partners) == 0 {
		items, total, err := h.d.Store.OwnerItems(ctx, owners, listLimit)
		if err != nil {
			return err
		}
		parts = append(parts, report.OwnerList(q, owners, items, total, r.today, r.lang))
	}
	if len(partners) > 0 {
		items, total, err := h.d.Store.PartnerItems(ctx, partners, listLimit)
		if err != nil {
			return err
		}
		if total > 0 || len(owners) == 0 {
			parts = append(parts, report.PartnerList(q, partners, items, total, r.today, r.lang))
		}
	}
	h.reply(ctx, r, strings.Join(parts, "\n\n"))
	return nil
}
