package scheduler

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// ParseSettings is the package's ParseSettings, for the handlers.
func (s *Scheduler) ParseSettings(args string, current duban.ChatSettings, lang string) (duban.ChatSettings, error) {
	return ParseSettings(args, current, lang)
}

// ParseSettings applies a /settings command to a chat's current settings
// and returns the new ones; args is what follows the command. It is pure:
// the handler saves the result and shows it with report.SettingsText.
//
//	weekly off | weekly on          每周提醒 关 | 开
//	weekly 周五 16:00               day and/or time (turns weekly on)
//	weekly 默认                     back to the global day and time
//	deadlines off | monthly on      到期提醒 关 | 月度通报 开
//	reset                           恢复默认: every setting to the default
//
// Empty args return current unchanged. A bad request is an EINVALID
// *duban.Error whose message, in lang, says what to type instead.
func ParseSettings(args string, current duban.ChatSettings, lang string) (duban.ChatSettings, error) {
	fields := strings.Fields(args)
	if len(fields) == 0 {
		return current, nil
	}
	head := strings.ToLower(fields[0])
	rest := strings.Join(fields[1:], " ")
	if settingsReset[head] {
		if rest != "" {
			return current, settingsErr(lang, "“%s”后面不需要再写内容。", "nothing goes after %q.", fields[0])
		}
		return duban.ChatSettings{}, nil
	}
	job, ok := settingsJobs[head]
	if !ok {
		// "每周提醒关": a job word glued to its value; the longest word wins.
		for _, word := range settingsJobWords {
			if strings.HasPrefix(head, word) && len(head) > len(word) {
				job, ok = settingsJobs[word], true
				rest = strings.TrimSpace(head[len(word):] + " " + rest)
				break
			}
		}
	}
	if !ok {
		// "/settings 周五 16:00" means the weekly reminder.
		if _, _, err := parseWhen(args, lang); err == nil {
			job, ok, rest = Weekly, true, strings.TrimSpace(args)
		}
	}
	if !ok {
		return current, settingsErr(lang,
			"不认识“%s”。可以设置：weekly（每周提醒）、deadlines（到期提醒）、monthly（月度通报），例如 /settings weekly 周五 16:00",
			"unknown setting %q. Try weekly, deadlines or monthly, e.g. /settings weekly fri 16:00", clip(fields[0]))
	}
	if rest == "" {
		if job == Weekly {
			return current, settingsErr(lang, "请写明每周提醒要开（on）还是关（off），或星期和时间，如 /settings weekly 周五 16:00",
				"say whether the weekly reminder is on or off, or give a day and time, e.g. /settings weekly fri 16:00")
		}
		return current, settingsErr(lang, "请写明%s要开（on）还是关（off）。", "say whether %s is on or off.", settingsJobName(job, lang))
	}
	next := current
	if on, known := settingsSwitch(rest); known {
		setOff(&next, job, !on)
		return next, nil
	}
	if job != Weekly {
		return current, settingsErr(lang, "%s只能开（on）或关（off），不认识“%s”。", "%s can only be on or off, not %q.",
			settingsJobName(job, lang), clip(rest))
	}
	if settingsDefault[strings.ToLower(rest)] {
		next.WeeklyOff, next.WeeklyDay, next.WeeklyTime = false, 0, ""
		return next, nil
	}
	day, clock, err := parseWhen(rest, lang)
	if err != nil {
		return current, err
	}
	next.WeeklyOff = false
	if day != 0 {
		next.WeeklyDay = day
	}
	if clock != "" {
		next.WeeklyTime = clock
	}
	return next, nil
}

