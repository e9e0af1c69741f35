package report

import (
	"fmt"
	"strings"
)

// HelpLine is one command in the help: how to write it and what it does,
// already in the reader's language.
type HelpLine struct {
	Usage string // "/due [本周|下周|本月|天数]"
	Text  string
	Admin bool // shown under the admins' heading
}

// HelpText renders what the bot does, the commands and examples of plain
// questions. served is false in a group that has not been bound, where the
// help says how to start.
func HelpText(lines []HelpLine, served bool, lang string) string {
	var b strings.Builder
	b.WriteString(Tr(lang,
		"🤖 <b>督办助手</b>：跟踪年度工作计划，回答到期、逾期、责任单位和进展，记录各单位报送的进展，每周提醒、每月通报。",
		"🤖 <b>duban</b> follows the year's work plan: it answers what is due, overdue, owned by whom and how far along, records progress reports, reminds weekly and briefs monthly."))
	if !served {
		b.WriteString(Tr(lang,
			"\n\n本群尚未启用。群管理员发送 /bind 即可启用。",
			"\n\nThis group is not served yet. A group admin can send /bind to start."))
	}
	var user, admin []HelpLine
	for _, l := range lines {
		if l.Admin {
			admin = append(admin, l)
		} else {
			user = append(user, l)
		}
	}
	b.WriteString(Tr(lang, "\n\n<b>命令</b>", "\n\n<b>Commands</b>"))
	for _, l := range user {
		fmt.Fprintf(&b, "\n%s — %s", esc(l.Usage), esc(l.Text))
	}
	if len(admin) > 0 {
		b.WriteString(Tr(lang, "\n\n<b>管理员</b>", "\n\n<b>Admins</b>"))
		for _, l := range admin {
			fmt.Fprintf(&b, "\n%s — %s", esc(l.Usage), esc(l.Text))
		}
	}
	b.WriteString(Tr(lang,
		"\n\n<b>也可以直接说</b>\n本周到期的任务有哪些 · 下周有什么要完成 · 有哪些逾期了 · 督导室的任务 · #12进展如何 · #12是谁负责的 · 消防演练谁牵头 · 还有多少任务没完成 · 搜索 营养餐 · 整体进度 · 督导室本周要完成什么 · 导出台账 · 上月通报\n\n<b>报送进展</b>\n#12 已完成招标，进度60%\n一条消息报多项：#12 已开标；#15 进度80%\n（或直接回复机器人提到某个 #编号 的消息；报错了10分钟内可发“撤回”）",
		"\n\n<b>Or just say</b> (in Chinese)\n本周到期的任务有哪些 · 有哪些逾期了 · 督导室的任务 · #12进展如何 · #12是谁负责的 · 还有多少任务没完成 · 搜索 营养餐\n\n<b>Report progress</b>\n#12 tender done, 60%\nSeveral in one message: #12 opened; #15 80%\n(or reply to a message of the bot that names one #N; /undo within 10 minutes takes it back)"))
	return b.String()
}

// ShortHelp is the one-line hint for a message the bot did not understand.
func ShortHelp(lang string) string {
	return Tr(lang,
		"没听懂。可以问“本周到期的任务有哪些”“有哪些逾期了”“#12进展如何”，或发送 /help 查看全部用法。",
		"Sorry, I did not get that. Try /due, /overdue, /item 12, or /help for everything.")
}

// SkippedText is the apology for a message the bot could not handle: the
// process died twice while handling it, so it was set aside.
func SkippedText(lang string) string {
	return Tr(lang, "抱歉，这条消息处理时出了问题，已跳过，请换个说法或稍后再发。",
		"Sorry, this message could not be handled and was skipped: please rephrase it or send it again later.")
}
