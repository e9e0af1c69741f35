package zhdate

import (
	"strings"
	"testing"
)

// paragraph is a composed work-plan passage in the style of the bureau
// plans the service reads: dense with dates, counts and amounts.
const paragraph = `一、指导思想。全县教育系统要以办好人民满意的教育为目标，坚持立德树人根本任务，统筹推进学前教育、义务教育、高中教育和职业教育协调发展，力争通过两年时间，使全县教育综合实力进入全市前列。“十四五”期间，累计投入资金8000万元，新建、改扩建公办幼儿园12所，新增学位3600个，学前三年毛入园率达到92%以上。
二、重点工作。（一）抓好校舍建设。城东小学新校区于2026年3月前完成主体工程，8月底前完成室内装修，秋季开学前投入使用；实验中学综合楼力争年内竣工交付，总投资1.72亿元，建筑面积3.5万平方米。各校要在9月30日前完成校舍安全排查，发现隐患的，30日内整改到位，整改情况于10月10日之前报送局基建股。
（二）抓好教师队伍建设。每学期组织一次师德师风专题教育，每月开展3次青年教师汇报课，每周召开一次教研组长调度会。暑期集中开展全员培训，7月1日至8月31日分三批进行，每批不少于50人。教师节前完成优秀教师评选表彰，国庆节前完成职称评审材料的初审。
（三）抓好质量提升。上半年重点抓好毕业年级复习备考，5月中旬组织全县模拟考试，6月底前完成质量分析；下半年重点抓好起始年级教学常规，11月下旬开展教学视导，12月20日之前形成视导报告。各学校每季度报送一次教学质量监测数据，第三季度末完成年度中期评估。
（四）抓好安全稳定。寒假前、暑假前各开展一次安全教育，元旦、春节、五一、国庆等节假日前组织安全大检查。学校食堂每天落实晨检制度，每月对食材采购台账检查不少于2次。截至6月30日，全县已完成校园安防设施升级改造87所，剩余13所力争到2027年全部完成。
三、保障措施。建立“1+5+N”工作推进机制，实行一月一调度、一季一通报，年底前对各单位工作进行综合考核，考核结果与绩效工资挂钩。各股室要在本周内明确责任人，下周一前报送任务分解表，下月10日前提交推进计划。请各校高度重视，于2026-09-30前将落实情况报局办公室，联系电话：0123-4567890。
四、时间安排。2026年1月至2月为动员部署阶段；3月至6月为全面实施阶段；7-8月为集中攻坚阶段；9月至12月底前为总结验收阶段。2025—2026学年第二学期开学后两周内，各校要完成春季开学检查。力争2028年底前，全县所有学校达到省定办学标准，十四五末基本实现县域义务教育优质均衡发展。`

// bench10KB repeats the paragraph up to 10 KB.
var bench10KB = repeatTo10KB(paragraph)

// repeatTo10KB repeats s up to exactly 10 KB, cut at a rune boundary.
func repeatTo10KB(s string) string {
	var b strings.Builder
	for b.Len() < 10*1024 {
		b.WriteString(s)
	}
	return strings.ToValidUTF8(b.String()[:10*1024], "")
}

func BenchmarkFind10KB(b *testing.B) { benchFind(b, bench10KB) }

// benchFind measures Find on text and reports how many expressions it found.
func benchFind(b *testing.B, text string) {
	b.SetBytes(int64(len(text)))
	n := 0
	for b.Loop() {
		n = len(Find(text, jul))
	}
	b.ReportMetric(float64(n), "exprs/op")
}

// BenchmarkFindPlain10KB measures text with no dates at all, the common
// case for chat messages.
func BenchmarkFindPlain10KB(b *testing.B) {
	b.SetBytes(int64(len(plain10KB)))
	for b.Loop() {
		Find(plain10KB, jul)
	}
}

var plain10KB = strings.Repeat("全面贯彻党的教育方针，坚持立德树人，深化教育教学改革，办好人民满意的教育。", 10*1024/111+1)

// chat10KB is group-chat text dense with the spoken forms: relative days,
// weeks of a month, two-digit years and lunar festivals.
var chat10KB = repeatTo10KB("各位老师，大后天上午开会，材料请于下下周一前报送；本月第2周完成自查，15年3月2日以来的台账一并整理。" +
	"中秋国庆前完成校舍排查，端午节前报送方案，3天后复查，两个礼拜内整改到位，九七年建成的教学楼重点检查。")

func BenchmarkFindChat10KB(b *testing.B) { benchFind(b, chat10KB) }
