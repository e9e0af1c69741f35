package report

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

// Limits of the reminders. A reminder lists at most remindMaxListed items
// per section (the rest is counted, the ledger has all); a text longer than
// MaxMessageRunes is cut at line ends into several messages.
const (
	remindMaxListed   = 30
	remindMaxMentions = 10 // members mentioned per unit
	// MaxMessageRunes is what one Telegram message may hold (4096), less a
	// margin for the entities' own characters.
	MaxMessageRunes = 4000
)

// RemindInput is what the weekly and deadline reminders are made of. The
// scheduler fills it once per run and varies Members per chat.
type RemindInput struct {
	Today duban.Date
	// Items are the live items of the plans; sections and closed tasks are
	// passed over.
	Items []duban.Item
	// Members are the chat's registered members (/iam): the units' members
	// are mentioned so that Telegram notifies them.
	Members []duban.Member
	// StaleCutoff and StaleDays define 未报送: an open task with no report
	// since the cut-off, StaleDays days ago.
	StaleCutoff time.Time
	StaleDays   int
	// Horizon is how many days ahead the weekly reminder counts as due
	// soon (7).
	Horizon int
	// Days are the deadline nudges: tasks due in exactly these many days
	// (7, 3, 1).
	Days []int
	// Unreported are the tasks that owe the last reporting cycle whose due
	// day has passed (漏报, then 迟报), with the title of their section
	// (UnreportedTitle); none for the deadline nudge.
	Unreported      []duban.Item
	Late            []duban.Item
	UnreportedTitle string
	// Unacked are the tasks not acknowledged (签收) AckDays days after
	// they were assigned; weekly only.
	Unacked []duban.Item
	AckDays int
}

// UnreportedTitle is the heading of the tasks owing a reporting cycle:
// "📮 上期报送情况（11月23日—11月29日，应于11月27日前报送）：未报送3项，迟报1项".
func UnreportedTitle(p duban.Period, today duban.Date, missing, late int, lang string) string {
	return Tr(lang,
		fmt.Sprintf("📮 <b>报送情况</b>（%s—%s，应于%s前报送）：未报送%d项，迟报%d项", DateText(p.From, today, lang), DateText(p.To, today, lang),
			DateText(p.Due, today, lang), missing, late),
		fmt.Sprintf("📮 <b>Reports</b> (%s – %s, due by %s): %d missing, %d late", DateText(p.From, today, lang), DateText(p.To, today, lang),
			DateText(p.Due, today, lang), missing, late))
}

// Mention renders a member so that Telegram notifies them: a tg://user link
// with their name.
func Mention(m duban.Member) string {
	name := m.Name
	if strings.TrimSpace(name) == "" {
		name = m.Username
	}
	if strings.TrimSpace(name) == "" {
		name = fmt.Sprint(m.UserID)
	}
	return fmt.Sprintf(`<a href="tg://user?id=%d">%s</a>`, m.UserID, esc(name))
}

// remindMembersOf returns the members registered to owner, by the rule of
// store.MembersOf: the department equals the owner or one contains the
// other ("督导" and "督导室").
func remindMembersOf(members []duban.Member, owner string) []duban.Member {
	var out []duban.Member
	for _, m := range members {
		d := m.Department
		if d != "" && owner != "" && (d == owner || strings.Contains(owner, d) || strings.Contains(d, owner)) {
			out = append(out, m)
		}
	}
	return out
}

// remindAddressee writes a unit heading with its members mentioned the
// first time the unit appears in a message, and remembers units without
// members so the message can say how to register.
type remindAddressee struct {
	members   []duban.Member
	mentioned map[string]bool
	unknown   []string
	lang      string
}

func newRemindAddressee(members []duban.Member, lang string) *remindAddressee {
	return &remindAddressee{members: members, mentioned: map[string]bool{}, lang: lang}
}

func (a *remindAddressee) heading(owner string) string {
	if owner == "" {
		return "<b>" + esc(OwnerName(owner, a.lang)) + "</b>"
	}
	h := "<b>" + esc(owner) + "</b>"
	if a.mentioned[owner] {
		return h
	}
	a.mentioned[owner] = true
	ms := remindMembersOf(a.members, owner)
	if len(ms) == 0 {
		a.unknown = append(a.unknown, owner)
		return h
	}
	return h + mentions(ms, a.lang)
}

