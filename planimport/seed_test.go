package planimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// TestSeeds decodes the real published plans in the shared seed directory
// and checks that the outline is sensible: floors on sections and tasks
// (set by reading the documents, below what a careful reader counts) and
// items whose owner, deadline or place is known.
func TestSeeds(t *testing.T) {
	if _, err := os.Stat(seedDir); err != nil {
		t.Skip("seed directory not available")
	}
	type check struct {
		title    string // prefix of an item's title
		code     string
		owner    string
		partner  string // one of the partners
		monthDay string // deadline's "MM-DD"; "-" for none
		kids     int    // number of children, when set
	}
	seeds := []struct {
		prefix       string
		title        string
		year         int
		sections     int
		tasks        int
		owned, dated int
		checks       []check
		absent       []string // title prefixes that must not be imported
		warning      string   // part of a warning
		partYears    map[string]int
	}{
		{
			// Page 2 of a county plan: (三)…(六) with 一是… items under
			// them, after four 一抓-style items cut from page 1.
			prefix: "000_", title: "某县教育局工作总结及2011年工作计划", year: 2011,
			sections: 4, tasks: 14,
			checks: []check{
				{title: "突出内涵发展", code: "(三)", kids: 4},
				{title: "机制集团化", code: "(三).一是"},
				{title: "抓课堂促高效", code: "三抓"},
				{title: "规划布局调整", code: "(六).一是", monthDay: "-"}, // "2011年及今后一段时间"
				{title: "考核绩效化", monthDay: "-"},                  // "2011年奖励性绩效工资考核细则"
			},
		},
		{
			// Ten articles of a plan-sharing site; the second has
			// "（责任单位：…）" on every task, the fourth lists each
			// department's tasks.
			prefix: "001_", title: "学区德育督导工作计划",
			sections: 60, tasks: 230, owned: 40, dated: 10,
			checks: []check{
				{title: "学区德育督导工作计划（第1篇）", code: "第1篇"},
				{title: "学区德育督导工作计划（第10篇）", code: "第10篇"},
				{title: "深化基础教育集团化办学改革", monthDay: "-"}, // "2-3年的努力"
				{title: "深化职业教育综合改革", monthDay: "-"},    // "“十四五”期间"
				{title: "创建教育强区目标", monthDay: "-"},      // "用2年时间"
				{title: "确保考试安全", monthDay: "-"},        // "2013年的重点工作是…"
				{title: "构建学校安全管理“五到位”", code: "第1篇.六.1.一要"},
				{title: "区编办、建设局、人劳局、卫生局、审计局、城管和执法局、地税局、工商局…", owner: "区编办"},
				{title: "加强教育行风检查的工作力度", monthDay: "03-05"}, // 第9篇 is dated 2005-02-16
				// 第9篇's 责任分工表 arrives one cell per line.
				{title: "学生学籍管理工作", code: "第9篇.附表.1.1", owner: "基础教育科", partner: "各有关学校"},
				{title: "学生课间食管理", owner: "保障服务中心", partner: "校园安全办公室"},
				{title: "继续实施校安工程建设", code: "第1篇.二.1.一要", monthDay: "12-31"},
				{title: "进一步领会十精神实质", code: "第1篇.一.1", kids: 3},
				{title: "统筹推进中小幼思政一体化建设", owner: "区委宣传部", partner: "团区委"},
				{title: "深化基础教育集团化办学改革", owner: "区教体局", partner: "区财政局"},
				{title: "区财政局工作任务", owner: "区财政局"},
				{title: "各镇(街道)工作任务", owner: "各镇(街道)"},
				{title: "区综治办、区公安分局工作任务", owner: "区综治办", partner: "区公安分局"},
				{title: "组织动员阶段", kids: 7},
				{title: "着力实施诚信教育工程", code: "第3篇.二.1.一是"},
				{title: "加强中职学校实训基地建设", monthDay: "12-31"},
			},
			// 第7篇 is three school summaries ("学校督导年终工作总结(一)…").
			absent:    []string{"基本情况", "教学工作督导", "对教务处、学工处、总务处等部门的开学准备工作"},
			warning:   "第7篇",
			partYears: map[string]int{"第9篇": 2005, "第1篇": 2026, "第10篇": 2026},
		},
		{
			// A township summary with next year's plan: numbered items with
			// inline 一是… and (1)… lists, then a second 一、… list nested
			// under "三、xx年工作规划".
			prefix: "004_", title: "乡镇教学管理领导小组工作总结范文及工作计划",
			// Only "三、xx年工作规划" is a plan: the review of the year
			// and its problems are skipped.
			sections: 4, tasks: 12,
			checks: []check{
				{title: "xx年工作规划", code: "三", kids: 7},
				{title: "继续加强“一校四园”的创建完善工作", code: "三.四"},
				{title: "以规范办学为前提", code: "三.六", kids: 2},
			},
			absent:  []string{"xx年所做的工作", "安全工作不断完善", "大力开展“四风”建设活动", "xx年工作中存在的问题", "创建“五个一”工程"},
			warning: "“一、xx年所做的工作”",
		},
	}
	for _, s := range seeds {
		files, _ := filepath.Glob(filepath.Join(seedDir, s.prefix+"*"))
		if len(files) == 0 {
			t.Errorf("seed %s* missing", s.prefix)
			continue
		}
		t.Run(filepath.Base(files[0]), func(t *testing.T) {
			data, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			doc := decodeBytes(t, data, filepath.Base(files[0]), Options{Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
			st := doc.Stats()
			t.Logf("%s: %d sections, %d tasks, %d with owner, %d with deadline, %d with target",
				s.prefix, st.Sections, st.Tasks, st.WithOwner, st.WithDeadline, st.WithTarget)
			if doc.Title != s.title || (s.year != 0 && doc.Year != s.year) {
				t.Errorf("title %q year %d", doc.Title, doc.Year)
			}
			if st.Sections < s.sections || st.Tasks < s.tasks || st.WithOwner < s.owned || st.WithDeadline < s.dated {
				t.Errorf("stats %+v below floors (sections %d, tasks %d, owned %d, dated %d)", st, s.sections, s.tasks, s.owned, s.dated)
			}
			kids := map[int]int{}
			for _, it := range doc.Items {
				kids[it.ParentNumber]++
			}
			for _, c := range s.checks {
				var it Item
				found := false
				for _, cand := range doc.Items {
					if strings.HasPrefix(cand.Title, c.title) && (c.code == "" || cand.Code == c.code) {
						it, found = cand, true
						break
					}
				}
				if !found {
					t.Errorf("no item %q with code %q", c.title, c.code)
					continue
				}
				if c.owner != "" && it.Owner != c.owner {
					t.Errorf("%s: owner %q, want %q", c.title, it.Owner, c.owner)
				}
				if c.partner != "" && !strings.Contains("、"+strings.Join(it.Partners, "、")+"、", "、"+c.partner+"、") {
					t.Errorf("%s: partners %q lack %q", c.title, it.Partners, c.partner)
				}
				if c.monthDay == "-" && !it.Deadline.IsZero() {
					t.Errorf("%s: deadline %s (%q), want none", c.title, it.Deadline, it.DeadlineText)
				} else if c.monthDay != "" && c.monthDay != "-" && (it.Deadline.IsZero() || it.Deadline.String()[5:] != c.monthDay) {
					t.Errorf("%s: deadline %s (%q), want …-%s", c.title, it.Deadline, it.DeadlineText, c.monthDay)
				}
				if c.kids != 0 && kids[it.Number] != c.kids {
					t.Errorf("%s: %d children, want %d", c.title, kids[it.Number], c.kids)
				}
				if c.kids != 0 && it.Kind != duban.KindSection {
					t.Errorf("%s: kind %s", c.title, it.Kind)
				}
			}
			for _, a := range s.absent {
				for _, it := range doc.Items {
					if strings.HasPrefix(it.Title, a) {
						t.Errorf("review item #%d %q imported", it.Number, it.Title)
					}
				}
			}
			if s.warning != "" && !strings.Contains(strings.Join(doc.Warnings, "\n"), s.warning) {
				t.Errorf("warnings %q lack %q", doc.Warnings, s.warning)
			}
			for code, year := range s.partYears {
				for _, it := range doc.Items {
					if strings.HasPrefix(it.Code, code+".") && !it.Deadline.IsZero() && !hasDigit4(it.DeadlineText) && it.Deadline.Year != year {
						t.Errorf("%s: item %s deadline %s (%q), want the article's year %d", code, it.Code, it.Deadline, it.DeadlineText, year)
					}
				}
			}
			for _, it := range doc.Items {
				for _, noise := range []string{"阅读提示", "发布时间", "导航", "统计代码", "第2页"} {
					if strings.Contains(it.Title, noise) || strings.Contains(it.Body, noise) {
						t.Errorf("item %d carries noise %q", it.Number, noise)
					}
				}
			}
		})
	}
}
