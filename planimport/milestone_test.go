package planimport

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

// steps renders milestones as "MM-DD 文字" joined with "；".
func steps(ms []duban.Milestone) string {
	var out []string
	for i, m := range ms {
		if m.Seq != i+1 || m.Done {
			return "bad seq or done"
		}
		out = append(out, m.Date.String()[5:]+" "+m.DateText+"|"+m.Text)
	}
	return strings.Join(out, "；")
}

func TestMilestonesInText(t *testing.T) {
	tests := []struct {
		name, task string
		steps      string // "" for none
		deadline   string
	}{
		{"staged", "推进新食堂建设。6月底前完成招标，9月底前开工建设，12月底前竣工验收。",
			"06-30 6月底前|完成招标；09-30 9月底前|开工建设；12-31 12月底前|竣工验收", "2026-12-31"},
		{"with leads", "实施校舍改造：力争4月底前完成设计，确保8月31日前完工。",
			"04-30 4月底前|完成设计；08-31 8月31日前|完工", "2026-08-31"},
		{"one date", "修订学生资助管理办法，9月底前印发。", "", "2026-09-30"},
		// Parallel works with their own subjects are no schedule.
		{"parallel", "城南小学9月底以前投入使用；第三中学综合楼年内竣工。", "", "2026-09-30"},
		{"recurring", "每月开展一次安全检查，3月、9月各开展一次专项督导。", "", "2026-03-31"},
		{"backwards", "10月底前完成验收，5月底前完成招标。", "", "2026-10-31"},
		// What was done is no step of the work.
		{"done first", "去年11月完成了招标，今年3月底前开工，6月底前竣工。",
			"03-31 今年3月底前|开工；06-30 6月底前|竣工", "2026-06-30"},
		{"date alone", "10月底前，11月底前。", "", "2026-10-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeBytes(t, []byte("某县教育局2026年工作要点\n一、重点工作\n1."+tt.task+"\n2.其他工作。\n"), "a.txt", Options{})
			it := doc.Items[1]
			if got := steps(it.Milestones); got != tt.steps {
				t.Errorf("milestones %q, want %q", got, tt.steps)
			}
			if got := it.Deadline.String(); got != tt.deadline {
				t.Errorf("deadline %q (%q), want %q", got, it.DeadlineText, tt.deadline)
			}
		})
	}
}

// TestMilestonesInLedger reads a 时间节点 column: a schedule gives the
// milestones and the deadline, one date is the deadline, and a 完成时限
// column keeps its word.
func TestMilestonesInLedger(t *testing.T) {
	csv := "序号,工作任务,牵头单位,时间节点,完成时限\n" +
		"1,新建城北幼儿园,基建办,\"3月底前：完成立项\n6月底前：完成招标\n12月底前：主体封顶\",\n" +
		"2,修订资助办法,资助中心,9月底前,\n" +
		"3,建设智慧校园,装备中心,5月底前完成方案；8月底前完成部署,10月底前\n" +
		"4,推进集团化办学,基教股,,7月底前\n"
	doc := decodeBytes(t, []byte(csv), "台账.csv", Options{})
	for _, tt := range []struct {
		title, steps, deadline string
	}{
		{"新建城北幼儿园", "03-31 3月底前|完成立项；06-30 6月底前|完成招标；12-31 12月底前|主体封顶", "2026-12-31"},
		{"修订资助办法", "", "2026-09-30"},
		{"建设智慧校园", "05-31 5月底前|完成方案；08-31 8月底前|完成部署", "2026-10-31"},
		{"推进集团化办学", "", "2026-07-31"},
	} {
		it := find(t, doc, tt.title)
		if got := steps(it.Milestones); got != tt.steps {
			t.Errorf("%s: milestones %q, want %q", tt.title, got, tt.steps)
		}
		if got := it.Deadline.String(); got != tt.deadline {
			t.Errorf("%s: deadline %q, want %q", tt.title, got, tt.deadline)
		}
	}
}

func TestMilestonesJSON(t *testing.T) {
	doc := decodeBytes(t, []byte("某县教育局2026年工作要点\n一、推进新食堂建设，6月底前完成招标，9月底前开工建设，12月底前竣工验收。\n二、修订资助办法。\n"), "a.txt", Options{})
	data, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var got []struct {
		Deadline   string `json:"deadline"`
		Milestones []struct {
			Seq      int    `json:"seq"`
			Date     string `json:"date"`
			DateText string `json:"date_text"`
			Text     string `json:"text"`
		} `json:"milestones"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got[0].Milestones) != 3 || got[0].Deadline != "2026-12-31" || got[1].Milestones != nil {
		t.Fatalf("JSON %s", data)
	}
	if m := got[0].Milestones[1]; m.Seq != 2 || m.Date != "2026-09-30" || m.DateText != "9月底前" || m.Text != "开工建设" {
		t.Errorf("second milestone %+v", m)
	}
	if !strings.Contains(string(data), `"milestones"`) || strings.Count(string(data), `"milestones"`) != 1 {
		t.Errorf("milestones key on items without any:\n%s", data)
	}
	if out := doc.Outline(); !strings.Contains(out, "｜节点：6月底前完成招标；9月底前开工建设；12月底前竣工验收") {
		t.Errorf("outline:\n%s", out)
	}
}