// mentions @mentions the members, each after a space, at most
// remindMaxMentions of them and then how many there are in all.
func mentions(ms []duban.Member, lang string) string {
	var b strings.Builder
	for i, m := range ms {
		if i == remindMaxMentions {
			b.WriteString(Tr(lang, fmt.Sprintf(" 等%d人", len(ms)), fmt.Sprintf(" and %d more", len(ms)-remindMaxMentions)))
			break
		}
		b.WriteString(" " + Mention(m))
	}
	return b.String()
}

// footer asks for reports and says how units without members register.
func (a *remindAddressee) footer() string {
	var b strings.Builder
	b.WriteString(Tr(a.lang,
		"请各牵头单位及时报送进展：直接发送“#编号 进展内容”，如“#12 已完成招标，进度60%”。",
		"Please report progress: send \"#number what was done\", e.g. \"#12 tender awarded, 60%\"."))
	if len(a.unknown) > 0 {
		b.WriteString(Tr(a.lang, "\n以下单位在本群尚无成员登记，可发送“/iam 单位名称”登记后接收提醒：",
			"\nNo member of these units is registered here; send \"/iam unit name\" to get reminders: "))
		b.WriteString(esc(strings.Join(a.unknown, Tr(a.lang, "、", ", "))))
	}
	return b.String()
}

// remindSection writes a titled list of items grouped by owner, owners in
// the order of their first item, at most remindMaxListed lines. mark, when
// set, returns a prefix for an item's line; note a suffix.
func remindSection(b *strings.Builder, title string, items []duban.Item, a *remindAddressee, today duban.Date,
	mark func(duban.Item) string, note func(duban.Item) string, lang string) {
	if len(items) == 0 {
		return
	}
	b.WriteString("\n\n")
	b.WriteString(title)
	shown := items
	if len(shown) > remindMaxListed {
		shown = shown[:remindMaxListed]
	}
	order, groups := groupByOwner(shown)
	for _, owner := range order {
		b.WriteString("\n")
		b.WriteString(a.heading(owner))
		for _, it := range groups[owner] {
			b.WriteString("\n")
			if mark != nil {
				b.WriteString(mark(it))
			}
			line := it
			line.Owner = "" // the heading names it
			b.WriteString(ItemLine(line, today, lang))
			if note != nil {
				b.WriteString(note(it))
			}
		}
	}
	if n := len(items) - len(shown); n > 0 {
		b.WriteString(Tr(lang, fmt.Sprintf("\n……另有%d项未列出，详见台账。", n), fmt.Sprintf("\n… and %d more, see the ledger.", n)))
	}
}

// remindOpenTasks returns the open tasks of items.
func remindOpenTasks(items []duban.Item) []duban.Item {
	var out []duban.Item
	for _, it := range items {
		if it.Kind == duban.KindTask && it.Open() {
			out = append(out, it)
		}
	}
	return out
}

// remindByDeadline sorts by deadline, then owner, then number.
func remindByDeadline(items []duban.Item) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if c := a.Deadline.Compare(b.Deadline); c != 0 {
			return c < 0
		}
		if a.Owner != b.Owner {
			return a.Owner < b.Owner
		}
		return a.Number < b.Number
	})
}

