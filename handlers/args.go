package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/duban-bot/duban/report"
)

// listLimit caps the items a list reply shows; the reply says how many
// more there are and how to narrow the list. Thirty lines is about what a
// phone screen shows in two swipes; a longer list is not read.
const listLimit = 30

// maxNumberDigits bounds an item number: numbers are small, and a longer
// run of digits is not one.
const maxNumberDigits = 9

// parseNumberArg reads an item number ("12", "#12", "＃１２", "12号") from
// the start of args and returns the rest.
func parseNumberArg(args, usageZH, usageEN string) (int, string, error) {
	s := strings.TrimSpace(args)
	if s == "" {
		return 0, "", problem("请写上事项编号，例如："+usageZH, "Please give an item number, e.g. "+usageEN)
	}
	rs := fold(s)
	// "第五项", "任务5", "5号任务": every way people name an item.
	if ref, ok := findItemRef(rs); ok && ref.end > 0 && len(ref.number) <= maxNumberDigits &&
		(ref.end == len(rs) || !isNameByte(byte(rs[ref.end])) || rs[ref.end] >= utf8.RuneSelf) {
		if n, err := strconv.Atoi(ref.number); err == nil && n > 0 {
			return n, strings.TrimSpace(strings.TrimLeft(string([]rune(s)[ref.end:]), ":：,，")), nil
		}
	}
	i := 0
	if rs[0] == '#' {
		i++
	}
	j := i
	for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
		j++
	}
	word := string(s)
	if end := strings.IndexFunc(word, unicode.IsSpace); end >= 0 {
		word = word[:end]
	}
	if j == i || (j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '号' && rs[j] != ':' && rs[j] != ',') {
		return 0, "", problem(
			fmt.Sprintf("“%s”不是事项编号，编号是数字，例如：%s", report.Esc(clipRunes(word, 20)), usageZH),
			fmt.Sprintf("“%s” is not an item number; numbers are digits, e.g. %s", report.Esc(clipRunes(word, 20)), usageEN))
	}
	digits := string(rs[i:j])
	if j-i > maxNumberDigits {
		return 0, "", problem(
			fmt.Sprintf("没有编号为 %s 的事项。", report.Esc(clipRunes(digits, 24))),
			fmt.Sprintf("There is no item %s.", report.Esc(clipRunes(digits, 24))))
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n <= 0 {
		return 0, "", problem(fmt.Sprintf("没有编号为 %s 的事项。", digits), fmt.Sprintf("There is no item %s.", digits))
	}
	if j < len(rs) && (rs[j] == '号' || rs[j] == ':' || rs[j] == ',') {
		j++
	}
	rest := strings.TrimSpace(string([]rune(s)[j:]))
	return n, rest, nil
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// notFound is the reply for an item number nobody has.
func notFound(n int) *Problem {
	return problem(
		fmt.Sprintf("没有编号为 #%d 的事项。可以发送 /plan 查看计划大纲，或 /search 搜索。", n),
		fmt.Sprintf("There is no item #%d. Send /plan for the outline or /search to find one.", n))
}

// staleButton is the answer to a button whose data no longer makes sense.
func staleButton() *Problem {
	return problem("这个按钮已失效。", "This button no longer works.")
}

// buttonID reads the id a button carries after its prefix ("close-yes:12").
func buttonID(args string) (int64, error) {
	id, err := strconv.ParseInt(args, 10, 64)
	if err != nil || id <= 0 {
		return 0, staleButton()
	}
	return id, nil
}
