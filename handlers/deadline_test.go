package handlers

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

func TestDeadline(t *testing.T) {
	// Today is Wednesday 2026-11-25; #2 is due 11-27 ("11月27日前").
	tests := []struct {
		text  string
		has   string // in the reply
		date  string // the deadline after it, "" for none
		words string // the words kept
	}{
		{"/deadline 2 9月底前", "#2 时限改为 9月30日（9月底前）", "2026-09-30", "9月底前"},
		{"/deadline 2 年内", "#2 时限改为 12月31日（年内）", "2026-12-31", "年内"},
		{"/deadline #2 12月20日之前", "#2 时限改为 12月20日\n", "2026-12-20", "12月20日之前"},
		{"/deadline 2 下月10日前", "#2 时限改为 12月10日（下月10日前）", "2026-12-10", "下月10日前"},
		{"/deadline 2 明天", "#2 时限改为 11月26日（明天）", "2026-11-26", "明天"},
		{"/deadline 2号 2027-01-15", "#2 时限改为 2027年1月15日", "2027-01-15", ""},
		{"/deadline 2 12月31日", "#2 时限改为 12月31日\n", "2026-12-31", "12月31日"},
		{"/deadline 2 无", "已清除 #2 的时限", "", ""},
		{"#2 时限改为9月底前", "#2 时限改为 9月30日（9月底前）", "2026-09-30", "9月底前"},
		{"#2的完成时限调整为：年内", "#2 时限改为 12月31日（年内）", "2026-12-31", "年内"},
	}
	e := newTestEnv(t, "zh")
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := strings.Join(e.say(t, e.msg(servedGroup, adminID, tt.text)), "\n")
			if !strings.Contains(got, tt.has) {
				t.Errorf("reply lacks %q:\n%s", tt.has, got)
			}
			it, err := e.st.Item(ctx, 2)
			if err != nil {
				t.Fatal(err)
			}
			want := duban.Date{}
			if tt.date != "" {
				want = date(tt.date)
			}
			if it.Deadline != want || it.DeadlineText != tt.words {
				t.Errorf("#2 due %v %q, want %v %q", it.Deadline, it.DeadlineText, want, tt.words)
			}
		})
	}
	if n := e.reportCount(t, 2); n != 0 {
		t.Errorf("a deadline change was recorded as %d reports", n)
	}
}

func TestDeadlineRefused(t *testing.T) {
	e := newTestEnv(t, "zh")
	ctx := context.Background()
	tests := []struct {
		user int64
		text string
		has  string
	}{
		{adminID, "/deadline 2 尽快吧", "看不懂时限“尽快吧”，没有修改"},
		{adminID, "/deadline 2 每周", "看不懂时限“每周”"},
		{adminID, "/deadline 2", "请写上新的时限，例如：/deadline 12 9月底前"},
		{adminID, "/deadline", "请写上事项编号"},
		{adminID, "/deadline abc 9月底前", "“abc”不是事项编号"},
		{adminID, "/deadline 99 9月底前", "没有编号为 #99 的事项"},
		{adminID, "/deadline 2 " + strings.Repeat("前", 300), "时限太长了"},
		{adminID, "#2 时限改为 下辈子吧", "看不懂时限“下辈子吧”"},
		{memberID, "/deadline 2 9月底前", "只有计划管理员可以使用 /deadline"},
		{memberID, "#2 时限改为9月底前", "只有计划管理员可以使用 /deadline"},
		{groupAdminID, "/deadline 2 9月底前", "只有计划管理员可以使用 /deadline"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := strings.Join(e.say(t, e.msg(servedGroup, tt.user, tt.text)), "\n")
			if !strings.Contains(got, tt.has) {
				t.Errorf("reply lacks %q:\n%s", tt.has, got)
			}
			it, _ := e.st.Item(ctx, 2)
			if it.Deadline != date("2026-11-27") || it.DeadlineText != "11月27日前" {
				t.Errorf("#2 changed to %v %q", it.Deadline, it.DeadlineText)
			}
		})
	}
	if n := e.reportCount(t, 2); n != 0 {
		t.Errorf("%d reports recorded", n)
	}
	// Work without an end: no date, the words kept, never overdue.
	got := strings.Join(e.say(t, e.msg(servedGroup, adminID, "/deadline 2 长期坚持")), "\n")
	if it, _ := e.st.Item(ctx, 2); !it.Deadline.IsZero() || it.DeadlineText != "长期坚持" || !strings.Contains(got, "#2 时限改为“长期坚持”（不设具体日期，不计逾期）") {
		t.Errorf("/deadline 2 长期坚持: %v %q\n%s", it.Deadline, it.DeadlineText, got)
	}
	if got := strings.Join(e.say(t, e.msg(servedGroup, memberID, "/item 2")), "\n"); !strings.Contains(got, "时限：长期坚持") || strings.Contains(got, "延至") {
		t.Errorf("/item 2:\n%s", got)
	}
	// Not a deadline change: still a report.
	if got := e.group(t, "#2 时限内已完成排查，进度80%"); !strings.Contains(got, "#2 进度更新为80%") {
		t.Errorf("report mentioning 时限: %s", got)
	}
}

