package zhdate

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/zhnum"
)

// scanner holds one Find call's text and reference date.
type scanner struct {
	s       string
	cal     *Calendar
	ref     time.Time // midnight of the reference day in loc
	loc     *time.Location
	ry      int
	rm      time.Month
	hol     []rune     // first runes of the calendar's holiday names
	holMask [16]uint64 // bit r&1023 set for each rune in hol: a quick reject
	// holBy[k] lists the holiday spellings that start with hol[k]; built on
	// first use because most texts name no holiday.
	holBy [][]holName
}

// holName is one spelling of a holiday.
type holName struct {
	first rune
	name  string
	h     *Holiday
}

// Granularity of a resolved point, used to decide what a range's second
// half may leave out ("7月1日至31日" keeps the month).
const (
	gOther = iota
	gYear
	gMonth
	gDay
)

// hit is a resolved expression before it becomes an Expr.
type hit struct {
	start, end time.Time
	fuzzy      bool
	deadline   bool
	recurring  bool
	// event marks landmarks (holidays, 开学, terms, vacations) whose "前"
	// means the day before they begin rather than by their end.
	event bool
	gran  int
	year  int        // the year the words fix or inherit
	month time.Month // for gDay points
	// explicit is set when the words name their own year.
	explicit bool
}

// ctx carries what a range's first half lends to its second half.
type ctx struct {
	year  int
	month time.Month
	dayOK bool // a bare "31日" is allowed (second half of a day range)
}

func newScanner(c *Calendar, s string, ref time.Time) *scanner {
	loc := ref.Location()
	y, m, d := ref.Date()
	p := &scanner{s: s, cal: c, loc: loc, ry: y, rm: m}
	p.ref = time.Date(y, m, d, 0, 0, 0, 0, loc)
	for _, h := range c.Holidays {
		for _, n := range h.Names {
			r, _ := utf8.DecodeRuneInString(n)
			if n != "" && p.holIndex(r) < 0 {
				p.hol = append(p.hol, r)
				p.holMask[(r&1023)>>6] |= 1 << (uint(r) & 63)
			}
		}
	}
	return p
}

// triggerRunes are the runes an expression can start with; checking one
// bit per rune keeps the scan cheap on text that holds no dates.
const triggerRunes = "0123456789０１２３４５６７８９" +
	"一二三四五六七八九十两半" +
	"年月本这下上中次今明去来翌后昨截到至每周星礼暑寒春秋开学期新第季大当几零〇" +
	"“\"「『‘'前即"

var triggerBits [0x10000 / 64]uint64

// Parser flags: which grammar rules can start at a rune. Trying only those
// rules keeps a position that starts no expression to a handful of checks.
const (
	fIso = 1 << iota
	fYear
	fMonth
	fBareDay
	fYearWords
	fMonthWords
	fQuarter
	fRelative
	fSchool
	fHoliday
	fFyp
	fPrefixed
	fCadence
	fDuration
	fNumberRange
)

// runeFlags pairs a trigger rune with its rules; firstFlags is sorted by
// rune for a binary search, which beats a map lookup on this hot path.
type runeFlags struct {
	r rune
	f uint32
}

var firstFlags []runeFlags

func init() {
	for _, r := range triggerRunes {
		triggerBits[r>>6] |= 1 << (uint(r) & 63)
	}
	m := map[rune]uint32{}
	add := func(runes string, f uint32) {
		for _, r := range runes {
			m[r] |= f
		}
	}
	defer func() {
		for r, f := range m {
			firstFlags = append(firstFlags, runeFlags{r, f})
		}
		sort.Slice(firstFlags, func(i, j int) bool { return firstFlags[i].r < firstFlags[j].r })
	}()
	const num = fYear | fMonth | fBareDay | fQuarter | fNumberRange | fDuration
	add("0123456789０１２３４５６７８９", num|fIso)
	add("一二三四五六七八九", num|fCadence)
	add("十", num|fFyp)
	add("两半几", fDuration)
	add("零〇", fYear)
	add("今", fYear|fYearWords|fRelative)
	add("本", fYear|fMonth|fQuarter|fRelative|fSchool)
	add("明来", fYear|fRelative)
	add("次翌", fYear|fMonth)
	add("去", fYear)
	add("上下", fYear|fMonth|fYearWords|fMonthWords|fQuarter|fRelative|fSchool)
	add("这", fMonth|fQuarter|fRelative|fSchool)
	add("中月", fMonthWords)
	add("年", fYearWords)
	add("季第", fQuarter)
	add("第", fSchool)
	add("昨后周星礼即大", fRelative)
	add("前", fRelative|fYear)
	add("后当", fYear|fMonth)
	add("春秋暑寒学期开新", fSchool)
	add("“\"「『‘'", fFyp)
	add("前", fYearWords)
	add("截到至", fPrefixed)
	add("每", fCadence)
}

