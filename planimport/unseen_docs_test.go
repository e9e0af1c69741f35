package planimport

import (
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// The documents below are written for these tests in the styles a county
// bureau and its schools send: a ledger workbook whose header sits on row
// 3 under a merged title, a school's 行事历 as a Word table, a summary and
// a summary followed by next year's plan as Word documents, and CSV
// ledgers in UTF-8 and GBK.

// unseenLedgerXLSX is a 任务分解表: merged title, a note row, the header on
// row 3, a section merged over the row, a lead merged over two rows, blank
// rows and a 填表说明 at the bottom.
func unseenLedgerXLSX(t testing.TB) []byte {
	rows := [][]any{
		{"石门县教育局2026年度重点工作任务分解表"},
		{"填报单位：县教育局办公室", nil, nil, nil, nil, nil, nil, "更新日期：2026年3月2日"},
		{"序号", "重点任务", "具体措施", "责任领导", "牵头单位", "配合单位", "完成时限", "备注"},
		{"一、学校建设"},
		{1, "实施城区学校扩容工程", "新建城东小学教学楼1栋，新增学位900个", "李副局长", "计划财务股", "基础教育股、安全股", "秋季开学前", ""},
		{2, "推进农村寄宿制学校改造", "改造学生宿舍8栋、食堂3个", nil, "后勤服务中心", "", "2026年11月底", "跨年度项目"},
		{nil},
		{"二、教育教学"},
		{3, "开展课堂教学质量提升年活动", "举办县级优质课竞赛，组织送教下乡8次", "张副局长", "教研室", "各中小学", "全年", ""},
		{4, "做好中考组织工作", "", "张副局长", "考试中心", "公安局、卫健局", "6月中旬", "每年常规"},
		{5, "加强学生近视防控", "每学期开展视力筛查一次", "王副局长", "体卫艺股", "", "长期坚持", ""},
		{nil},
		{"三、安全稳定"},
		{6, "开展校园安全隐患排查整治", "", "王副局长", "安全股", "各学校", "每月", ""},
		{7, "完成校车更新", "更新校车12台", "王副局长", "安全股", "", "第三季度", ""},
		{"填表说明：1.完成时限请按月填写；2.本表每季度末更新一次。"},
	}
	merges := [][2]string{{"A1", "H1"}, {"A4", "H4"}, {"A8", "H8"}, {"A13", "H13"}, {"D5", "D6"}, {"A16", "H16"}}
	return writeSheet(t, "任务分解", rows, merges)
}

// unseenScheduleXLSX is a ledger with its header on row 2 and a column of
// staged dates (进度安排).
func unseenScheduleXLSX(t testing.TB) []byte {
	rows := [][]any{
		{"2026年教育重点项目推进台账"},
		{"序号", "项目名称", "牵头单位", "配合单位", "进度安排", "完成时限", "责任人"},
		{1, "第二实验小学新建项目", "计财股", "县住建局", "3月底前完成招标；6月底前主体封顶；8月底前竣工验收", "8月底前", "赵明"},
		{2, "教育信息化2.0提升工程", "电教站", "", "上半年完成设备采购，下半年完成安装调试", "年底前", "钱亮"},
		{3, "校园足球特色学校创建", "体卫艺股", "各学校", "常态化推进", "", ""},
	}
	return writeSheet(t, "Sheet1", rows, [][2]string{{"A1", "G1"}})
}

// unseenCalendarDocx is a school's 行事历: a title, a short intro and a
// table of weeks.
func unseenCalendarDocx(t testing.TB) []byte {
	table := "<w:tbl>" +
		tr(tc("", "周次"), tc("", "起止日期"), tc("", "工作内容"), tc("", "负责部门")) +
		tr(tc("", "第1周"), tc("", "9月1日—9月5日"), tc("", "开学典礼；新生入学教育"), tc("", "政教处")) +
		tr(tc("", "第2周"), tc("", "9月8日—9月12日"), tc("", "教师节庆祝活动"), tc("", "工会")) +
		tr(tc("", "第3周"), tc("", "9月15日—9月19日"), tc("", "各学科教学计划检查"), tc("", "教导处")) +
		tr(tc("", "第5周"), tc("", "9月29日—10月3日"), tc("", "国庆放假"), tc("", "")) +
		tr(tc("", "第8周"), tc("", "10月20日—10月24日"), tc("", "秋季田径运动会"), tc("", "体育组")) +
		tr(tc("", "第10周"), tc("", "11月3日—11月7日"), tc("", "期中考试及质量分析"), tc("", "教导处")) +
		tr(tc("", "第18周"), tc("", "12月29日—1月2日"), tc("", "元旦文艺汇演"), tc("", "团委、政教处")) +
		"</w:tbl>"
	body := p("", "Title", "青石中学2026年秋季学期校历及行事历") +
		p("", "", "本学期共20周，9月1日开学，1月16日结束。") + table
	return buildDocx(t, document(body), "", "")
}

// unseenSummaryDocx is a school's 工作总结 alone.
func unseenSummaryDocx(t testing.TB) []byte {
	body := p("", "Title", "河湾小学2025年度工作总结") +
		p("", "", "一年来，在上级部门的关心指导下，全校师生团结一心，较好地完成了各项目标任务。现总结如下。") +
		p("", "", "一、党建工作扎实推进") +
		p("", "", "1.组织党员集中学习24次，开展主题党日12次。") +
		p("", "", "2.完成党支部换届选举工作。") +
		p("", "", "二、教学质量稳中有升") +
		p("", "", "1.全年开展公开课46节，教师参与率达到100%。") +
		p("", "", "2.六年级学业水平测试合格率98.5%，比上年提高2个百分点。") +
		p("", "", "三、存在的问题") +
		p("", "", "1.青年教师课堂驾驭能力有待提高。") +
		p("", "", "2.校舍老化，功能室不足。") +
		p("", "", "河湾小学") + p("", "", "2025年12月28日")
	return buildDocx(t, document(body), "", "")
}

// unseenSummaryPlanDocx is a summary followed by next year's plan, with
// Word's own numbering for the plan part.
func unseenSummaryPlanDocx(t testing.TB) []byte {
	body := p("", "Title", "城关镇中心学校2025年工作总结和2026年工作打算") +
		p("", "", "一、2025年工作回顾") +
		p("", "", "（一）规范办学行为。全面落实课后服务，参与率达92%。") +
		p("", "", "（二）改善办学条件。新建塑胶运动场2块，更新课桌椅600套。") +
		p("", "", "二、2026年工作打算") +
		p("1:1", "", "加强教师队伍建设（人事股牵头）") +
		p("1:2", "", "开展新入职教师岗前培训，8月底前完成") +
		p("1:2", "", "实施教师读书工程，每位教师全年读书不少于4本") +
		p("1:1", "", "提升办学水平") +
		p("1:2", "", "创建市级文明校园1所，年底前通过验收。责任单位：德育室") +
		p("1:2", "", "推进“一校一品”建设，常态化推进") +
		p("", "", "城关镇中心学校") + p("", "", "2026年1月5日")
	return buildDocx(t, document(body), testNumbering, testStyles)
}

// unseenLedgerCSV is a 台账 exported to CSV; gbk encodes it as Excel on a
// Chinese Windows saves it.
func unseenLedgerCSV(t testing.TB, gbk bool) []byte {
	text := "平原县教育局2026年督办事项台账,,,,,,\n" +
		"序号,督办事项,责任单位,配合单位,完成时限,进展情况,备注\n" +
		"1,制定中小学作业管理实施细则,基础教育股,教研室,3月底前,已起草初稿,\n" +
		"2,开展教师违规有偿补课专项治理,人事股,\"纪检组、督导室\",暑假期间,,\n" +
		"3,完成学前教育普及普惠县创建,基础教育股,计财股,年内,进行中,县政府重点督办\n" +
		"4,建立教育系统安全风险分级管控机制,安全股,,上半年,,\n" +
		"5,落实教师工资待遇保障,计财股,人事股,每月,,长期工作\n" +
		",,,,,,\n" +
		"填表说明：进展情况每月25日前更新,,,,,,\n"
	if !gbk {
		return append([]byte("\uFEFF"), text...)
	}
	out, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// unseenPointsDocx is a bureau's 工作要点 in Word with automatic numbering
// on four levels and owners stated every way plans state them.
func unseenPointsDocx(t testing.TB) []byte {
	body := p("", "Title", "云溪县教育局2026年学校安全工作要点") +
		p("", "", "为切实保障师生生命安全，结合我县实际，制定本要点。") +
		p("1:0", "", "健全安全责任体系") +
		p("1:1", "", "落实“党政同责、一岗双责”（办公室、安全股）") +
		p("1:2", "", "签订安全目标责任书，3月底前完成。（责任领导：周副局长；牵头单位：安全股；配合单位：各学校；完成时限：3月底前）") +
		p("1:2", "", "修订学校安全工作考核细则，由督导室负责，6月底前印发") +
		p("1:1", "", "强化安全队伍建设（人事股、安全股）") +
		p("1:2", "", "每校配备专职安全管理人员，年内配齐。") +
		p("1:0", "", "抓实重点领域整治") +
		p("1:1", "", "校园食品安全") +
		p("1:2", "", "推进“互联网+明厨亮灶”，覆盖率达到100%。后勤股牵头，县市场监管局配合。") +
		p("1:3", "", "上半年完成城区学校改造") +
		p("1:3", "", "下半年完成农村学校改造") +
		p("1:2", "", "开展食堂从业人员培训，每学期一次。（后勤股负责）") +
		p("1:1", "", "校车和交通安全") +
		p("1:2", "", "联合县交警大队开展校车安全检查，春节前、秋季开学前各一次，安全股牵头") +
		p("1:0", "", "提升应急处置能力") +
		p("1:1", "", "每月开展一次应急疏散演练，常态化推进（各学校负责）") +
		p("1:1", "", "国庆节前完成应急预案修订（安全股）")
	return buildDocx(t, document(body), testNumbering, testStyles)
}

// unseenCategoryXLSX is a ledger with a 类别 column merged down its group,
// the header on row 3 under a dated line, and a 时间节点 column that
// states a month per step.
func unseenCategoryXLSX(t testing.TB) []byte {
	rows := [][]any{
		{"白沙区教育系统2026年为民办实事项目推进表"},
		{"（截至2026年4月30日）"},
		{"类别", "序号", "项目内容", "责任单位", "时间节点", "目标任务", "完成情况"},
		{"学位建设", 1, "新建白沙二中", "区教育局基建科", "4月：完成土建招标；7月：主体封顶；12月：竣工验收", "新增学位1800个", "已完成招标"},
		{nil, 2, "改扩建滨湖幼儿园", "区教育局基建科", "年底前", "新增学位270个", ""},
		{"民生保障", 3, "实施学生营养改善计划", "区教育局后勤科", "全年", "惠及学生1.2万人", "按月发放"},
		{nil, 4, "建设学校心理辅导室", "区教育局德育科", "9月底前", "建成标准化心理辅导室20个", ""},
	}
	merges := [][2]string{{"A1", "G1"}, {"A2", "G2"}, {"A4", "A5"}, {"A6", "A7"}}
	return writeSheet(t, "Sheet1", rows, merges)
}

// unseenListXLSX is a 任务清单 with a two-row header, groups numbered in
// the 序号 column with their names merged over the rest of the row, an
// Excel date, words that are no date (按上级要求, 持续推进) and schedules
// by month and by quarter.
func unseenListXLSX(t testing.TB) []byte {
	rows := [][]any{
		{"2026年教育工作重点任务清单"},
		{"序号", "工作任务", "责任单位", nil, "完成时限", "进度安排"},
		{nil, nil, "牵头单位", "配合单位", nil, nil},
		{"一", "党的建设"},
		{1, "开展党纪学习教育", "机关党委", "各基层党组织", "按上级要求", ""},
		{2, "推进清廉学校建设", "纪检组", "", time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), "1-3月：制定方案；4-9月：组织创建；10月：评估验收"},
		{"二", "教育发展"},
		{3, "推进县域普通高中振兴", "基教股", "计财股、人事股", "持续推进", ""},
		{4, "建设教育数字化平台", "电教站", "", "2026年12月", "第一季度完成需求调研；第二季度完成招标；年底前上线"},
		{5, "开展教师全员培训", "人事股", "教研室", "根据工作需要", ""},
	}
	merges := [][2]string{{"A1", "F1"}, {"C2", "D2"}, {"A2", "A3"}, {"B2", "B3"}, {"E2", "E3"}, {"F2", "F3"}, {"B4", "F4"}, {"B7", "F7"}}
	return writeSheet(t, "清单", rows, merges)
}

// unseenCalendarXLSX is a school's 行事历 in Excel: months merged down a
// column, weeks, days written with dots, and a row of days off.
func unseenCalendarXLSX(t testing.TB) []byte {
	rows := [][]any{
		{"溪口小学2026—2027学年第一学期行事历"},
		{"月份", "周次", "日期", "主要工作", "责任部门", "备注"},
		{"九月", "第1周", "9.1-9.4", "开学典礼、入学教育", "德育处", ""},
		{nil, "第2周", "9.7-9.11", "教师节庆祝表彰", "工会", ""},
		{nil, "第3周", "9.14-9.18", "常规教学检查", "教导处", ""},
		{"十月", "第5周", "9.28-10.2", "国庆节放假", "", ""},
		{nil, "第7周", "10.12-10.16", "秋季运动会", "体育组", ""},
		{"十一月", "第10周", "11.2-11.6", "期中检测", "教导处", ""},
		{"一月", "第19周", "1.4-1.8", "期末检测", "教导处", ""},
		{nil, "第20周", "1.11-1.15", "学期总结、寒假安全教育", "办公室", ""},
	}
	return writeSheet(t, "行事历", rows, [][2]string{{"A1", "F1"}, {"A3", "A5"}, {"A6", "A7"}, {"A9", "A10"}})
}

// unseenNoticeDocx is a notice that issues a 任务分解表: its addressees,
// a line of prose, and the table with groups spanning the row, a leader
// merged down two rows and a 时间节点 column.
func unseenNoticeDocx(t testing.TB) []byte {
	table := "<w:tbl>" +
		tr(tc("", "序号"), tc("", "重点任务"), tc("", "责任领导"), tc("", "牵头单位"), tc("", "配合单位"), tc("", "时间节点")) +
		tr(tc("", "一"), tc(`<w:gridSpan w:val="5"/>`, "优化教育布局")) +
		tr(tc("", "1"), tc("", "启动城北九年一贯制学校建设"), tc(`<w:vMerge w:val="restart"/>`, "陈副局长"), tc("", "计财股"), tc("", "县自然资源局"), tc("", "6月底前完成选址，10月底前开工")) +
		tr(tc("", "2"), tc("", "撤并小规模学校3所"), tc(`<w:vMerge/>`, ""), tc("", "基教股"), tc("", "各乡镇"), tc("", "秋季开学前")) +
		tr(tc("", "二"), tc(`<w:gridSpan w:val="5"/>`, "提升育人质量")) +
		tr(tc("", "3"), tc("", "开展“五项管理”专项督导"), tc("", "刘副局长"), tc("", "督导室"), tc("", ""), tc("", "每学期一次")) +
		"</w:tbl>"
	body := p("", "Title", "关于印发《2026年教育重点工作任务分解方案》的通知") +
		p("", "", "各股室、各学校：") +
		p("", "", "现将《2026年教育重点工作任务分解方案》印发给你们，请认真抓好落实。") +
		p("", "", "附件：2026年教育重点工作任务分解表") + table
	return buildDocx(t, document(body), "", "")
}
