package chart

import "fmt"

// Test data written for these tests, in the style of a county bureau's
// plan: units of the bureau and schools.
var bureauUnits = []string{
	"办公室", "督导室", "基础教育股", "职业与成人教育股", "计划财务股", "人事股",
	"安全稳定股", "教育技术装备中心", "学生资助管理中心", "教师发展中心",
	"招生考试中心", "体育卫生艺术股", "教育工会", "民办教育管理股",
}

// sampleUnits returns n units with varied figures, in ranking order (rate
// descending), deterministic.
func sampleUnits(n int, lights bool) []Unit {
	out := make([]Unit, 0, n)
	for i := range n {
		name := ""
		if i < len(bureauUnits) {
			name = bureauUnits[i]
		} else {
			name = fmt.Sprintf("城关第%d中学", i-len(bureauUnits)+1)
		}
		done := 12 - i%11
		doing := 2 + (i*7)%5
		todo := (i * 3) % 4
		overdue := i % 3
		if i == 0 {
			done, doing, todo, overdue = 18, 2, 0, 0
		}
		u := Unit{Name: name, Done: done, Doing: doing, Todo: todo, Overdue: overdue}
		u.Rate = float64(done) / float64(done+doing+todo+overdue)
		if lights {
			u.Red = overdue
			u.Yellow = (i * 5) % 3
		}
		out = append(out, u)
	}
	return out
}

// sampleTrend is a year's trend up to October, with 序时进度, the months
// after October without data.
func sampleTrend() []TrendPoint {
	rates := []float64{0.05, 0.11, 0.18, 0.24, 0.33, 0.41, 0.46, 0.52, 0.61, 0.68}
	var pts []TrendPoint
	for m := 1; m <= 12; m++ {
		p := TrendPoint{Label: fmt.Sprintf("%d月", m), Expected: float64(m) / 12, HasExpected: true}
		if m <= len(rates) {
			p.Rate = rates[m-1]
		} else {
			p.NoData = true
		}
		pts = append(pts, p)
	}
	return pts
}
