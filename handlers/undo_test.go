package handlers

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// at moves the clock of the handler and the store to now.
func (e *testEnv) at(now time.Time) {
	e.h.d.Now = func() time.Time { return now }
	e.st.Now = func() time.Time { return now }
}

func TestUndoOwnReport(t *testing.T) {
	tests := []struct {
		name  string
		undo  string
		after time.Duration // between the report and the undo
		ok    bool
		has   string
	}{
		{"撤回", "撤回", time.Minute, true, "已撤回 #2 的一条进展"},
		{"/undo", "/undo", 9 * time.Minute, true, "已撤回 #2 的一条进展"},
		{"#2 撤回", "#2 撤回", time.Minute, true, "已撤回 #2 的一条进展"},
		{"/undo 2", "/undo 2", time.Minute, true, "已撤回 #2 的一条进展"},
		{"刚才报错了，撤回", "刚才报错了，撤回", time.Minute, true, "已撤回"},
		{"too late", "/undo", 11 * time.Minute, false, "你最近10分钟内没有报送过进展，没有可撤回的"},
		{"another item", "/undo 4", time.Minute, false, "你最近10分钟内没有报送过#4 的进展"},
		{"too late, plainly", "撤回", 11 * time.Minute, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t, "zh")
			e.group(t, "#2 已排查5所学校，进度30%")
			e.at(testNow.Add(tt.after))
			got := e.group(t, tt.undo)
			if tt.has == "" && got != "" || tt.has != "" && !strings.Contains(got, tt.has) {
				t.Errorf("reply %q, want %q", got, tt.has)
			}
			it := e.item(t, 2)
			if tt.ok != (e.reportCount(t, 2) == 0) {
				t.Fatalf("withdrawn = %v, want %v", e.reportCount(t, 2) == 0, tt.ok)
			}
			if tt.ok && (it.Status != duban.StatusTodo || it.Percent != 0 || !it.LastReportAt.IsZero()) {
				t.Errorf("#2 after withdrawal: %s %d%%, last report %v", it.Status, it.Percent, it.LastReportAt)
			}
			if !tt.ok && (it.Status != duban.StatusDoing || it.Percent != 30) {
				t.Errorf("#2 changed: %s %d%%", it.Status, it.Percent)
			}
		})
	}
}

// TestUndoLeavesEveryFigure: a withdrawn report is gone from /item, search,
// summaries and the figures, and stays in /history.
func TestUndoLeavesEveryFigure(t *testing.T) {
	e := newTestEnv(t, "zh")
	e.group(t, "#4 已完成招标文件编制，进度30%")
	e.at(testNow.Add(time.Minute))
	e.group(t, "#4 营养餐供应商已确定，进度100%")
	if it := e.item(t, 4); it.Status != duban.StatusDone {
		t.Fatalf("#4 is %s", it.Status)
	}
	e.group(t, "撤回")
	if it := e.item(t, 4); it.Status != duban.StatusDoing || it.Percent != 30 {
		t.Errorf("#4 after withdrawing the closing report: %s %d%%", it.Status, it.Percent)
	}
	checks := []struct {
		text   string
		has    []string
		hasNot []string
	}{
		{"/item 4", []string{"已完成招标文件编制", "状态：进行中 30%"}, []string{"供应商已确定"}},
		{"/search 供应商", []string{"没有找到"}, nil},
		{"/summary 4", []string{"已完成招标文件编制"}, []string{"供应商已确定", "销号"}},
		{"/history 4", []string{"撤回进展", "供应商已确定"}, nil},
		{"完成率多少", []string{"已完成1项"}, nil},
	}
	for _, c := range checks {
		got := e.group(t, c.text)
		for _, s := range c.has {
			if !strings.Contains(got, s) {
				t.Errorf("%s lacks %q:\n%s", c.text, s, got)
			}
		}
		for _, s := range c.hasNot {
			if strings.Contains(got, s) {
				t.Errorf("%s still has %q:\n%s", c.text, s, got)
			}
		}
	}
}

// TestUndoByOthers: nobody takes back someone else's report but a plan
// admin, who picks it with a button.
func TestUndoByOthers(t *testing.T) {
	e := newTestEnv(t, "zh")
	e.group(t, "#3 资助名单已公示")
	e.at(testNow.Add(2 * time.Minute))
	e.group(t, "#3 是谁负责的") // a question: nothing recorded
	if got := e.say(t, e.msg(servedGroup, groupAdminID, "撤回")); len(got) != 0 || e.reportCount(t, 3) != 1 {
		t.Errorf("someone else's 撤回: %q", got)
	}
	if got := strings.Join(e.say(t, e.msg(servedGroup, groupAdminID, "/undo 3")), ""); !strings.Contains(got, "没有报送过#3 的进展") {
		t.Errorf("a group admin's /undo 3: %q", got)
	}
	// A plan admin, long after, picks the report.
	e.at(testNow.Add(48 * time.Hour))
	out := e.send(t, e.msg(servedGroup, adminID, "/undo #3"))
	if len(out) != 1 || len(out[0].Buttons) != 2 {
		t.Fatalf("no choice: %+v", out)
	}
	if text := plain(out[0].Text); !strings.Contains(text, "要撤回 #3 落实学生资助政策 的哪一条进展") || !strings.Contains(text, "1. 11月25日 10:00 张三：资助名单已公示") {
		t.Errorf("choices:\n%s", text)
	}
	pick := out[0].Buttons[0][0]
	if pick.Text != "撤回第1条" {
		t.Errorf("button %q", pick.Text)
	}
	if got := e.press(t, memberID, pick.Data); !strings.Contains(got, "只有计划管理员") || e.reportCount(t, 3) != 1 {
		t.Errorf("a member's press: %q", got)
	}
	if got := e.press(t, adminID, pick.Data); !strings.Contains(got, "已撤回 #3 的一条进展") || e.reportCount(t, 3) != 0 {
		t.Errorf("the admin's press: %q", got)
	}
	if got := e.press(t, adminID, pick.Data); !strings.Contains(got, "这条进展已经撤回了") {
		t.Errorf("second press: %q", got)
	}
	if it := e.item(t, 3); it.Status != duban.StatusTodo || !it.LastReportAt.IsZero() {
		t.Errorf("#3 after: %s, last report %v", it.Status, it.LastReportAt)
	}
	hist, err := e.st.ItemHistory(context.Background(), 3, 1)
	if err != nil || len(hist) != 1 || hist[0].Action != duban.ChangeWithdraw || hist[0].Actor.UserID != adminID {
		t.Errorf("history: %+v, %v", hist, err)
	}
}
