package handlers

import "strings"

// Aspect is what a question about an item asks for: the answer comes from
// the item itself.
type Aspect string

// The aspects a question may ask for.
const (
	AspectItem      Aspect = ""          // the item as a whole, with its progress
	AspectOwner     Aspect = "owner"     // 谁负责, 谁牵头, 哪个科室
	AspectPartners  Aspect = "partners"  // 配合单位, 谁配合
	AspectDeadline  Aspect = "deadline"  // 什么时候到期, 截止时间
	AspectTarget    Aspect = "target"    // 目标是什么, 有什么要求
	AspectMaterials Aspect = "materials" // 需要报什么材料
)

// aspectWords are the words that say what a question asks for.
var aspectWords = []struct {
	aspect Aspect
	words  []string
}{
	{AspectPartners, []string{"配合单位", "配合", "协助", "协办", "参与单位"}},
	{AspectOwner, []string{"谁负责", "谁牵头", "负责人", "牵头单位", "责任单位", "责任人", "牵头科室", "责任科室",
		"哪个科室", "哪个单位", "哪个部门", "哪个股室", "哪家单位", "谁管", "归谁", "谁来", "由谁", "谁的", "谁在跟",
		"谁跟进", "谁在做", "谁在管", "牵头", "负责", "主抓"}},
	{AspectDeadline, []string{"什么时候", "啥时候", "何时", "几时", "哪天", "几号", "多久", "到期", "截止", "期限", "时限",
		"完成时间", "几月", "时间节点", "最后期限"}},
	{AspectTarget, []string{"目标", "指标", "要求", "标准", "要达到"}},
	{AspectMaterials, []string{"材料", "佐证", "附件", "表格", "报表", "报什么", "交什么", "提交什么", "报送什么", "上报什么"}},
}

// aspectOf returns the aspect of the earliest aspect word in b (bare
// text); AspectItem when there is none.
func aspectOf(b string) Aspect {
	best, at := AspectItem, len(b)+1
	for _, aw := range aspectWords {
		for _, w := range aw.words {
			if i := strings.Index(b, w); i >= 0 && i < at {
				best, at = aw.aspect, i
			}
		}
	}
	return best
}

// allAspectWords lists every aspect word, for the vocabularies below.
func allAspectWords() []string {
	var out []string
	for _, aw := range aspectWords {
		out = append(out, aw.words...)
	}
	return out
}

// askVocab is a question about an item in a few words, often without a
// question word: "#12进展如何", "#5 负责人", "#5 截止时间", "#5 目标".
var askVocab = newVocab(nil,
	[]string{"进展", "进度", "情况", "状态", "详情", "详细", "内容", "如何", "怎么样", "怎样", "咋样", "怎么", "到哪",
		"到哪了", "到哪一步", "哪一步", "做到哪", "做到", "完成了吗", "完成了没有", "完成了没", "完成没有", "完成没",
		"完成度", "完成得", "是什么", "什么", "啥", "现在", "目前", "最新", "查看", "看看", "看一下", "看", "查", "查询",
		"多少", "百分之多少", "几成", "是", "有", "没", "具体", "信息", "任务", "事项", "工作", "的", "这个", "该", "项",
		"号", "一下", "?", "单位", "科室", "部门", "时间", "日期", "吗", "呢", "啊"},
	allAspectWords(), politeWords)

// askTailVocab is the part of a question that follows what it is about,
// when that is a topic or an uncertain reference ("消防演练谁牵头",
// "五号什么时候到期"): it must hold a question word or an aspect word.
var askTailVocab = newVocab(
	append([]string{"谁", "什么", "啥", "哪", "何时", "几时", "多久", "进展", "进度", "情况", "如何", "怎么样", "怎样",
		"咋样", "吗", "呢", "到哪", "完成了没", "完成没有"}, allAspectWords()...),
	[]string{"的", "是", "由", "了", "啊", "呀", "现在", "目前", "有", "要", "需要", "报", "交", "提交", "报送", "上报",
		"单位", "科室", "部门", "股室", "哪个", "哪些", "那个", "这个", "这项", "该项", "完成", "开始", "时候", "时间",
		"日期", "到", "一下", "具体", "最新", "进行", "得", "做", "搞", "落实", "推进", "有哪些", "都", "还", "任务",
		"事项", "工作", "这项工作", "这个任务", "具体要求", "一般", "大概", "请问", "问一下"},
	politeWords)

// weakAskKeys are what a question after an uncertain reference ("5号") must
// name, so that "5号要交吗" (the 5th) is not taken for item 5.
var weakAskKeys = append([]string{"进展", "进度", "情况", "详情", "怎么样", "如何", "完成", "谁"}, allAspectWords()...)