var (
	settingsJobs = map[string]Job{
		"weekly": Weekly, "week": Weekly, "每周": Weekly, "周报": Weekly, "每周提醒": Weekly, "周提醒": Weekly,
		"deadlines": Deadlines, "deadline": Deadlines, "到期": Deadlines, "到期提醒": Deadlines, "截止提醒": Deadlines, "时限提醒": Deadlines,
		"monthly": Monthly, "month": Monthly, "月报": Monthly, "通报": Monthly, "月度通报": Monthly, "每月": Monthly,
	}
	// settingsJobWords are the keys of settingsJobs, longest first.
	settingsJobWords = func() []string {
		var words []string
		for w := range settingsJobs {
			words = append(words, w)
		}
		sort.Slice(words, func(i, j int) bool {
			if len(words[i]) != len(words[j]) {
				return len(words[i]) > len(words[j])
			}
			return words[i] < words[j]
		})
		return words
	}()
	settingsReset   = map[string]bool{"reset": true, "默认": true, "恢复默认": true, "重置": true}
	settingsDefault = map[string]bool{"default": true, "默认": true, "恢复默认": true}
	settingsOn      = map[string]bool{"on": true, "开": true, "开启": true, "打开": true, "启用": true, "恢复": true}
	settingsOff     = map[string]bool{"off": true, "关": true, "关闭": true, "停": true, "停止": true, "停用": true, "取消": true}
)

// settingsSwitch reads on/off words.
func settingsSwitch(s string) (on, known bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case settingsOn[s]:
		return true, true
	case settingsOff[s]:
		return false, true
	}
	return false, false
}

func setOff(set *duban.ChatSettings, job Job, off bool) {
	switch job {
	case Weekly:
		set.WeeklyOff = off
	case Deadlines:
		set.DeadlinesOff = off
	case Monthly:
		set.MonthlyOff = off
	}
}

func settingsJobName(job Job, lang string) string {
	switch job {
	case Weekly:
		return report.Tr(lang, "每周提醒", "the weekly reminder")
	case Deadlines:
		return report.Tr(lang, "到期提醒", "the deadline reminder")
	}
	return report.Tr(lang, "月度通报", "the monthly briefing")
}

func settingsErr(lang, zh, en string, args ...any) error {
	return duban.Errorf(duban.EINVALID, report.Tr(lang, zh, en), args...)
}

// clip shortens what the user typed before quoting it back.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 20 {
		return s
	}
	return string([]rune(s)[:20]) + "…"
}

// weekdayWords maps the ways of writing a day to 1 (Monday) … 7 (Sunday).
// Longer words come first where one is a prefix of another.
var weekdayWords = []struct {
	word string
	day  int
}{
	{"星期一", 1}, {"星期二", 2}, {"星期三", 3}, {"星期四", 4}, {"星期五", 5}, {"星期六", 6}, {"星期日", 7}, {"星期天", 7},
	{"礼拜一", 1}, {"礼拜二", 2}, {"礼拜三", 3}, {"礼拜四", 4}, {"礼拜五", 5}, {"礼拜六", 6}, {"礼拜日", 7}, {"礼拜天", 7},
	{"周一", 1}, {"周二", 2}, {"周三", 3}, {"周四", 4}, {"周五", 5}, {"周六", 6}, {"周日", 7}, {"周天", 7},
	{"monday", 1}, {"tuesday", 2}, {"wednesday", 3}, {"thursday", 4}, {"friday", 5}, {"saturday", 6}, {"sunday", 7},
	{"mon", 1}, {"tue", 2}, {"wed", 3}, {"thu", 4}, {"fri", 5}, {"sat", 6}, {"sun", 7},
}

