package e2e

import (
	"testing"

	"github.com/duban-bot/duban/chart"
	"github.com/duban-bot/duban/handlers"
)

// TestChartInAServedGroup: "/chart" and "看一下图表" in a served group come
// back as a photo uploaded through the real bot adapter, with the month
// in its caption; another group gets no chart.
func TestChartInAServedGroup(t *testing.T) {
	r, err := chart.New(nil, chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, 2, func(d *handlers.Deps) { d.Charts = r }, servedGroup.ID)
	for _, text := range []string{"/chart", "看一下图表", "/chart 上月"} {
		before := len(e.fake.SentTo(servedGroup.ID))
		e.wait(t, e.fake.PushText(servedGroup, member, text))
		sent := e.fake.SentTo(servedGroup.ID)[before:]
		if len(sent) != 1 || sent[0].Method != "sendPhoto" || sent[0].Width < chart.DefaultWidth || len(sent[0].File) == 0 {
			t.Fatalf("%s: %+v", text, sent)
		}
		want := "📊 2026年11月工作进展图（截至11月25日）"
		if text == "/chart 上月" {
			want = "📊 2026年10月工作进展图（截至10月31日）"
		}
		if sent[0].Text != want || sent[0].ParseMode != "HTML" || sent[0].ReplyTo == 0 {
			t.Errorf("%s: caption %q (%s), reply to %d", text, sent[0].Text, sent[0].ParseMode, sent[0].ReplyTo)
		}
	}
	before := e.fake.SentCount()
	e.wait(t, e.fake.PushText(otherGroup, member, "/chart"))
	for _, s := range e.fake.Sent()[before:] {
		if s.Method == "sendPhoto" {
			t.Errorf("an unserved group got the chart")
		}
	}
}
