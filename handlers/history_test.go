package handlers

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

func TestHistory(t *testing.T) {
	e := newTestEnv(t, "zh")
	admin := func(text string) string {
		t.Helper()
		return strings.Join(e.say(t, e.msg(servedGroup, adminID, text)), "\n")
	}
	admin("/edit 4 单位 人事科")
	e.group(t, "#4 已完成招标，进度60%")
	admin("/edit 4 时限 12月20日前")

	got := e.group(t, "/history 4")
	for _, want := range []string{
		"#4 的变更记录",
		"修改：时限", // newest first
		"12月20日前",
		"张三 报送进展（60%）：已完成招标，进度60%",
		"修改：牵头单位",
		"→ 人事科",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("/history lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, "时限") > strings.Index(got, "报送进展") {
		t.Errorf("history is not newest first:\n%s", got)
	}

	// A deleted item keeps its history.
	admin("/delete 4")
	press := e.msg(servedGroup, adminID, "")
	press.Callback = &duban.Callback{ID: "cb", Data: "del:4"}
	e.say(t, press)
	if got := e.group(t, "/history 4"); !strings.Contains(got, "删除了本事项") {
		t.Errorf("history after delete:\n%s", got)
	}
	for _, tt := range []struct{ text, want string }{
		{"/history 999", "#999"},
		{"/history abc", "编号"},
		{"/history", "编号"},
	} {
		if got := e.group(t, tt.text); !strings.Contains(got, tt.want) {
			t.Errorf("%s → %q, want it to mention %q", tt.text, got, tt.want)
		}
	}
	// Not in an unserved group.
	if got := e.say(t, e.msg(unservedGroup, memberID, "/history 2")); len(got) > 0 && strings.Contains(strings.Join(got, ""), "#2 的变更记录") {
		t.Errorf("unserved group got history: %v", got)
	}
}

func TestHistoryEnglish(t *testing.T) {
	e := newTestEnv(t, "en")
	e.group(t, "/progress 2 checked 5 schools 30%")
	got := e.group(t, "/history 2")
	if !strings.Contains(got, "History of #2") || !strings.Contains(got, "reported (30%)") {
		t.Errorf("English history:\n%s", got)
	}
}
