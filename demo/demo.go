// Package demo seeds a database with a county education bureau's work plan,
// a served group and a few members, so that the terminal console and
// newcomers can try duban without a Telegram token or a plan document.
// Deadlines are placed around the day of seeding (some overdue, several
// due this week and next, the rest later) and their words match the dates.
package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/duban-bot/duban/duban"
)

// The demo group and its people.
const (
	ChatID    = int64(-1001000000001)
	ChatTitle = "县教育局重点工作推进群"
	AdminID   = int64(10001) // 办公室, binds the group
	MemberID  = int64(10002) // 督导室, the console's default user
	PlanName  = "某县教育局2026年工作要点"
)

// Members are the demo group's registered members.
var Members = []duban.Member{
	{UserID: AdminID, Name: "刘洋", Username: "liuyang_bgs", Department: "办公室"},
	{UserID: MemberID, Name: "张敏", Username: "zhangmin_ddz", Department: "督导室"},
	{UserID: 10003, Name: "李强", Username: "liqiang_jjk", Department: "基础教育科"},
	{UserID: 10004, Name: "王芳", Username: "wangfang_cwk", Department: "计划财务科"},
	{UserID: 10005, Name: "赵磊", Username: "zhaolei_aqk", Department: "安全稳定科"},
	{UserID: 10006, Name: "陈静", Username: "chenjing_jfzx", Department: "教师发展中心"},
}

// due says when a task is due relative to the seeding day.
type due struct {
	days       int // offset from today; used when monthEnd and yearEnd are zero
	monthEnd   int // the end of the month this many months on (1 = this month)
	yearEnd    bool
	thisWeek   int // 1 = today, 2 = two days on but within the week, 3 = Sunday
	nextWeek   int // 1 = next Tuesday, 2 = next Friday
	noDeadline bool
}

type task struct {
	title, owner, partners, target string
	due                            due
	reports                        []report
}

type report struct {
	daysAgo int
	who     int // index in Members
	text    string
	percent int // ignored for a closing report
	done    bool
}

type section struct {
	title string
	tasks []task
}

// Store is what Seed writes (*store.Store).
type Store interface {
	CreatePlan(ctx context.Context, p *duban.Plan) error
	CreateItem(ctx context.Context, it *duban.Item) error
	AddProgress(ctx context.Context, p *duban.Progress, updateID int64) (duban.Item, bool, error)
	BindChat(ctx context.Context, id int64, served bool, by int64) error
	SeeChat(ctx context.Context, id int64, typ, title string) error
	SeeUser(ctx context.Context, u duban.User, servedGroup bool) error
	SetMember(ctx context.Context, m duban.Member) error
}

