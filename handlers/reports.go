package handlers

import (
	"context"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

// --- several items in one message: "本周：#9 推进中；#12 已检查5家" ---

// A unit often reports on several items in one message, each part
// starting with its #N after a separator or a list number:
//
//	本周工作情况：#9 新增学位200个；#12 已检查机构5家
//	1.#9 已完成选址
//	2.#12 进度60%
//
// Each part is read as if it had been sent alone (a report, a question, a
// closing, a deadline change), and the answers come back in one message.
// A #N inside a sentence ("#9 与#12 合并推进") starts no part.

// maxReportParts bounds the parts one message may hold.
const maxReportParts = 20

// maxReportHeader bounds the words before the first part ("本周工作情况：").
const maxReportHeader = 30

// listNumberRe is a list number before a part: "1.", "2、", "（3）".
var listNumberRe = regexp.MustCompile(`^(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、．)）]$|^[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]$`)

// partSeps end a part: a #N after one of them starts the next.
const partSeps = "；;。\n，,：:！!"

// splitReports returns the parts of a message about several items, each
// starting with its #N, or nil when the message is about one item or none.
func splitReports(text string) []string {
	if strings.Count(text, "#")+strings.Count(text, "＃") < 2 {
		return nil
	}
	if parts := sharedReport(text); parts != nil {
		return parts
	}
	var starts []int
	nums := map[string]bool{}
	for i, r := range text {
		if r != '#' && r != '＃' {
			continue
		}
		rest := strings.TrimLeft(text[i+utf8.RuneLen(r):], " ")
		n := 0
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 0 || n > 9 || !startsPart(text[:i]) {
			continue
		}
		starts = append(starts, i)
		nums[rest[:n]] = true
	}
	if len(starts) < 2 || len(nums) < 2 || len(starts) > maxReportParts {
		return nil
	}
	if head := strings.TrimSpace(text[:starts[0]]); utf8.RuneCountInString(head) > maxReportHeader || strings.ContainsAny(head, "\n") && utf8.RuneCountInString(head) > 12 {
		return nil
	}
	parts := make([]string, 0, len(starts))
	for k, s := range starts {
		end := len(text)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		part := strings.TrimRightFunc(text[s:end], func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune(partSeps, r)
		})
		// A list number that belongs to the next part ("…；\n2.") goes.
		if k+1 < len(starts) {
			part = trimListNumber(part)
		}
		parts = append(parts, part)
	}
	return parts
}

// refListSeps join the references of a report shared by several items.
const refListSeps = "、，,和与及/ "

// sharedReport reads one report about several items named first
// ("#3、#4 均已完成", "#5和#6 进度80%") as that report on each of them.
func sharedReport(text string) []string {
	var refs []string
	rest := strings.TrimSpace(text)
	for {
		r, size := utf8.DecodeRuneInString(rest)
		if r != '#' && r != '＃' {
			break
		}
		n := size
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == size || n-size > 9 {
			return nil
		}
		refs = append(refs, rest[:n])
		rest = strings.TrimLeft(rest[n:], refListSeps)
	}
	if len(refs) < 2 || len(refs) > maxReportParts || strings.TrimSpace(rest) == "" {
		return nil
	}
	seen := map[string]bool{}
	parts := make([]string, 0, len(refs))
	for _, ref := range refs {
		num := strings.TrimLeft(ref, "#＃")
		if seen[num] {
			continue
		}
		seen[num] = true
		parts = append(parts, "#"+num+" "+rest)
	}
	if len(parts) < 2 {
		return nil
	}
	return parts
}

// startsPart reports whether a #N after before begins a part: it opens the
// message, follows a separator, or follows a list number that does.
func startsPart(before string) bool {
	b := strings.TrimRightFunc(before, unicode.IsSpace)
	if b == "" {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(b)
	if strings.ContainsRune(partSeps, last) {
		return true
	}
	// "…；2.#12" or "\n（2）#12": the list number after a separator.
	i := strings.LastIndexFunc(b, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(partSeps, r) })
	return listNumberRe.MatchString(b[i+1:])
}

// trimListNumber removes a trailing list number ("2." "（2）") and the
// separators before it.
func trimListNumber(part string) string {
	i := strings.LastIndexFunc(part, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(partSeps, r) })
	if i < 0 || !listNumberRe.MatchString(part[i+1:]) {
		return part
	}
	return strings.TrimRightFunc(part[:i], func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(partSeps, r) })
}

// matchReports reads a message about several items (see splitReports).
func matchReports(t ruleText) (Intent, bool) {
	if splitReports(t.src) == nil {
		return Intent{}, false
	}
	return Intent{Command: "reports", Args: t.src}, true
}

// partUpdateID is the update id a part is recorded under: each part is
// recorded once however often the update is delivered, and none takes
// the id of a real update (those are positive).
func partUpdateID(update int64, k int) int64 {
	if update == 0 {
		return 0
	}
	return -(update*maxReportParts + int64(k))
}

// reports answers a message about several items: each part as if sent
// alone, the answers without buttons gathered into one reply.
func (h *Handler) reports(ctx context.Context, r *request) error {
	parts := splitReports(r.args)
	if parts == nil {
		return problem("请用编号开头报送，例如：#12 已完成招标，进度60%", "Start with the item's number, e.g. #12 tender done, 60%")
	}
	var answers []string
	for k, part := range parts {
		in := matchRules(part)
		if in.Quiet || in.Command == "" || in.Command == "reports" {
			continue
		}
		pr := *r
		pr.m.Text = part
		pr.m.UpdateID = partUpdateID(r.m.UpdateID, k)
		pr.intent = in
		pr.collect = &answers
		h.run(ctx, &pr, h.byName[in.Command], in.Args)
	}
	if len(answers) > 0 {
		h.reply(ctx, r, strings.Join(answers, "\n\n"))
	}
	return nil
}

// collected reports whether reply kept text for a gathered answer.
func (r *request) collected(text string, buttons [][]duban.Button) bool {
	if r.collect == nil || len(buttons) > 0 {
		return false
	}
	*r.collect = append(*r.collect, text)
	return true
}
