package handlers

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
)

// progress answers /progress N 文本 and "#12 已完成招标，进度60%": it records a
// report, and a percent in the text becomes the item's. A plain message
// that is neither clearly a question nor a report ("#12 下周召开部署会")
// comes as a tentative intent and is asked about first.
func (h *Handler) progress(ctx context.Context, r *request) error {
	n, text, err := parseNumberArg(r.args, "/progress 12 已完成招标，进度60%", "/progress 12 tender done, 60%")
	if err != nil {
		return err
	}
	if r.intent.Source == SourceRule && r.intent.Tentative {
		return h.askToRecord(ctx, r, n, text)
	}
	return h.record(ctx, r, n, text, false)
}

// done answers /done N [文本]: closes the item with a closing report.
func (h *Handler) done(ctx context.Context, r *request) error {
	n, text, err := parseNumberArg(r.args, "/done 12 已全部完成", "/done 12 all finished")
	if err != nil {
		return err
	}
	return h.record(ctx, r, n, text, true)
}

// replyReport reads a plain reply to one of the bot's messages as being
// about the one item that message names: a report is recorded, a question
// answered, an acknowledgement left alone, and what is neither clearly is
// asked about.
func (h *Handler) replyReport(ctx context.Context, r *request) error {
	if ok, err := h.returnByReply(ctx, r); ok {
		return err // the reason of a 退回 the bot asked for
	}
	text := strings.TrimSpace(r.args)
	reading, aspect := Classify(text)
	if isAck(text) || reading == ReadAck || signWords.covers(bare(fold(text))) {
		if ok, err := h.ackByReply(ctx, r); ok {
			return err // "收到" under a 签收 message acknowledges
		}
		return nil // "收到" under a reminder is not a report
	}
	nums := itemNumbers(r.m.ReplyTo.Text)
	switch len(nums) {
	case 0:
		h.reply(ctx, r, report.ShortHelp(r.lang))
		return nil
	case 1:
		switch reading {
		case ReadQuestion:
			return h.answerItem(ctx, r, nums[0], aspect)
		case ReadWithdraw:
			return h.withdrawOwn(ctx, r, nums[0])
		case ReadUnclear:
			return h.askToRecord(ctx, r, nums[0], text)
		}
		return h.record(ctx, r, nums[0], text, false)
	}
	shown := nums
	if len(shown) > 8 {
		shown = shown[:8]
	}
	return problem(
		fmt.Sprintf("这条消息提到了多个事项（%s），请用编号开头说明是哪一项，例如：#%d %s", report.NumberList(shown, r.lang), nums[0], report.Esc(clipRunes(text, 20))),
		fmt.Sprintf("That message names several items (%s): start with the number, e.g. #%d %s", report.NumberList(shown, r.lang), nums[0], report.Esc(clipRunes(text, 20))))
}

var itemNumberRE = regexp.MustCompile(`#(\d{1,9})\b`)

