package handlers

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

func FuzzParseIam(f *testing.F) {
	for _, s := range []string{"", "督导室", "我是督导室的", "（督导室）", "-", "取消", "@zhangmin", "@zhangmin 人事科",
		"@zhang-min x", "＠li 督导", "12345", "<b>x</b>", "a\nb", strings.Repeat("科", 40), "@", "@ 督导室", "我是的", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		a, err := parseIam(args)
		if err != nil {
			var p *Problem
			if !errors.As(err, &p) || p.ZH == "" || p.EN == "" {
				t.Fatalf("parseIam(%q) error %v is not a problem in both languages", args, err)
			}
			return
		}
		if a.username != "" && !validUsername(a.username) {
			t.Fatalf("parseIam(%q) gave username %q", args, a.username)
		}
		if a.remove && a.dept != "" {
			t.Fatalf("parseIam(%q) both removes and sets %q", args, a.dept)
		}
		if a.dept != "" {
			if n := utf8.RuneCountInString(a.dept); n > maxDeptRunes || strings.ContainsAny(a.dept, "\n\r\t#@/<>") ||
				a.dept != duban.NormalizeOwner(a.dept) {
				t.Fatalf("parseIam(%q) gave department %q", args, a.dept)
			}
		}
	})
}

func FuzzParseBriefingMonth(f *testing.F) {
	for _, s := range []string{"", "本月", "上月", "上个月", "last", "10月", "十月", "2026-10", "2026年10月", "13月", "0月",
		"2025-11", "9999-99", "月", "年月", "二〇二六年十月", "10月份", "上月通报", "-1月"} {
		f.Add(s)
	}
	today := duban.Date{Year: 2026, Month: time.November, Day: 25}
	first := time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, args string) {
		d, err := parseBriefingMonth(args, today)
		if err != nil {
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("parseBriefingMonth(%q) error %v is not a problem", args, err)
			}
			return
		}
		at := d.In(time.UTC)
		if d.Day != 1 || at.After(first) || at.Before(first.AddDate(0, -11, 0)) {
			t.Fatalf("parseBriefingMonth(%q) = %s, want the first of one of the last 12 months", args, d)
		}
	})
}
