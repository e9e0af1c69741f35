package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/store"
	"github.com/duban-bot/duban/zhdate"
)

func TestSeed(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	for _, today := range []time.Time{
		time.Date(2026, 11, 25, 9, 0, 0, 0, loc), // a Wednesday
		time.Date(2026, 3, 1, 9, 0, 0, 0, loc),   // a Sunday
		time.Date(2026, 12, 28, 9, 0, 0, 0, loc), // near the year's end
	} {
		t.Run(today.Format(time.DateOnly), func(t *testing.T) {
			st, err := store.Open(filepath.Join(t.TempDir(), "demo.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			st.Now = func() time.Time { return today }
			ctx := context.Background()
			if err := Seed(ctx, st, today, loc); err != nil {
				t.Fatal(err)
			}
			items, err := st.PlanItems(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			day := duban.DateOf(today)
			tasks, owners := 0, map[string]bool{}
			var overdue, thisWeek, nextWeek int
			for _, it := range items {
				if it.Kind != duban.KindTask {
					continue
				}
				tasks++
				owners[it.Owner] = true
				if it.Deadline.IsZero() {
					continue
				}
				// The words say the date.
				e, ok := zhdate.Parse(it.DeadlineText, today)
				if !ok || duban.DateOf(e.End) != it.Deadline {
					t.Errorf("#%d %q resolves to %v, deadline %v", it.Number, it.DeadlineText, e.End, it.Deadline)
				}
				n := day.DaysUntil(it.Deadline)
				switch {
				case it.Overdue(day):
					overdue++
				case n >= 0 && n <= 6-int(today.Weekday()+6)%7:
					thisWeek++
				case n <= 13-int(today.Weekday()+6)%7:
					nextWeek++
				}
			}
			if tasks < 30 || len(owners) < 5 || overdue < 3 || thisWeek < 3 || nextWeek < 2 {
				t.Errorf("%d tasks, %d owners, %d overdue, %d this week, %d next week", tasks, len(owners), overdue, thisWeek, nextWeek)
			}
			// A newcomer sees every light, not a sea of red.
			lights := map[duban.Light]int{}
			for _, it := range items {
				if it.Kind == duban.KindTask {
					lights[duban.DefaultRules().Standing(it, today, loc).Light]++
				}
			}
			if today.Month() == time.November && (lights[duban.LightGreen] < 6 || lights[duban.LightYellow] < 4 || lights[duban.LightRed] < 4 ||
				lights[duban.LightRed] > tasks/2) {
				t.Errorf("lights %v", lights)
			}
			chat, err := st.Chat(ctx, ChatID)
			if err != nil || !chat.Served {
				t.Errorf("demo group: %+v, %v", chat, err)
			}
			if ms, _ := st.Members(ctx, ChatID); len(ms) != len(Members) {
				t.Errorf("%d members", len(ms))
			}
		})
	}
}
