package handlers

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// due answers /due [window]: open tasks due in the window, and how many are
// overdue besides.
func (h *Handler) due(ctx context.Context, r *request) error {
	// "/due 本周 安全稳定科" or "/due 安全稳定科": one unit's tasks.
	args, unit := strings.TrimSpace(r.args), ""
	if f := strings.Fields(args); len(f) > 1 {
		if _, err := parseWindow(f[0], r.today, r.lang); err == nil {
			args, unit = f[0], strings.Join(f[1:], "")
		}
	}
	w, err := parseWindow(args, r.today, r.lang)
	if err != nil {
		if unit != "" || !isUnitName(duban.NormalizeOwner(args)) {
			return err
		}
		args, unit = "", args
		if w, err = parseWindow(args, r.today, r.lang); err != nil {
			return err
		}
	}
	var (
		items          []duban.Item
		total, overdue int
	)
	if unit == "" {
		if items, total, err = h.d.Store.DueItems(ctx, w.from, w.to, listLimit); err != nil {
			return err
		}
		if overdue, err = h.d.Store.OverdueCount(ctx, r.today); err != nil {
			return err
		}
	} else {
		owners, _, err := h.units(ctx, duban.NormalizeOwner(unit))
		if err != nil {
			return err
		}
		if len(owners) == 0 {
			return problem(fmt.Sprintf("没有找到牵头单位“%s”。发送 /owner 查看已知单位。", report.Esc(clipRunes(unit, 20))),
				fmt.Sprintf("No lead unit “%s”. Send /owner for the known units.", report.Esc(clipRunes(unit, 20))))
		}
		// The unit's open tasks, read once: those due in the window and
		// those overdue.
		open, _, err := h.d.Store.OwnerItems(ctx, owners, 0)
		if err != nil {
			return err
		}
		for _, it := range open {
			if it.Deadline.IsZero() {
				continue
			}
			if !it.Deadline.Before(w.from) && !it.Deadline.After(w.to) {
				items = append(items, it)
			}
			if it.Deadline.Before(r.today) {
				overdue++
			}
		}
		total = len(items)
		items = items[:min(len(items), listLimit)]
		w.label = report.Tr(r.lang, strings.Join(owners, "、")+" ", strings.Join(owners, ", ")+": ") + w.label
	}
	text := report.DueList(items, total, w.label, r.today, r.lang)
	if note := report.OverdueNote(overdue, r.lang); note != "" {
		text += "\n\n" + note
	}
	h.reply(ctx, r, text)
	return nil
}

// overdue answers /overdue.
func (h *Handler) overdue(ctx context.Context, r *request) error {
	items, total, err := h.d.Store.OverdueItems(ctx, r.today, listLimit)
	if err != nil {
		return err
	}
	h.reply(ctx, r, report.OverdueList(items, total, r.today, r.lang))
	return nil
}

// reportsShown is how many reports /item shows.
const reportsShown = 5

// item answers /item N and the questions about an item ("#5是谁负责的"):
// the whole item, a section with its children, or, for a question about
// one aspect (who leads it, its deadline, its target, what to report), the
// answer from the item.
func (h *Handler) item(ctx context.Context, r *request) error {
	n, rest, err := parseNumberArg(r.args, "/item 12", "/item 12")
	if err != nil {
		return err
	}
	aspect := r.intent.Aspect
	if aspect == AspectItem && rest != "" {
		_, aspect = Classify(rest) // "/item 5 谁负责"
	}
	return h.answerItem(ctx, r, n, aspect)
}

// answerItem answers a question about item n.
func (h *Handler) answerItem(ctx context.Context, r *request, n int, aspect Aspect) error {
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	if aspect != AspectItem && it.Kind == duban.KindTask {
		h.reply(ctx, r, report.ItemAnswer(it, string(aspect), r.today, r.lang))
		return nil
	}
	v := report.ItemView{Item: it}
	if it.ParentNumber != 0 {
		if p, err := h.d.Store.Item(ctx, it.ParentNumber); err == nil {
			v.Parent = &p
		} else if duban.ErrorCode(err) != duban.ENOTFOUND {
			return err
		}
	}
	if it.Kind == duban.KindSection {
		if v.Children, err = h.d.Store.Children(ctx, n); err != nil {
			return err
		}
	} else {
		if v.Reports, err = h.d.Store.Reports(ctx, n, reportsShown); err != nil {
			return err
		}
		counts, err := h.d.Store.EvidenceCount(ctx, n)
		if err != nil {
			return err
		}
		v.Evidence = counts[n]
		by, at, assigned, ok, err := h.d.Store.Acknowledged(ctx, n)
		if err != nil {
			return err
		}
		v.Ack = report.Ack{Assigned: assigned, Done: ok, By: by, At: at}
	}
	h.reply(ctx, r, report.ItemDetail(v, r.today, h.d.Loc, r.lang), nodeButtons(it, r.lang)...)
	return nil
}

