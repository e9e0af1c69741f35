package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/handlers"
	"github.com/duban-bot/duban/llm"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/store"
	"github.com/duban-bot/duban/summary"
)

func init() {
	register(command{name: "summary", help: "draft a work summary (工作总结) from the recorded reports", run: runSummary})
}

// Drafter returns the model that drafts summaries, built from the llm
// section of the configuration once, so that the bot's /summary and the
// scheduler's briefing share its limit on drafts in flight. With no model
// configured it drafts the template summary.
func (m *Main) Drafter() handlers.Drafter {
	if m.drafter == nil {
		c := m.Config.LLM
		m.drafter = &summary.Writer{Model: llm.New(llm.Config{
			BaseURL: c.BaseURL, Model: c.Model, APIKey: c.APIKey, Timeout: c.Timeout,
			MaxTokens: c.MaxTokens, Temperature: c.Temperature, MaxConcurrent: c.MaxConcurrent,
		}, m.Logger.With("component", "llm"))}
	}
	return m.drafter
}

// summaryOpening is the monthly briefing's opening paragraph for the
// scheduler (Scheduler.Opening): the model's draft, or nil when no model is
// configured.
func (m *Main) summaryOpening(st *store.Store) (func(ctx context.Context, from, to duban.Date) (string, error), error) {
	loc, err := m.Config.Location()
	if err != nil {
		return nil, err
	}
	return summary.Opening(m.Drafter(), st, m.Config.Language, loc, time.Now), nil
}

// runSummary is "duban summary [--item N | --owner 名称] [--month 2026-11]
// [--detailed] [--db FILE]": the draft /summary gives, as plain text, for
// the person writing the report.
func runSummary(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("summary", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	item := fs.Int("item", 0, "summarise item `N` (a section: everything under it)")
	owner := fs.String("owner", "", "summarise a unit's items (its `name` or part of it)")
	month := fs.String("month", "", "only the reports of `YYYY-MM` (default: every record with --item or --owner, this month so far without)")
	detailed := fs.Bool("detailed", false, "a longer draft")
	dbPath := fs.String("db", "", "database file (default: the config's db)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("summary: unexpected %q; see \"duban summary -h\"", fs.Arg(0))
	case *item < 0:
		return fmt.Errorf("summary: --item must be an item number, got %d", *item)
	case *item != 0 && strings.TrimSpace(*owner) != "":
		return errors.New("summary: --item and --owner exclude each other")
	}
	loc, err := m.Config.Location()
	if err != nil {
		return err
	}
	lang := m.Config.Language
	today := duban.DateOf(time.Now().In(loc))
	sc := summary.Scope{Item: *item, Owner: strings.TrimSpace(*owner), Detailed: *detailed}
	period := ""
	if *month == "" && sc.Item == 0 && sc.Owner == "" {
		*month = fmt.Sprintf("%04d-%02d", today.Year, int(today.Month))
	}
	if *month != "" {
		if sc.From, sc.To, period, err = monthSpan(*month, today, lang); err != nil {
			return err
		}
	}
	st, err := m.OpenStore(*dbPath)
	if err != nil {
		return err
	}
	req, err := summary.Gather(ctx, st, sc, lang, loc)
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		if sc.Item != 0 {
			return fmt.Errorf("summary: there is no item #%d", sc.Item)
		}
		known, _ := st.Owners(ctx, "")
		return fmt.Errorf("summary: no unit matches %q; known units: %s", sc.Owner, strings.Join(known, ", "))
	} else if err != nil {
		return err
	}
	draft, err := m.Drafter().Draft(ctx, req) // a failure is logged by llm and noted above the template
	label := req.Scope
	if period != "" {
		label += " · " + period
	}
	fmt.Fprintln(m.Stdout, summary.Words(draft, err != nil, label, lang).Plain())
	return nil
}

// monthSpan reads --month: the month's days, up to today when it is the
// current month, and its words.
func monthSpan(s string, today duban.Date, lang string) (from, to duban.Date, words string, err error) {
	t, perr := time.Parse("2006-01", strings.TrimSpace(s))
	if perr != nil {
		return from, to, "", fmt.Errorf("summary: --month must be YYYY-MM, got %q", s)
	}
	from = duban.DateOf(t)
	if today.Before(from) {
		return from, to, "", fmt.Errorf("summary: %s has not begun yet", s)
	}
	to = duban.DateOf(t.AddDate(0, 1, -1))
	if today.Before(to) {
		to = today
	}
	words = report.Tr(lang, fmt.Sprintf("%d年%d月", from.Year, int(from.Month)), fmt.Sprintf("%s %d", from.Month, from.Year))
	if to != duban.DateOf(t.AddDate(0, 1, -1)) {
		words += report.Tr(lang, fmt.Sprintf("（截至%d月%d日）", int(to.Month), to.Day), fmt.Sprintf(" (to %s)", report.DateText(to, today, lang)))
	}
	return from, to, words, nil
}
