package handlers

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"/due 本周", "/due@duban_bot", "麻烦看下 /due 本周", "本周到期的任务有哪些", "#12 已完成招标,进度60%",
		"12号任务怎么样了", "督导室的任务", "搜索 营养餐", "@duban_bot", "／item ＃１２", "第十二项进展", "最近两周到期",
		"/x@y /due", "\xff/due", "今天开会吗", "查一下营养餐相关的任务"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		in := Parse(text, testBot)
		if in.Command != "" && commandNames[in.Command] != in.Command {
			t.Fatalf("unknown command %q", in.Command)
		}
		if !utf8.ValidString(in.Args) {
			t.Fatalf("invalid UTF-8 in args %q", in.Args)
		}
		if in.Other && in.Command != "" {
			t.Fatalf("both another bot's and ours: %+v", in)
		}
		// Parse is deterministic and a command survives surrounding spaces.
		if again := Parse(text, testBot); again != in {
			t.Fatalf("Parse not deterministic: %+v vs %+v", in, again)
		}
	})
}

func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"进度60%", "百分之八十五", "百分之百", "从30%提高到60%", "进度：45", "62.5%", "百分之一百零五", "#12 3所"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n, ok := ParsePercent(text)
		if ok && (n < 0 || n > 100) {
			t.Fatalf("ParsePercent(%q) = %d", text, n)
		}
		if !ok && n != 0 {
			t.Fatalf("ParsePercent(%q) = %d without ok", text, n)
		}
	})
}

func FuzzArgs(f *testing.F) {
	for _, s := range []string{"12 已完成", "#12", "abc", "99999999999999999999", "１２号 进展", "本周", "30", "十天", "时限：12月31日前",
		"标题 | 督导室 | 12月底前 | 100%"} {
		f.Add(s)
	}
	today := date("2026-11-25")
	f.Fuzz(func(t *testing.T, s string) {
		if n, rest, err := parseNumberArg(s, "u", "u"); err == nil {
			if n <= 0 || !utf8.ValidString(rest) && utf8.ValidString(s) {
				t.Fatalf("parseNumberArg(%q) = %d, %q", s, n, rest)
			}
		}
		if w, err := parseWindow(s, today, "zh"); err == nil {
			if w.to.Before(w.from) || w.from.Before(today) || today.DaysUntil(w.to) > maxWindowDays+31 {
				t.Fatalf("parseWindow(%q) = %v..%v", s, w.from, w.to)
			}
		}
		name, value := splitField(s)
		if len(name)+len(value) > len(s) {
			t.Fatalf("splitField(%q) grew", s)
		}
		for _, p := range splitBars(s) {
			if strings.Contains(p, "|") {
				t.Fatalf("splitBars(%q) kept a bar", s)
			}
		}
	})
}

func FuzzClassify(f *testing.F) {
	for _, tt := range classifyTests {
		f.Add(tt.text)
	}
	for _, s := range []string{"还没开始呢", "几乎", "十几所", "进度-10%", "进度150%", "撤回", "？", "吗", "呢呢", "了没有",
		"\xff吗", "请问是否", strings.Repeat("已完成", 100) + "？"} {
		f.Add(s)
	}
	aspects := []Aspect{AspectItem, AspectOwner, AspectPartners, AspectDeadline, AspectTarget, AspectMaterials}
	f.Fuzz(func(t *testing.T, text string) {
		r, a := Classify(text)
		if r < ReadUnclear || r > ReadWithdraw || !slices.Contains(aspects, a) {
			t.Fatalf("Classify(%q) = %v, %q", text, r, a)
		}
		if r2, a2 := Classify(text); r2 != r || a2 != a {
			t.Fatalf("Classify(%q) not deterministic", text)
		}
		// A question about an item is never recorded as a report.
		in := Parse("#5 "+text, "")
		if in.Source == SourceRule && in.Command == "progress" && r == ReadQuestion {
			t.Fatalf("question %q parsed as a report: %+v", text, in)
		}
		if in.Source == SourceRule && in.Command == "progress" && !strings.HasPrefix(in.Args, "5 ") {
			t.Fatalf("report on the wrong item: %+v", in)
		}
		if _, bad := BadPercent(text); bad {
			if n, ok := ParsePercent(text); ok && (n < 0 || n > 100) {
				t.Fatalf("ParsePercent(%q) = %d", text, n)
			}
		}
	})
}

func FuzzItemRef(f *testing.F) {
	for _, s := range []string{"#5", "＃５号", "第五项", "第5条任务", "任务五", "事项12", "5号任务", "五号", "十二号任务", "请问#5",
		"第", "#", "任务", "第一百零五项", "#99999999999999999999", "关于第3项，"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs := fold(cleanText(s))
		ref, ok := findItemRef(rs)
		if !ok {
			return
		}
		if ref.end < 0 || ref.end > len(rs) || ref.number == "" || strings.Trim(ref.number, "0123456789") != "" {
			t.Fatalf("findItemRef(%q) = %+v", s, ref)
		}
		if n, rest, err := parseNumberArg(s, "u", "u"); err == nil && (n <= 0 || !utf8.ValidString(rest) && utf8.ValidString(s)) {
			t.Fatalf("parseNumberArg(%q) = %d, %q", s, n, rest)
		}
	})
}

// FuzzCleanText: what cleanText returns is valid UTF-8 without control,
// zero-width or direction characters (newlines and tabs stay), at most
// maxParseRunes runes, and a text that was already so comes back as it was.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"#12 已完成招标，进度60%", "a\x00b\r\nc", "\xff\xfe中文", "\u202e反向\u2066", "零\u200b宽\ufeff", "\xe4\xb8", "\xe9\xbf\xbf\xe4\x80\x80", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := cleanText(s)
		if !utf8.ValidString(got) {
			t.Fatalf("cleanText(%q) = %q: not UTF-8", s, got)
		}
		n := 0
		for _, r := range got {
			n++
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r == '\u200b' || r == '\ufeff' || isBidiControl(r) {
				t.Fatalf("cleanText(%q) = %q keeps %U", s, got, r)
			}
		}
		if n > maxParseRunes {
			t.Fatalf("cleanText kept %d runes", n)
		}
		clean := utf8.ValidString(s) && utf8.RuneCountInString(s) <= maxParseRunes
		for _, r := range s {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r == '\u200b' || r == '\ufeff' || isBidiControl(r) {
				clean = false
			}
		}
		if clean && got != s {
			t.Fatalf("cleanText(%q) = %q, want it unchanged", s, got)
		}
	})
}
