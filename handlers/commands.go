package handlers

import "context"

// The routing tables. Everything the bot answers is listed here, so that a
// new feature is one entry plus a file of its own:
//
//   - A command: add a command{} to commands below with its name, aliases,
//     who may run it (role: anyone served, a group admin, a plan admin;
//     see access.go) and whether it shows plan data
//     and so needs a served chat (served), its usage and help in zh and en,
//     and run, a method of *Handler in your own file (handlers/export.go
//     for /export). run gets the request (message, args, language, today)
//     and answers through h.reply; it returns a *Problem for a reply the
//     user should read ("#99 不存在") and any other error for a failure,
//     which is logged and answered with a short apology. Parse finds the
//     command anywhere in a message, bare or as /name@bot. A document
//     sent with the command as caption is in r.m.Document (/import).
//   - A plain-language phrasing: add a rule{} to rules with a match func
//     that reads the message (folded and bare forms, see ruleText) and
//     returns the Intent, i.e. which command runs with what arguments.
//     Match whole messages against a vocabulary (see vocab.go) so that
//     chatter never matches; set Tentative when a miss should stay silent.
//   - A button: send it with duban.Button{Data: "prefix:args"} and add a
//     callback{} to callbacks with that prefix; run gets the rest of the
//     data as r.args. Check again whatever the button's sender was allowed
//     to do: anyone in the group can press it.
//
// The bot adapter de-duplicates updates before Handle, so a command runs
// once per update.

// command is one /command.
type command struct {
	name    string
	aliases []string
	role    role // who may run it (see access.go)
	served  bool // it shows or changes plan data: only in served chats
	hidden  bool // not listed in /help
	usage   [2]string
	help    [2]string // what it does, zh and en
	run     func(h *Handler, ctx context.Context, r *request) error
}