// flags returns the rules that can start at i.
func (p *scanner) flags(i int) uint32 {
	r := p.peek(i)
	var f uint32
	if lo, hi := 0, len(firstFlags); r < 0x10000 && triggerBits[r>>6]&(1<<(uint(r)&63)) != 0 {
		for lo < hi {
			mid := (lo + hi) / 2
			if firstFlags[mid].r < r {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo < len(firstFlags) && firstFlags[lo].r == r {
			f = firstFlags[lo].f
		}
	}
	if p.holIndex(r) >= 0 {
		f |= fHoliday
	}
	return f
}

func (p *scanner) trigger(i int, r rune) bool {
	if r < 0x10000 && triggerBits[r>>6]&(1<<(uint(r)&63)) != 0 {
		return true
	}
	if r < 0x4e00 {
		return false
	}
	// Holiday names start with common runes (教, 国, 建); look for a whole
	// name before paying for the grammar.
	for _, hn := range p.holidayNames(r) {
		if _, ok := p.has(i, hn.name); ok {
			return true
		}
	}
	return false
}

// date returns midnight of y-m-d in the reference location; out-of-range
// days normalise as time.Date does.
func (p *scanner) date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, p.loc)
}

func (p *scanner) expr(text string, h hit) Expr {
	e := Expr{
		Text:      text,
		Start:     h.start,
		End:       h.end,
		Deadline:  h.deadline && !h.recurring,
		Fuzzy:     h.fuzzy,
		Recurring: h.recurring,
	}
	if e.End.Before(e.Start) {
		e.Start = e.End
	}
	return e
}

// at decodes the rune at byte offset i; it returns (0, 0) at the end.
func (p *scanner) at(i int) (rune, int) {
	if i >= len(p.s) {
		return 0, 0
	}
	c := p.s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	// Chinese text is almost all three-byte runes; decode those inline.
	if c&0xF0 == 0xE0 && i+2 < len(p.s) {
		c1, c2 := p.s[i+1], p.s[i+2]
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
			if r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F); r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				return r, 3
			}
		}
	}
	return utf8.DecodeRuneInString(p.s[i:])
}

// peek returns the rune at i.
func (p *scanner) peek(i int) rune {
	r, _ := p.at(i)
	return r
}

// before returns the rune ending at byte offset i, or 0 at the start.
func (p *scanner) before(i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(p.s[:i])
	return r
}

// has reports whether lit starts at i and returns the offset after it.
func (p *scanner) has(i int, lit string) (int, bool) {
	// Comparing the last byte first rejects most candidates cheaply: CJK
	// runes share their lead bytes but rarely their final byte.
	n := len(lit)
	if n > 0 && i >= 0 && len(p.s)-i >= n && p.s[i+n-1] == lit[n-1] && p.s[i:i+n] == lit {
		return i + n, true
	}
	return i, false
}

// any returns the first of lits that starts at i, in the order given, so
// callers list longer spellings first.
func (p *scanner) any(i int, lits ...string) (int, string, bool) {
	for _, l := range lits {
		if j, ok := p.has(i, l); ok {
			return j, l, true
		}
	}
	return i, "", false
}

// skipSpace skips the spaces that PDF and Word exports put between numbers
// and units ("2026 年 9 月").
func (p *scanner) skipSpace(i int) int {
	for {
		r, n := p.at(i)
		if r != ' ' && r != '\t' && r != '\u3000' && r != '\u00a0' {
			return i
		}
		i += n
	}
}

// sp skips spaces only when allow is set: spaced dates are accepted after
// a written year ("2026 年 9 月 30 日"), where they cannot be confused with a
// count typed before a date ("/deadline 3 月底前").
func (p *scanner) sp(i int, allow bool) int {
	if allow {
		return p.skipSpace(i)
	}
	return i
}

// cnDigit is the value of a Chinese digit 一…九, or 0: 两 counts but never
// names a month, a day or a weekday, and 零 names none of them.
func cnDigit(r rune) int {
	if r == '两' {
		return 0
	}
	return max(zhnum.CnDigit(r), 0)
}

// isCnNum reports runes that belong to a Chinese number, so a date word
// glued to one ("十一月" seen from "一") is not read from its middle.
func isCnNum(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九',
		'十', '百', '千', '万', '亿', '〇', '○', '零', '两', '几', '多', '数', '半', '廿':
		return true
	}
	return false
}

// in reports whether r is one of the runes of set. It beats
// strings.ContainsRune, which builds a string for every non-ASCII rune.
func in(set string, r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && strings.IndexByte(set, byte(r)) >= 0
	}
	// UTF-8 is self-synchronising: a rune's encoding can only match set at
	// a rune boundary, so a substring search is exact.
	var b [utf8.UTFMax]byte
	n := utf8.EncodeRune(b[:], r)
	return strings.Contains(set, string(b[:n]))
}

