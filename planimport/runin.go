package planimport

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Plans list tasks inside a paragraph as often as on separate lines:
// "加强安全管理。一是…；二是…；三是…。" A run-in list is a sequence of
// markers of one family, numbered from the start, each at a clause
// boundary; this file finds them.

// runInFamily describes one kind of inline list.
type runInFamily struct {
	style string
	rank  int
	// needles returns the spellings of the k-th marker.
	needles func(k int) []string
	// seg names the k-th marker in codes.
	seg func(k int) string
	// first caches needles(1): it is tried at every candidate rune.
	first []string
}

func init() {
	for i := range runInFamilies {
		runInFamilies[i].first = runInFamilies[i].needles(1)
	}
}

var runInFamilies = []runInFamily{
	verbFamily("是"), verbFamily("要"), verbFamily("抓"), verbFamily("则"),
	{
		style: styleArParen, rank: rankArParen,
		needles: func(k int) []string {
			n := strconv.Itoa(k)
			out := []string{"(" + n + ")", "（" + n + "）"}
			if k <= 20 {
				out = append(out, string(rune('⑴'+k-1)))
			}
			return out
		},
		seg: func(k int) string { return "(" + strconv.Itoa(k) + ")" },
	},
	{
		style: styleCircled, rank: rankCircled,
		needles: func(k int) []string {
			if k > 20 {
				return nil
			}
			return []string{string(rune('①' + k - 1))}
		},
		seg: func(k int) string { return string(rune('①' + k - 1)) },
	},
	{
		style: styleDi, rank: rankCnParen,
		needles: func(k int) []string {
			n := "第" + cnString(k)
			return []string{n + "，", n + ",", n + "、", n + "：", n + ":"}
		},
		seg: func(k int) string { return "第" + cnString(k) },
	},
	{
		style: styleRunIn + "首先", rank: rankRunIn,
		needles: func(k int) []string {
			switch k {
			case 1:
				return []string{"首先"}
			case 2:
				return []string{"其次"}
			case 3:
				return []string{"再次", "最后"}
			case 4:
				return []string{"最后"}
			}
			return nil
		},
		seg: func(k int) string { return []string{"", "首先", "其次", "再次", "最后"}[min(k, 4)] },
	},
}

func verbFamily(verb string) runInFamily {
	return runInFamily{
		style: styleRunIn + verb, rank: rankRunIn,
		needles: func(k int) []string { return []string{cnString(k) + verb} },
		seg:     func(k int) string { return cnString(k) + verb },
	}
}

// segOf names a found marker: the family's name for its number, or the
// word itself for ordinal words (首先, 最后).
func (f runInFamily) segOf(h hit) string {
	if f.style == styleRunIn+"首先" {
		return h.word
	}
	return f.seg(h.k)
}

// familyOf returns the run-in family a line marker belongs to, so a line
// "一是…。二是…。" can be split into its items.
func familyOf(m marker) (runInFamily, bool) {
	for _, f := range runInFamilies {
		if f.style == m.style || (f.style == styleArParen && m.family == familyParen && m.style != styleArHalf) {
			return f, true
		}
	}
	return runInFamily{}, false
}

// hit is one marker found in a text.
type hit struct {
	start, end int // bytes of the marker itself
	k          int
	word       string // the marker as written, for words like 首先/最后
}

// isBoundary reports whether a run-in marker may start right after r: at
// the start of a clause, not inside a word ("统一要求" is no "一要").
func isBoundary(r rune) bool {
	return strings.ContainsRune("。；;：:！!？?，,、 )）”\"」】…\n", r)
}

// find returns the first occurrence of the k-th marker of f in s at or
// after from, at a clause boundary.
func (f runInFamily) find(s string, from, k int) (hit, bool) {
	best := hit{start: -1}
	for _, n := range f.needles(k) {
		for pos := from; pos < len(s); {
			i := strings.Index(s[pos:], n)
			if i < 0 {
				break
			}
			i += pos
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			if (i == 0 || isBoundary(prev)) && followsWord(s[i+len(n):], f) {
				if best.start < 0 || i < best.start {
					best = hit{start: i, end: i + len(n), k: k, word: n}
				}
				break
			}
			pos = i + len(n)
		}
	}
	return best, best.start >= 0
}

