package report_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/report"
)

// remindPlan: today is Wednesday 2026-11-25.
func remindPlan() ([]duban.Item, time.Time) {
	old := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	recent := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	return []duban.Item{
		{ID: 1, Number: 1, Kind: duban.KindSection, Title: "校园安全", CreatedAt: old},
		{ID: 2, Number: 12, Kind: duban.KindTask, Title: "开展校园安全隐患排查", Owner: "督导室", Deadline: day("2026-11-28"),
			Status: duban.StatusDoing, Percent: 60, CreatedAt: old, LastReportAt: recent},
		{ID: 3, Number: 13, Kind: duban.KindTask, Title: "落实<资助>政策", Owner: "计财科", Deadline: day("2026-11-20"),
			Status: duban.StatusTodo, CreatedAt: old},
		{ID: 4, Number: 14, Kind: duban.KindTask, Title: "营养餐招标", Owner: "督导室", Deadline: day("2026-12-31"),
			Status: duban.StatusTodo, CreatedAt: old},
		{ID: 5, Number: 15, Kind: duban.KindTask, Title: "已完成的事", Owner: "督导室", Deadline: day("2026-11-26"),
			Status: duban.StatusDone, CreatedAt: old},
		{ID: 6, Number: 16, Kind: duban.KindTask, Title: "教师培训", Owner: "人事科", Deadline: day("2026-11-26"),
			Status: duban.StatusDoing, CreatedAt: old, LastReportAt: recent},
		{ID: 7, Number: 17, Kind: duban.KindTask, Title: "下周到期", Owner: "人事科", Deadline: day("2026-12-02"),
			Status: duban.StatusDoing, CreatedAt: old, LastReportAt: recent},
	}, time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
}

var remindMembers = []duban.Member{
	{ChatID: -1, UserID: 501, Name: "张<三>", Department: "督导室"},
	{ChatID: -1, UserID: 502, Name: "李四", Department: "督导"},
	{ChatID: -1, UserID: 503, Name: "王五", Department: "计财科"},
}

func TestWeeklyReminder(t *testing.T) {
	items, cutoff := remindPlan()
	in := report.RemindInput{Today: day("2026-11-25"), Items: items, Members: remindMembers, StaleCutoff: cutoff, StaleDays: 14, Horizon: 7}
	msgs := report.WeeklyReminder(in, report.LangZH)
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	text := msgs[0]
	if _, err := tgfake.ParseHTML(text); err != nil {
		t.Fatalf("Telegram would refuse the HTML: %v\n%s", err, text)
	}
	tests := []struct {
		name string
		want string
	}{
		{"title", "📋 <b>每周工作提醒</b>（11月25日）"},
		{"due section", "📅 <b>7天内到期</b>（2项）"},
		{"due item", "<b>#12</b> 开展校园安全隐患排查"},
		{"owner heading mentions members, escaped", `<b>督导室</b> <a href="tg://user?id=501">张&lt;三&gt;</a> <a href="tg://user?id=502">李四</a>`},
		{"overdue section", "⚠️ <b>已逾期</b>（1项）"},
		{"overdue item escaped and marked stale", "<b>#13</b> 落实&lt;资助&gt;政策"},
		{"stale section", "🕒 <b>未报送</b>：超过14天没有进展（1项）"},
		{"stale item", "<b>#14</b> 营养餐招标"},
		{"how to report", "#编号 进展内容"},
		{"unit without members", "尚无成员登记，可发送“/iam 单位名称”登记后接收提醒：人事科"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(text, tt.want) {
				t.Errorf("missing %q in\n%s", tt.want, text)
			}
		})
	}
	for _, absent := range []string{"<b>#15</b>", "<b>#17</b>", "<b>#1</b> "} {
		if strings.Contains(text, absent) {
			t.Errorf("%q should not be listed:\n%s", absent, text)
		}
	}
	if n := strings.Count(text, "tg://user?id=501"); n != 1 {
		t.Errorf("member 501 mentioned %d times, want once", n)
	}
	if !strings.Contains(text, "逾期5天</b> · 未开始 · <i>未报送</i>") {
		t.Errorf("overdue stale item not marked:\n%s", text)
	}

	t.Run("english", func(t *testing.T) {
		en := report.WeeklyReminder(in, report.LangEN)[0]
		for _, want := range []string{"<b>Weekly reminder</b> (Nov 25)", "<b>Due within 7 days</b> (2)", "<b>Overdue</b> (1)", "No report</b> for over 14 days"} {
			if !strings.Contains(en, want) {
				t.Errorf("missing %q in\n%s", want, en)
			}
		}
	})
	t.Run("quiet week says nothing", func(t *testing.T) {
		quiet := report.RemindInput{Today: day("2026-11-25"), Items: items[4:5], StaleCutoff: cutoff, Horizon: 7}
		if msgs := report.WeeklyReminder(quiet, report.LangZH); msgs != nil {
			t.Errorf("quiet week: %q", msgs)
		}
	})
}