// WeeklyReminder renders the weekly reminder: open tasks due within
// in.Horizon days, overdue ones and 未报送 ones, each grouped by unit with
// the unit's registered members mentioned. It returns the message texts
// (several when one would be too long), or nil when there is nothing to
// say: a quiet week sends nothing.
func WeeklyReminder(in RemindInput, lang string) []string {
	horizon := in.Horizon
	if horizon <= 0 {
		horizon = 7
	}
	last := in.Today.AddDays(horizon - 1)
	var due, overdue, stale []duban.Item
	for _, it := range remindOpenTasks(in.Items) {
		switch {
		case it.Overdue(in.Today):
			overdue = append(overdue, it)
		case !it.Deadline.IsZero() && !it.Deadline.After(last):
			due = append(due, it)
		case it.Stale(in.StaleCutoff):
			stale = append(stale, it)
		}
	}
	if len(due)+len(overdue)+len(stale)+len(in.Unreported)+len(in.Late)+len(in.Unacked) == 0 {
		return nil
	}
	remindByDeadline(due)
	remindByDeadline(overdue)
	sort.SliceStable(stale, func(i, j int) bool { return stale[i].Number < stale[j].Number })

	staleNote := func(it duban.Item) string {
		if it.Stale(in.StaleCutoff) {
			return Tr(lang, " · <i>未报送</i>", " · <i>no report</i>")
		}
		return ""
	}
	a := newRemindAddressee(in.Members, lang)
	var b strings.Builder
	b.WriteString(Tr(lang,
		fmt.Sprintf("📋 <b>每周工作提醒</b>（%s）", DateText(in.Today, in.Today, lang)),
		fmt.Sprintf("📋 <b>Weekly reminder</b> (%s)", DateText(in.Today, in.Today, lang))))
	remindSection(&b, Tr(lang,
		fmt.Sprintf("📅 <b>%d天内到期</b>（%d项）", horizon, len(due)),
		fmt.Sprintf("📅 <b>Due within %d days</b> (%d)", horizon, len(due))), due, a, in.Today, nil, staleNote, lang)
	remindSection(&b, Tr(lang,
		fmt.Sprintf("⚠️ <b>已逾期</b>（%d项）", len(overdue)),
		fmt.Sprintf("⚠️ <b>Overdue</b> (%d)", len(overdue))), overdue, a, in.Today, nil, staleNote, lang)
	remindSection(&b, Tr(lang,
		fmt.Sprintf("🕒 <b>未报送</b>：超过%d天没有进展（%d项）", in.StaleDays, len(stale)),
		fmt.Sprintf("🕒 <b>No report</b> for over %d days (%d)", in.StaleDays, len(stale))), stale, a, in.Today, nil, nil, lang)
	if len(in.Unreported)+len(in.Late) > 0 {
		b.WriteString("\n\n")
		b.WriteString(in.UnreportedTitle)
		writeUnreported(&b, in.Unreported, in.Late, a, lang)
	}
	if sec := UnackedSection(in.Unacked, in.AckDays, in.Today, lang); sec != "" {
		b.WriteString("\n\n")
		b.WriteString(sec)
	}
	b.WriteString("\n\n")
	b.WriteString(a.footer())
	return SplitMessage(b.String(), MaxMessageRunes)
}

// DeadlineReminder renders the daily deadline nudge: open tasks due in
// exactly one of in.Days days, and overdue ones, grouped by unit with the
// unit's members mentioned, each with its light. It
// returns nil when nothing is due on those days and nothing is overdue.
func DeadlineReminder(in RemindInput, lang string) []string {
	nudge := map[int]bool{}
	for _, d := range in.Days {
		nudge[d] = true
	}
	var items []duban.Item
	for _, it := range remindOpenTasks(in.Items) {
		if it.Deadline.IsZero() {
			continue
		}
		if it.Overdue(in.Today) || nudge[in.Today.DaysUntil(it.Deadline)] {
			items = append(items, it)
		}
	}
	if len(items) == 0 {
		return nil
	}
	remindByDeadline(items)
	var overdue, soon []duban.Item
	for _, it := range items {
		if it.Overdue(in.Today) {
			overdue = append(overdue, it)
		} else {
			soon = append(soon, it)
		}
	}
	a := newRemindAddressee(in.Members, lang)
	var b strings.Builder
	b.WriteString(Tr(lang,
		fmt.Sprintf("⏰ <b>到期提醒</b>（%s）", DateText(in.Today, in.Today, lang)),
		fmt.Sprintf("⏰ <b>Deadline reminder</b> (%s)", DateText(in.Today, in.Today, lang))))
	remindSection(&b, Tr(lang,
		fmt.Sprintf("<b>即将到期</b>（%d项）", len(soon)),
		fmt.Sprintf("<b>Due soon</b> (%d)", len(soon))), soon, a, in.Today, nil, nil, lang)
	remindSection(&b, Tr(lang,
		fmt.Sprintf("<b>已逾期</b>（%d项）", len(overdue)),
		fmt.Sprintf("<b>Overdue</b> (%d)", len(overdue))), overdue, a, in.Today, nil, nil, lang)
	b.WriteString("\n\n")
	b.WriteString(a.footer())
	return SplitMessage(b.String(), MaxMessageRunes)
}

