package handlers

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/zhnum"
)

// isNumRune reports whether r can be part of a number people write:
// ASCII digits or Chinese numerals.
func isNumRune(r rune) bool {
	return r >= '0' && r <= '9' || zhnum.CnDigit(r) >= 0 || r == '十' || r == '百'
}

// parseNumber reads a small non-negative number written in ASCII digits
// ("85", at most six) or Chinese numerals below 1000 ("八十五", "一百",
// "十", "一百零五", "一百五" as people say 150); ok is false for anything
// else, such as "三五" (three or five).
func parseNumber(s string) (int, bool) {
	v, ok := zhnum.ParseInt(s)
	if !ok {
		return 0, false
	}
	if s[0] >= '0' && s[0] <= '9' {
		return int(v), len(s) <= 6
	}
	return int(v), v < 1000 && !strings.ContainsAny(s, "万亿千")
}

// percentHit is one percent a text states.
type percentHit struct {
	n        int
	progress bool   // preceded by 进度 or 进展
	bad      bool   // below 0 or above 100
	change   bool   // a change ("增长120%"), not where the work stands
	metric   bool   // a rate the work measures ("整改率100%"), not its progress
	text     string // as written, for the reply about a bad one
}

// ParsePercent finds the percent a report states: "60%", "60％", "百分之六十",
// "百分之八十五", "进度60", "七成", "完成一半"... When several are stated,
// the one after "进度" wins, else the last one ("从30%提高到60%" is 60).
// A rate the work measures ("整改率100%", "覆盖率95%"; 完成率 is progress)
// is not where the task stands: alone it sets no percent. A percent below
// 0 or above 100 is never one (see BadPercent).
func ParsePercent(text string) (int, bool) {
	hits := percentHits(text)
	for i := len(hits) - 1; i >= 0; i-- {
		if hits[i].progress && !hits[i].bad {
			return hits[i].n, true
		}
	}
	for i := len(hits) - 1; i >= 0; i-- {
		if !hits[i].bad && !hits[i].metric {
			return hits[i].n, true
		}
	}
	return 0, false
}

// metricBefore reports a rate named just before a percent: "整改率",
// "覆盖率达", "合格率为", "占全县的"; 完成率 and 完成比例 are progress.
func metricBefore(rs []rune, i int) bool {
	from := i
	for from > 0 && i-from < 8 && !strings.ContainsRune(",，。；;:：、 \n", rs[from-1]) {
		from--
	}
	before := string(rs[from:i])
	return containsAny(before, "率", "占", "比例", "比重") && !containsAny(before, "完成率", "完成比例", "进度")
}

// tenths reports whether text says a number of tenths ("七成").
func tenths(text string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], "成")
		if j < 0 {
			return false
		}
		i += j
		if r, _ := utf8.DecodeLastRuneInString(text[:i]); zhnum.CnDigit(r) > 0 || r == '十' {
			return true
		}
		i += len("成")
	}
}

// fractionHits finds progress said in tenths or halves: "七成", "进度八成",
// "完成了一半", "过半". "七成学校" counts schools, not the work: the words
// must end a clause.
func fractionHits(rs []rune, progressBefore func(int) bool) []percentHit {
	var hits []percentHit
	ends := func(j int) bool {
		for j < len(rs) && strings.ContainsRune("左右多以上的了啦", rs[j]) {
			j++
		}
		return j >= len(rs) || strings.ContainsRune(",，。；;!！ \n", rs[j])
	}
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '成' && i > 0 && zhnum.CnDigit(rs[i-1]) > 0 && (i < 2 || !isNumRune(rs[i-2])) && ends(i+1):
			n := zhnum.CnDigit(rs[i-1]) * 10
			hits = append(hits, percentHit{n: n, progress: progressBefore(i - 1), text: string(rs[i-1 : i+1])})
		case rs[i] == '十' && i+1 < len(rs) && rs[i+1] == '成' && ends(i+2):
			hits = append(hits, percentHit{n: 100, progress: progressBefore(i), text: "十成"})
		case hasRunes(rs, i, "一半") && ends(i+2) && i > 0 && strings.ContainsRune("了成过完度达到", rs[i-1]):
			hits = append(hits, percentHit{n: 50, progress: progressBefore(i), text: "一半"})
		case hasRunes(rs, i, "过半") && ends(i+2):
			hits = append(hits, percentHit{n: 50, progress: progressBefore(i), text: "过半"})
		}
	}
	return hits
}

