package handlers

import (
	"strings"
	"testing"
)

// classifyTests are messages as staff write them in the group, each with
// what the bot must make of it:
//
//	ask[:aspect]  a question, answered from the item (never recorded)
//	report        recorded as progress
//	close         recorded, closes the item
//	note          recorded as a note: work has not started
//	ack           nothing: an acknowledgement, a promise, an instruction
//	unsure        asked about with buttons before anything is recorded
//	undo          the sender's last report on the item is taken back
//	none          not about an item at all (chatter, or another rule)
var classifyTests = []struct {
	text string
	want string
}{
	// Questions about an item, every way of naming it.
	{"#5是谁负责的", "ask:owner"},
	{"#5 是谁负责的？", "ask:owner"},
	{"5号任务谁牵头", "ask:owner"},
	{"五号任务谁牵头", "ask:owner"},
	{"第5项是谁负责的", "ask:owner"},
	{"第五项是哪个科室负责", "ask:owner"},
	{"第5条谁牵头啊", "ask:owner"},
	{"任务5由谁负责", "ask:owner"},
	{"任务五的负责人是谁", "ask:owner"},
	{"#5 负责人", "ask:owner"},
	{"#5 牵头单位是哪个", "ask:owner"},
	{"请问#5是谁负责的", "ask:owner"},
	{"老师，#5归谁管", "ask:owner"},
	{"#5 什么时候到期", "ask:deadline"},
	{"#5 什么时候截止？", "ask:deadline"},
	{"#5 截止时间", "ask:deadline"},
	{"#5 啥时候要完成", "ask:deadline"},
	{"5号任务几号到期", "ask:deadline"},
	{"第3项时限是多久", "ask:deadline"},
	{"#5 到期了吗", "ask:deadline"},
	{"五号什么时候到期", "ask:deadline"},
	{"#5 目标是什么", "ask:target"},
	{"#5 目标", "ask:target"},
	{"#5 有什么具体要求", "ask:target"},
	{"第二项要达到什么标准", "ask:target"},
	{"#5 需要报什么材料", "ask:materials"},
	{"#5 要交哪些材料", "ask:materials"},
	{"#5 佐证材料报什么", "ask:materials"},
	{"#5 配合单位有哪些", "ask:partners"},
	{"#5 谁配合", "ask:partners"},
	{"#5 进展如何", "ask"},
	{"#5进度怎么样了", "ask"},
	{"#5 完成了吗", "ask"},
	{"#5 完成了没有", "ask"},
	{"#5 做到哪一步了", "ask"},
	{"#5 现在什么情况", "ask"},
	{"#5 进度多少", "ask"},
	{"#5 还有几所没完成", "ask"},
	{"#5 进度呢", "ask"},
	{"#5 呢", "ask"},
	{"#5", "ask"},
	{"#5？", "ask"},
	{"#5 是否已经完成", "ask"},
	{"#5 有没有人在跟", "ask"},
	{"#5 这个怎么报", "ask"},
	{"#5 已完成？", "ask"},
	{"#5 报了没", "ask"},
	{"#5 完成度", "ask"},
	{"第3项进展怎么样", "ask"},
	{"5号任务怎么样了", "ask"},
	{"5号进展", "ask"},
	{"五号进度如何", "ask"},
	{"任务12的情况", "ask"},
	{"事项8详情", "ask"},
	{"#5 还差多少", "ask"},
	{"#5 为什么还没动", "ask"},
	{"#5 这项工作谁在跟进", "ask:owner"},
	{"#5 怎么还没报", "ask"},
	{"#5 进展到哪了", "ask"},
	{"#5 看一下", "ask"},

	// Reports: what was done or what happened.
	{"#5 已完成招标，进度60%", "report"},
	{"#5 已召开部署会，下发实施方案", "report"},
	{"#5 已下发通知", "report"},
	{"#5：已排查学校12所，发现隐患3处，均已整改", "report"},
	{"#5 正在组织专家评审", "report"},
	{"#5 目前在等财政批复", "report"},
	{"#5 截至目前已培训教师320人次", "report"},
	{"#5 累计拨付资金45万元", "report"},
	{"#5 进度80%", "report"},
	{"#5 百分之七十", "report"},
	{"#5 完成六成，进度60%", "report"},
	{"第五项进度80%", "report"},
	{"第3项已完成一半", "report"},
	{"5号任务已下发文件", "report"},
	{"五号进度80%", "report"},
	{"任务5 已提交初稿", "report"},
	{"#5 发文了", "report"},
	{"#5 会开过了", "report"},
	{"#5 材料已报送县局", "report"},
	{"#5 方案已经印发，各校在落实", "report"},
	{"#5 基本完成，还剩两所学校收尾", "report"},
	{"#5 已完成调研，尚未启动招标", "report"},
	{"#5 召开专题部署会，明确分工", "report"},
	{"#5 排查学校12所", "report"},
	{"#5 推进中", "report"},
	{"#5 施工队已进场", "report"},
	{"#5 设备已安装调试完毕", "report"},
	{"#5 招标公告已发布，12月10日开标", "report"},
	{"#5 已上报名单，待审核", "report"},
	{"#5 本周组织了应急疏散演练", "report"},
	{"#5 初步方案已形成，正在征求意见", "report"},
	{"#5 资金已到位", "report"},
	{"#5 首批已验收", "report"},
	{"#5 已与县交警大队对接", "report"},
	{"#5 12所学校全部签订责任书", "report"},
	{"#5 已完成招标,进度60%", "report"},
	{"#5 已完成，请审核", "report"},
	{"#5 进度从30%提高到60%", "report"},
	{"#5 覆盖率达到95%，同比增长120%", "report"},
	{"#5 已开展校园欺凌专项排查，研究如何建立长效机制", "report"},
	{"#5 已完成十几所学校的排查", "report"},
	{"#5 几乎全部完成了，剩最后一所", "report"},

	// Closings.
	{"#5 已完成", "close"},
	{"#5 完成了", "close"},
	{"#5 完成", "close"},
	{"#5 已全部完成", "close"},
	{"#5 已办结", "close"},
	{"五号任务完成了", "close"},
	{"第3项已经全部完成", "close"},
	{"任务5 已完成", "close"},
	{"#5 该项工作已按时完成", "close"},
	{"#5 顺利完成", "close"},

	// Not started yet: recorded without starting the item.
	{"#5 还没开始", "note"},
	{"#5 尚未启动", "note"},
	{"#5 目前尚未开展", "note"},
	{"#5 暂未开展，等上级文件", "note"},
	{"#5 还没开始呢", "note"},
	{"#5 尚未启动，计划下周召开部署会", "note"},
	{"第五项还没动", "note"},
	{"#5 暂无进展", "note"},
	{"#5 目前没什么进展", "note"},
	{"#5 材料没什么问题，已报县局", "report"},

	// Acknowledgements, promises and instructions: nothing.
	{"#5 收到", "ack"},
	{"#5 收到！", "ack"},
	{"#5 好的", "ack"},
	{"#5 好的👍", "ack"},
	{"#5 收到，马上落实", "ack"},
	{"#5 明白，尽快报送", "ack"},
	{"#5 收到，谢谢", "ack"},
	{"#5 ok", "ack"},
	{"#5 辛苦了", "ack"},
	{"#5 请各校周五前报送", "ack"},
	{"#5 请抓紧推进", "ack"},
	{"#5 务必按时完成", "ack"},
	{"#5 尽快落实", "ack"},
	{"第5项 收到", "ack"},
	{"任务5 好的", "ack"},

	// Neither clearly: asked about.
	{"#5 下周召开部署会", "unsure"},
	{"#5 计划下周完成", "unsure"},
	{"#5 预计12月10日前完成", "unsure"},
	{"#5 张老师负责", "unsure"},
	{"#5 这个是我们科的", "unsure"},
	{"#5 见附件", "unsure"},
	{"#5 资金缺口较大", "unsure"},
	{"#5 跟教研室商量一下", "unsure"},
	{"五号完成了", "unsure"},

	// Taking a report back.
	{"#5 撤回", "undo"},
	{"#5 撤回刚才那条", "undo"},
	{"#5 刚才报错了，撤回", "undo"},

	// Chatter and other rules: not about an item.
	{"12号开会", "none"},
	{"5号", "none"},
	{"五号？", "none"},
	{"5号下午开会", "none"},
	{"五号楼在维修", "none"},
	{"三号会议室有人吗", "none"},
	{"5号开会吗", "none"},
	{"5号要交吗", "none"},
	{"第3点我同意，明天再说", "none"},
	{"今天开会吗", "none"},
	{"收到", "none"},
	{"好的👍", "none"},
	{"我3点完成", "none"},
	{"这周五完成了吗", "none"},
	{"下周完成材料报送", "none"},
	{"已完成，谢谢大家", "none"},
	{"材料100%交齐了", "none"},
	{"一下午都在开会", "none"},
	{"十号前交材料", "none"},
	{"#", "none"},
	{"# 标签", "none"},
	{"第一次参加这种会", "none"},
	{"任务很重，大家加油", "none"},
	{"事项太多了", "none"},
}

