package planimport

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/zhnum"
)

// marker is the numbering in front of a paragraph ("一、", "（三）", "4.",
// "①", "一是", a bullet, a Markdown heading, a Word list level).
type marker struct {
	// style tells marker kinds apart; every style found in a document gets
	// a level by order of first appearance, as a reader assigns them.
	style string
	// family groups styles people mix up for the same level ("1." and
	// "1、"): a marker may continue a sequence started in another style of
	// its family.
	family string
	// value is the ordinal (1-based); 0 for unnumbered bullets and headings.
	value int
	// seg is the marker without punctuation, the node's code segment:
	// "二", "(三)", "4", "①", "一是". Empty for unnumbered markers.
	seg string
	// rank is the conventional depth of the style in Chinese official
	// documents (一、 above （一） above 1. above （1） above ①). It only
	// places a style that appears mid-sequence before any of its first
	// items were seen, as in a plan copied from its second page.
	rank int
}

// numbered reports whether the marker carries an ordinal.
func (m marker) numbered() bool { return m.value > 0 }

// Styles, named for what they look like.
const (
	stylePart    = "第一部分"
	styleChapter = "第一章"
	styleSection = "第一节"
	styleArticle = "第一条"
	styleDi      = "第一，"
	styleCn      = "一、"
	styleCnParen = "(一)"
	styleAr      = "1."
	styleArDun   = "1、"
	styleArHalf  = "1)"
	styleArParen = "(1)"
	styleDotted  = "1.1"
	styleCircled = "①"
	styleRoman   = "Ⅰ"
	styleUpper   = "A."
	styleLower   = "a."
	styleRunIn   = "run:" // + the verb: run:是, run:要, run:抓, run:则, run:首先
	styleBullet  = "bullet:"
	styleHeading = "h"
	styleTopic   = "topic" // an unnumbered part heading: 下半年工作计划
)

// The families whose members stand in for one another.
const (
	familyAr    = "ar"
	familyParen = "paren"
)

const (
	rankPart = iota
	rankCn
	rankCnParen
	rankAr
	rankDotted
	rankArParen
	rankCircled
	rankRunIn
	rankBullet
)

// cnNumber parses a Chinese ordinal of 1..99 at the start of s ("三",
// "十", "十二", "二十", "二十三") and returns it with its length in bytes;
// 两, 零 and larger numbers are no ordinals.
func cnNumber(s string) (value, size int) {
	if r, _ := utf8.DecodeRuneInString(s); r == '两' || zhnum.Digit(r) >= 0 {
		return 0, 0
	}
	v, n := zhnum.ReadInt(s)
	if n == 0 || v < 1 || v > 99 {
		return 0, 0
	}
	return int(v), n
}

// cnString writes 1..99 as a Chinese ordinal.
func cnString(v int) string {
	if v <= 0 || v > 99 {
		return strconv.Itoa(v)
	}
	return zhnum.Format(int64(v))
}

// arNumber parses 1..3 ASCII digits at the start of s.
func arNumber(s string) (value, size int) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, 0 // full-width digits are not list numbers
	}
	v, n, size := zhnum.Digits(s)
	if n > 3 || size != n {
		return 0, 0
	}
	return int(v), size
}

// maxArabicMarker keeps years and amounts ("2013.", "500、") from being
// read as item numbers.
const maxArabicMarker = 300

// runInVerbs may follow a Chinese numeral to make a run-in item: 一是, 一要,
// 一抓, 一则. notAfterVerb lists the characters that make the pair an
// ordinary word instead (三要素, 一是否).
var (
	runInVerbs   = []string{"是", "要", "抓", "则"}
	notAfterVerb = map[string]string{"是": "否非", "要": "素求点闻件害务领", "抓": "手", "则": ""}
)

const (
	openParens  = "(（"
	closeParens = ")）"
	afterMarker = "、，,．.：: "
)

var bullets = "•●◆◇■□○◎▪▫·※☆★√✓✔➢➤►▶❖◇◆-*+"

// parseMarker reads the numbering at the start of s. It returns the
// marker, the rest of the text and whether there was one.
func parseMarker(s string) (marker, string, bool) {
	m, n := scanMarker(s)
	if n == 0 {
		return marker{}, s, false
	}
	rest := strings.TrimLeft(s[n:], afterMarker)
	if m.style == styleCn && cnListContinues(rest) {
		return marker{}, s, false
	}
	return m, keepVerb(m.style) + rest, true
}

// keepVerb returns the verb of run-in styles whose verb belongs to the
// item's wording: "三抓课堂促高效" is about 抓课堂, while "一是" and "一要"
// are pure numbering.
func keepVerb(style string) string {
	if style == styleRunIn+"抓" {
		return "抓"
	}
	return ""
}