// Seed writes the demo plan, group and members into st. today is the day
// the demo is about; loc the bureau's time zone.
func Seed(ctx context.Context, st Store, today time.Time, loc *time.Location) error {
	day := duban.DateOf(today.In(loc))
	plan := duban.Plan{Name: PlanName, Year: day.Year, Source: "demo"}
	if err := st.CreatePlan(ctx, &plan); err != nil {
		return fmt.Errorf("seed demo plan: %w", err)
	}
	codes := []string{"一", "二", "三", "四", "五", "六", "七", "八"}
	// The plan began at the start of the year (or two months ago, early in
	// a year), so that last month's briefing has the plan in it.
	begun := time.Date(day.Year, time.January, 2, 9, 0, 0, 0, loc)
	if ago := today.AddDate(0, 0, -60); ago.Before(begun) {
		begun = ago
	}
	// Reports are written oldest first after the items, so that report
	// ids follow time as they do in a real database.
	var reports []duban.Progress
	for si, sec := range plan2026() {
		s := duban.Item{PlanID: plan.ID, Kind: duban.KindSection, Code: codes[si], Title: sec.title, CreatedAt: begun}
		if err := st.CreateItem(ctx, &s); err != nil {
			return fmt.Errorf("seed demo section: %w", err)
		}
		for ti, tk := range sec.tasks {
			it := duban.Item{
				PlanID: plan.ID, ParentNumber: s.Number, Kind: duban.KindTask,
				Code:  fmt.Sprintf("%s.%d", codes[si], ti+1),
				Title: tk.title, Owner: tk.owner, Target: tk.target, CreatedAt: begun,
			}
			if tk.partners != "" {
				it.Partners = splitList(tk.partners)
			}
			it.Deadline, it.DeadlineText = tk.due.resolve(day)
			if err := st.CreateItem(ctx, &it); err != nil {
				return fmt.Errorf("seed demo task: %w", err)
			}
			for _, r := range tk.reports {
				m := Members[r.who]
				at := time.Date(day.Year, day.Month, day.Day-r.daysAgo, 9+r.who, 30, 0, 0, loc)
				p := duban.Progress{ItemNumber: it.Number, ChatID: ChatID, UserID: m.UserID, UserName: m.Name,
					Text: r.text, Percent: r.percent, Done: r.done, CreatedAt: at.UTC()}
				if r.done {
					p.Percent = duban.NoPercent
				}
				reports = append(reports, p)
			}
		}
	}
	slices.SortStableFunc(reports, func(a, b duban.Progress) int { return a.CreatedAt.Compare(b.CreatedAt) })
	// A store with a settable clock records each report's changes at the
	// report's time, so that the months past stand as the reports tell
	// (the briefing of last month, the chart's trend).
	clock, _ := st.(interface {
		SetNow(func() time.Time) func() time.Time
	})
	for _, p := range reports {
		if clock != nil {
			at := p.CreatedAt
			old := clock.SetNow(func() time.Time { return at })
			_, _, err := st.AddProgress(ctx, &p, 0)
			clock.SetNow(old)
			if err != nil {
				return fmt.Errorf("seed demo report: %w", err)
			}
			continue
		}
		if _, _, err := st.AddProgress(ctx, &p, 0); err != nil {
			return fmt.Errorf("seed demo report: %w", err)
		}
	}
	if err := st.SeeChat(ctx, ChatID, duban.ChatSupergroup, ChatTitle); err != nil {
		return err
	}
	if err := st.BindChat(ctx, ChatID, true, AdminID); err != nil {
		return err
	}
	for _, m := range Members {
		m.ChatID = ChatID
		if err := st.SetMember(ctx, m); err != nil {
			return err
		}
		if err := st.SeeUser(ctx, duban.User{ID: m.UserID, Name: m.Name, Username: m.Username}, true); err != nil {
			return err
		}
	}
	return nil
}

// resolve returns the due day and the words a plan would use for it.
func (d due) resolve(today duban.Date) (duban.Date, string) {
	weekday := int(today.In(time.UTC).Weekday()+6) % 7 // Monday = 0
	sunday := 6 - weekday
	switch {
	case d.noDeadline:
		return duban.Date{}, ""
	case d.yearEnd:
		end := duban.Date{Year: today.Year, Month: time.December, Day: 31}
		if today.DaysUntil(end) < 20 {
			end.Year++
			return end, fmt.Sprintf("%d年底前", end.Year)
		}
		return end, "年底前"
	case d.monthEnd > 0:
		end := duban.DateOf(time.Date(today.Year, today.Month+time.Month(d.monthEnd), 0, 0, 0, 0, 0, time.UTC))
		if end.Year != today.Year {
			return end, fmt.Sprintf("%d年%d月底前", end.Year, int(end.Month))
		}
		return end, fmt.Sprintf("%d月底前", int(end.Month))
	case d.thisWeek > 0:
		off := []int{0, 0, min(2, sunday), sunday}[d.thisWeek]
		return dayWords(today, today.AddDays(off))
	case d.nextWeek > 0:
		off := sunday + []int{0, 2, 5}[d.nextWeek]
		return dayWords(today, today.AddDays(off))
	}
	return dayWords(today, today.AddDays(d.days))
}

func dayWords(today, d duban.Date) (duban.Date, string) {
	if d.Year != today.Year {
		return d, fmt.Sprintf("%d年%d月%d日前", d.Year, int(d.Month), d.Day)
	}
	return d, fmt.Sprintf("%d月%d日前", int(d.Month), d.Day)
}

func splitList(s string) []string {
	var out []string
	start := 0
	rs := []rune(s)
	for i, r := range rs {
		if r == '、' {
			out = append(out, string(rs[start:i]))
			start = i + 1
		}
	}
	return append(out, string(rs[start:]))
}
