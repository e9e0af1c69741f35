package report

import (
	"encoding/json"
	"testing"

	"github.com/duban-bot/duban/duban"
)

// TestReportChangeText: what the history and the ledger's 变更记录 say of a
// report — the percent only when it moved, the report's words, and the
// bare verb when the snapshot cannot be read.
func TestReportChangeText(t *testing.T) {
	snap := func(status string, pct int, report string) []byte {
		b, err := json.Marshal(duban.ItemSnapshot{Title: "开展校园安全隐患排查", Owner: "安全科", Status: status, Percent: pct, Report: report,
			Milestones: []duban.Milestone{{Seq: 1, Date: duban.Date{Year: 2026, Month: 6, Day: 30}, Text: "完成招标"}}})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct {
		name          string
		action        string
		before, after []byte
		lang, want    string
	}{
		{"percent moved", duban.ChangeProgress, snap("doing", 40, ""), snap("doing", 60, "已完成招标"), LangZH, "报送进展（60%）：已完成招标"},
		{"percent kept", duban.ChangeProgress, snap("doing", 60, ""), snap("doing", 60, "施工方已进场"), LangZH, "报送进展：施工方已进场"},
		{"first report", duban.ChangeProgress, nil, snap("doing", 0, "已下发通知"), LangZH, "报送进展（0%）：已下发通知"},
		{"closed", duban.ChangeDone, snap("doing", 80, ""), snap("done", 100, "已验收"), LangZH, "销号（100%）：已验收"},
		{"closed, english", duban.ChangeDone, snap("doing", 80, ""), snap("done", 100, "已验收"), LangEN, "closed it (100%): 已验收"},
		{"no words", duban.ChangeProgress, snap("todo", 0, ""), snap("doing", 0, ""), LangZH, "报送进展"},
		{"unreadable after", duban.ChangeProgress, snap("doing", 40, ""), []byte(`{"percent":`), LangZH, "报送进展"},
		{"unreadable before", duban.ChangeProgress, []byte(`[`), snap("doing", 40, "进度40%"), LangZH, "报送进展（40%）：进度40%"},
		{"no after", duban.ChangeDone, snap("doing", 40, ""), nil, LangZH, "销号"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ChangeText(HistoryEntry{Action: c.action, Before: c.before, After: c.after}, c.lang); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// FuzzReportSnapshot: what the store writes of a report reads back whole
// (any words, any percent), and any other bytes are read without a panic,
// only when they are JSON.
func FuzzReportSnapshot(f *testing.F) {
	f.Add(60, "已完成招标，进度60%", "开展校园安全隐患排查", []byte(`{"percent":60}`))
	f.Add(0, `引号"与\反斜杠`, "", []byte(`{"percent":"60"}`))
	f.Add(-1, "\u2028\x00\ufffd", "<b>&</b>", []byte(`{"report":1}`))
	f.Fuzz(func(t *testing.T, pct int, report, title string, raw []byte) {
		data, err := json.Marshal(duban.ItemSnapshot{Title: title, Status: "doing", Percent: pct, Report: report,
			Milestones: []duban.Milestone{{Seq: 1, Text: report}}})
		if err != nil {
			t.Skip()
		}
		var want struct {
			Percent int    `json:"percent"`
			Report  string `json:"report"`
		}
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		got, ok := reportSnapshot(data)
		if !ok || got.percent != want.Percent || got.report != want.Report {
			t.Errorf("%s read as %+v, %v; want %+v", data, got, ok, want)
		}
		if _, ok := reportSnapshot(raw); ok && !json.Valid(raw) {
			t.Errorf("%q is no JSON, yet read", raw)
		}
	})
}
