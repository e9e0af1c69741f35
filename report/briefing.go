package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// briefingMaxListed bounds the lists of the briefing; the ledger sent with
// it has everything.
const briefingMaxListed = 30

// BriefingInput is what the monthly briefing (月度通报) is made of.
type BriefingInput struct {
	// Month is the month as it stood at its end (or so far), gathered by
	// GatherMonth: the same figures as the ledger sent with it.
	Month Month
	// Opening is a paragraph put first, plain text (a drafted summary);
	// empty for none. It is escaped here.
	Opening string
	// Ledger says a ledger file follows the text, so the text points to it.
	Ledger bool
}

// MonthlyBriefing renders the ranked 月度通报 of a month as it stood at its
// end: the opening paragraph, the overall figures, the tasks closed in the
// month, the units ranked by score with their figures, the units praised
// and those named, the red items, and the overdue ones. It returns the
// message texts, several when one would be too long.
func MonthlyBriefing(in BriefingInput, lang string) []string {
	m := in.Month
	var total duban.UnitStats
	for _, u := range m.Units {
		total.Items += u.Items
		total.DoneOnTime += u.DoneOnTime
		total.DoneLate += u.DoneLate
		total.OverdueOpen += u.OverdueOpen
		total.OpenNotDue += u.OpenNotDue
		total.Red += u.Red
		total.Yellow += u.Yellow
		total.Green += u.Green
		total.Extended += u.Extended
		total.Late += u.Late
		total.Missed += u.Missed
		total.Urged += u.Urged
	}
	if total.Items > 0 {
		total.Rate = int(math.Round(float64(total.Done()) * 100 / float64(total.Items)))
	}
	var overdue, red, closed []duban.Item
	monthStart := m.From.In(m.Loc)
	for _, it := range m.Items {
		if it.Kind != duban.KindTask {
			continue
		}
		switch {
		case it.Status == duban.StatusDone:
			if !it.DoneAt.Before(monthStart) {
				closed = append(closed, it)
			}
		case it.Overdue(m.To):
			overdue = append(overdue, it)
		case it.Standing.Light == duban.LightRed:
			red = append(red, it)
		}
	}
	remindByDeadline(overdue)
	remindByDeadline(red)
	reported, reporters := map[int64]bool{}, map[string]bool{}
	owners := map[int64]string{}
	for _, it := range m.Items {
		owners[it.ID] = it.Owner
	}
	for _, p := range m.Reports {
		reported[p.ItemID] = true
		if o := owners[p.ItemID]; o != "" {
			reporters[o] = true
		}
	}

	var b strings.Builder
	b.WriteString("📊 <b>" + briefingTitle(m, lang) + "</b>")
	if o := strings.TrimSpace(in.Opening); o != "" {
		b.WriteString("\n\n")
		b.WriteString(esc(o))
	}

	b.WriteString(Tr(lang, "\n\n<b>一、总体情况</b>\n", "\n\n<b>1. Overall</b>\n"))
	b.WriteString(Tr(lang,
		fmt.Sprintf("全部任务%d项：按期办结%d项，超期办结%d项，逾期未办结%d项，未到期未办结%d项；完成率%d%%。",
			total.Items, total.DoneOnTime, total.DoneLate, total.OverdueOpen, total.OpenNotDue, total.Rate),
		fmt.Sprintf("%d tasks: %d closed on time, %d closed late, %d overdue, %d open and not due; %d%% complete.",
			total.Items, total.DoneOnTime, total.DoneLate, total.OverdueOpen, total.OpenNotDue, total.Rate)))
	b.WriteString("\n")
	b.WriteString(Tr(lang,
		fmt.Sprintf("预警：🔴红灯%d项，🟡黄灯%d项，🟢绿灯%d项；延期%d项。", total.Red, total.Yellow, total.Green, total.Extended),
		fmt.Sprintf("Lights: 🔴 %d red, 🟡 %d yellow, 🟢 %d green; %d extended.", total.Red, total.Yellow, total.Green, total.Extended)))
	b.WriteString("\n")
	b.WriteString(Tr(lang,
		fmt.Sprintf("本月收到进展报送%d条，涉及任务%d项、单位%d个；迟报%d次，漏报%d次。", len(m.Reports), len(reported), len(reporters), total.Late, total.Missed),
		fmt.Sprintf("This month: %d progress reports on %d tasks from %d units; %d late, %d missed.", len(m.Reports), len(reported), len(reporters), total.Late, total.Missed)))
	if total.Urged > 0 {
		b.WriteString(Tr(lang, fmt.Sprintf("发出催办%d次。", total.Urged), fmt.Sprintf(" %d 催办 sent.", total.Urged)))
	}

	b.WriteString(Tr(lang, fmt.Sprintf("\n\n<b>二、本月办结</b>（%d项）", len(closed)), fmt.Sprintf("\n\n<b>2. Closed this month</b> (%d)", len(closed))))
	if len(closed) == 0 {
		b.WriteString(Tr(lang, "\n本月没有任务销号。", "\nNo task was closed."))
	}
	for i, it := range closed {
		if i == briefingMaxListed {
			b.WriteString(briefingMore(len(closed)-i, lang))
			break
		}
		b.WriteString("\n")
		b.WriteString(ItemLine(it, m.To, lang))
	}

	b.WriteString(Tr(lang, "\n\n<b>三、各单位排名</b>（按得分）", "\n\n<b>3. Units ranked</b> (by score)"))
	if len(m.Units) == 0 {
		b.WriteString(Tr(lang, "\n计划中还没有任务。", "\nThe plan has no tasks yet."))
	}
	for i, u := range m.Units {
		fmt.Fprintf(&b, "\n%d. <b>%s</b> ", i+1, esc(OwnerName(u.Unit, lang)))
		b.WriteString(Tr(lang,
			fmt.Sprintf("得分%s · 完成率%d%% · 任务%d项：按期办结%d，超期办结%d，逾期%d · 🔴%d 🟡%d 🟢%d",
				scoreText(u.Score), u.Rate, u.Items, u.DoneOnTime, u.DoneLate, u.OverdueOpen, u.Red, u.Yellow, u.Green),
			fmt.Sprintf("score %s · %d%% · %d tasks: %d on time, %d late, %d overdue · 🔴%d 🟡%d 🟢%d",
				scoreText(u.Score), u.Rate, u.Items, u.DoneOnTime, u.DoneLate, u.OverdueOpen, u.Red, u.Yellow, u.Green)))
		if u.Extended+u.Late+u.Missed+u.Urged > 0 {
			b.WriteString(Tr(lang,
				fmt.Sprintf(" · 延期%d 迟报%d 漏报%d", u.Extended, u.Late, u.Missed),
				fmt.Sprintf(" · %d extended, %d late, %d missed", u.Extended, u.Late, u.Missed)))
			if u.Urged > 0 {
				b.WriteString(Tr(lang, fmt.Sprintf(" 催办%d", u.Urged), fmt.Sprintf(", urged %d", u.Urged)))
			}
		}
	}
	var praised, named []string
	for _, u := range m.Units {
		if u.Unit == "" {
			continue
		}
		if u.Praised() {
			praised = append(praised, esc(u.Unit))
		}
		if u.Named() {
			named = append(named, esc(u.Unit))
		}
	}
	b.WriteString(Tr(lang, "\n\n<b>四、表扬与通报</b>", "\n\n<b>4. Praised and named</b>"))
	if len(praised) > 0 {
		b.WriteString(Tr(lang,
			fmt.Sprintf("\n对%s予以表扬：本月所牵头任务均按序时推进、按期办结，进展报送及时。", strings.Join(praised, "、")),
			fmt.Sprintf("\nPraised: %s — every task on track or closed on time, every report on time.", strings.Join(praised, ", "))))
	} else {
		b.WriteString(Tr(lang, "\n本月没有全部按期推进、报送及时的单位。", "\nNo unit had everything on time this month."))
	}
	if len(named) > 0 {
		b.WriteString(Tr(lang,
			fmt.Sprintf("\n对%s予以通报：存在红灯事项或漏报进展，请对照台账逐项整改，按期报送。", strings.Join(named, "、")),
			fmt.Sprintf("\nNamed: %s — red items or missed reports; please put them right item by item and report on time.", strings.Join(named, ", "))))
	}

	b.WriteString(Tr(lang, fmt.Sprintf("\n\n<b>五、逾期未办结</b>（%d项）", len(overdue)), fmt.Sprintf("\n\n<b>5. Overdue</b> (%d)", len(overdue))))
	if len(overdue) == 0 {
		b.WriteString(Tr(lang, "\n没有逾期任务。", "\nNothing is overdue."))
	}
	for i, it := range overdue {
		if i == briefingMaxListed {
			b.WriteString(briefingMore(len(overdue)-i, lang))
			break
		}
		b.WriteString("\n")
		b.WriteString(ItemLine(it, m.To, lang))
	}
	if len(red) > 0 {
		b.WriteString(Tr(lang, fmt.Sprintf("\n\n<b>六、其他红灯事项</b>（%d项，严重滞后于序时进度）", len(red)),
			fmt.Sprintf("\n\n<b>6. Other red items</b> (%d, far behind schedule)", len(red))))
		for i, it := range red {
			if i == briefingMaxListed {
				b.WriteString(briefingMore(len(red)-i, lang))
				break
			}
			b.WriteString("\n")
			b.WriteString(ItemLine(it, m.To, lang))
		}
	}
	if in.Ledger {
		b.WriteString(Tr(lang, "\n\n详细情况见台账（附件，含“单位统计”表）。", "\n\nThe ledger (attached, with its 单位统计 sheet) has the details."))
	}
	return SplitMessage(b.String(), MaxMessageRunes)
}

func scoreText(s float64) string {
	return strconv.FormatFloat(s, 'f', -1, 64)
}

// briefingTitle names the month and the day its figures are taken:
// "2026年10月工作通报（截至10月31日）".
func briefingTitle(m Month, lang string) string {
	if lang == LangEN {
		t := time.Date(m.From.Year, m.From.Month, 1, 0, 0, 0, 0, time.UTC)
		return "Briefing for " + t.Format("January 2006") + " (as of " + DateText(m.To, m.To, lang) + ")"
	}
	return fmt.Sprintf("%d年%d月工作通报（截至%s）", m.From.Year, int(m.From.Month), DateText(m.To, m.To, lang))
}

func briefingMore(n int, lang string) string {
	return Tr(lang, fmt.Sprintf("\n……另有%d项，详见台账。", n), fmt.Sprintf("\n… and %d more, see the ledger.", n))
}

// BriefingCaption is the caption of the ledger file sent with a briefing.
func BriefingCaption(today duban.Date, lang string) string {
	return Tr(lang, "📎 台账（截至"+DateText(today, today, lang)+"）", "📎 Ledger (as of "+DateText(today, today, lang)+")")
}
