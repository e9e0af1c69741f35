package handlers

import (
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// Staff correct a report by editing its message: the edited words are
// recorded, the first version withdrawn (and kept), the item's percent
// follows; a refused edit leaves the first version; an edit of chatter
// records nothing; an old report or a closing is not changed by an edit.
func TestEditCorrectsAReport(t *testing.T) {
	e := newTestEnv(t, "zh")
	texts := func(n int) []string { return e.reportTexts(t, n) }
	edit := func(m duban.Message, text string) string {
		t.Helper()
		m.Text, m.Edited = text, true
		e.update++
		m.UpdateID = e.update
		return strings.Join(e.say(t, m), "\n")
	}

	first := e.msg(servedGroup, memberID, "#4 招标文件已编制，进度60%")
	e.say(t, first)
	got := edit(first, "#4 招标文件已编制，进度30%")
	if !strings.Contains(got, "已按修改后的消息更正进展") || !strings.Contains(got, "#4 进度更新为30%") {
		t.Fatalf("edit reply:\n%s", got)
	}
	if ts := texts(4); len(ts) != 1 || ts[0] != "招标文件已编制，进度30%" || e.item(t, 4).Percent != 30 {
		t.Fatalf("#4 after the edit: %q at %d%%", ts, e.item(t, 4).Percent)
	}
	// The wrong item: the report moves.
	got = edit(first, "#3 招标文件已编制，进度30%")
	if ts3, ts4 := texts(3), texts(4); len(ts3) != 1 || len(ts4) != 0 || e.item(t, 4).Percent != 0 {
		t.Fatalf("moved to #3: #3 %q, #4 %q (%d%%)\n%s", ts3, ts4, e.item(t, 4).Percent, got)
	}
	// A refused edit: the report stands.
	got = edit(first, "#3 进度150%")
	if !strings.Contains(got, "进度要在0%到100%之间") || !strings.Contains(got, "原来记录的进展未改动") || len(texts(3)) != 1 {
		t.Fatalf("refused edit: %q\n%s", texts(3), got)
	}
	// Edited into chatter: withdrawn.
	got = edit(first, "不好意思，发错群了")
	if !strings.Contains(got, "原来记录的 #3 进展已撤回") || len(texts(3)) != 0 {
		t.Fatalf("edited into chatter: %q\n%s", texts(3), got)
	}

	// Chatter edited into a report records nothing.
	chat := e.msg(servedGroup, memberID, "大家辛苦了")
	e.say(t, chat)
	if got := edit(chat, "#7 已完成"); got != "" || len(texts(7)) != 0 {
		t.Fatalf("chatter edited into a report: %q\n%s", texts(7), got)
	}

	// A report of yesterday: the edit changes nothing, and says so.
	old := e.msg(servedGroup, memberID, "#7 自评报告初稿完成，进度40%")
	e.say(t, old)
	e.at(testNow.Add(25 * time.Hour))
	got = edit(old, "#7 自评报告初稿完成，进度45%")
	if !strings.Contains(got, "已超过一天") || e.item(t, 7).Percent != 40 {
		t.Fatalf("a day-old report: %d%%\n%s", e.item(t, 7).Percent, got)
	}
}
