package planimport

import (
	"strings"
	"time"

	"github.com/duban-bot/duban/zhdate"
)

// A holiday or a school season named without a year ("元旦前", "寒假前",
// "端午节前") in a calendar-year plan means its occurrence within the
// plan's time: never one before the plan year began or before the day the
// plan was issued ("春节前" in a plan of 2026-02-20 is 春节 2027), and for
// 寒假 the one that closes the plan year's autumn term, as a year's plan
// lists it among the year's last work.

// landmarkWords name holidays and school seasons.
var landmarkWords = []string{"元旦", "春节", "除夕", "元宵", "寒假", "暑假", "国庆", "端午", "中秋", "清明", "劳动节", "五一", "开学", "期末", "学期"}

// isLandmark reports words that date by a holiday or season alone.
func isLandmark(words string) bool {
	return containsAny(words, landmarkWords...) && !strings.ContainsAny(words, "0123456789月")
}

// landmarkDate moves the date t that words (the i-th expression of text)
// gave to the occurrence a calendar-year plan means.
func (b *builder) landmarkDate(text string, i int, words string, t time.Time) time.Time {
	sc := b.cur
	loc := sc.ref.Location()
	refind := func(ref time.Time) (time.Time, bool) {
		alt := zhdate.Find(text, ref)
		if i >= len(alt) || alt[i].Text != words {
			return time.Time{}, false
		}
		at := alt[i].End
		if at.IsZero() {
			at = alt[i].Start
		}
		return at, !at.IsZero()
	}
	if strings.Contains(words, "寒假") {
		if at, ok := refind(time.Date(sc.year, time.September, 1, 0, 0, 0, 0, loc)); ok {
			t = at
		}
	}
	floor := time.Date(sc.year, time.January, 1, 0, 0, 0, 0, loc)
	if sc.dated && sc.date.Year() == sc.year {
		floor = sc.date
	}
	if !t.Before(floor) {
		return t
	}
	for _, ref := range []time.Time{t.AddDate(0, 0, 2), time.Date(t.Year()+1, time.January, 1, 0, 0, 0, 0, loc)} {
		if at, ok := refind(ref); ok && !at.Before(floor) {
			return at
		}
	}
	return t
}
