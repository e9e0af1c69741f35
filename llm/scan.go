package llm

import (
	"math"
	"strings"
	"unicode"

	"github.com/duban-bot/duban/zhnum"
)

// This file finds the figures in a text, for Ground. It is a hand-written
// scanner rather than a set of regular expressions because what counts as a
// figure depends on both neighbours (第一 and 一是 are ordinals, 三所 is a
// count, 三四所 is a vague range) and Chinese numerals need a small parser.

type kind int

const (
	kindPlain   kind = iota // a bare number: "60", "2026"
	kindCount               // a number with a measure word: "3所", "十五项"
	kindPercent             // "60%", "百分之六十", "5个百分点"
	kindMoney               // an amount in yuan: "1.5万元", "¥3,000"
	kindDate                // year, month and/or day: "2026年11月3日", "2026-11-03"
	kindCite                // an item citation: "#12"
)

// mention is one figure found in a text. start and end are rune indexes;
// a mark goes at end.
type mention struct {
	start, end       int
	kind             kind
	val              float64
	approx           bool    // "3000多", "10余": val <= x < hi
	hi               float64 // upper bound when approx
	year, month, day int     // kindDate; 0 = not stated
	cite             int     // kindCite
}

// units are measure words that make a number a count. Longer ones come first
// so that "3个月" is a count and not a month.
var units = []string{
	"个百分点", "平方米", "个月", "课时", "学时", "小时", "公里", "人次", "平米", "周岁",
	"项", "所", "个", "名", "人", "位", "次", "场", "家", "条", "件", "份", "批", "类", "种",
	"门", "节", "天", "周", "期", "轮", "届", "班", "支", "座", "栋", "幢", "间", "台", "套",
	"辆", "张", "册", "本", "篇", "部", "处", "亩", "户", "倍", "校", "园", "岁", "米", "分", "年",
}

// setPhrases are fixed political phrases whose numerals are names, not
// figures ("十分" is "very"); a formal summary may well use them.
var setPhrases = []string{"十分", "四个意识", "四个自信", "两个维护", "两个确立", "三个代表", "四个全面", "五位一体", "两学一做", "一岗双责"}

// Rune forms of the words above, made once: scan runs over every rune.
var (
	unitRunes    = toRunes(units)
	phraseRunes  = toRunes(setPhrases)
	runesPercent = []rune("百分之")
	runesPoints  = []rune("个百分点")
	runesGrade   = []rune("年级")
)

func toRunes(ss []string) [][]rune {
	out := make([][]rune, len(ss))
	for i, s := range ss {
		out[i] = []rune(s)
	}
	return out
}

var englishMonths = map[string]int{
	"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
	"August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
	"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
	"Oct": 10, "Nov": 11, "Dec": 12,
}

var englishScale = []struct {
	word string
	mul  float64
}{{"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}}

// scan returns the figures of rs in order.
func scan(rs []rune) []mention {
	var out []mention
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case (r == '#' || r == '＃') && i+1 < len(rs) && zhnum.Digit(rs[i+1]) >= 0:
			j := i + 1
			for j < len(rs) && zhnum.Digit(rs[j]) >= 0 {
				j++
			}
			n := -1 // too long to be an item number: never in scope
			if j-i-1 <= 9 {
				n = atoi(rs[i+1 : j])
			}
			out = append(out, mention{start: i, end: j, kind: kindCite, cite: n})
			i = j
		case hasPrefixAt(rs, i, runesPercent):
			if at(rs, i+3) == '百' && !zhnum.IsNumeral(at(rs, i+4)) {
				out = append(out, mention{start: i, end: i + 4, kind: kindPercent, val: 100}) // 百分之百
				i += 4
			} else if v, j, ok := readNumber(rs, i+3); ok {
				out = append(out, mention{start: i, end: j, kind: kindPercent, val: v})
				i = j
			} else {
				i += 3
			}
		case zhnum.Digit(r) >= 0:
			m, j, ok := scanArabic(rs, i)
			if ok {
				out = append(out, m)
			}
			i = j
		case zhnum.CnDigit(r) >= 0 || r == '十':
			if p := phraseAt(rs, i); p > 0 {
				i += p
				continue
			}
			m, j, ok := scanChinese(rs, i)
			if ok {
				out = append(out, m)
			}
			i = j
		case strings.ContainsRune("百千万亿", r) && strings.ContainsRune("近上逾约超过达", before(rs, i)):
			m, j, ok := scanMagnitude(rs, i)
			if ok {
				out = append(out, m)
			}
			i = j
		case isASCIILetter(r):
			m, j, ok := scanWord(rs, i)
			if ok {
				out = append(out, m)
			}
			i = j
		default:
			i++
		}
	}
	return out
}