// SplitMessage cuts text into pieces of at most max runes at line ends, so
// that no HTML tag is cut (every line of our texts closes its own tags). A
// single line longer than max is cut at max runes.
func SplitMessage(text string, max int) []string {
	if utf8.RuneCountInString(text) <= max {
		return []string{text}
	}
	var (
		out  []string
		cur  strings.Builder
		size int
	)
	flush := func() {
		if s := strings.Trim(cur.String(), "\n"); s != "" {
			out = append(out, s)
		}
		cur.Reset()
		size = 0
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		n := utf8.RuneCountInString(line)
		if size+n > max {
			flush()
		}
		for n > max {
			r := []rune(line)
			out = append(out, string(r[:max]))
			line = string(r[max:])
			n -= max
		}
		cur.WriteString(line)
		size += n
	}
	flush()
	return out
}

// SettingsText shows a chat's reminder settings (/settings): for each
// reminder whether it is on and when it goes out, the chat's own weekly day
// and time where it has them, then how to change them.
func SettingsText(set duban.ChatSettings, defaults duban.ScheduleSpecs, lang string) string {
	var b strings.Builder
	b.WriteString(Tr(lang, "⚙️ <b>本群提醒设置</b>", "⚙️ <b>Reminders in this chat</b>"))
	line := func(name string, spec string, off bool, own bool) {
		b.WriteString("\n")
		b.WriteString(name)
		b.WriteString(Tr(lang, "：", ": "))
		switch {
		case spec == "":
			b.WriteString(Tr(lang, "未启用（配置中没有安排）", "not scheduled (off in the configuration)"))
		case off:
			b.WriteString(Tr(lang, "已关闭", "off"))
		default:
			b.WriteString(SpecText(spec, lang))
			if !own {
				b.WriteString(Tr(lang, "（默认）", " (default)"))
			}
		}
	}
	weekly, own := defaults.Weekly, false
	if weekly != "" && (set.WeeklyDay != 0 || set.WeeklyTime != "") {
		weekly, own = WeeklySpec(defaults.Weekly, set.WeeklyDay, set.WeeklyTime), true
	}
	line(Tr(lang, "每周提醒", "Weekly reminder"), weekly, set.WeeklyOff, own)
	line(Tr(lang, "到期提醒", "Deadline reminder"), defaults.Deadlines, set.DeadlinesOff, false)
	line(Tr(lang, "月度通报", "Monthly briefing"), defaults.Monthly, set.MonthlyOff, false)
	b.WriteString(Tr(lang,
		"\n\n修改示例：\n/settings weekly 周五 16:00\n/settings weekly off\n/settings deadlines off\n/settings monthly on\n/settings reset（恢复默认）",
		"\n\nTo change:\n/settings weekly fri 16:00\n/settings weekly off\n/settings deadlines off\n/settings monthly on\n/settings reset (back to defaults)"))
	return b.String()
}

// WeeklySpec builds the weekly spec of a chat that has its own day (1 =
// Monday … 7 = Sunday, 0 = as base) and time ("16:00", "" = as base). What
// the chat does not set comes from base when base is a plain spec ("30 8 *
// * 1": its time, and its weekday if it has one), else Monday 08:30. The scheduler runs by it and
// SettingsText shows it, so both agree.
func WeeklySpec(base string, day int, hhmm string) string {
	bday, bhour, bmin := 1, 8, 30
	if f, ok := remindSpecFields(base); ok {
		bhour, bmin = f.hour, f.min
		if f.dow == 0 {
			bday = 7
		} else if f.dow > 0 {
			bday = f.dow
		}
	}
	if day < 1 || day > 7 {
		day = bday
	}
	var h, m int
	if n, err := fmt.Sscanf(hhmm, "%d:%d", &h, &m); err == nil && n == 2 && h >= 0 && h < 24 && m >= 0 && m < 60 {
		bhour, bmin = h, m
	}
	return fmt.Sprintf("%d %d * * %d", bmin, bhour, day%7)
}

