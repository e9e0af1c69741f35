package handlers

import (
	"strings"
	"unicode"
)

// What people say about an item ("#5 …") is read by vocabulary, like the
// rules: a question is answered from the item and never recorded; a
// report is recorded only when it says what was done or what happened
// (已…, …了, a percent, 正在…); an acknowledgement, a promise or an
// instruction ("收到", "马上落实", "请尽快报送") gets nothing; and what is
// neither clearly ("#5 下周召开部署会", "#5 张老师负责") is asked about with
// buttons rather than guessed.

// Reading is what a message about an item says.
type Reading int

// The readings Classify returns.
const (
	// ReadUnclear is neither clearly a question nor a report: the bot asks
	// whether to record it.
	ReadUnclear Reading = iota
	// ReadQuestion asks about the item: answered from it, never recorded.
	ReadQuestion
	// ReadReport says what was done or what happened: recorded.
	ReadReport
	// ReadClosing says the item is finished ("已完成"): recorded, closes it.
	ReadClosing
	// ReadNotStarted says work has not started ("尚未启动"): recorded as a
	// note that leaves the item's status alone.
	ReadNotStarted
	// ReadAck acknowledges, promises or instructs ("收到", "马上落实",
	// "请尽快报送"): nothing is recorded or answered.
	ReadAck
	// ReadWithdraw takes the sender's last report back ("撤回").
	ReadWithdraw
)

// String names the reading, for tests and logs.
func (r Reading) String() string {
	return [...]string{"unclear", "question", "report", "closing", "not-started", "ack", "withdraw"}[r]
}

// maxClassifyRunes bounds the text whose words are looked at: questions and
// the markers of a report are near the start; a longer text is a report
// unless a question mark or a closing particle says otherwise.
const maxClassifyRunes = 200

// Classify reads the words said about an item, without the reference
// ("是谁负责的" of "#5是谁负责的"): what kind of message it is and, for a
// question, what it asks. It is a pure function.
func Classify(text string) (Reading, Aspect) {
	return classify(fold(cleanText(text)))
}

func classify(rs []rune) (Reading, Aspect) {
	head := rs
	if len(head) > maxClassifyRunes {
		head = head[:maxClassifyRunes]
	}
	b := bare(head)
	switch {
	case b == "":
		return ReadQuestion, AspectItem
	case withdrawVocab.covers(b):
		return ReadWithdraw, AspectItem
	case ackVocab.segments(b):
		return ReadAck, AspectItem
	}
	// What a question asks for (aspectOf) is looked up only for one.
	if asks(rs, b) {
		return ReadQuestion, aspectOf(b)
	}
	done := containsAny(b, doneMarkers...)
	switch {
	case !done && containsAny(b, notStartedWords...):
		return ReadNotStarted, AspectItem
	case askVocab.segments(b):
		return ReadQuestion, aspectOf(b)
	case hasPercent(string(head)):
		return ReadReport, AspectItem
	case doneWords.covers(b):
		return ReadClosing, AspectItem
	case done || ongoing(b):
		return ReadReport, AspectItem
	case instructs(b):
		return ReadAck, AspectItem
	case !containsAny(b, futureWords...) && acted(b), len(rs) > maxClassifyRunes:
		return ReadReport, AspectItem
	}
	return ReadUnclear, AspectItem
}

// hasPercent reports whether the text states a percent, in range or not,
// of the work or of a rate it measures ("覆盖率达到95%"): a report.
func hasPercent(s string) bool {
	return len(percentHits(s)) > 0
}

