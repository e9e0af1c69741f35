package handlers

import (
	"strconv"
	"strings"

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

// ParsePercent finds the percent a report states: "60%", "60％", "百分之六十",
// "百分之八十五", "进度60" or "完成六成"... Only "N%" and "百分之N" forms
// count, plus a bare number right after "进度". When several are stated,
// the one after "进度" wins, else the last one ("从30%提高到60%" is 60).
func ParsePercent(text string) (int, bool) {
	rs := fold(text)
	type hit struct {
		n        int
		progress bool // preceded by 进度
	}
	var hits []hit
	progressBefore := func(i int) bool {
		j := i
		for j > 0 && strings.ContainsRune(" :=为达到已是约", rs[j-1]) {
			j--
		}
		return j >= 2 && (string(rs[j-2:j]) == "进度" || string(rs[j-2:j]) == "进展")
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
			n, err := strconv.Atoi(string(rs[i:j]))
			isPct := k < len(rs) && rs[k] == '%'
			prog := progressBefore(i)
			if err == nil && j-i <= 3 && n <= 100 && (isPct || prog && (k >= len(rs) || !isUnitRune(rs[k]))) {
				hits = append(hits, hit{n, prog})
			}
			i = k - 1
		case hasRunes(rs, i, "百分之"):
			j := i + 3
			if hasRunes(rs, j, "百") && !hasRunes(rs, j, "百分") {
				hits = append(hits, hit{100, progressBefore(i)})
				i = j
				continue
			}
			k := j
			for k < len(rs) && (isNumRune(rs[k]) || rs[k] >= '0' && rs[k] <= '9') && k-j < 6 {
				k++
			}
			if n, ok := parseNumber(string(rs[j:k])); ok && n <= 100 && k > j {
				hits = append(hits, hit{n, progressBefore(i)})
			}
			i = k - 1
		}
	}
	if len(hits) == 0 {
		return 0, false
	}
	for i := len(hits) - 1; i >= 0; i-- {
		if hits[i].progress {
			return hits[i].n, true
		}
	}
	return hits[len(hits)-1].n, true
}

// isUnitRune reports whether r after a number makes it a count, not a
// percent: "进度3所学校" is not 3%.
func isUnitRune(r rune) bool {
	return r >= '0' && r <= '9' || r == '.' || strings.ContainsRune("所个项家名人元万亿次条件天月日年号期批户间座台套本册", r)
}
