package report

import (
	"fmt"

	"github.com/duban-bot/duban/duban"
	"github.com/xuri/excelize/v2"
)

// LedgerUnitsSheet is the ledger's sheet of the ranked units.
const LedgerUnitsSheet = "单位统计"

var ledgerUnitColumns = []struct {
	zh, en string
	width  float64
}{
	{"排名", "Rank", 6}, {"单位", "Unit", 18}, {"任务数", "Tasks", 8},
	{"按期办结", "Done on time", 10}, {"超期办结", "Done late", 10}, {"逾期未办结", "Overdue", 11}, {"未到期未办结", "Open, not due", 12},
	{"红灯", "Red", 7}, {"黄灯", "Yellow", 7}, {"绿灯", "Green", 7},
	{"延期", "Extended", 7}, {"迟报", "Late reports", 7}, {"漏报", "Missed reports", 7}, {"催办", "Urged", 7},
	{"完成率", "Completion", 9}, {"得分", "Score", 8},
}

// ledgerUnits writes the 单位统计 sheet: a row per lead unit in the order
// of the briefing's ranking, and a native Excel chart of where each unit's
// tasks stand (stacked bars: 按期办结, 超期办结, 未到期未办结, 逾期未办结).
func ledgerUnits(f *excelize.File, st ledgerStyles, units []duban.UnitStats, lang string) error {
	sw, err := f.NewStreamWriter(LedgerUnitsSheet)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	if err := ledgerHeader(sw, st, ledgerUnitColumns, lang); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	row := make([]any, len(ledgerUnitColumns))
	for i, u := range units {
		r := i + 2
		cell, _ := excelize.CoordinatesToCellName(1, r)
		for j, v := range []any{i + 1, OwnerName(u.Unit, lang), u.Items, u.DoneOnTime, u.DoneLate, u.OverdueOpen, u.OpenNotDue,
			u.Red, u.Yellow, u.Green, u.Extended, u.Late, u.Missed, u.Urged, fmt.Sprintf("%d%%", u.Rate), u.Score} {
			style := st.center
			if j == 1 {
				style = st.cell
			}
			row[j] = st.put(style, v)
		}
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("ledger unit row %d: %w", r, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	if len(units) == 0 {
		return nil
	}
	last := len(units) + 1
	sheet := "'" + LedgerUnitsSheet + "'"
	series := make([]excelize.ChartSeries, 0, 4)
	for _, s := range []struct {
		col, color string
	}{{"D", "2E7D32"}, {"E", "F9A825"}, {"G", "1565C0"}, {"F", "C62828"}} {
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$1", sheet, s.col),
			Categories: fmt.Sprintf("%s!$B$2:$B$%d", sheet, last),
			Values:     fmt.Sprintf("%s!$%s$2:$%s$%d", sheet, s.col, s.col, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.color}},
		})
	}
	height := uint(max(320, 40+28*len(units)))
	return f.AddChart(LedgerUnitsSheet, fmt.Sprintf("B%d", last+3), &excelize.Chart{
		Type:      excelize.BarStacked,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: Tr(lang, "各单位任务办理情况", "Where each unit's tasks stand")}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true},
		Dimension: excelize.ChartDimension{Width: 720, Height: height},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
	})
}