// scanArabic reads a figure written with digits at rs[i]. It returns the
// index to continue from and whether a figure was found.
func scanArabic(rs []rune, i int) (mention, int, bool) {
	// ISO-like dates: 2026-11-03, 2026/11/3, 2026.11.03.
	if m, j, ok := isoDate(rs, i); ok {
		return m, j, true
	}
	v, j, ok := readNumber(rs, i)
	if !ok {
		return mention{}, j, false
	}
	prev := before(rs, i)
	// An identifier or English ordinal ("5G", "H5", "3rd"): skip the word.
	if j < len(rs) && isASCIILetter(rs[j]) {
		return mention{}, skipWord(rs, j), false
	}
	if prev == '第' {
		return mention{}, skipUnit(rs, j), false
	}
	if isListMarker(rs, i, j) {
		return mention{}, j, false
	}
	m := mention{start: i, val: v}
	if prev == '¥' || prev == '￥' {
		m.kind = kindMoney
	}
	return finish(rs, m, j, true)
}

// scanChinese reads a figure written in Chinese numerals at rs[i].
func scanChinese(rs []rune, i int) (mention, int, bool) {
	j := i
	for j < len(rs) && (zhnum.IsNumeral(rs[j]) || (rs[j] == '点' && j+1 < len(rs) && zhnum.CnDigit(rs[j+1]) >= 0 && j > i)) {
		j++
	}
	run := rs[i:j]
	prev, next := before(rs, i), at(rs, j)
	switch {
	case strings.ContainsRune("第几数若之其", prev):
		return mention{}, skipUnit(rs, j), false // ordinals (第一, 之一, 其二) and vague amounts (数十, 几百)
	case next == '是' || next == '、' || next == '几' || next == '来':
		return mention{}, j, false // 一是, 一、, 十几, 十来
	case hasPrefixAt(rs, j, runesGrade):
		return mention{}, j + 2, false
	}
	// Years are read digit by digit: 二〇二六年.
	if y, n, size := zhnum.CnDigits(string(run)); n == 4 && size == len(string(run)) && next == '年' {
		d := dateTail(rs, mention{start: i, kind: kindDate, year: int(y)}, j+1)
		return d, d.end, true
	}
	v, ok := zhnum.Parse(string(run))
	if !ok {
		return mention{}, j, false
	}
	if indexRune(run, '两') >= 0 && (next == '日' || next == '月') {
		// 两日, 两月 are durations: a date would say 二日, 二月.
		return mention{start: i, end: j + 1, kind: kindCount, val: v}, j + 1, true
	}
	m, end, found := finish(rs, mention{start: i, val: v}, j, false)
	if !found {
		return mention{}, end, false
	}
	// 一 before a measure word is an article more often than a figure
	// (一项重要工作, 一个中心); 一日 is as often an idiom as a date.
	if v == 1 && (m.kind == kindCount || (m.kind == kindDate && m.month == 0 && m.year == 0)) {
		return mention{}, end, false
	}
	return m, end, true
}