var commands = []command{
	{name: "start", hidden: true, run: (*Handler).help},
	{name: "help", aliases: []string{"h"}, run: (*Handler).help,
		usage: [2]string{"/help", "/help"}, help: [2]string{"显示本说明", "show this help"}},
	{name: "due", aliases: []string{"soon"}, served: true, run: (*Handler).due,
		usage: [2]string{"/due [本周|下周|本月|天数]", "/due [week|next|month|days]"},
		help:  [2]string{"近期到期的任务，默认未来7天", "open tasks due soon, default next 7 days"}},
	{name: "overdue", aliases: []string{"late"}, served: true, run: (*Handler).overdue,
		usage: [2]string{"/overdue", "/overdue"}, help: [2]string{"逾期未完成的任务", "open tasks past their deadline"}},
	{name: "item", aliases: []string{"show", "i"}, served: true, run: (*Handler).item,
		usage: [2]string{"/item 编号", "/item N"}, help: [2]string{"事项详情和最近进展", "an item in full with its latest reports"}},
	{name: "owner", aliases: []string{"dept", "unit"}, served: true, run: (*Handler).owner,
		usage: [2]string{"/owner 单位", "/owner unit"}, help: [2]string{"某单位的未完成任务", "a unit's open tasks"}},
	{name: "search", aliases: []string{"s", "find"}, served: true, run: (*Handler).search,
		usage: [2]string{"/search 关键词", "/search words"}, help: [2]string{"搜索事项和进展", "search items and reports"}},
	{name: "plan", aliases: []string{"outline"}, served: true, run: (*Handler).plan,
		usage: [2]string{"/plan", "/plan"}, help: [2]string{"计划大纲和各部分完成情况", "the plan outline with counts"}},
	{name: "reports", hidden: true, served: true, run: (*Handler).reports},
	{name: "progress", aliases: []string{"report", "p"}, served: true, run: (*Handler).progress,
		usage: [2]string{"/progress 编号 进展", "/progress N text"},
		help:  [2]string{"报送进展，写上百分比会更新进度", "report progress; a percent updates the item"}},
	{name: "done", aliases: []string{"close"}, served: true, run: (*Handler).done,
		usage: [2]string{"/done 编号 [说明]", "/done N [text]"}, help: [2]string{"销号（标记完成）", "close an item as done"}},
	{name: "add", role: planAdmin, served: true, run: (*Handler).add,
		usage: [2]string{"/add 标题 | 牵头单位 | 时限 | 目标", "/add title | unit | deadline | target"},
		help:  [2]string{"添加事项（后三项可省略）", "add an item (the last three are optional)"}},
	{name: "edit", role: planAdmin, served: true, run: (*Handler).edit,
		usage: [2]string{"/edit 编号 字段 值", "/edit N field value"},
		help:  [2]string{"修改事项：标题、内容、单位、配合单位、时限、目标、状态、进度", "change title, body, owner, partners, deadline, target, status or percent"}},
	{name: "delete", aliases: []string{"del", "rm"}, role: planAdmin, served: true, run: (*Handler).delete,
		usage: [2]string{"/delete 编号", "/delete N"}, help: [2]string{"删除事项（进展保留）", "delete an item (reports are kept)"}},
	{name: "iam", aliases: []string{"dept_me", "unit_me"}, served: true, run: (*Handler).iam,
		usage: [2]string{"/iam 单位", "/iam unit"},
		help:  [2]string{"登记自己所在的单位，提醒中会@你；/iam 查看，/iam 取消", "register your unit to be mentioned in reminders; /iam shows, /iam - removes"}},
	{name: "who", aliases: []string{"members"}, served: true, run: (*Handler).who,
		usage: [2]string{"/who", "/who"}, help: [2]string{"本群登记的单位成员，以及无人登记的牵头单位", "who is registered to which unit here, and lead units nobody is"}},
	{name: "export", aliases: []string{"ledger"}, served: true, run: (*Handler).export,
		usage: [2]string{"/export [计划名称]", "/export [plan]"}, help: [2]string{"导出台账（Excel）", "the ledger as an Excel file"}},
	{name: "briefing", aliases: []string{"brief", "monthly"}, served: true, run: (*Handler).briefing,
		usage: [2]string{"/briefing [上月|10月]", "/briefing [last|2026-10]"}, help: [2]string{"月度通报（默认本月至今），附台账", "the monthly briefing (default: this month so far) with the ledger"}},
	{name: "settings", aliases: []string{"schedule"}, role: groupAdmin, served: true, run: (*Handler).settings,
		usage: [2]string{"/settings [weekly 周五 16:00|deadlines off|reset]", "/settings [weekly fri 16:00|deadlines off|reset]"},
		help:  [2]string{"查看和修改本群的提醒时间", "see and change this group's reminder times"}},
	{name: "deadline", aliases: []string{"due_date"}, role: planAdmin, served: true, run: (*Handler).deadline,
		usage: [2]string{"/deadline 编号 时限", "/deadline N deadline"},
		help:  [2]string{"修改时限，可写“9月底前”“年内”“下月10日前”", "set a deadline, e.g. 2026-09-30 or 9月底前"}},
	{name: "import", role: planAdmin, served: true, run: (*Handler).importPlan,
		usage: [2]string{"/import [计划名称]（作为文件说明）", "/import [plan] (as a file's caption)"},
		help:  [2]string{"导入工作计划或台账（.docx .txt .md .xlsx .csv），先预览再确认", "import the plan or ledger from a file, with a preview first"}},
	{name: "summary", aliases: []string{"sum", "zongjie"}, served: true, run: (*Handler).summary,
		usage: [2]string{"/summary [编号|单位|本周|本月|上月|全年] [详细]", "/summary [N|unit|week|month|lastmonth|year] [detailed]"},
		help:  [2]string{"起草工作总结（只依据报送记录，默认本月）", "draft a work summary from the recorded reports (default: this month)"}},
	{name: "history", aliases: []string{"log"}, served: true, run: (*Handler).history,
		usage: [2]string{"/history 编号", "/history N"}, help: [2]string{"事项的变更记录：谁、何时、改了什么", "who changed an item, when and what"}},
	{name: "bind", run: (*Handler).bind,
		usage: [2]string{"/bind", "/bind"}, help: [2]string{"在本群启用督办", "start serving this group"}},
	{name: "unbind", run: (*Handler).unbind,
		usage: [2]string{"/unbind", "/unbind"}, help: [2]string{"在本群停用督办", "stop serving this group"}},
	{name: "grant", role: planAdmin, run: (*Handler).grant,
		usage: [2]string{"/grant @用户名", "/grant @user"}, help: [2]string{"授予计划管理员权限（/grant 查看名单）", "make someone a plan admin (/grant lists them)"}},
	{name: "node", aliases: []string{"milestone", "jd"}, served: true, run: (*Handler).node,
		usage: [2]string{"/node 编号 [时限 内容 | 序号 完成]", "/node N [date what | seq done]"},
		help:  [2]string{"事项的节点：查看、添加、标记完成", "an item's milestones: list, add, mark done"}},
	{name: "extend", aliases: []string{"yanqi"}, served: true, run: (*Handler).extend,
		usage: [2]string{"/extend 编号 新时限 理由", "/extend N new-deadline reason"},
		help:  [2]string{"申请延期（牵头单位），由计划管理员审批", "ask to move a deadline (lead unit); a plan admin decides"}},
	{name: "lights", aliases: []string{"light", "warn"}, served: true, run: (*Handler).lights,
		usage: [2]string{"/lights [红|黄|绿]", "/lights [red|yellow|green]"},
		help:  [2]string{"按红黄绿灯列出任务（序时进度预警）", "tasks by warning light (behind schedule)"}},
	{name: "missing", aliases: []string{"unreported"}, served: true, run: (*Handler).missing,
		usage: [2]string{"/missing", "/missing"}, help: [2]string{"本期还没报送进展的任务和单位（迟报、漏报）", "who has not reported this cycle (late, missed)"}},
	{name: "revoke", role: planAdmin, run: (*Handler).revoke,
		usage: [2]string{"/revoke @用户名", "/revoke @user"}, help: [2]string{"收回计划管理员权限", "take plan-admin rights back"}},
	{name: "evidence", aliases: []string{"files", "proof"}, served: true, run: (*Handler).evidence,
		usage: [2]string{"/evidence 编号 [序号]", "/evidence N [place]"},
		help: [2]string{"查看事项的佐证材料。上传：发照片、视频或文件，说明写“#12 整改前后照片”",
			"an item's evidence. To add some, send a photo, video or file with “#12 what it shows” as caption"}},
	{name: "mine", aliases: []string{"my", "wode"}, served: true, run: (*Handler).mine,
		usage: [2]string{"/mine [分管]", "/mine [lead]"},
		help:  [2]string{"我的任务：本单位未完成的任务（红灯在前）；分管领导发“我分管的”", "my unit's open tasks, red first; leaders: “/mine lead” for the units they oversee"}},
	{name: "urge", aliases: []string{"cuiban"}, role: planAdmin, served: true, run: (*Handler).urge,
		usage: [2]string{"/urge 编号 [附言]", "/urge N [note]"},
		help:  [2]string{"一键催办：立即发出催办单（每项每天一次）", "send an overdue notice now (once a day per item)"}},
	{name: "leader", aliases: []string{"leaders"}, role: planAdmin, run: (*Handler).leader,
		usage: [2]string{"/leader 单位 @用户名", "/leader unit @user"},
		help:  [2]string{"登记单位的分管领导（逾期较久的催办单私信给他）；/leader 查看名单", "register a unit's overseeing leader (long-overdue notices go to them); /leader lists them"}},
	{name: "undo", aliases: []string{"withdraw"}, served: true, run: (*Handler).undo,
		usage: [2]string{"/undo [编号]", "/undo [N]"},
		help:  [2]string{"撤回自己10分钟内报送的最后一条进展；计划管理员可撤回某事项的任一条进展", "take back your last report (within 10 minutes); plan admins any report on an item"}},
	{name: "count", aliases: []string{"stats"}, served: true, run: (*Handler).count,
		usage: [2]string{"/count", "/count"}, help: [2]string{"任务总数、已完成、未完成和完成率", "how many tasks, done and open, and the completion rate"}},
	{name: "review", aliases: []string{"shenhe"}, served: true, run: (*Handler).review,
		usage: [2]string{"/review", "/review"}, help: [2]string{"待审核的办结申请（督办员）", "closing requests awaiting review (reviewers)"}},
	{name: "return", aliases: []string{"tuihui"}, served: true, run: (*Handler).returnClosing,
		usage: [2]string{"/return 编号 理由", "/return N reason"}, help: [2]string{"退回办结申请并写明理由（督办员）", "return a closing request with the reason (reviewers)"}},
	{name: "approve", hidden: true, served: true, run: (*Handler).approveClosing,
		usage: [2]string{"/approve 编号", "/approve N"}, help: [2]string{"同意办结申请（销号，督办员）", "approve a closing request (reviewers)"}},
	{name: "ask", hidden: true, served: true, run: (*Handler).ask,
		usage: [2]string{"/ask 话题", "/ask topic"}, help: [2]string{"与话题最相关的事项及其牵头单位", "the item that best matches a topic, with its lead unit"}},
	{name: "chart", aliases: []string{"charts", "tubiao"}, served: true, run: (*Handler).chart,
		usage: [2]string{"/chart [本月|上月|10月|2026-10]", "/chart [month|last|oct|2026-10]"},
		help:  [2]string{"工作进展图：各单位完成情况和完成率走势（默认本月至今）", "the progress chart: units and the completion trend (default: this month so far)"}},
}