// parseWhen reads a day and/or a time: "周五 16:00", "周五16点半", "fri
// 4pm", "5 16:00", "16:00". It returns day 0 or clock "" for what was not
// given.
func parseWhen(s, lang string) (day int, clock string, err error) {
	s = strings.ToLower(strings.TrimSpace(s))
	bad := func(tok string) error {
		return settingsErr(lang,
			"不认识“%s”。请写星期和时间，如“周五 16:00”“周一 8:30”，时间用24小时制。",
			"cannot read %q. Write a day and a time, e.g. \"fri 16:00\" or \"mon 8:30\" (24-hour clock).", clip(tok))
	}
	for s != "" {
		s = strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '，' || r == '、' })
		if s == "" {
			break
		}
		if d, n := scanWeekday(s); n > 0 {
			if day != 0 {
				return 0, "", settingsErr(lang, "只能写一个星期几。", "give one day only.")
			}
			day, s = d, s[n:]
			continue
		}
		if h, m, n, ok := scanClock(s); n > 0 {
			if !ok {
				return 0, "", settingsErr(lang, "时间“%s”无效，请用24小时制，如 16:00。", "%q is not a valid time; use a 24-hour clock such as 16:00.", clip(s[:n]))
			}
			if clock != "" {
				return 0, "", settingsErr(lang, "只能写一个时间。", "give one time only.")
			}
			clock, s = fmt.Sprintf("%02d:%02d", h, m), s[n:]
			continue
		}
		// A lone digit 1..7 is a day: "weekly 5 16:00".
		if r, size := utf8.DecodeRuneInString(s); r >= '1' && r <= '7' && (size == len(s) || unicode.IsSpace(rune(s[size]))) && day == 0 {
			day, s = int(r-'0'), s[size:]
			continue
		}
		tok, _, _ := strings.Cut(s, " ")
		return 0, "", bad(tok)
	}
	if day == 0 && clock == "" {
		return 0, "", bad(s)
	}
	return day, clock, nil
}

func scanWeekday(s string) (day, n int) {
	for _, w := range weekdayWords {
		if strings.HasPrefix(s, w.word) {
			return w.day, len(w.word)
		}
	}
	return 0, 0
}

// scanClock reads a time at the start of s: "16:00", "16：00", "8:30",
// "16点", "16点30", "16点半", "16时", "4pm", "4:30pm", "上午9点",
// "下午4点". n is 0 when s does not start with a time; ok is false when it
// does but the time is impossible ("25:00").
func scanClock(s string) (hour, min, n int, ok bool) {
	i := 0
	pm, am := false, false
	for _, p := range []string{"上午", "早上", "下午", "晚上"} {
		if strings.HasPrefix(s, p) {
			pm, am, i = p == "下午" || p == "晚上", p == "上午" || p == "早上", len(p)
			break
		}
	}
	digits := func() (int, bool) {
		j := i
		for j < len(s) && j-i < 3 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i || j-i > 2 {
			return 0, false
		}
		v, _ := strconv.Atoi(s[i:j])
		i = j
		return v, true
	}
	h, okH := digits()
	if !okH {
		return 0, 0, 0, false
	}
	m := 0
	switch {
	case strings.HasPrefix(s[i:], ":") || strings.HasPrefix(s[i:], "："):
		if s[i] == ':' {
			i++
		} else {
			i += len("：")
		}
		v, okM := digits()
		if !okM {
			return 0, 0, i, false
		}
		m = v
	case strings.HasPrefix(s[i:], "点") || strings.HasPrefix(s[i:], "时"):
		i += len("点")
		if strings.HasPrefix(s[i:], "半") {
			m, i = 30, i+len("半")
		} else if v, okM := digits(); okM {
			m = v
			if strings.HasPrefix(s[i:], "分") {
				i += len("分")
			}
		}
	case strings.HasPrefix(s[i:], "am") || strings.HasPrefix(s[i:], "pm"):
		// handled below
	default:
		if !am && !pm {
			return 0, 0, 0, false // a bare number is not a time
		}
	}
	if strings.HasPrefix(s[i:], "am") {
		am, i = true, i+2
	} else if strings.HasPrefix(s[i:], "pm") {
		pm, i = true, i+2
	}
	if (am || pm) && (h < 1 || h > 12) {
		return 0, 0, i, false
	}
	if pm && h < 12 {
		h += 12
	}
	if am && h == 12 {
		h = 0
	}
	if h > 23 || m > 59 {
		return 0, 0, i, false
	}
	return h, m, i, true
}