// followsWord rejects "一是否" and "三要素" inside paragraphs too.
func followsWord(after string, f runInFamily) bool {
	verb := strings.TrimPrefix(f.style, styleRunIn)
	stop, ok := notAfterVerb[verb]
	if !ok || stop == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(after)
	return !strings.ContainsRune(stop, r)
}

// sequence returns the markers of f numbered first, first+1, … in order,
// starting the search at from.
func (f runInFamily) sequence(s string, from, first int) []hit {
	var hits []hit
	for k := first; k < first+100; k++ {
		h, ok := f.find(s, from, k)
		if !ok {
			break
		}
		hits = append(hits, h)
		from = h.end
	}
	return hits
}

// firstSequence returns the earliest list in text: one pass looks for
// first markers (they start with 一 ( （ ⑴ ① 第 or 首), and only there is the rest of a sequence searched. A
// family whose first marker is not followed by its second is out, as one
// "一是" without "二是" is no list.
func firstSequence(text string) ([]hit, runInFamily) {
	dead := make([]bool, len(runInFamilies))
	for i, r := range text {
		switch r {
		case '一', '(', '（', '⑴', '①', '第', '首':
		default:
			continue
		}
		for fi, f := range runInFamilies {
			if dead[fi] || !f.startsAt(text, i) {
				continue
			}
			hits := f.sequence(text, i, 1)
			if len(hits) >= 2 {
				return hits, f
			}
			dead[fi] = true
		}
	}
	return nil, runInFamily{}
}

// startsAt reports whether f's first marker starts at text[i:] at a clause
// boundary.
func (f runInFamily) startsAt(text string, i int) bool {
	for _, n := range f.first {
		if strings.HasPrefix(text[i:], n) {
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			return (i == 0 || isBoundary(prev)) && followsWord(text[i+len(n):], f)
		}
	}
	return false
}

// runIn is one item of an inline list, possibly with a list of its own.
type runIn struct {
	m    marker
	text string
	kids []runIn
}

// maxRunInDepth bounds the recursion: a list inside a run-in item inside a
// paragraph is as deep as real plans go.
const maxRunInDepth = 2

// splitRunIn looks for an inline list in text. It returns the text before
// the list and the items; no items when the text holds no list of at least
// two items.
func splitRunIn(text string, depth int) (string, []runIn) {
	if depth >= maxRunInDepth {
		return text, nil
	}
	best, bestFam := firstSequence(text)
	if best == nil {
		return text, nil
	}
	pre := strings.TrimSpace(text[:best[0].start])
	items := make([]runIn, 0, len(best))
	for i, h := range best {
		end := len(text)
		if i+1 < len(best) {
			end = best[i+1].start
		}
		body := keepVerb(bestFam.style) + strings.TrimSpace(strings.TrimLeft(text[h.end:end], afterMarker))
		sub, kids := splitRunIn(body, depth+1)
		if kids == nil {
			sub = body
		}
		items = append(items, runIn{
			m:    marker{style: bestFam.style, value: h.k, seg: bestFam.segOf(h), rank: bestFam.rank},
			text: sub,
			kids: kids,
		})
	}
	return pre, items
}

// splitLineRunIn splits a line that starts with a run-in marker and goes on
// with the next ones ("一是…。二是…。三是…。") into one line per item, so
// that they become siblings rather than one item swallowing the others.
func splitLineRunIn(m marker, rest string) []struct {
	m    marker
	text string
} {
	type item = struct {
		m    marker
		text string
	}
	f, ok := familyOf(m)
	if !ok || m.value == 0 {
		return []item{{m, rest}}
	}
	hits := f.sequence(rest, 0, m.value+1)
	if len(hits) == 0 {
		return []item{{m, rest}}
	}
	out := []item{{m, strings.TrimSpace(rest[:hits[0].start])}}
	for i, h := range hits {
		end := len(rest)
		if i+1 < len(hits) {
			end = hits[i+1].start
		}
		nm := m
		nm.value = h.k
		nm.seg = f.segOf(h)
		out = append(out, item{nm, keepVerb(f.style) + strings.TrimSpace(strings.TrimLeft(rest[h.end:end], afterMarker))})
	}
	return out
}