// remindSpec are the fields of a plain spec: one minute, one hour, and a
// day of month and a weekday that are single values or -1 for "*".
type remindSpec struct {
	min, hour, dom, dow int
}

// remindSpecFields reads "M H DOM * DOW" specs with single values (or *
// for DOM and DOW, and * for the month); anything else is not plain.
func remindSpecFields(spec string) (remindSpec, bool) {
	f := strings.Fields(spec)
	if len(f) != 5 || f[3] != "*" {
		return remindSpec{}, false
	}
	num := func(s string, lo, hi int, star bool) (int, bool) {
		if s == "*" {
			return -1, star
		}
		v, err := strconv.Atoi(s)
		if err != nil || v < lo || v > hi {
			return 0, false
		}
		return v, true
	}
	var r remindSpec
	var ok [4]bool
	r.min, ok[0] = num(f[0], 0, 59, false)
	r.hour, ok[1] = num(f[1], 0, 23, false)
	r.dom, ok[2] = num(f[2], 1, 31, true)
	r.dow, ok[3] = num(f[4], 0, 7, true)
	if r.dow == 7 {
		r.dow = 0
	}
	return r, ok[0] && ok[1] && ok[2] && ok[3]
}

var remindWeekdaysZH = [...]string{"日", "一", "二", "三", "四", "五", "六"}

// SpecText describes a cron spec in words: "每周一 08:30", "每天 09:00",
// "每月1日 09:00", "每30s"; a spec it cannot word is shown as it is.
func SpecText(spec string, lang string) string {
	if d, ok := strings.CutPrefix(spec, "@every "); ok {
		return Tr(lang, "每"+esc(d), "every "+esc(d))
	}
	switch spec {
	case "@daily", "@midnight":
		spec = "0 0 * * *"
	case "@weekly":
		spec = "0 0 * * 0"
	case "@monthly":
		spec = "0 0 1 * *"
	case "@hourly":
		return Tr(lang, "每小时", "every hour")
	}
	f, ok := remindSpecFields(spec)
	if !ok || f.dom >= 0 && f.dow >= 0 {
		return "<code>" + esc(spec) + "</code>"
	}
	at := fmt.Sprintf("%02d:%02d", f.hour, f.min)
	switch {
	case f.dow >= 0:
		return Tr(lang, "每周"+remindWeekdaysZH[f.dow]+" "+at, "every "+time.Weekday(f.dow).String()+" at "+at)
	case f.dom >= 0:
		return Tr(lang, fmt.Sprintf("每月%d日 %s", f.dom, at), fmt.Sprintf("on day %d of every month at %s", f.dom, at))
	}
	return Tr(lang, "每天 "+at, "every day at "+at)
}

// writeUnreported names, per unit, the tasks that owe a reporting cycle by
// their numbers only (they are listed in full above or in /missing): a
// line a unit, its members mentioned, "（迟报）" after those late.
func writeUnreported(b *strings.Builder, missing, late []duban.Item, a *remindAddressee, lang string) {
	isLate := map[int64]bool{}
	for _, it := range late {
		isLate[it.ID] = true
	}
	all := append(slices.Clone(missing), late...)
	order, groups := groupByOwner(all)
	for i, owner := range order {
		if i == remindMaxListed {
			b.WriteString(Tr(lang, fmt.Sprintf("\n……另有%d个单位，发送 /missing 查看。", len(order)-i),
				fmt.Sprintf("\n… and %d more units: send /missing.", len(order)-i)))
			break
		}
		b.WriteString("\n")
		b.WriteString(a.heading(owner))
		b.WriteString(Tr(lang, "：", ": "))
		for j, it := range groups[owner] {
			if j > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(b, "#%d", it.Number)
			if isLate[it.ID] {
				b.WriteString(Tr(lang, "（迟报）", " (late)"))
			}
		}
	}
}