// cnListContinues catches "一、二年级…": a list of numerals, not a heading.
func cnListContinues(rest string) bool {
	if _, n := cnNumber(rest); n > 0 {
		after := rest[n:]
		return strings.HasPrefix(after, "年级") || strings.HasPrefix(after, "、") || strings.HasPrefix(after, "类")
	}
	return false
}

// scanMarker recognises one marker at the start of s and returns its
// length in bytes (0 when there is none).
func scanMarker(s string) (marker, int) {
	if s == "" {
		return marker{}, 0
	}
	r, rn := utf8.DecodeRuneInString(s)
	switch {
	case r == '第':
		return scanDi(s, rn)
	case strings.ContainsRune(openParens, r):
		return scanParen(s, rn)
	case r >= '0' && r <= '9':
		return scanArabic(s)
	case r >= '①' && r <= '⑳':
		v := int(r-'①') + 1
		return marker{style: styleCircled, value: v, seg: string(r), rank: rankCircled}, rn
	case r >= '⑴' && r <= '⒇':
		v := int(r-'⑴') + 1
		return marker{style: styleArParen, family: familyParen, value: v, seg: "(" + strconv.Itoa(v) + ")", rank: rankArParen}, rn
	case r >= '⒈' && r <= '⒛':
		v := int(r-'⒈') + 1
		return marker{style: styleAr, family: familyAr, value: v, seg: strconv.Itoa(v), rank: rankAr}, rn
	case r >= 'Ⅰ' && r <= 'Ⅻ':
		v := int(r-'Ⅰ') + 1
		if n := rn + punctLen(s[rn:]); n > rn {
			return marker{style: styleRoman, value: v, seg: string(r), rank: rankPart}, n
		}
	case (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z'):
		return scanLatin(s, r)
	case r == '十' || zhnum.CnDigit(r) > 0:
		return scanCn(s)
	case r == '首' || r == '其' || r == '再' || r == '最':
		// 首先 / 其次 … only count inside paragraphs (see runin.go); at
		// the start of a line they are ordinary words too often.
	case strings.ContainsRune(bullets, r):
		return scanBullet(s, r, rn)
	}
	return marker{}, 0
}

// punctLen is the length of one marker punctuation at the start of s.
func punctLen(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	if strings.ContainsRune("、，,．.：:", r) {
		return n
	}
	return 0
}

func scanDi(s string, rn int) (marker, int) {
	v, n := cnNumber(s[rn:])
	if n == 0 {
		v, n = arNumber(s[rn:])
	}
	if n == 0 {
		return marker{}, 0
	}
	end := rn + n
	num := s[rn:end]
	rest := s[end:]
	for _, k := range []struct{ word, style string }{
		{"部分", stylePart}, {"章", styleChapter}, {"节", styleSection}, {"条", styleArticle},
	} {
		if strings.HasPrefix(rest, k.word) {
			rank := rankPart
			if k.style == styleArticle {
				rank = rankAr
			} else if k.style == styleSection {
				rank = rankCn
			}
			return marker{style: k.style, value: v, seg: "第" + num + k.word, rank: rank}, end + len(k.word)
		}
	}
	if p := punctLen(rest); p > 0 || strings.HasPrefix(rest, " ") {
		return marker{style: styleDi, value: v, seg: "第" + num, rank: rankCnParen}, end + max(p, 1)
	}
	return marker{}, 0
}

func scanParen(s string, rn int) (marker, int) {
	inner := strings.TrimLeft(s[rn:], " ")
	skipped := len(s) - rn - len(inner)
	m := marker{}
	v, n := cnNumber(inner)
	if n > 0 {
		m = marker{style: styleCnParen, value: v, rank: rankCnParen}
		m.seg = "(" + inner[:n] + ")"
	} else if v, n = arNumber(inner); n > 0 && v > 0 && v <= maxArabicMarker {
		m = marker{style: styleArParen, family: familyParen, value: v, rank: rankArParen}
		m.seg = "(" + inner[:n] + ")"
	} else {
		return marker{}, 0
	}
	after := strings.TrimLeft(inner[n:], " ")
	cr, cn := utf8.DecodeRuneInString(after)
	if !strings.ContainsRune(closeParens, cr) {
		return marker{}, 0
	}
	return m, rn + skipped + (len(inner) - len(after)) + cn
}

func scanArabic(s string) (marker, int) {
	v, n := arNumber(s)
	if n == 0 || v == 0 || v > maxArabicMarker {
		return marker{}, 0
	}
	rest := s[n:]
	r, rn := utf8.DecodeRuneInString(rest)
	switch r {
	case '.', '．':
		after := rest[rn:]
		if after != "" && after[0] >= '0' && after[0] <= '9' {
			if m, k := scanDotted(s); k > 0 || !startsWithDate(after) {
				return m, k
			}
			// "1.10月底前完成…": an item number before a date.
		}
		return marker{style: styleAr, family: familyAr, value: v, seg: s[:n], rank: rankAr}, n + rn
	case '、':
		return marker{style: styleArDun, family: familyAr, value: v, seg: s[:n], rank: rankAr}, n + rn
	case ')', '）':
		return marker{style: styleArHalf, family: familyParen, value: v, seg: s[:n], rank: rankArParen}, n + rn
	}
	return marker{}, 0
}

// scanDotted reads multi-level numbers such as "1.2" or "2.3.1" followed by
// a space or list punctuation; "1.5亿元" stays text.
func scanDotted(s string) (marker, int) {
	i, parts, last := 0, 0, 0
	for {
		v, n := arNumber(s[i:])
		if n == 0 || v > maxArabicMarker {
			return marker{}, 0
		}
		i += n
		parts++
		last = v
		if i+1 < len(s) && (s[i] == '.') && s[i+1] >= '0' && s[i+1] <= '9' {
			i++
			continue
		}
		break
	}
	if parts < 2 || parts > 5 {
		return marker{}, 0
	}
	seg := s[:i]
	rest := s[i:]
	r, rn := utf8.DecodeRuneInString(rest)
	switch {
	case r == ' ' || r == '、':
		i += rn
	case r == '.' || r == '．':
		after := rest[rn:]
		if after != "" && after[0] >= '0' && after[0] <= '9' {
			return marker{}, 0
		}
		i += rn
	default:
		return marker{}, 0
	}
	return marker{style: styleDotted + strconv.Itoa(parts), value: last, seg: seg, rank: rankDotted + parts - 2}, i
}

func scanLatin(s string, r rune) (marker, int) {
	if len(s) < 2 {
		return marker{}, 0
	}
	p := punctLen(s[1:])
	if p == 0 && s[1] != ')' {
		return marker{}, 0
	}
	if p == 0 {
		p = 1
	}
	after := s[1+p:]
	if after != "" && (after[0] < utf8.RuneSelf && (after[0] >= 'A' && after[0] <= 'Z' || after[0] >= 'a' && after[0] <= 'z' || after[0] >= '0' && after[0] <= '9')) {
		return marker{}, 0
	}
	if r >= 'a' {
		return marker{style: styleLower, value: int(r-'a') + 1, seg: string(r), rank: rankArParen}, 1 + p
	}
	return marker{style: styleUpper, value: int(r-'A') + 1, seg: string(r), rank: rankDotted}, 1 + p
}

func scanCn(s string) (marker, int) {
	v, n := cnNumber(s)
	if n == 0 {
		return marker{}, 0
	}
	rest := s[n:]
	if p := punctLen(rest); p > 0 {
		after := rest[p:]
		if rest[0] == '.' && after != "" && after[0] >= '0' && after[0] <= '9' {
			return marker{}, 0
		}
		return marker{style: styleCn, value: v, seg: s[:n], rank: rankCn}, n + p
	}
	for _, verb := range runInVerbs {
		if strings.HasPrefix(rest, verb) {
			after, _ := utf8.DecodeRuneInString(rest[len(verb):])
			if strings.ContainsRune(notAfterVerb[verb], after) {
				return marker{}, 0
			}
			return marker{style: styleRunIn + verb, value: v, seg: s[:n] + verb, rank: rankRunIn}, n + len(verb)
		}
	}
	return marker{}, 0
}

func scanBullet(s string, r rune, rn int) (marker, int) {
	if r < utf8.RuneSelf {
		// "-", "*", "+" are bullets only when a space follows (Markdown);
		// otherwise they start dashes, footnotes and sums.
		if len(s) < 2 || s[1] != ' ' {
			return marker{}, 0
		}
		if r == '*' && strings.HasPrefix(s, "**") {
			return marker{}, 0
		}
		return marker{style: styleBullet + "-", rank: rankBullet}, 2
	}
	rest := strings.TrimLeft(s[rn:], " ")
	if rest == "" {
		return marker{}, 0
	}
	return marker{style: styleBullet + string(r), rank: rankBullet}, len(s) - len(rest)
}

// segText strips the punctuation from a rendered list number (Word's
// "（三）" or "4." become "(三)" and "4") for use as a code segment.
func segText(s string) string {
	if m, _, ok := parseMarker(s); ok && m.seg != "" {
		return m.seg
	}
	return strings.Trim(s, "、，,．.：: \t")
}

// startsWithDate reports digits followed by 年, 月 or 日 ("10月底前").
func startsWithDate(s string) bool {
	i := 0
	for i < len(s) && i < 4 && isDigit(s[i]) {
		i++
	}
	return i > 0 && (strings.HasPrefix(s[i:], "年") || strings.HasPrefix(s[i:], "月") || strings.HasPrefix(s[i:], "日"))
}