// kindOf says what the bot makes of text, in the words of classifyTests.
func kindOf(text string) string {
	in := Parse(text, testBot)
	switch {
	case in.Quiet:
		return "ack"
	case in.Command == "item":
		if in.Aspect != AspectItem {
			return "ask:" + string(in.Aspect)
		}
		return "ask"
	case in.Command == "undo":
		return "undo"
	case in.Command == "progress" && in.Tentative:
		return "unsure"
	case in.Command == "progress":
		_, words, _ := strings.Cut(in.Args, " ")
		switch r, _ := Classify(words); r {
		case ReadClosing:
			return "close"
		case ReadNotStarted:
			return "note"
		case ReadReport:
			return "report"
		default:
			return "progress:" + r.String()
		}
	case in.Command == "":
		return "none"
	case in.Command == "ask":
		return "topic"
	}
	return in.Command
}

func TestClassifyMessages(t *testing.T) {
	counts := map[string]int{}
	for _, tt := range classifyTests {
		counts[strings.SplitN(tt.want, ":", 2)[0]]++
		t.Run(tt.text, func(t *testing.T) {
			if got := kindOf(tt.text); got != tt.want {
				t.Errorf("%q is %s, want %s", tt.text, got, tt.want)
			}
		})
	}
	// The table covers every kind, and is large enough to mean something.
	for _, k := range []string{"ask", "report", "close", "note", "ack", "unsure", "undo", "none"} {
		if counts[k] == 0 {
			t.Errorf("no %s message in the table", k)
		}
	}
	if len(classifyTests) < 150 {
		t.Errorf("%d messages, want at least 150", len(classifyTests))
	}
}