func TestDeadlineReminder(t *testing.T) {
	items, cutoff := remindPlan()
	// Each line carries the item's light, judged as everywhere else: #16 is
	// nearly done and due tomorrow (yellow), #17 on track a week ahead
	// (green), #12 at 60% three days before its deadline far behind
	// (red), #13 overdue (red).
	for i := range items {
		switch items[i].Number {
		case 16:
			items[i].Percent = 95
		case 17:
			items[i].Percent = 92
		}
	}
	in := report.RemindInput{Today: day("2026-11-25"), Members: remindMembers, StaleCutoff: cutoff, Days: []int{7, 3, 1}}
	cases := []struct {
		name  string
		today string
		want  []string
		not   []string
	}{
		{"1, 3 and 7 days and overdue", "2026-11-25", []string{"🟡 <b>#16</b>", "🔴 <b>#12</b>", "🟢 <b>#17</b>", "🔴 <b>#13</b>",
			"<b>即将到期</b>（3项）", "<b>已逾期</b>（1项）", `<a href="tg://user?id=503">王五</a>`}, []string{"<b>#14</b>", "<b>#15</b>"}},
		{"3 days is yellow, past is red", "2026-11-29", []string{"🟡 <b>#17</b>", "🔴 <b>#16</b>", "🔴 <b>#12</b>"}, []string{"<b>#14</b>", "<b>#15</b>"}},
		{"days not nudged are left out", "2026-11-24", []string{"🔴 <b>#13</b>"}, []string{"<b>#12</b>", "<b>#16</b>", "<b>#17</b>"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in.Today = day(c.today)
			in.Items = append([]duban.Item(nil), items...)
			duban.DefaultRules().Judge(in.Items, in.Today.In(shanghai).Add(12*time.Hour), shanghai)
			msgs := report.DeadlineReminder(in, report.LangZH)
			if len(msgs) != 1 {
				t.Fatalf("%d messages", len(msgs))
			}
			if _, err := tgfake.ParseHTML(msgs[0]); err != nil {
				t.Fatalf("bad HTML: %v", err)
			}
			for _, w := range c.want {
				if !strings.Contains(msgs[0], w) {
					t.Errorf("missing %q in\n%s", w, msgs[0])
				}
			}
			for _, n := range c.not {
				if strings.Contains(msgs[0], n) {
					t.Errorf("%q listed in\n%s", n, msgs[0])
				}
			}
		})
	}

	t.Run("nothing due, nothing overdue: no message", func(t *testing.T) {
		in.Today = day("2026-11-25")
		in.Items = []duban.Item{{Number: 31, Kind: duban.KindTask, Title: "x", Deadline: day("2026-12-01"), Status: duban.StatusTodo}}
		if msgs := report.DeadlineReminder(in, report.LangZH); msgs != nil {
			t.Errorf("msgs = %q", msgs)
		}
	})
}

