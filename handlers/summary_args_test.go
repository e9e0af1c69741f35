package handlers

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseSummaryArgs(t *testing.T) {
	today := date("2026-11-25") // a Wednesday
	tests := []struct {
		args     string
		item     int
		owner    string
		from, to string // "" for every record
		period   string
		detailed bool
		err      string
	}{
		{args: "", from: "2026-11-01", to: "2026-11-25", period: "本月（11月1日—11月25日）"},
		{args: "本周", from: "2026-11-23", to: "2026-11-25", period: "本周（11月23日—11月25日）"},
		{args: "上周", from: "2026-11-16", to: "2026-11-22"},
		{args: "本月", from: "2026-11-01", to: "2026-11-25"},
		{args: "上个月", from: "2026-10-01", to: "2026-10-31", period: "上月（10月1日—10月31日）"},
		{args: "全年", from: "2026-01-01", to: "2026-11-25"},
		{args: "去年", from: "2025-01-01", to: "2025-12-31", period: "2025年（2025年1月1日—2025年12月31日）"},
		{args: "全部"},
		{args: "11月", from: "2026-11-01", to: "2026-11-25", period: "11月（11月1日—11月25日）"},
		{args: "十月份", from: "2026-10-01", to: "2026-10-31"},
		{args: "12月", from: "2025-12-01", to: "2025-12-31", period: "2025年12月（2025年12月1日—2025年12月31日）"},
		{args: "2026-10", from: "2026-10-01", to: "2026-10-31"},
		{args: "2026年9月份", from: "2026-09-01", to: "2026-09-30"},
		{args: "#12", item: 12},
		{args: "12号 本月 详细", item: 12, from: "2026-11-01", to: "2026-11-25", detailed: true},
		{args: "＃１２", item: 12},
		{args: "督导室", owner: "督导室"},
		{args: "督导室上月工作总结", owner: "督导室", from: "2026-10-01", to: "2026-10-31"},
		{args: "督导室 全年 详细一点", owner: "督导室", from: "2026-01-01", to: "2026-11-25", detailed: true},
		{args: "last month", from: "2026-10-01", to: "2026-10-31", period: "上月（10月1日—10月31日）"},
		{args: "week detailed", from: "2026-11-23", to: "2026-11-25", detailed: true},
		{args: "2027-01", err: "2027年1月还没到"},
		{args: "2026-13", err: "看不懂"},
		{args: "#12 督导室", err: "一次只能总结一个事项或一个单位"},
		{args: "#abc", err: "不是事项编号"},
		{args: "督导室3", err: "看不懂"},
		{args: strings.Repeat("督导", 60), err: "看不懂"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			a, err := parseSummaryArgs(tt.args, today, "zh")
			if tt.err != "" {
				p, ok := err.(*Problem)
				if !ok || !strings.Contains(p.ZH, tt.err) {
					t.Fatalf("err = %v, want a problem saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sc := a.scope
			if sc.Item != tt.item || sc.Owner != tt.owner || sc.From.String() != tt.from || sc.To.String() != tt.to || sc.Detailed != tt.detailed {
				t.Errorf("scope = %+v, want item %d owner %q %s..%s detailed %v", sc, tt.item, tt.owner, tt.from, tt.to, tt.detailed)
			}
			if tt.period != "" && a.period != tt.period {
				t.Errorf("period words %q, want %q", a.period, tt.period)
			}
		})
	}
}

func TestParseSummaryRule(t *testing.T) {
	tests := []struct {
		text    string
		command string
		args    string
	}{
		{"写一下本月工作总结", "summary", "本月"},
		{"帮我写一下本月的工作总结", "summary", "本月"},
		{"督导室本月总结", "summary", "督导室 本月"},
		{"请帮我起草督导室上个月的工作总结", "summary", "督导室 上个月"},
		{"#12 总结一下", "summary", "#12"},
		{"12号任务工作总结", "summary", "#12"},
		{"上月工作总结，详细一点", "summary", "上月 详细"},
		{"11月工作总结", "summary", "11月"},
		{"2026年10月工作总结", "summary", "2026年10月"},
		{"工作总结", "summary", ""},
		{"#12 已完成年度总结报告", "progress", "12 已完成年度总结报告"},
		{"大家写一下本月工作总结", "", ""},
		{"本周总结会几点开", "", ""},
		{"今天的会议总结一下", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			in := Parse(tt.text, testBot)
			if in.Command != tt.command || in.Command != "" && in.Args != tt.args {
				t.Errorf("Parse = %q %q, want %q %q", in.Command, in.Args, tt.command, tt.args)
			}
			if in.Command == "summary" {
				if _, err := parseSummaryArgs(in.Args, date("2026-11-25"), "zh"); err != nil {
					t.Errorf("the rule's args do not parse: %v", err)
				}
			}
		})
	}
}

func FuzzParseSummaryArgs(f *testing.F) {
	for _, s := range []string{"", "本月", "#12 本月 详细", "督导室上月工作总结", "2026-10", "2026年9月份", "last month",
		"week detailed", "十二月", "#12 督导室", "2027-01", "12号", "所有记录", "this week"} {
		f.Add(s)
	}
	today := date("2026-11-25")
	f.Fuzz(func(t *testing.T, args string) {
		a, err := parseSummaryArgs(args, today, "zh")
		if err != nil {
			if _, ok := err.(*Problem); !ok {
				t.Fatalf("parseSummaryArgs(%q) = %v, not a Problem", args, err)
			}
			return
		}
		sc := a.scope
		if sc.Item < 0 || sc.Item != 0 && sc.Owner != "" {
			t.Fatalf("scope %+v", sc)
		}
		if !utf8.ValidString(sc.Owner) || utf8.RuneCountInString(sc.Owner) > maxOwnerRunes {
			t.Fatalf("owner %q", sc.Owner)
		}
		if sc.From.IsZero() != sc.To.IsZero() || sc.To.Before(sc.From) || today.Before(sc.To) {
			t.Fatalf("period %s..%s", sc.From, sc.To)
		}
	})
}