// scanMagnitude reads a bare order of magnitude used as an amount: 近万人,
// 上千名, 逾百所. It is a claim about a figure, so it needs a recorded figure
// of that size to stand on: 近万/约万 from half of ten thousand to one and a
// half times it, 上万/逾万 from ten thousand to a hundred thousand.
func scanMagnitude(rs []rune, i int) (mention, int, bool) {
	v := map[rune]float64{'百': 1e2, '千': 1e3, '万': 1e4, '亿': 1e8}[rs[i]]
	lo, hi := v, v*10
	if p := before(rs, i); p == '近' || p == '约' {
		lo, hi = v/2, v*1.5
	}
	j := i + 1
	if at(rs, j) == '多' || at(rs, j) == '余' {
		j++
	}
	u := unitAt(rs, j)
	if u == 0 && at(rs, j) != '元' {
		return mention{}, j, false
	}
	k := kindCount
	if at(rs, j) == '元' {
		k, u = kindMoney, 1
	}
	return mention{start: i, end: j + u, kind: k, val: lo, approx: true, hi: hi}, j + u, true
}

// finish reads what follows a number (a multiplier, 多/余, a unit, a date
// word) and decides the kind. arabic tells whether the number was written in
// digits: Chinese numerals with no unit are not figures.
func finish(rs []rune, m mention, j int, arabic bool) (mention, int, bool) {
	mul := 1.0
	approx := false
	base := m.val
	if at(rs, j) == '多' || at(rs, j) == '余' {
		approx, j = true, j+1
	}
multipliers:
	for {
		switch r := at(rs, j); {
		case r == '万':
			mul *= 1e4
		case r == '亿':
			mul *= 1e8
		case arabic && r == '千':
			mul *= 1e3
		case arabic && r == '百' && at(rs, j+1) != '分': // not 3百分点
			mul *= 1e2
		default:
			break multipliers
		}
		j++
	}
	if arabic {
		for _, s := range englishScale {
			if k := wordAt(rs, j, s.word); k > 0 {
				mul *= s.mul
				j = k
				break
			}
		}
	}
	if !approx && (at(rs, j) == '多' || at(rs, j) == '余') {
		approx, j = true, j+1
	}
	m.val = base * mul
	if approx {
		m.approx, m.hi = true, (base+stepOf(base))*mul
	}
	whole := mul == 1 && !approx && base == math.Trunc(base)
	r := at(rs, j)
	switch {
	case r == '%' || r == '％':
		m.kind, m.end = kindPercent, j+1
	case hasPrefixAt(rs, j, runesPoints):
		m.kind, m.end = kindPercent, j+4
	case r == '元' || r == '块':
		m.kind, m.end = kindMoney, j+1
	case whole && r == '年' && base >= 1900 && base <= 2100:
		d := dateTail(rs, mention{start: m.start, kind: kindDate, year: int(base)}, j+1)
		return d, d.end, true
	case whole && r == '月' && base >= 1 && base <= 12:
		d := dateTail(rs, mention{start: m.start, kind: kindDate, month: int(base)}, j+1)
		return d, d.end, true
	case whole && (r == '日' || r == '号') && base >= 1 && base <= 31:
		m.kind, m.day, m.end = kindDate, int(base), j+1
	case arabic && whole && base >= 1 && base <= 31 && englishMonthAt(rs, j) > 0:
		// "3 November", "3 Nov 2026"
		mon, k := englishMonthAfterDay(rs, j)
		d := mention{start: m.start, kind: kindDate, month: mon, day: int(base), end: k}
		d.year, d.end = yearAfter(rs, k)
		return d, d.end, true
	default:
		if u := unitAt(rs, j); u > 0 {
			if m.kind != kindMoney {
				m.kind = kindCount
			}
			m.end = j + u
			break
		}
		if arabic {
			for _, w := range []string{"percent", "per cent"} {
				if k := wordAt(rs, j, w); k > 0 {
					m.kind, m.end = kindPercent, k
					return m, k, true
				}
			}
			for _, w := range []string{"yuan", "RMB", "CNY"} {
				if k := wordAt(rs, j, w); k > 0 {
					m.kind, m.end = kindMoney, k
					return m, k, true
				}
			}
			if m.kind != kindMoney {
				m.kind = kindPlain
			}
			m.end = j
			break
		}
		return mention{}, j, false
	}
	return m, m.end, true
}

