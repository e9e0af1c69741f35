package zhdate

// Relative words: days (今天, 后天) and weeks (本周, 下周一, 周五) counted
// from the reference day.

import (
	"strings"
	"time"
)

// weekStart is the Monday of the week holding t (weeks start on Monday).
func (p *scanner) weekStart(t time.Time) time.Time {
	off := (int(t.Weekday()) + 6) % 7
	return t.AddDate(0, 0, -off)
}

// weekday reads 一…六, 日 or 天 after 周/星期/礼拜 and returns 1 (Monday) to
// 7 (Sunday); it refuses counts such as "每周三节课".
func (p *scanner) weekday(j int) (int, int, bool) {
	r, sz := p.at(j)
	d := cnDigit(r)
	switch {
	case d >= 1 && d <= 6:
	case r == '日' || r == '天':
		d = 7
		if p.nextIn(j+sz, blockAfterSunday) {
			return 0, j, false
		}
	default:
		return 0, j, false
	}
	if p.nextIn(j+sz, measureAfterWeekday) || isNumLike(p.peek(j+sz)) {
		return 0, j, false
	}
	return d, j + sz, true
}

// dayWords are the days named relative to the reference day.
var dayWords = map[string]int{
	"今天": 0, "今日": 0, "本日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3, "大大后天": 4,
	"昨天": -1, "昨日": -1, "前天": -2, "大前天": -3, "大大前天": -4,
}

// relative reads day words (今天, 明天, 后天, 大后天, 昨天, 前天, 大前天,
// 本日) and week words: 本周, 下周, 下下周, 上周, 上上周 (Monday to Sunday),
// 下周一, 下周周六, 本周末 (Saturday and Sunday), and a bare 周五 or 星期五:
// the next one on or after the reference day (on a Saturday, 周五 is the
// coming Friday; 本周五 is the one just past), except as the first half of
// a range (周一至周五 is this week's).
func (p *scanner) relative(i int) (hit, int, bool) {
	if k, w, ok := p.any(i, "大大后天", "大大前天", "大后天", "大前天", "今天", "今日", "本日", "明天", "明日", "昨天", "昨日", "后天", "前天", "即日"); ok {
		if w == "即日" && !p.nextIn(k, "起") {
			// 即日 is a date only in 即日起 ("from today").
			return hit{}, i, false
		}
		if w == "前天" && p.before(i) != 0 && in("提之以目当事", p.before(i)) {
			return hit{}, i, false // 提前天数
		}
		if w == "后天" && p.before(i) != 0 && in("先之以最然落", p.before(i)) {
			return hit{}, i, false // 先天后天, 之后天数
		}
		t := p.ref
		if w != "即日" {
			t = t.AddDate(0, 0, dayWords[w])
		}
		return hit{start: t, end: t, gran: gDay, year: t.Year(), month: t.Month()}, k, true
	}
	off := 0
	j, w, ok := p.any(i, "本", "这个", "这一", "这", "下下个", "下下", "下个", "下一", "下", "上上个", "上上", "上个", "上一", "上")
	if ok {
		switch {
		case strings.HasPrefix(w, "下下"):
			off = 2
		case strings.HasPrefix(w, "上上"):
			off = -2
		case strings.HasPrefix(w, "下"):
			off = 1
		case strings.HasPrefix(w, "上"):
			off = -1
		}
		k, _, ok := p.any(j, "周", "星期", "礼拜")
		if !ok {
			return hit{}, i, false
		}
		mon := p.weekStart(p.ref).AddDate(0, 0, 7*off)
		if l, ok := p.has(k, "末"); ok {
			return hit{start: mon.AddDate(0, 0, 5), end: mon.AddDate(0, 0, 6), year: mon.Year()}, l, true
		}
		// 下周一, and 下周周六, 下周的星期六.
		at := k
		if l, _, ok := p.any(k, "的周", "的星期", "的礼拜", "周", "星期", "礼拜"); ok {
			at = l
		}
		if d, l, ok := p.weekday(at); ok {
			t := mon.AddDate(0, 0, d-1)
			return hit{start: t, end: t, gran: gDay, year: t.Year(), month: t.Month()}, l, true
		}
		if p.nextIn(k, "期年边岁密全转折刊报围长") {
			return hit{}, i, false
		}
		return hit{start: mon, end: mon.AddDate(0, 0, 6), year: mon.Year()}, k, true
	}
	k, _, ok := p.any(i, "周", "星期", "礼拜")
	if !ok {
		return hit{}, i, false
	}
	if b := p.before(i); isNumLike(b) || (b != 0 && in("每本这下上个几第隔逐", b)) {
		return hit{}, i, false
	}
	d, l, ok := p.weekday(k)
	if !ok {
		return hit{}, i, false
	}
	t := p.weekStart(p.ref).AddDate(0, 0, d-1)
	if _, rng := p.connector(l); t.Before(p.ref) && !rng {
		t = t.AddDate(0, 0, 7)
	}
	return hit{start: t, end: t, gran: gDay, year: t.Year(), month: t.Month()}, l, true
}

// addMonths adds n months to t, clamping to the month's last day
// (1月31日 plus one month is 2月28日, not 3月3日).
func (p *scanner) addMonths(t time.Time, n int) time.Time {
	first := p.date(t.Year(), t.Month()+time.Month(n), 1)
	d := t.Day()
	if last := daysIn(first.Year(), first.Month()); d > last {
		d = last
	}
	return p.date(first.Year(), first.Month(), d)
}
