package handlers

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/scheduler"
)

// testSpecs are the default reminder specs (config schedule.*).
var testSpecs = duban.ScheduleSpecs{Weekly: "30 8 * * 1", Deadlines: "0 9 * * *", Monthly: "0 9 1 * *"}

// newReminderEnv is newTestEnv with the reminder schedule and a real
// scheduler behind /briefing, as duban run wires them.
func newReminderEnv(t testing.TB, lang string) *testEnv {
	t.Helper()
	e := newTestEnv(t, lang)
	d := e.h.d
	sched := scheduler.New(scheduler.Config{Specs: testSpecs, Loc: shanghai(), Lang: lang, ServedChats: []int64{servedGroup}, Access: d.Access.(scheduler.Access)}, e.st, nil, nil)
	sched.Now = func() time.Time { return testNow }
	d.Scheduler, d.Schedule = sched, testSpecs
	e.h = New(d)
	return e
}

// as is a message from user (with a @username) in chat.
func (e *testEnv) as(chat, user int64, name, username, text string) duban.Message {
	m := e.msg(chat, user, text)
	m.UserName, m.Username = name, username
	return m
}

func (e *testEnv) departments(t testing.TB, chat int64) map[int64]string {
	t.Helper()
	ms, err := e.st.Members(context.Background(), chat)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, m := range ms {
		out[m.UserID] = m.Department
	}
	return out
}

func TestIam(t *testing.T) {
	e := newReminderEnv(t, "zh")
	tests := []struct {
		name string
		chat int64
		text string
		want []string // in the reply; nil: no reply
		dept string   // the member's department afterwards; "" none
	}{
		{"show unregistered", servedGroup, "/iam", []string{"你在本群还没有登记单位", "/iam 督导室"}, ""},
		{"register", servedGroup, "/iam 督导室", []string{"已登记：张三 — 督导室", "督导室牵头的事项会@你"}, "督导室"},
		{"show", servedGroup, "/iam", []string{"你在本群登记的单位是：督导室"}, "督导室"},
		{"part of a name", servedGroup, "/iam 督导", []string{"已登记：张三 — 督导", "对应的牵头单位：督导室、督导组"}, "督导"},
		{"as a sentence", servedGroup, "/iam 我是计划财务科的", []string{"已登记：张三 — 计划财务科"}, "计划财务科"},
		{"unit not in the plan", servedGroup, "/iam 体育科", []string{"已登记：张三 — 体育科", "计划中没有“体育科”牵头的事项", "/who"}, "体育科"},
		{"digits", servedGroup, "/iam 12345", []string{"单位名称不能只是数字", "/iam 督导室"}, "体育科"},
		{"markup", servedGroup, "/iam <b>督导室</b>", []string{"不能有换行或 # @ / < >"}, "体育科"},
		{"too long", servedGroup, "/iam " + strings.Repeat("很长的单位", 7), []string{"单位名称太长了（最多30个字）"}, "体育科"},
		{"remove", servedGroup, "/iam 取消", []string{"已取消你在本群的单位登记"}, ""},
		{"remove again", servedGroup, "/iam -", []string{"还没有登记单位，不需要取消"}, ""},
		{"plain words", servedGroup, "我是安全稳定科的", []string{"已登记：张三 — 安全稳定科"}, "安全稳定科"},
		{"plain words, unknown unit", servedGroup, "我是体育科的", nil, "安全稳定科"},
		{"chatter", servedGroup, "我是来开会的", nil, "安全稳定科"},
		{"unserved group", unservedGroup, "/iam 督导室", []string{"本群尚未启用督办"}, "安全稳定科"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(e.say(t, e.msg(tt.chat, memberID, tt.text)), "\n")
			if tt.want == nil && got != "" {
				t.Errorf("replied %q", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			if d := e.departments(t, servedGroup)[memberID]; d != tt.dept {
				t.Errorf("department %q, want %q", d, tt.dept)
			}
		})
	}
	if d := e.departments(t, unservedGroup); len(d) != 0 {
		t.Errorf("registered in an unserved group: %v", d)
	}
	if got := strings.Join(e.say(t, e.msg(adminID, adminID, "/iam 督导室")), ""); !strings.Contains(got, "请在工作群里发送 /iam") {
		t.Errorf("/iam in a private chat: %q", got)
	}
}

func TestIamForOthers(t *testing.T) {
	e := newReminderEnv(t, "zh")
	const otherID = int64(8)
	say := func(user int64, name, username, text string) string {
		return strings.Join(e.say(t, e.as(servedGroup, user, name, username, text)), "\n")
	}
	say(memberID, "张敏", "zhangmin", "/iam 督导室")
	tests := []struct {
		name           string
		user           int64
		text           string
		want           string
		memberDept     string
		otherRegistred bool
	}{
		{"a member may look", otherID, "/iam @zhangmin", "张敏 在本群登记的单位是：督导室", "督导室", false},
		{"a member may not change", otherID, "/iam @zhangmin 人事科", "只有本群管理员或计划管理员可以修改别人的单位登记", "督导室", false},
		{"a group admin may", groupAdminID, "/iam @ZhangMin 人事科", "已将 张敏 登记为 人事科", "人事科", false},
		{"unknown username", groupAdminID, "/iam @wangwu 人事科", "还没有见过用户名为 wangwu 的成员", "人事科", false},
		{"bad username", groupAdminID, "/iam @li-si 人事科", "“@li-si”不是有效的用户名", "人事科", false},
		{"an admin registers someone seen", groupAdminID, "/iam @lisi 督导室", "已将 李四 登记为 督导室", "人事科", true},
		{"own username is oneself", otherID, "/iam @lisi 计划财务科", "已登记：李四 — 计划财务科", "人事科", true},
		{"an admin removes", adminID, "/iam @zhangmin -", "已取消 张敏 在本群的单位登记", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, username := "李四", "lisi"
			if tt.user != otherID {
				name, username = "刘洋", "liuyang"
			}
			if got := say(tt.user, name, username, tt.text); !strings.Contains(got, tt.want) {
				t.Errorf("reply lacks %q:\n%s", tt.want, got)
			}
			d := e.departments(t, servedGroup)
			if d[memberID] != tt.memberDept {
				t.Errorf("张敏's department %q, want %q", d[memberID], tt.memberDept)
			}
			if _, ok := d[otherID]; ok != tt.otherRegistred {
				t.Errorf("李四 registered: %v", ok)
			}
			if _, ok := d[groupAdminID]; ok {
				t.Error("the admin registered themselves")
			}
		})
	}

	// An admin replying "/iam 单位" to someone's message registers its author,
	// even one who never wrote to the bot; a member's reply registers themselves.
	const newcomer = int64(31)
	reply := func(user int64, text string) string {
		m := e.as(servedGroup, user, "刘洋", "liuyang", text)
		m.ReplyTo = &duban.Reply{MessageID: 5, Text: "我是新来的", UserID: newcomer, UserName: "王五"}
		return strings.Join(e.say(t, m), "\n")
	}
	if got := reply(groupAdminID, "/iam 安全稳定科"); !strings.Contains(got, "已将 王五 登记为 安全稳定科") {
		t.Errorf("admin reply: %s", got)
	}
	if got := reply(otherID, "/iam 人事科"); strings.Contains(got, "王五") {
		t.Errorf("a member's reply changed someone else: %s", got)
	}
	d := e.departments(t, servedGroup)
	if d[newcomer] != "安全稳定科" {
		t.Errorf("王五's department %q", d[newcomer])
	}
}