// itemNumbers lists the distinct #N a text names, in order.
func itemNumbers(text string) []int {
	var out []int
	for _, m := range itemNumberRE.FindAllStringSubmatch(text, 50) {
		n, err := strconv.Atoi(m[1])
		if err == nil && n > 0 && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// signWords acknowledge a 签收 message in words: "签收", "已签收".
var signWords = newVocab([]string{"签收"}, []string{"已", "已经", "确认", "我们", "了", "的", "好", "收到", "谢谢", "本单位", "我科"})

// ackWords are replies that acknowledge rather than report.
var ackWords = newVocab(nil, []string{"收到", "好的", "好", "嗯", "嗯嗯", "ok", "okay", "谢谢", "感谢", "多谢", "明白",
	"了解", "知道了", "知道", "已阅", "阅", "了", "的", "啦", "哈", "滴", "老师", "辛苦", "辛苦了", "谢", "1"})

func isAck(text string) bool {
	b := bare(fold(text))
	return b == "" || ackWords.segments(b)
}

// doneWords say an item is finished when they are all a report says.
var doneWords = newVocab([]string{"完成", "办结", "销号", "完结", "结束", "做完", "落实"},
	[]string{"已", "已经", "全部", "均", "都", "已全部", "按时", "顺利", "了", "的", "啦", "该项", "此项", "任务", "工作", "事项"})

// record writes a report on item n. closing marks it done; a report whose
// only words say it is finished ("已完成") closes it as well. A percent
// outside 0–100 is refused and nothing is recorded; words saying that work
// has not started ("尚未启动") are recorded as a note that leaves the
// item's status alone.
func (h *Handler) record(ctx context.Context, r *request, n int, text string, closing bool) error {
	text = strings.TrimSpace(text)
	if err := checkLength(r, text); err != nil {
		return err
	}
	if bad, ok := BadPercent(text); ok {
		return problem(
			fmt.Sprintf("进度要在0%%到100%%之间，“%s”无法记录，这条进展没有记录。请改正后重新发送，例如：#%d 进度80%%", report.Esc(clipRunes(bad, 20)), n),
			fmt.Sprintf("A percent must be between 0%% and 100%%: “%s” cannot be recorded, so nothing was. Please correct it and send it again, e.g. #%d 80%%", report.Esc(clipRunes(bad, 20)), n))
	}
	it, err := h.loadItem(ctx, n)
	if err != nil {
		return err
	}
	if it.Kind == duban.KindSection {
		return problem(
			fmt.Sprintf("#%d 是计划的一个部分，不是具体任务。请对其下的事项报送，发送 /item %d 查看。", n, n),
			fmt.Sprintf("#%d is a section, not a task: report on the items under it (/item %d).", n, n))
	}
	percent, hasPercent := ParsePercent(text)
	if !closing && !hasPercent && text != "" && doneWords.covers(bare(fold(text))) {
		closing = true
	}
	reading, _ := Classify(text)
	note := !closing && reading == ReadNotStarted
	if closing && !it.Open() {
		h.reply(ctx, r, report.AlreadyClosed(it, r.lang))
		return nil
	}
	if !closing && text == "" {
		return problem(
			fmt.Sprintf("请写上进展内容，例如：#%d 已完成招标，进度60%%", n),
			fmt.Sprintf("Please write what was done, e.g. #%d tender done, 60%%", n))
	}
	if it.Status == duban.StatusCancelled {
		return problem(fmt.Sprintf("#%d 已取消，不再接收进展。", n), fmt.Sprintf("#%d is cancelled and takes no reports.", n))
	}
	p := duban.Progress{
		ItemNumber: n, ChatID: r.m.ChatID, UserID: r.m.UserID, UserName: r.m.UserName,
		Text: text, Percent: duban.NoPercent, Done: closing, Note: note,
	}
	if r.m.Callback == nil {
		p.MessageID = r.m.MessageID // editing the message corrects the report (edit.go)
	}
	if hasPercent && !closing && !note {
		p.Percent = percent
	}
	if closing && text == "" {
		p.Text = report.Tr(r.lang, "已完成", "done")
	}
	if (closing || p.Percent == 100) && h.needsReview(ctx, r) {
		return h.requestClose(ctx, r, p) // 申请办结: a reviewer closes it
	}
	it, _, err = h.d.Store.AddProgress(ctx, &p, r.m.UpdateID)
	if err != nil {
		return err
	}
	if note {
		h.reply(ctx, r, report.NoteRecorded(it, r.today, r.lang))
		return nil
	}
	h.reply(ctx, r, report.ProgressRecorded(it, p, r.today, r.lang))
	return nil
}

// checkLength refuses a report longer than duban.MaxReportRunes, counting
// what cleanText cut off.
func checkLength(r *request, text string) error {
	if n := utf8.RuneCountInString(text) + r.cut; n > duban.MaxReportRunes {
		return problem(
			fmt.Sprintf("进展太长了（%d字），请控制在%d字以内。", n, duban.MaxReportRunes),
			fmt.Sprintf("The report is too long (%d characters); keep it under %d.", n, duban.MaxReportRunes))
	}
	return nil
}