func TestRemindersSplitLongLists(t *testing.T) {
	var items []duban.Item
	for i := 0; i < 400; i++ {
		owner := []string{"督导室", "安全科", "计财科", "人事科"}[i%4]
		items = append(items, duban.Item{ID: int64(i + 1), Number: i + 1, Kind: duban.KindTask,
			Title: strings.Repeat("长标题", 30), Owner: owner, Deadline: day("2026-11-01"), Status: duban.StatusTodo})
	}
	in := report.RemindInput{Today: day("2026-11-25"), Items: items, Horizon: 7, StaleDays: 14}
	msgs := report.WeeklyReminder(in, report.LangZH)
	if len(msgs) < 2 {
		t.Fatalf("%d messages for a long list", len(msgs))
	}
	all := strings.Join(msgs, "\n")
	for _, m := range msgs {
		if n := utf8.RuneCountInString(m); n > report.MaxMessageRunes {
			t.Errorf("message of %d runes", n)
		}
		if _, err := tgfake.ParseHTML(m); err != nil {
			t.Errorf("piece is not valid HTML: %v", err)
		}
	}
	if !strings.Contains(all, "另有370项未列出") {
		t.Errorf("no count of the items left out")
	}
}

func TestSplitMessage(t *testing.T) {
	tests := []struct {
		name string
		text string
		max  int
		want []string
	}{
		{"short", "a\nb", 10, []string{"a\nb"}},
		{"at lines", "aaa\nbbb\nccc", 8, []string{"aaa\nbbb", "ccc"}},
		{"long line cut", "abcdefgh", 3, []string{"abc", "def", "gh"}},
		{"runes not bytes", "一二三\n四五六", 4, []string{"一二三", "四五六"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := report.SplitMessage(tt.text, tt.max)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("SplitMessage = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSettingsText(t *testing.T) {
	defaults := duban.ScheduleSpecs{Weekly: "30 8 * * 1", Deadlines: "0 9 * * *", Monthly: "0 9 1 * *"}
	tests := []struct {
		name string
		set  duban.ChatSettings
		spec duban.ScheduleSpecs
		lang string
		want []string
	}{
		{"defaults", duban.ChatSettings{}, defaults, "zh", []string{"每周提醒：每周一 08:30（默认）", "到期提醒：每天 09:00（默认）", "月度通报：每月1日 09:00（默认）"}},
		{"own weekly day and time", duban.ChatSettings{WeeklyDay: 5, WeeklyTime: "16:00"}, defaults, "zh", []string{"每周提醒：每周五 16:00\n"}},
		{"own time only", duban.ChatSettings{WeeklyTime: "07:05"}, defaults, "zh", []string{"每周提醒：每周一 07:05\n"}},
		{"sunday", duban.ChatSettings{WeeklyDay: 7}, defaults, "zh", []string{"每周提醒：每周日 08:30\n"}},
		{"off", duban.ChatSettings{WeeklyOff: true, DeadlinesOff: true, MonthlyOff: true}, defaults, "zh", []string{"每周提醒：已关闭", "到期提醒：已关闭", "月度通报：已关闭"}},
		{"not scheduled", duban.ChatSettings{}, duban.ScheduleSpecs{Weekly: "@every 30s"}, "zh", []string{"每周提醒：每30s（默认）", "到期提醒：未启用"}},
		{"odd spec shown as is", duban.ChatSettings{}, duban.ScheduleSpecs{Weekly: "0 9 * * 1-5"}, "zh", []string{"<code>0 9 * * 1-5</code>"}},
		{"english", duban.ChatSettings{WeeklyDay: 5, WeeklyTime: "16:00"}, defaults, "en", []string{"Weekly reminder: every Friday at 16:00\n", "Deadline reminder: every day at 09:00 (default)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := report.SettingsText(tt.set, tt.spec, tt.lang)
			if _, err := tgfake.ParseHTML(got); err != nil {
				t.Fatalf("bad HTML: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
		})
	}
}

func TestWeeklySpec(t *testing.T) {
	tests := []struct {
		base string
		day  int
		at   string
		want string
	}{
		{"30 8 * * 1", 5, "16:00", "0 16 * * 5"},
		{"30 8 * * 1", 0, "09:15", "15 9 * * 1"},
		{"30 8 * * 3", 7, "", "30 8 * * 0"},
		{"@every 30s", 2, "", "30 8 * * 2"},
		{"0 9 * * *", 0, "", "0 9 * * 1"},
	}
	for _, tt := range tests {
		if got := report.WeeklySpec(tt.base, tt.day, tt.at); got != tt.want {
			t.Errorf("WeeklySpec(%q, %d, %q) = %q, want %q", tt.base, tt.day, tt.at, got, tt.want)
		}
	}
}