func TestWho(t *testing.T) {
	e := newReminderEnv(t, "zh")
	got := e.group(t, "/who")
	for _, w := range []string{"本群还没有人登记单位", "以下牵头单位在本群无人登记（6个）", "督导室", "安全稳定科", "/iam 单位名称"} {
		if !strings.Contains(got, w) {
			t.Errorf("/who lacks %q:\n%s", w, got)
		}
	}
	e.say(t, e.as(servedGroup, memberID, "张敏", "zhangmin", "/iam 督导"))
	e.say(t, e.as(servedGroup, 8, "李四", "", "/iam 安全稳定科"))
	e.say(t, e.as(servedGroup, 9, "王<五>", "wangwu", "/iam 安全稳定科"))
	got = e.group(t, "/who")
	for _, w := range []string{"本群登记的单位成员（共3人）", "安全稳定科：李四、王<五>（wangwu）", "督导：张敏（zhangmin）",
		"无人登记（3个）", "人事科、教师发展中心、计划财务科"} {
		if !strings.Contains(got, w) {
			t.Errorf("/who lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "@zhangmin") || strings.Contains(got, "@wangwu") {
		t.Errorf("/who mentions people:\n%s", got)
	}
	for i, dept := range []string{"计划财务科", "教师发展中心", "人事科"} {
		e.say(t, e.as(servedGroup, int64(20+i), "某人", "", "/iam "+dept))
	}
	if got := e.group(t, "/who"); !strings.Contains(got, "计划中每个牵头单位在本群都有人登记") {
		t.Errorf("/who with every unit registered:\n%s", got)
	}
	// The reply is valid HTML with the member's name escaped.
	e.h.Handle(context.Background(), e.msg(servedGroup, memberID, "/who"))
	if out := e.out.take(); len(out) != 1 || !strings.Contains(out[0].Text, "王&lt;五&gt;") {
		t.Errorf("/who HTML: %+v", out)
	}
}

func TestSettings(t *testing.T) {
	e := newReminderEnv(t, "zh")
	ctx := context.Background()
	settings := func() duban.ChatSettings {
		t.Helper()
		c, err := e.st.Chat(ctx, servedGroup)
		if err != nil {
			t.Fatal(err)
		}
		return c.Settings
	}
	tests := []struct {
		name string
		user int64
		text string
		want []string
		set  duban.ChatSettings
	}{
		{"a member is refused", memberID, "/settings weekly off", []string{"只有本群管理员或计划管理员可以使用 /settings"}, duban.ChatSettings{}},
		{"show", groupAdminID, "/settings", []string{"本群提醒设置", "每周提醒：每周一 08:30（默认）", "到期提醒：每天 09:00（默认）",
			"月度通报：每月1日 09:00（默认）", "/settings weekly 周五 16:00"}, duban.ChatSettings{}},
		{"weekly day and time", groupAdminID, "/settings weekly 周五 16:00", []string{"✅ 已更新", "每周提醒：每周五 16:00"},
			duban.ChatSettings{WeeklyDay: 5, WeeklyTime: "16:00"}},
		{"deadlines off", adminID, "/settings deadlines off", []string{"✅ 已更新", "到期提醒：已关闭", "每周提醒：每周五 16:00"},
			duban.ChatSettings{WeeklyDay: 5, WeeklyTime: "16:00", DeadlinesOff: true}},
		{"the same again", adminID, "/settings 到期提醒 关", []string{"设置没有变化"},
			duban.ChatSettings{WeeklyDay: 5, WeeklyTime: "16:00", DeadlinesOff: true}},
		{"bad day", adminID, "/settings weekly 周八 16:00", []string{"不认识“周八”", "发送 /settings 查看当前设置和示例"},
			duban.ChatSettings{WeeklyDay: 5, WeeklyTime: "16:00", DeadlinesOff: true}},
		{"bad time", adminID, "/settings weekly 周一 25:00", []string{"时间“25:00”无效"},
			duban.ChatSettings{WeeklyDay: 5, WeeklyTime: "16:00", DeadlinesOff: true}},
		{"unknown setting", adminID, "/settings <b>x</b>", []string{"不认识“<b>x</b>”"},
			duban.ChatSettings{WeeklyDay: 5, WeeklyTime: "16:00", DeadlinesOff: true}},
		{"weekly off", adminID, "/settings weekly off", []string{"每周提醒：已关闭"},
			duban.ChatSettings{WeeklyOff: true, WeeklyDay: 5, WeeklyTime: "16:00", DeadlinesOff: true}},
		{"reset", adminID, "/settings reset", []string{"✅ 已更新", "每周提醒：每周一 08:30（默认）", "到期提醒：每天 09:00（默认）"},
			duban.ChatSettings{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(e.say(t, e.msg(servedGroup, tt.user, tt.text)), "\n")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			if s := settings(); s != tt.set {
				t.Errorf("settings %+v, want %+v", s, tt.set)
			}
		})
	}
	if got := strings.Join(e.say(t, e.msg(adminID, adminID, "/settings")), ""); !strings.Contains(got, "请在要设置的工作群里发送 /settings") {
		t.Errorf("/settings in a private chat: %q", got)
	}

	en := newReminderEnv(t, "en")
	got := strings.Join(en.say(t, en.msg(servedGroup, adminID, "/settings weekly fri 4pm")), "\n")
	if !strings.Contains(got, "Weekly reminder: every Friday at 16:00") || !strings.Contains(got, "Saved") {
		t.Errorf("English /settings:\n%s", got)
	}
	got = strings.Join(en.say(t, en.msg(servedGroup, adminID, "/settings sometimes")), "\n")
	if !strings.Contains(got, `unknown setting "sometimes"`) {
		t.Errorf("English bad /settings:\n%s", got)
	}
}

// openLedger opens an .xlsx and returns the rows of its sheets.
func openLedger(t testing.TB, data []byte) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ledger does not open: %v", err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = rows
	}
	return out
}

