package planimport

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// The plan's title and year, and the dates and signatures around them.

// dateLineRe matches a line that is only a date, as under a signature,
// perhaps labelled ("印发日期：2026年2月20日") or with the act it dates
// ("（2026年2月20日印发）").
var dateLineRe = regexp.MustCompile(`^[(（]?\s*(?:(?:印发|发布|发文|成文|签发|制定|制发)?日期\s*[:：]\s*|(?:印发|发布|发文)时间\s*[:：]\s*)?((?:19|20)\d{2}|[xX×*]{2,4}|20[xX]{2})\s*年\s*([0-9xX]{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(?:([0-9xX]{1,2}|[一二三四五六七八九十]{1,3})\s*日)?\s*(?:印发|发布|制定|修订|制发)?\s*[)）]?$`)

// dateLine reads a line that is only a date, as under a signature.
func dateLine(line string) (duban.Date, bool) {
	line = arabicYears(line)
	if len(line) > 60 || !strings.Contains(line, "月") {
		return duban.Date{}, false
	}
	m := dateLineRe.FindStringSubmatch(line)
	if m == nil {
		return duban.Date{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, err := strconv.Atoi(m[2])
	if err != nil {
		mo, _ = cnNumber(m[2])
	}
	d := 1
	if m[3] != "" {
		if v, err := strconv.Atoi(m[3]); err == nil {
			d = v
		} else if v, n := cnNumber(m[3]); n > 0 {
			d = v
		}
	}
	// A placeholder year ("xx年11月23日") still makes the line a date
	// line, to be dropped, but dates nothing.
	date, _ := validDate(y, mo, d)
	return date, true
}

// isSignature reports the issuing unit's line above a closing date.
func isSignature(p para) bool {
	return p.rows == nil && !p.hasM && !p.dateOnly && p.text != "" && !isPart(p.text) && runeLen(p.text) <= 30 && !strings.ContainsAny(p.text, "，,。；;：:！？!?")
}

// partRe matches the heading of one article in a compilation of several
// ("学区德育督导工作计划 第2篇").
var partRe = regexp.MustCompile(`^(.{0,60}?)\s*第\s*([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*篇$`)

// isPart reports an article heading of a compilation.
func isPart(s string) bool {
	return strings.HasSuffix(s, "篇") && partRe.MatchString(s)
}

// titleSuffix strips what sites append to titles.
var titleSuffix = regexp.MustCompile(`\s*(?:第\s*[0-9一二三四五六七八九十]{1,3}\s*篇|\((?:word版|可编辑)[^)]*\)|（(?:word版|可编辑)[^）]*）|\.(?:docx?|txt|wps|pdf))\s*$`)

// findTitle takes the plan's title from the first line when it reads like
// one, and drops later copies of it (page headers).
func (b *builder) findTitle(paras []para, filename string) []para {
	i := 0
	for i < len(paras)-1 && paras[i].dateOnly {
		i++
	}
	first := paras[i]
	title := ""
	switch {
	case first.rows != nil || first.dateOnly:
	case isPart(first.text):
		title = partRe.FindStringSubmatch(first.text)[1]
	case first.title || first.heading == 1 || (!first.hasM && isTitleLine(first.text)):
		title = first.text
		paras = append(paras[:i:i], paras[i+1:]...)
	}
	title = strings.TrimSpace(titleSuffix.ReplaceAllString(title, ""))
	if title != "" {
		b.titleFound = true
		kept := paras[:0]
		for _, p := range paras {
			if p.rows == nil && !p.hasM && strings.HasPrefix(p.text, title) && !isPart(p.text) && strings.TrimSpace(titleSuffix.ReplaceAllString(p.text, "")) == title {
				continue
			}
			kept = append(kept, p)
		}
		paras = kept
	} else {
		title = strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
		if title == "." || title == "" {
			title = "未命名计划"
		}
	}
	b.doc.Title = title
	return paras
}

// isTitleLine: short and not a sentence.
func isTitleLine(s string) bool {
	n := runeLen(s)
	return n >= 4 && n <= 80 && !strings.ContainsAny(lastRune(s), "。；;，,") && !strings.ContainsAny(s, "。；;")
}