// loadItem returns item n, or the Problem that it does not exist.
func (h *Handler) loadItem(ctx context.Context, n int) (duban.Item, error) {
	it, err := h.d.Store.Item(ctx, n)
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		return it, notFound(n)
	}
	return it, err
}

// maxOwnerRunes bounds a unit name in /owner.
const maxOwnerRunes = 50

// owner answers /owner 名称: the open tasks of the units whose name holds
// the words, then those they support as partners (配合单位), marked as
// such; an exact name wins over partial ones. A plain "营养餐的任务" that
// names no unit is taken as a topic.
func (h *Handler) owner(ctx context.Context, r *request) error {
	q := duban.NormalizeOwner(r.args)
	if q == "" {
		known, err := h.d.Store.Owners(ctx, "")
		if err != nil {
			return err
		}
		return problem("请写上单位名称，例如：/owner 督导室\n"+ownerNames(known, r.lang),
			"Please name a unit, e.g. /owner 督导室\n"+ownerNames(known, r.lang))
	}
	if utf8.RuneCountInString(q) > maxOwnerRunes {
		return problem(fmt.Sprintf("单位名称太长了（最多%d个字）。", maxOwnerRunes),
			fmt.Sprintf("The unit name is too long (at most %d characters).", maxOwnerRunes))
	}
	owners, partners, err := h.units(ctx, q)
	if err != nil {
		return err
	}
	if len(owners)+len(partners) == 0 {
		if r.intent.Tentative {
			return h.topic(ctx, r, q, r.intent.Aspect) // silent in a group when nothing matches
		}
		known, err := h.d.Store.Owners(ctx, "")
		if err != nil {
			return err
		}
		h.reply(ctx, r, report.NoOwner(q, known, r.lang))
		return nil
	}
	return h.unitTasks(ctx, r, q, owners, partners)
}

func ownerNames(known []string, lang string) string {
	if len(known) == 0 {
		return ""
	}
	if len(known) > 40 {
		known = known[:40]
	}
	return report.Tr(lang, "已知单位：", "Known units: ") + report.Esc(strings.Join(known, report.Tr(lang, "、", ", ")))
}

// searchLimit caps the items and the reports a search shows;
// searchCountCap is where their totals stop counting ("1000+").
const (
	searchLimit    = 10
	searchCountCap = 200
)

// search answers /search 词.
func (h *Handler) search(ctx context.Context, r *request) error {
	q := strings.TrimSpace(r.args)
	if q == "" {
		return problem("请写上要搜索的词，例如：/search 营养餐", "Please give words to search, e.g. /search 营养餐")
	}
	if utf8.RuneCountInString(q) > duban.MaxQueryRunes {
		return problem(fmt.Sprintf("搜索词太长了（最多%d个字）。", duban.MaxQueryRunes),
			fmt.Sprintf("The search words are too long (at most %d characters).", duban.MaxQueryRunes))
	}
	res, err := h.d.Store.Search(ctx, q, searchLimit, searchCountCap)
	if duban.ErrorCode(err) == duban.EINVALID {
		return problem("请换个搜索词试试。", "Please try other search words.")
	} else if err != nil {
		return err
	}
	if res.ItemTotal == 0 && res.ReportTotal == 0 && r.intent.Tentative && r.m.IsGroup() {
		return nil // "查一下明天天气" is not for the bot
	}
	h.reply(ctx, r, report.SearchResults(report.SearchView{
		Query: q, Items: res.Items, ItemTotal: res.ItemTotal,
		Reports: res.Reports, ReportTotal: res.ReportTotal, ReportTitles: res.ReportTitles, Cap: searchCountCap,
	}, r.today, h.d.Loc, r.lang))
	return nil
}

// plan answers /plan: each plan with its top-level sections and counts.
func (h *Handler) plan(ctx context.Context, r *request) error {
	plans, counts, err := h.d.Store.Outline(ctx, r.today)
	if err != nil {
		return err
	}
	out := make([]report.OutlinePlan, 0, len(plans))
	for _, p := range plans {
		op := report.OutlinePlan{Plan: p}
		for _, s := range counts[p.ID] {
			op.Sections = append(op.Sections, report.OutlineSection{Section: s.Section, Done: s.Done, Open: s.Open, Overdue: s.Overdue})
		}
		out = append(out, op)
	}
	h.reply(ctx, r, report.Outline(out, r.lang))
	return nil
}

// help answers /help and /start.
func (h *Handler) help(ctx context.Context, r *request) error {
	var lines []report.HelpLine
	for _, c := range h.commands {
		if c.hidden {
			continue
		}
		lines = append(lines, report.HelpLine{
			Usage: report.Tr(r.lang, c.usage[0], c.usage[1]),
			Text:  report.Tr(r.lang, c.help[0], c.help[1]),
			Admin: c.role != anyone || c.name == "bind" || c.name == "unbind",
		})
	}
	h.reply(ctx, r, report.HelpText(lines, r.served || !r.m.IsGroup(), r.lang))
	return nil
}