// dateTail continues a date after its year or month: "2026年" may go on with
// "11月", "11月" with "3日". Either part may be in Chinese numerals.
func dateTail(rs []rune, m mention, j int) mention {
	m.end = j
	if m.year > 0 && m.month == 0 {
		if v, k, ok := readNumber(rs, j); ok && at(rs, k) == '月' && v >= 1 && v <= 12 && v == math.Trunc(v) {
			m.month, m.end, j = int(v), k+1, k+1
		} else {
			return m
		}
	}
	if v, k, ok := readNumber(rs, j); ok && (at(rs, k) == '日' || at(rs, k) == '号') && v >= 1 && v <= 31 && v == math.Trunc(v) {
		m.day, m.end = int(v), k+1
	}
	return m
}

// isoDate reads 2026-11-03 (also with / or . between the parts).
func isoDate(rs []rune, i int) (mention, int, bool) {
	digits := func(j, lo, hi int) (int, int) {
		k := j
		for k < len(rs) && k-j < hi && zhnum.Digit(rs[k]) >= 0 {
			k++
		}
		if k-j < lo || (k < len(rs) && zhnum.Digit(rs[k]) >= 0) {
			return -1, j
		}
		return atoi(rs[j:k]), k
	}
	y, j := digits(i, 4, 4)
	if y < 0 || j >= len(rs) || !strings.ContainsRune("-/.", rs[j]) {
		return mention{}, i, false
	}
	sep := rs[j]
	mo, k := digits(j+1, 1, 2)
	if mo < 1 || mo > 12 || at(rs, k) != sep {
		return mention{}, i, false
	}
	d, e := digits(k+1, 1, 2)
	if d < 1 || d > 31 {
		return mention{}, i, false
	}
	return mention{start: i, end: e, kind: kindDate, year: y, month: mo, day: d}, e, true
}

// scanWord reads an English month date ("November 3, 2026", "Nov 2026") or
// skips the word, digits glued to it included ("H5", "G20").
func scanWord(rs []rune, i int) (mention, int, bool) {
	if i > 0 && (isASCIILetter(rs[i-1]) || zhnum.Digit(rs[i-1]) >= 0) {
		return mention{}, skipWord(rs, i), false
	}
	j := i
	for j < len(rs) && isASCIILetter(rs[j]) {
		j++
	}
	word := string(rs[i:j])
	mon, ok := englishMonths[word]
	if !ok || (j < len(rs) && zhnum.Digit(rs[j]) >= 0) {
		return mention{}, skipWord(rs, i), false
	}
	if at(rs, j) == '.' { // "Nov."
		j++
	}
	m := mention{start: i, end: j, kind: kindDate, month: mon}
	if at(rs, j) == ' ' {
		if d, k := dayAt(rs, j+1); d > 0 {
			m.day, m.end = d, k
		}
	}
	m.year, m.end = yearAfter(rs, m.end)
	if word == "May" && m.day == 0 && m.year == 0 {
		return mention{}, j, false // the verb, most likely
	}
	return m, m.end, true
}

// dayAt reads "3", "3rd", "03" as a day of the month.
func dayAt(rs []rune, j int) (int, int) {
	k := j
	for k < len(rs) && k-j < 2 && zhnum.Digit(rs[k]) >= 0 {
		k++
	}
	if k == j || (k < len(rs) && zhnum.Digit(rs[k]) >= 0) {
		return 0, j
	}
	d := atoi(rs[j:k])
	if d < 1 || d > 31 {
		return 0, j
	}
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if hasPrefixAt(rs, k, []rune(suf)) && !isASCIILetter(at(rs, k+2)) {
			k += 2
			break
		}
	}
	if isASCIILetter(at(rs, k)) {
		return 0, j
	}
	return d, k
}

