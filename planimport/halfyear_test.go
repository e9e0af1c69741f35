package planimport

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// doubted fails unless the document has a doubt of each code, and
// reports the others it has.
func doubted(t *testing.T, doc *Document, codes ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, d := range doc.Doubts {
		have[d.Code] = true
		if d.Text == "" || d.English == "" {
			t.Errorf("doubt %s without its sentences", d.Code)
		}
	}
	for _, c := range codes {
		if !have[c] {
			t.Errorf("no doubt %q in %+v\n%s", c, doc.Doubts, doc.Outline())
		}
	}
}

// notDoubted fails when the document has a doubt of one of the codes.
func notDoubted(t *testing.T, doc *Document, codes ...string) {
	t.Helper()
	for _, d := range doc.Doubts {
		for _, c := range codes {
			if d.Code == c {
				t.Errorf("unexpected doubt %s: %s", d.Code, d.Text)
			}
		}
	}
}

// TestHalfYearPage imports a scraped page holding a half-year summary and
// the next half-year's plan: page numbers and footers in the text, the
// review and the plan each under an unnumbered heading, the plan's items
// run in over broken lines, the year stated only in the opening sentence.
func TestHalfYearPage(t *testing.T) {
	doc := decodeBytes(t, mustRead(t, "halfyear_page.txt"), "page.txt", Options{Now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)})
	if doc.Title != "城关二中上半年工作总结及下半年工作计划" || doc.Year != 2023 {
		t.Errorf("title %q year %d, want the year the text states (2023)", doc.Title, doc.Year)
	}
	if s := doc.Stats(); s.Sections != 1 || s.Tasks != 5 {
		t.Errorf("stats %+v, want the plan's five tasks under its heading\n%s", s, doc.Outline())
	}
	for _, w := range []want{
		{title: "下半年工作计划", code: "1", parent: ""},
		{title: "开展教师全员培训", code: "1.一是", deadline: "2023-09-30", parent: "下半年工作计划"},
		{title: "组织青年教师基本功大赛", code: "1.二是", deadline: "2023-10-31", target: "不少于40人"},
		{title: "实施“青蓝工程”", code: "1.三是", deadline: "2023-11-30", owner: "教务处"},
		{title: "明年3月底前印发《教师专业发展三年规划》并实施", code: "1.四是", deadline: "2024-03-31", dlText: "明年3月底前"},
		{title: "加强校园安全管理", code: "1.五是", deadline: "2023-12-31"},
	} {
		checkItem(t, doc, w)
	}
	// Achievements, page numbers and the site's links are no tasks.
	noItem(t, doc, "师德师风建设成效明显", "教学质量稳步提升", "办学条件进一步改善", "月制定", "2 月", "工作中也存在", "9", "上一篇", "相关推荐", "上半年工作回顾")
	warned(t, doc, "上半年工作回顾")
	// Imported in 2026, a 2023 plan is past due: the preview asks.
	doubted(t, doc, DoubtPastDeadlines, DoubtNoOwners)
	notDoubted(t, doc, DoubtNumberingGaps, DoubtPastWork, DoubtTruncated)
	if out := doc.Outline(); !strings.Contains(out, "请确认：5项任务的时限已过") {
		t.Errorf("outline does not ask:\n%s", out)
	}
	// The same page imported in its own July has nothing past due.
	doc = decodeBytes(t, mustRead(t, "halfyear_page.txt"), "page.txt", Options{Now: time.Date(2023, 7, 10, 9, 0, 0, 0, time.UTC)})
	notDoubted(t, doc, DoubtPastDeadlines)
}

// TestDoubts: each doubt on a document written to raise it, and none on
// a clean plan.
func TestDoubts(t *testing.T) {
	clean := decodeFile(t, "plan_utf8.txt")
	if len(clean.Doubts) != 0 {
		t.Errorf("a clean plan has doubts %+v", clean.Doubts)
	}
	tests := []struct {
		name, text, code string
		sentence         string // part of the Chinese sentence
	}{
		{"gap", "某县教育局2026年工作要点\n一、加强党建（办公室牵头）\n二、提升质量（教研室牵头）\n四、保障安全（安全办牵头）\n", DoubtNumberingGaps, "“四、”前缺少1项"},
		{"starts late", "某县教育局2026年工作要点\n（三）加强党建（办公室牵头）\n（四）提升质量（教研室牵头）\n", DoubtNumberingGaps, "从“（三）”开始"},
		{"no owners", "某县教育局2026年工作要点\n一、加强党建\n二、提升质量\n三、保障安全（安全办牵头）\n", DoubtNoOwners, "3项任务中有2项没有牵头单位"},
		{"past work", "某县教育局2026年工作要点\n一、中考成绩位列全市第一（教研室牵头）\n二、教学质量稳步提升（教研室牵头）\n三、推进集团化办学（基教股牵头）\n四、稳步提升办学水平（督导室牵头）\n", DoubtPastWork, "2项任务读起来像是已经做完的工作"},
		{"past deadlines", "某县教育局2025年工作要点\n一、3月底前完成排查（安全办牵头）\n二、6月底前完成改造（基建办牵头）\n", DoubtPastDeadlines, "2项任务的时限已过（最早是2025-03-31）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeBytes(t, []byte(tt.text), "a.txt", Options{})
			doubted(t, doc, tt.code)
			for _, d := range doc.Doubts {
				if d.Code == tt.code && !strings.Contains(d.Text, tt.sentence) {
					t.Errorf("doubt %q lacks %q", d.Text, tt.sentence)
				}
			}
		})
	}
}

// TestTruncatedDoubt: a file longer than one import reads is cut, and the
// preview is told so.
func TestTruncatedDoubt(t *testing.T) {
	var b strings.Builder
	b.WriteString("某县教育局2026年工作要点\n")
	for i := 0; i < maxParagraphs+10; i++ {
		fmt.Fprintf(&b, "%d.推进第%d项工作（办公室牵头）\n", i%maxArabicMarker+1, i)
	}
	doc := decodeBytes(t, []byte(b.String()), "a.txt", Options{})
	doubted(t, doc, DoubtTruncated)
	if len(doc.Items) > maxItems {
		t.Errorf("%d items, over the allowance of %d", len(doc.Items), maxItems)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := readTestdata(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