// asks reports whether a text asks: a question mark anywhere; 吗, 么 or a
// questioning 呢 ending a clause; "…了没(有)"; or a question word (谁, 什么,
// 哪, 多少, 何时, 几时, 怎么, 是否 at the start…). rs is the whole folded
// text, b the bare form of its head.
func asks(rs []rune, b string) bool {
	for i, r := range rs {
		if r == '?' {
			return true
		}
		if r != '吗' && r != '么' && r != '呢' && r != '没' && r != '有' || i+1 < len(rs) && !clauseEnd(rs[i+1]) {
			continue
		}
		switch r {
		case '吗', '么':
			return true
		case '呢':
			// "进度呢" asks; "还没开始呢", "正在推进呢" tell.
			if !containsAny(string(rs[clauseStart(rs, i):i]), "还", "尚", "正在", "在", "着") {
				return true
			}
		case '没':
			if i > 0 && strings.ContainsRune("了过完好", rs[i-1]) {
				return true
			}
		case '有':
			if i > 1 && string(rs[i-2:i]) == "了没" {
				return true
			}
		}
	}
	// "没什么问题", "没有什么进展" tell: 什么 there asks nothing.
	if containsAny(notAsking.Replace(b), questionWords...) {
		return true
	}
	// 如何 and 怎样 ask at a clause's end ("进展如何"), not before a verb
	// ("研究如何推进").
	for _, w := range []string{"如何", "怎样", "怎么样", "咋样", "咋办", "怎么办"} {
		if strings.HasSuffix(b, w) || strings.HasSuffix(strings.TrimRight(b, "了啊呀的"), w) {
			return true
		}
	}
	for _, w := range []string{"是否", "有没有", "是不是", "能否", "可否", "要不要", "需不需要", "能不能", "有无"} {
		if strings.HasPrefix(b, w) || strings.HasPrefix(b, "请问"+w) {
			return true
		}
	}
	return asksHowMany(b)
}

// asksHowMany finds 几 asking a number ("几号", "还有几所没完成"), not a
// number itself ("十几所", "好几次") nor 几乎.
func asksHowMany(b string) bool {
	rs := []rune(b)
	for i, r := range rs {
		if r != '几' || i+1 >= len(rs) || !strings.ContainsRune("时号月天日成项个所次人家周", rs[i+1]) {
			continue
		}
		if i > 0 && (isNumRune(rs[i-1]) || rs[i-1] == '好' || rs[i-1] == '这' || rs[i-1] == '那') {
			continue
		}
		return true
	}
	return false
}