// xlsxDiff names the first part of two .xlsx files whose content differs,
// "" when none does. The archives' bytes may differ: excelize writes the
// parts in map order.
func xlsxDiff(t testing.TB, a, b []byte) string {
	t.Helper()
	parts := func(data []byte) map[string]string {
		z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, f := range z.File {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
			if f.Name == "[Content_Types].xml" {
				// excelize lists the image types of a chart in map order:
				// the same types, in any order.
				tags := strings.SplitAfter(string(body), ">")
				sort.Strings(tags)
				body = []byte(strings.Join(tags, ""))
			}
			out[f.Name] = string(body)
		}
		return out
	}
	pa, pb := parts(a), parts(b)
	if len(pa) != len(pb) {
		return "the number of parts"
	}
	for name, body := range pa {
		if pb[name] != body {
			return name
		}
	}
	return ""
}

func TestExport(t *testing.T) {
	e := newReminderEnv(t, "zh")
	ctx := context.Background()
	e.group(t, "#2 已排查12所学校，进度40%")
	e.h.Handle(ctx, e.msg(servedGroup, memberID, "/export"))
	out := e.out.take()
	if len(out) != 1 || out[0].File == nil {
		t.Fatalf("/export sent %+v, want one file", out)
	}
	if out[0].File.Name != "台账-2026-11-25.xlsx" || out[0].ReplyTo == 0 {
		t.Errorf("file %q, reply to %d", out[0].File.Name, out[0].ReplyTo)
	}
	if c := plain(out[0].Text); !strings.Contains(c, "台账：全部计划，共7项任务（截至11月25日）") {
		t.Errorf("caption %q", c)
	}
	sheets := openLedger(t, out[0].File.Data)
	if len(sheets[report.LedgerSheet]) != 10 { // header, 2 sections, 7 tasks
		t.Errorf("台账 has %d rows: %q", len(sheets[report.LedgerSheet]), sheets[report.LedgerSheet])
	}
	month := sheets[report.LedgerMonthSheet]
	if len(month) != 2 || !slices.Contains(month[1], "已排查12所学校，进度40%") {
		t.Errorf("本月进展 rows %q", month)
	}
	// The month's changes (the audit trail) come along on their own sheet,
	// the reports aside: they are on 本月进展 already.
	changes := sheets[report.LedgerChangesSheet]
	if len(changes) < 2 || !slices.Contains(changes[1], "添加了本事项") {
		t.Errorf("变更记录 rows %q", changes)
	}
	for _, row := range changes {
		if strings.Contains(strings.Join(row, " "), "报送进展") {
			t.Errorf("变更记录 repeats a report: %q", row)
		}
	}
	// The same file as `duban export`.
	l, err := report.BuildLedger(ctx, e.st, "", testNow, duban.DefaultStandards(), shanghai(), "zh")
	if err != nil {
		t.Fatal(err)
	}
	if d := xlsxDiff(t, l.File.Data, out[0].File.Data); d != "" {
		t.Errorf("/export and BuildLedger differ in %s", d)
	}
	// And the same file as the briefing's attachment, 变更记录 included.
	e.h.Handle(ctx, e.msg(servedGroup, memberID, "/briefing"))
	var brief []byte
	for _, o := range e.out.take() {
		if o.File != nil {
			brief = o.File.Data
		}
	}
	if d := xlsxDiff(t, l.File.Data, brief); d != "" {
		t.Errorf("/briefing's ledger and /export's differ in %s", d)
	}

	tests := []struct{ text, want string }{
		{"/export 2026年教育工作要点", "台账：2026年教育工作要点，共7项任务"},
		{"/export 2025年<计划>", "没有名为“2025年<计划>”的计划。现有计划：“2026年教育工作要点”"},
		{"/ledger", "台账：全部计划"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := e.group(t, tt.text); !strings.Contains(got, tt.want) {
				t.Errorf("reply lacks %q:\n%s", tt.want, got)
			}
		})
	}
	if got := strings.Join(e.say(t, e.msg(unservedGroup, memberID, "/export")), ""); strings.Contains(got, "台账") {
		t.Errorf("ledger sent to an unserved group: %q", got)
	}
}

