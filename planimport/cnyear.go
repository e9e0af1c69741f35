package planimport

import (
	"regexp"
	"strings"
)

// Official documents write their year in Chinese digits ("二〇二六年工作
// 要点", signed "二〇二六年二月十日"). The readers of titles, opening lines and
// date lines see such a year in Arabic digits.

// cnYearRe: four Chinese digits before 年.
var cnYearRe = regexp.MustCompile(`[〇○零Ｏ一二三四五六七八九]{4}年`)

// cnDigits maps the Chinese digits of a year.
var cnDigits = strings.NewReplacer("〇", "0", "○", "0", "零", "0", "Ｏ", "0", "一", "1", "二", "2", "三", "3", "四", "4", "五", "5", "六", "6", "七", "7", "八", "8", "九", "9")

// arabicYears rewrites years written in Chinese digits in Arabic ones.
func arabicYears(s string) string {
	if !strings.Contains(s, "年") || !containsAny(s, "二〇", "二零", "二○", "二Ｏ", "一九") {
		return s
	}
	return cnYearRe.ReplaceAllStringFunc(s, func(y string) string {
		d := cnDigits.Replace(strings.TrimSuffix(y, "年"))
		if !strings.HasPrefix(d, "19") && !strings.HasPrefix(d, "20") {
			return y
		}
		return d + "年"
	})
}