// commandNames maps every name and alias to the command's name; Parse
// reads it.
var commandNames = func() map[string]string {
	m := map[string]string{}
	for _, c := range commands {
		m[c.name] = c.name
		for _, a := range c.aliases {
			m[a] = c.name
		}
	}
	return m
}()

// rule is one plain-language phrasing, mapped to a command and its args.
type rule struct {
	name  string
	match func(t ruleText) (Intent, bool)
}

// rules are tried in order; the first match wins. Item references come
// first ("#12 本周完成" is a report on #12), search last (its prefixes are
// the loosest).
var rules = []rule{
	{"reports", matchReports},   // "#9 推进中；#12 已检查5家": each part alone
	{"deadline", matchDeadline}, // "#12 时限改为9月底前" before it reads as a report
	{"extend", matchExtend},     // "#12 申请延期到1月底，原因…" before it reads as a report
	{"decision", matchDecision}, // "#7 同意销号", "#7 退回，…": a reviewer's decision
	{"summary", matchSummary},   // "#12 总结一下" before it reads as a report
	{"recent", matchRecent},     // "本周进展": the period's reports, summarised
	{"item or progress", matchItem},
	{"due", matchDue},
	{"overdue", matchOverdue},
	{"plan", matchPlan},
	{"help", matchHelp},
	{"iam", matchIam},
	{"lights", matchLights},
	{"missing", matchMissing},
	{"mine", matchMine},
	{"chart", matchChart},       // "查看图表" before search reads 查看 as a search
	{"ledger", matchLedger},     // "导出台账", "给我发一下台账"
	{"briefing", matchBriefing}, // "本月通报", "上个月的月度通报"
	{"owner", matchOwner},
	{"search", matchSearch},
	{"undo", matchUndo},       // "撤回", "撤回刚才那条"
	{"count", matchCount},     // "还有多少任务没完成", "完成率多少"
	{"topic", matchTopicHead}, // "谁负责营养餐"
	{"topic", matchTopic},     // "消防演练谁牵头": loosest, last
}

