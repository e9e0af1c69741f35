package planimport

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

func TestFlatTable(t *testing.T) {
	doc := decodeFile(t, "flat_table.txt")
	if s := doc.Stats(); s.Tasks != 6 || s.Sections != 4 {
		t.Errorf("stats %+v\n%s", s, doc.Outline())
	}
	for _, w := range []want{
		// The items above keep their own wording: no cell joins them.
		{title: "完善校园安全风险防控清单", kind: duban.KindTask, code: "一.2"},
		{title: "2026年校园安全重点任务分工表", code: "附表", kind: duban.KindSection},
		{title: "防溺水", code: "附表.1", kind: duban.KindSection},
		{title: "开展防溺水专题教育", parent: "防溺水", owner: "安全股", partners: "基础教育股", deadline: "2026-05-31", target: "100%"},
		{title: "设置危险水域警示标志", owner: "各乡镇中心学校", deadline: "2026-06-30"},
		{title: "食堂“明厨亮灶”改造", parent: "校园食品安全", owner: "后勤服务中心", deadline: "2026-09-30"},
		{title: "开展食品安全自查", owner: "各学校", deadline: "-"},
	} {
		checkItem(t, doc, w)
	}
	if it := find(t, doc, "开展防溺水专题教育"); !strings.HasPrefix(it.Body, "每所学校至少开展2次专题教育") {
		t.Errorf("body %q", it.Body)
	}
	warned(t, doc, "拆散的表格")
}

func TestFlatTableNotATable(t *testing.T) {
	// Header words in prose, and a header run whose lines are no table,
	// stay text.
	for _, text := range []string{
		"某校工作计划\n一、工作目标\n任务\n责任单位\n各学校要高度重视，认真落实本计划提出的各项工作要求，确保取得实效。\n二、保障措施\n1.加强领导。\n",
		"某校工作计划\n一、加强管理\n1.完善制度。\n内容\n责任部门\n2.强化考核。\n",
	} {
		doc := decodeBytes(t, []byte(text), "a.txt", Options{})
		for _, w := range doc.Warnings {
			if strings.Contains(w, "表格") {
				t.Errorf("%q: warning %q\n%s", text, w, doc.Outline())
			}
		}
	}
}