// isNumLike reports runes that make a following number part of a larger
// one: digits, decimal points and Chinese numerals.
func isNumLike(r rune) bool {
	return zhnum.Digit(r) >= 0 || r == '.' || r == '．' || isCnNum(r)
}

// arabic reads consecutive ASCII or full-width digits at i and returns
// their value, count and end offset.
func (p *scanner) arabic(i int) (v, n, j int) {
	if i >= len(p.s) {
		return 0, 0, i
	}
	x, n, size := zhnum.Digits(p.s[i:])
	return int(x), n, i + size
}

// cnSmall reads a Chinese number from 1 to 99 (一, 十二, 二十五, 三十一);
// 两 is accepted only when liang is set, because 两 counts but never names
// a month or day.
func (p *scanner) cnSmall(i int, liang bool) (v, j int, ok bool) {
	return p.cnNum(i, liang, 99)
}

// cnNum reads a Chinese number from 1 to limit that starts with a digit,
// 十 or 廿 (not 零), with 两 allowed only when liang is set.
func (p *scanner) cnNum(i int, liang bool, limit int) (v, j int, ok bool) {
	r := p.peek(i)
	if r == '两' && !liang || r != '两' && cnDigit(r) == 0 && r != '十' && r != '廿' {
		return 0, i, false
	}
	x, n := zhnum.ReadInt(p.s[i:])
	if n == 0 || x < 1 || x > int64(limit) {
		return 0, i, false
	}
	return int(x), i + n, true
}

// smallNum reads a month or day number: one or two digits, or a Chinese
// number. It refuses numbers glued to a longer number on the left.
func (p *scanner) smallNum(i int) (v, j int, ok bool) {
	r, _ := p.at(i)
	if zhnum.Digit(r) >= 0 {
		if isNumLike(p.before(i)) {
			return 0, i, false
		}
		v, n, j := p.arabic(i)
		if n > 2 {
			return 0, i, false
		}
		return v, j, true
	}
	if isCnNum(p.before(i)) {
		return 0, i, false
	}
	return p.cnSmall(i, false)
}

// countNum reads a count for durations and cadences: up to three digits,
// a Chinese number, 两, or 半 (returned as -1).
func (p *scanner) countNum(i int) (v, j int, ok bool) {
	r, sz := p.at(i)
	if r == '半' {
		if isCnNum(p.before(i)) || zhnum.Digit(p.before(i)) >= 0 {
			return 0, i, false
		}
		return -1, i + sz, true
	}
	if zhnum.Digit(r) >= 0 {
		if isNumLike(p.before(i)) {
			return 0, i, false
		}
		v, n, j := p.arabic(i)
		if n > 3 || v == 0 {
			return 0, i, false
		}
		if r2 := p.peek(j); r2 == '.' || r2 == '．' {
			return 0, i, false
		}
		return v, j, true
	}
	if isCnNum(p.before(i)) {
		return 0, i, false
	}
	return p.cnNum(i, true, 999)
}

// connector reads a range connector (至, 到, 起至, -, —, ~ …) with optional
// spaces around it.
func (p *scanner) connector(i int) (int, bool) {
	j := p.skipSpace(i)
	if k, _, ok := p.any(j, "起至", "起到", "——", "至", "到", "—", "–", "-", "－", "~", "～", "〜"); ok {
		return p.skipSpace(k), true
	}
	return i, false
}

// nextIn reports whether the rune at i is one of set.
func (p *scanner) nextIn(i int, set string) bool {
	r := p.peek(i)
	return r != 0 && in(set, r)
}

// holIndex returns the index of r in hol, or -1.
func (p *scanner) holIndex(r rune) int {
	if r < 0 || p.holMask[(r&1023)>>6]&(1<<(uint(r)&63)) == 0 {
		return -1
	}
	for k, h := range p.hol {
		if h == r {
			return k
		}
	}
	return -1
}

// holidayNames returns the holiday spellings that start with r.
func (p *scanner) holidayNames(r rune) []holName {
	k := p.holIndex(r)
	if k < 0 {
		return nil
	}
	if p.holBy == nil {
		p.holBy = make([][]holName, len(p.hol))
		for hi := range p.cal.Holidays {
			h := &p.cal.Holidays[hi]
			for _, n := range h.Names {
				first, _ := utf8.DecodeRuneInString(n)
				if x := p.holIndex(first); n != "" && x >= 0 {
					p.holBy[x] = append(p.holBy[x], holName{first, n, h})
				}
			}
		}
	}
	return p.holBy[k]
}