func TestDeadlineInANextYearPlan(t *testing.T) {
	e := newTestEnv(t, "zh")
	ctx := context.Background()
	p := duban.Plan{Name: "2027年教育工作要点", Year: 2027}
	if err := e.st.CreatePlan(ctx, &p); err != nil {
		t.Fatal(err)
	}
	it := duban.Item{PlanID: p.ID, Title: "完成新校区建设", Owner: "计划财务科"}
	if err := e.st.CreateItem(ctx, &it); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ words, want string }{
		{"9月底前", "2027-09-30"},     // a day of the plan's year
		{"年内", "2027-12-31"},       // the plan's year
		{"上半年", "2027-06-30"},      // the plan's year
		{"明天", "2026-11-26"},       // counted from today
		{"下月10日前", "2026-12-10"},   // counted from today
		{"2028年3月前", "2028-03-31"}, // as written
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			e.say(t, e.msg(servedGroup, adminID, "/deadline 10 "+tt.words))
			got, err := e.st.Item(ctx, 10)
			if err != nil || got.Deadline != date(tt.want) {
				t.Errorf("%s: due %v (%v), want %s", tt.words, got.Deadline, err, tt.want)
			}
		})
	}
}

func TestResolveDeadline(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai())
	tests := []struct {
		words string
		year  int
		want  string // "" when refused
	}{
		{"9月底前", 2026, "2026-09-30"},
		{"9月底以前", 0, "2026-09-30"},
		{"年内", 2025, "2025-12-31"},
		{"12月20日之前", 2027, "2027-12-20"},
		{"明天", 2027, "2026-11-26"},
		{"30日内", 2027, "2026-12-25"},
		{"2026-12-31", 2027, "2026-12-31"},
		{"", 2026, ""},
		{"随时", 2026, ""},
		{"每月", 2026, ""},
		{"全年", 2027, "2027-12-31"},
		{"全年", 0, "2026-12-31"},
	}
	for _, tt := range tests {
		d, err := resolveDeadline(tt.words, now, tt.year)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("resolveDeadline(%q, %d) = %v, want a refusal", tt.words, tt.year, d)
		case tt.want != "" && (err != nil || d != date(tt.want)):
			t.Errorf("resolveDeadline(%q, %d) = %v, %v; want %s", tt.words, tt.year, d, err, tt.want)
		}
	}
}

func FuzzDeadline(f *testing.F) {
	for _, s := range []string{"#12 时限改为9月底前", "#12的完成时限调整为：年内", "＃１２ 期限延至 下月10日前", "#12 时限改为", "#x 时限改为年内",
		"9月底前", "12月20日之前", "明天", "2026-12-31", "每周", "\xff时限", "#99999999999 截止日期定为2027年3月前"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai())
	f.Fuzz(func(t *testing.T, s string) {
		if in, ok := matchDeadline(newRuleText(s)); ok {
			n, rest, err := parseNumberArg(in.Args, "u", "u")
			if in.Command != "deadline" || err == nil && (n <= 0 || rest == "") {
				t.Fatalf("matchDeadline(%q) = %+v", s, in)
			}
		}
		for _, year := range []int{0, 2026, 2027} {
			d, err := resolveDeadline(s, now, year)
			if err == nil && (d.IsZero() && ongoingDeadline(s) != "ongoing" || !d.IsZero() && (d.Year < 1900 || d.Year > 2200)) {
				t.Fatalf("resolveDeadline(%q, %d) = %v", s, year, d)
			}
		}
	})
}

// A deadline given without a year that has passed this year: a new task,
// an extension and a milestone take its next occurrence; a deadline set on
// an existing task keeps the plan's year (it may be a correction) and the
// reply warns that the task is overdue now.
func TestDeadlineAhead(t *testing.T) {
	// Today is Wednesday 2026-11-25.
	e := newTestEnv(t, "zh")
	admin := func(text string) string { return strings.Join(e.say(t, e.msg(servedGroup, adminID, text)), "\n") }
	var got string
	last := func() duban.Item { // the task the last /add made
		t.Helper()
		m := regexp.MustCompile(`已添加事项\n#(\d+) `).FindStringSubmatch(got)
		if m == nil {
			t.Fatalf("no task added:\n%s", got)
		}
		n, _ := strconv.Atoi(m[1])
		return e.item(t, n)
	}

	got = admin("/add 完成食堂专项检查 | 督导室 | 端午节前")
	if it := last(); it.Deadline != date("2027-06-08") || strings.Contains(got, "已经过了") {
		t.Errorf("/add 端午节前 in November: due %v\n%s", it.Deadline, got)
	}
	got = admin("/add 完成校舍维修 | 督导室 | 3月底前")
	if it := last(); it.Deadline != date("2027-03-31") {
		t.Errorf("/add 3月底前 in November: due %v\n%s", it.Deadline, got)
	}
	got = admin("/add 完成校舍维修验收 | 督导室 | 2026年3月底前")
	if it := last(); it.Deadline != date("2026-03-31") || !strings.Contains(got, "这个时限已经过了（2026年3月31日）") {
		t.Errorf("/add with the year: due %v\n%s", it.Deadline, got)
	}

	got = admin("/deadline 2 9月底前")
	if it := e.item(t, 2); it.Deadline != date("2026-09-30") || !strings.Contains(got, "⚠️ 这个时限已经过了") {
		t.Errorf("/deadline 9月底前: due %v\n%s", it.Deadline, got)
	}
	got = admin("/deadline 2 12月20日前")
	if strings.Contains(got, "已经过了") {
		t.Errorf("a deadline ahead warned:\n%s", got)
	}

	e.say(t, e.msg(servedGroup, memberID, "/iam 督导室"))
	got = strings.Join(e.say(t, e.msg(servedGroup, memberID, "/extend 4 1月底前 场地未落实")), "\n")
	if !strings.Contains(got, "2027年1月31日（1月底前）") {
		t.Errorf("/extend 1月底前 in November:\n%s", got)
	}
}