func TestBuildLedgerOfAnEmptyDatabase(t *testing.T) {
	e := newReminderEnv(t, "zh")
	ctx := context.Background()
	for n := 1; n <= 9; n++ {
		if _, err := e.st.DeleteItem(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := report.BuildLedger(ctx, e.st, "", testNow, duban.DefaultStandards(), shanghai(), "zh"); duban.ErrorCode(err) != duban.EINVALID {
		t.Errorf("empty ledger: %v", err)
	}
	if got := e.group(t, "/export"); !strings.Contains(got, "还没有导入工作计划") {
		t.Errorf("/export of nothing: %q", got)
	}
	if _, err := report.BuildLedger(ctx, e.st, "无此计划", testNow, duban.DefaultStandards(), shanghai(), "zh"); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("unknown plan: %v", err)
	}
}

func TestBriefing(t *testing.T) {
	e := newReminderEnv(t, "zh")
	ctx := context.Background()
	e.group(t, "/done 3 资金已全部拨付")
	tests := []struct {
		text   string
		want   []string
		file   bool
		nofile bool
	}{
		{"/briefing", []string{"2026年11月工作通报（截至11月25日）", "本月办结（2项）", "#3 落实学生资助政策", "详细情况见台账（附件"}, true, false},
		// The plan was imported on Nov 25: in October it did not exist yet,
		// and a month is told as it stood.
		{"/briefing 上月", []string{"2026年10月工作通报（截至10月31日）", "全部任务0项", "计划中还没有任务"}, false, true},
		{"/briefing 2026-01", []string{"2026年1月工作通报"}, false, true},
		{"/briefing 12月", []string{"2025年12月工作通报"}, false, true},
		{"/briefing 13月", []string{"用法：/briefing（本月至今）"}, false, true},
		{"/briefing 2025-11", []string{"只能查看近12个月"}, false, true},
		{"/briefing 明年", []string{"用法：/briefing"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			e.h.Handle(ctx, e.msg(servedGroup, memberID, tt.text))
			out := e.out.take()
			var texts []string
			var file *duban.File
			for _, o := range out {
				texts = append(texts, plain(o.Text))
				if o.File != nil {
					file = o.File
				}
				if o.ChatID != servedGroup || o.ReplyTo == 0 {
					t.Errorf("message to %d replying to %d", o.ChatID, o.ReplyTo)
				}
			}
			got := strings.Join(texts, "\n")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			if tt.file && (file == nil || file.Name != "台账-2026-11-25.xlsx" || len(openLedger(t, file.Data)) < 2) {
				t.Errorf("ledger file %+v", file)
			}
			if tt.nofile && file != nil {
				t.Errorf("file sent with %q", got)
			}
		})
	}
	// On demand marks no period and writes nothing to the outbox.
	for _, period := range []string{"2026-10", "2026-11"} {
		if done, err := e.st.DoneRuns(ctx, "monthly", period); err != nil || len(done) != 0 {
			t.Errorf("monthly %s marked done: %v %v", period, done, err)
		}
	}
	if st, err := e.st.OutboxStats(ctx); err != nil || st.Pending != 0 {
		t.Errorf("outbox %+v %v", st, err)
	}

	bare := newTestEnv(t, "zh") // no scheduler wired
	if got := bare.group(t, "/briefing"); !strings.Contains(got, "暂时不能生成月度通报") {
		t.Errorf("/briefing without a scheduler: %q", got)
	}
}

func TestHelpListsReminderCommands(t *testing.T) {
	e := newReminderEnv(t, "zh")
	got := e.group(t, "/help")
	for _, w := range []string{"/iam 单位", "/who", "/export [计划名称]", "/briefing [上月|10月]", "/settings [weekly 周五 16:00|deadlines off|reset]"} {
		if !strings.Contains(got, w) {
			t.Errorf("/help lacks %q", w)
		}
	}
	admins := got[strings.Index(got, "管理员"):]
	if !strings.Contains(admins, "/settings") {
		t.Errorf("/settings not under the admins' heading:\n%s", got)
	}
}

func TestParseIamIntent(t *testing.T) {
	tests := []struct {
		text string
		want Intent
	}{
		{"我是督导室的", Intent{Command: "iam", Args: "督导室", Source: SourceRule, Tentative: true}},
		{"本人是基础教育科的", Intent{Command: "iam", Args: "基础教育科", Source: SourceRule, Tentative: true}},
		{"我来自城关镇中心校", Intent{Command: "iam", Args: "城关镇中心校", Source: SourceRule, Tentative: true}},
		// Said in passing: the rule is tentative, and the handler stays
		// silent since no unit of the plan is called 来开会.
		{"我是来开会的", Intent{Command: "iam", Args: "来开会", Source: SourceRule, Tentative: true}},
		{"我是张三", Intent{}},
		{"我是督导室的张敏", Intent{}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := Parse(tt.text, testBot); got != tt.want {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.text, got, tt.want)
			}
		})
	}
}