// callback is a button press routed by the prefix of its data.
type callback struct {
	prefix string
	role   role
	served bool
	run    func(h *Handler, ctx context.Context, r *request) error
}

var callbacks = []callback{
	{prefix: "del:", role: planAdmin, served: true, run: (*Handler).deleteConfirmed},
	{prefix: importYesPrefix, role: planAdmin, served: true, run: (*Handler).importConfirmed},
	{prefix: importNoPrefix, role: planAdmin, served: true, run: (*Handler).importCancelled},
	{prefix: nodePrefix, served: true, run: (*Handler).nodePressed},
	{prefix: extendYesPrefix, role: planAdmin, served: true, run: (*Handler).extendApproved},
	{prefix: extendNoPrefix, role: planAdmin, served: true, run: (*Handler).extendRefused},
	{prefix: ackPrefix, served: true, run: (*Handler).acknowledge},
	{prefix: closeYesPrefix, served: true, run: (*Handler).closeApproved},
	{prefix: closeNoPrefix, served: true, run: (*Handler).closeReturned},
	{prefix: "cancel", run: (*Handler).cancelled},
	{prefix: undoPrefix, role: planAdmin, served: true, run: (*Handler).undoConfirmed},
	{prefix: recordYesPrefix, served: true, run: (*Handler).recordConfirmed}, // the author or a plan admin (unsure.go)
	{prefix: recordNoPrefix, served: true, run: (*Handler).recordDeclined},
}