// yearAfter reads ", 2026" or " 2026" after an English date.
func yearAfter(rs []rune, j int) (int, int) {
	k := j
	if at(rs, k) == ',' {
		k++
	}
	if at(rs, k) != ' ' {
		return 0, j
	}
	k++
	e := k
	for e < len(rs) && e-k < 4 && zhnum.Digit(rs[e]) >= 0 {
		e++
	}
	if e-k != 4 || zhnum.Digit(at(rs, e)) >= 0 || isASCIILetter(at(rs, e)) {
		return 0, j
	}
	y := atoi(rs[k:e])
	if y < 1900 || y > 2100 {
		return 0, j
	}
	return y, e
}

func englishMonthAt(rs []rune, j int) int {
	mon, _ := englishMonthAfterDay(rs, j)
	return mon
}

// englishMonthAfterDay reads " November" after a day number.
func englishMonthAfterDay(rs []rune, j int) (int, int) {
	if at(rs, j) != ' ' {
		return 0, j
	}
	k := j + 1
	e := k
	for e < len(rs) && isASCIILetter(rs[e]) {
		e++
	}
	mon, ok := englishMonths[string(rs[k:e])]
	if !ok {
		return 0, j
	}
	if at(rs, e) == '.' {
		e++
	}
	return mon, e
}

// isListMarker tells "1、", "1. " or "1)" at the start of a line, and "(1)",
// from a figure.
func isListMarker(rs []rune, i, j int) bool {
	p, n := before(rs, i), at(rs, j)
	if (p == '(' || p == '（') && (n == ')' || n == '）') {
		return true
	}
	k := i - 1
	for k >= 0 && (rs[k] == ' ' || rs[k] == '\t' || rs[k] == '　') {
		k--
	}
	if k >= 0 && rs[k] != '\n' {
		return false
	}
	switch n {
	case '、', ')', '）', '．':
		return true
	case '.':
		return at(rs, j+1) == ' ' || at(rs, j+1) == 0 || unicode.Is(unicode.Han, at(rs, j+1))
	}
	return false
}

// unitAt returns the length of the measure word at rs[j], or 0.
func unitAt(rs []rune, j int) int {
	if hasPrefixAt(rs, j, runesGrade) {
		return 0 // 三年级 is a grade
	}
	for _, u := range unitRunes {
		if hasPrefixAt(rs, j, u) {
			return len(u)
		}
	}
	return 0
}

// skipUnit steps over the measure word of an ordinal ("第3批").
func skipUnit(rs []rune, j int) int { return j + unitAt(rs, j) }

// phraseAt returns the length of a set phrase at rs[i], or 0.
func phraseAt(rs []rune, i int) int {
	for _, p := range phraseRunes {
		if hasPrefixAt(rs, i, p) {
			return len(p)
		}
	}
	return 0
}

// wordAt matches " word" (one optional space, whole word) at rs[j] and
// returns the index after it, or 0.
func wordAt(rs []rune, j int, word string) int {
	if at(rs, j) == ' ' {
		j++
	}
	w := []rune(word)
	if !hasPrefixAt(rs, j, w) || isASCIILetter(at(rs, j+len(w))) {
		return 0
	}
	return j + len(w)
}

func skipWord(rs []rune, j int) int {
	for j < len(rs) && (isASCIILetter(rs[j]) || zhnum.Digit(rs[j]) >= 0 || rs[j] == '_') {
		j++
	}
	return j
}

func isASCIILetter(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }

func hasPrefixAt(rs []rune, i int, p []rune) bool {
	if i < 0 || i+len(p) > len(rs) {
		return false
	}
	for k, r := range p {
		if rs[i+k] != r {
			return false
		}
	}
	return true
}

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

// at returns rs[i], or 0 outside rs.
func at(rs []rune, i int) rune {
	if i < 0 || i >= len(rs) {
		return 0
	}
	return rs[i]
}

func before(rs []rune, i int) rune { return at(rs, i-1) }
