package scheduler

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"strings"
	"testing"

	"github.com/duban-bot/duban/chart"
	"github.com/duban-bot/duban/internal/tgfake"
)

// methods lists the Bot API methods of what a chat received, in order.
func methods(sent []tgfake.Sent) string {
	var out []string
	for _, m := range sent {
		out = append(out, m.Method)
	}
	return strings.Join(out, " ")
}

func newCharts(t *testing.T) *chart.Renderer {
	t.Helper()
	r, err := chart.New(nil, chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestMonthlyBriefingSendsTheChartFirst: on the 1st every served group
// gets the chart of the month before as a photo, then the briefing, then
// the ledger, through the real bot adapter to the fake Bot API; firing
// again, or a restart, sends nothing more.
func TestMonthlyBriefingSendsTheChartFirst(t *testing.T) {
	f := newFixture(t, 2)
	f.cfg.Charts = newCharts(t)
	f.clock.Set(at("2026-12-01 09:00"))
	ctx := context.Background()
	s := f.scheduler(nil, nil)
	s.tick(ctx, Monthly)
	drain(t, s)
	for _, g := range f.groups {
		sent := f.sentTo()[g]
		if got := methods(sent); got != "sendPhoto sendMessage sendDocument" {
			t.Fatalf("group %d got %s", g, got)
		}
		photo := sent[0]
		if photo.Text != "📊 2026年11月工作进展图（截至11月30日）" || photo.FileName != "工作进展图-2026-11-30.png" {
			t.Errorf("photo %q %q", photo.Text, photo.FileName)
		}
		img, err := png.Decode(bytes.NewReader(photo.File))
		if err != nil {
			t.Fatalf("the photo is not a PNG: %v", err)
		}
		if w := img.Bounds().Dx(); w < 1080 || photo.Width != w {
			t.Errorf("photo %d px wide (the fake saw %d)", w, photo.Width)
		}
		if !strings.Contains(sent[1].Text, "2026年11月工作通报") || sent[2].FileName != "台账-2026-11-30.xlsx" {
			t.Errorf("then %q and %q", sent[1].Text, sent[2].FileName)
		}
	}
	total := f.fake.SentCount()
	s.tick(ctx, Monthly)
	drain(t, s)
	restarted := f.scheduler(f.openStore(t), nil)
	restarted.tick(ctx, Monthly)
	drain(t, restarted)
	if n := f.fake.SentCount(); n != total {
		t.Errorf("a second run and a restart sent %d more", n-total)
	}
}

// TestMonthlyChartSurvivesARestartInTheOutbox: the briefing enqueued, the
// process stops before sending; the next one sends the chart from the
// outbox still as a photo, first, and the period stays done.
func TestMonthlyChartSurvivesARestartInTheOutbox(t *testing.T) {
	f := newFixture(t, 1)
	f.cfg.Charts = newCharts(t)
	f.clock.Set(at("2026-12-01 09:00"))
	ctx := context.Background()
	f.scheduler(nil, nil).tick(ctx, Monthly) // enqueued, never sent
	if n := f.fake.SentCount(); n != 0 {
		t.Fatalf("sent %d before the sender ran", n)
	}
	next := f.scheduler(f.openStore(t), nil)
	next.tick(ctx, Monthly)
	drain(t, next)
	sent := f.sentTo()[f.groups[0]]
	if got := methods(sent); got != "sendPhoto sendMessage sendDocument" {
		t.Fatalf("after the restart the group got %s", got)
	}
	if _, err := png.Decode(bytes.NewReader(sent[0].File)); err != nil {
		t.Errorf("the photo from the outbox is not a PNG: %v", err)
	}
}

// brokenCharts fails to draw.
type brokenCharts struct{}

func (brokenCharts) Briefing(string, string, []chart.Unit, []chart.TrendPoint) ([]byte, error) {
	return nil, errors.New("font went missing")
}

// TestMonthlyBriefingWithoutItsChart: a chart that cannot be drawn is
// logged, and the briefing and the ledger go out all the same.
func TestMonthlyBriefingWithoutItsChart(t *testing.T) {
	f := newFixture(t, 1)
	f.cfg.Charts = brokenCharts{}
	f.clock.Set(at("2026-12-01 09:00"))
	s := f.scheduler(nil, nil)
	s.tick(context.Background(), Monthly)
	drain(t, s)
	if got := methods(f.sentTo()[f.groups[0]]); got != "sendMessage sendDocument" {
		t.Errorf("the group got %s", got)
	}
	if logs := f.logs.String(); !strings.Contains(logs, "the briefing goes without its chart") || !strings.Contains(logs, "font went missing") {
		t.Errorf("the failure is not logged:\n%s", logs)
	}
}