// BadPercent finds a progress percent outside 0–100 ("进度150%", "-10%",
// "百分之一百二十"), as written: a report stating one is refused rather
// than recorded without it. A large percent that measures a change or
// something else while a valid one is stated ("覆盖率达95%，同比增长120%")
// is not a bad one.
func BadPercent(text string) (string, bool) {
	hits := percentHits(text)
	valid := false
	for _, h := range hits {
		if !h.bad && (h.progress || !h.change) {
			valid = true
		}
	}
	for _, h := range hits {
		if h.bad && (h.progress || !valid && !h.change) {
			return h.text, true
		}
	}
	return "", false
}

// changeWords before a percent make it a change, not a state of the work.
var changeWords = []string{"增长", "增加", "提高", "提升", "下降", "减少", "降低", "同比", "环比", "超过", "超出", "翻"}

// percentHits lists the percents stated in text, in order.
func percentHits(text string) []percentHit {
	// Every percent has a sign, 百分之, 成 or 半, or 进度/进展 before its
	// number.
	if strings.IndexByte(text, '%') < 0 && !containsAny(text, "％", "百分之", "进度", "进展", "一半", "过半") && !tenths(text) {
		return nil
	}
	rs := fold(text)
	var hits []percentHit
	progressBefore := func(i int) bool {
		j := i
		for j > 0 && strings.ContainsRune(" :=为达到已是约", rs[j-1]) {
			j--
		}
		return j >= 2 && (string(rs[j-2:j]) == "进度" || string(rs[j-2:j]) == "进展")
	}
	changeBefore := func(i int) bool {
		from := max(0, i-4)
		return containsAny(string(rs[from:i]), changeWords...)
	}
	// negative reports a minus sign just before rs[i], not a range "10-20%".
	negative := func(i int) bool {
		switch {
		case i > 0 && (rs[i-1] == '-' || rs[i-1] == '−'):
			return i == 1 || !(rs[i-2] >= '0' && rs[i-2] <= '9')
		case i > 0 && rs[i-1] == '负':
			return true
		}
		return false
	}
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] >= '0' && rs[i] <= '9':
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			if i > 0 && (rs[i-1] == '.' || rs[i-1] == '#' || rs[i-1] >= '0' && rs[i-1] <= '9') {
				i = j - 1 // a decimal part or an item number
				continue
			}
			k := j
			if k < len(rs) && rs[k] == '.' { // 62.5% counts as 62
				for k+1 < len(rs) && rs[k+1] >= '0' && rs[k+1] <= '9' {
					k++
				}
				k++
			}
			isPct := k < len(rs) && rs[k] == '%'
			prog := progressBefore(i)
			if neg := negative(i); neg {
				prog = prog || progressBefore(i-1)
			}
			if j-i <= 6 && (isPct || prog && (k >= len(rs) || !isUnitRune(rs[k]))) {
				n, _ := strconv.Atoi(string(rs[i:j]))
				from, to := i, min(k+1, len(rs))
				if !isPct {
					to = k
				}
				neg := negative(i)
				if neg {
					from--
				}
				hits = append(hits, percentHit{n: n, progress: prog, bad: neg || n > 100 || j-i > 3,
					change: changeBefore(from), metric: !prog && metricBefore(rs, from), text: string(rs[from:to])})
			}
			i = k - 1
		case hasRunes(rs, i, "百分之"):
			j := i + 3
			if hasRunes(rs, j, "百") && !hasRunes(rs, j, "百分") && (j+1 >= len(rs) || !isNumRune(rs[j+1])) {
				hits = append(hits, percentHit{n: 100, progress: progressBefore(i), text: "百分之百"})
				i = j
				continue
			}
			k := j
			for k < len(rs) && (isNumRune(rs[k]) || rs[k] >= '0' && rs[k] <= '9') && k-j < 6 {
				k++
			}
			if n, ok := parseNumber(string(rs[j:k])); ok && k > j {
				neg := i > 0 && rs[i-1] == '负'
				from := i
				if neg {
					from--
				}
				hits = append(hits, percentHit{n: n, progress: progressBefore(from), bad: neg || n > 100,
					change: changeBefore(from), metric: !progressBefore(from) && metricBefore(rs, from), text: string(rs[from:k])})
			}
			i = k - 1
		}
	}
	return append(hits, fractionHits(rs, progressBefore)...)
}

// isUnitRune reports whether r after a number makes it a count, not a
// percent: "进度3所学校" is not 3%.
func isUnitRune(r rune) bool {
	return r >= '0' && r <= '9' || r == '.' || strings.ContainsRune("所个项家名人元万亿次条件天月日年号期批户间座台套本册", r)
}