func clauseEnd(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// clauseStart returns where the clause holding rs[i] begins.
func clauseStart(rs []rune, i int) int {
	for i > 0 && !clauseEnd(rs[i-1]) {
		i--
	}
	return i
}

// ongoing reports words saying work is under way: "正在招标", "推进中".
func ongoing(b string) bool {
	return containsAny(b, ongoingWords...)
}

// instructs reports an instruction or an urging rather than a report:
// "请各校周五前报送", "尽快落实".
func instructs(b string) bool {
	for _, w := range instructionLeads {
		if strings.HasPrefix(b, w) {
			return true
		}
	}
	return false
}

// acted reports a report in few words: an action verb with a past "了"
// ("发文了", "开过会了") or starting a telegraphic report with its object
// ("召开部署会", "排查学校12所").
func acted(b string) bool {
	if strings.Contains(b, "了") && !containsAny(b, "了解", "为了", "除了", "算了", "不了") {
		for _, v := range actionVerbs {
			if strings.Contains(b, v) {
				return true
			}
		}
		for _, v := range shortVerbs {
			if strings.Contains(b, v+"了") || strings.Contains(b, v+"过") {
				return true
			}
		}
	}
	for _, v := range actionVerbs {
		if strings.HasPrefix(b, v) && len(b) >= len(v)+2*3 || strings.Contains(b, v) && counted(b) {
			return true
		}
	}
	return false
}

// counted reports a count of things done: "12所", "320人次", "3处".
func counted(b string) bool {
	rs := []rune(b)
	for i := 1; i < len(rs); i++ {
		if isNumRune(rs[i-1]) && !isNumRune(rs[i]) && strings.ContainsRune("所个人次场处家名户份批间台套项件篇期万元", rs[i]) {
			return true
		}
	}
	return false
}

// notAsking removes the phrases in which a question word asks nothing.
var notAsking = strings.NewReplacer("没什么", "", "没有什么", "", "不是什么", "", "什么的", "", "无论什么", "", "不管什么", "")

// Word lists of the classifier.
var (
	// questionWords ask wherever they stand.
	questionWords = []string{"谁", "什么", "啥", "哪", "多少", "何时", "几时", "多久", "为什么", "为何", "怎么",
		"咋", "何日", "哪天"}
	// doneMarkers say that something was done or has happened.
	doneMarkers = []string{"已", "完成了", "做完", "办完", "弄完", "搞定", "结束了", "截至", "截止目前", "截止到目前",
		"累计", "共计", "陆续", "初步", "基本", "均已", "全部完成", "已经"}
	// ongoingWords say that work is under way.
	ongoingWords = []string{"正在", "在推进", "在进行", "在做", "在办", "在弄", "在搞", "推进中", "进行中", "办理中",
		"实施中", "建设中", "施工中", "筹备中", "审核中", "审批中", "招标中", "落实中", "目前", "现已", "现阶段"}
	// notStartedWords say that work has not started.
	notStartedWords = []string{"还没开始", "还未开始", "尚未开始", "没有开始", "没开始", "未开始", "尚未启动", "还没启动",
		"还未启动", "未启动", "没启动", "没有启动", "尚未开展", "还没开展", "还未开展", "未开展", "没开展", "暂未开展",
		"暂未启动", "暂未开始", "还没动", "没动工", "尚未动工", "还没做", "还没有做", "尚未实施", "未实施", "尚未着手",
		"还没着手", "尚无进展", "暂无进展", "没有进展", "还没有开始", "还没有启动", "还没有开展", "没什么进展"}
	// futureWords make a sentence a plan rather than a report.
	futureWords = []string{"计划", "预计", "拟", "将于", "准备", "打算", "争取", "下周", "下月", "明天", "后天",
		"下个月", "下星期", "月底前", "年底前", "近期将", "马上", "即将", "将要", "会尽快"}
	// instructionLeads start an instruction or an urging.
	instructionLeads = []string{"请", "务必", "要求", "抓紧", "尽快", "督促", "提醒", "注意", "麻烦", "辛苦", "希望",
		"各校", "各单位", "各学校", "大家"}
	// actionVerbs are the verbs of bureau reports.
	actionVerbs = []string{"召开", "下发", "印发", "出台", "制定", "开展", "组织", "举办", "部署", "启动", "推进", "落实",
		"提交", "上报", "报送", "排查", "整改", "验收", "招标", "签订", "签署", "拨付", "采购", "培训", "检查", "督查",
		"走访", "调研", "摸排", "统计", "汇总", "审核", "发放", "建成", "安装", "改造", "修缮", "对接", "协调", "收集",
		"上传", "录入", "公示", "发布", "通报", "约谈", "考核", "评估", "评审", "动员", "宣传", "演练", "会商", "结算",
		"施工", "开工", "竣工", "交付", "发文", "开会", "到位", "配备", "成立", "印制", "编制", "起草", "修订", "研究",
		"完善", "实施", "举行", "参加", "参训", "接收", "报名", "录取", "投入使用", "挂牌", "签约", "核查", "复核",
		"清查", "盘点", "备案", "审批", "批复", "立项", "开标", "评标", "中标", "发送", "送达", "张贴", "悬挂"}
	// shortVerbs are one-character verbs that report with 了 or 过: "发了".
	shortVerbs = []string{"发", "交", "报", "开", "做", "办", "送", "签", "建", "修", "装", "买", "付", "批", "审",
		"查", "改", "写", "印", "讲", "搞", "弄", "拨", "聘", "招", "训", "测", "考"}
)

// withdrawVocab is a message taking a report back: "撤回", "撤回刚才那条".
var withdrawVocab = newVocab(
	[]string{"撤回", "撤销", "作废"},
	[]string{"刚才", "刚刚", "的", "进展", "报送", "报告", "上一条", "这条", "那条", "一条", "我", "一下", "请", "帮我",
		"麻烦", "报错了", "发错了", "报错", "发错", "错了", "写错了", "吧", "了", "那个", "这个", "记录", "要", "先"})

// ackVocab acknowledges or promises: "收到", "好的，马上落实", "明白，尽快办".
var ackVocab = newVocab(nil, []string{"收到", "好的", "好", "嗯", "嗯嗯", "ok", "okay", "谢谢", "感谢", "多谢",
	"明白", "了解", "知道了", "知道", "已阅", "阅", "了", "的", "啦", "哈", "滴", "老师", "辛苦", "辛苦了", "谢", "1",
	"照办", "遵照执行", "会的", "没问题", "可以", "行", "对", "是的", "我们", "我", "这边", "按要求", "收悉", "领导",
	"请放心", "放心", "好嘞", "嗯呢", "明白了", "已收到", "一定"}, promises())

// promises are the words of a promise: an adverb of haste and a verb,
// "马上落实", "尽快报送"; the verb alone would be a report or a closing.
func promises() []string {
	var out []string
	for _, adv := range []string{"马上", "立即", "立刻", "尽快", "抓紧", "认真", "一定", "会", "及时", "按时", "保证"} {
		for _, v := range []string{"落实", "办理", "安排", "处理", "办", "推进", "跟进", "完成", "报送", "上报", "提交",
			"整改", "做好", "抓好", "去办"} {
			out = append(out, adv+v)
		}
	}
	return out
}
