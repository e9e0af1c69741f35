package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/demo"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/planimport"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/store"
)

func TestExportWritesALedgerThatImportsBack(t *testing.T) {
	t.Setenv("DUBAN_TELEGRAM_TOKEN", "")
	db := demoDB(t)
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	items, err := st.PlanItems(context.Background(), 0)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	tasks := 0
	for _, it := range items {
		if it.Kind == duban.KindTask {
			tasks++
		}
	}
	file := filepath.Join(t.TempDir(), "ledger.xlsx")
	cfg := fmt.Sprintf("db: %s\n", db)
	for _, args := range [][]string{
		{"export", "-o", file},
		{"export", "--plan", demo.PlanName, "-o", file},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, _, err := runConfig(t, cfg, args...)
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("已写入 %s：", file); !strings.Contains(out, want) || !strings.Contains(out, fmt.Sprintf("共%d项任务", tasks)) {
				t.Errorf("output %q lacks %q", out, want)
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("the file does not open: %v", err)
			}
			// 台账, 本月进展, 变更记录 when something changed this month, 单位统计.
			if sheets := f.GetSheetList(); len(sheets) < 3 || sheets[0] != report.LedgerSheet || sheets[1] != report.LedgerMonthSheet ||
				len(sheets) == 4 && sheets[2] != report.LedgerChangesSheet || sheets[len(sheets)-1] != report.LedgerUnitsSheet || len(sheets) > 4 {
				t.Errorf("sheets %q", sheets)
			}
			f.Close()
			doc, err := planimport.Decode(bytes.NewReader(data), filepath.Base(file), planimport.Options{Now: time.Now()})
			if err != nil {
				t.Fatalf("the ledger does not import: %v", err)
			}
			if len(doc.Items) != len(items) {
				t.Fatalf("imported %d items, want %d", len(doc.Items), len(items))
			}
			for i, it := range items {
				got := doc.Items[i].Item
				if got.Title != it.Title || got.Kind != it.Kind || got.Owner != it.Owner || got.Deadline != it.Deadline || got.Status != it.Status {
					t.Errorf("item %d imported as %s %q %q %s %s, want %s %q %q %s %s", i+1,
						got.Kind, got.Title, got.Owner, got.Deadline, got.Status, it.Kind, it.Title, it.Owner, it.Deadline, it.Status)
				}
			}
			if doc.Title != demo.PlanName {
				t.Errorf("the ledger reads back as plan %q, want %q", doc.Title, demo.PlanName)
			}
		})
	}
	if out, _, err := runConfig(t, cfg+"language: en\n", "export", "-o", file); err != nil ||
		!strings.Contains(out, fmt.Sprintf("wrote %s: %d tasks of all plans, as of", file, tasks)) {
		t.Errorf("English output %q, %v", out, err)
	}
	// `duban import` of the exported ledger goes back into the same plan
	// and changes nothing.
	out, _, err := runConfig(t, cfg, "import", file)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("新增0项，修改0项，未变%d项", len(items)); !strings.Contains(out, want) || !strings.Contains(out, demo.PlanName) {
		t.Errorf("import of the exported ledger:\n%s\nwant %q into %q", out, want, demo.PlanName)
	}
}

func TestExportDefaultsAndMistakes(t *testing.T) {
	t.Setenv("DUBAN_TELEGRAM_TOKEN", "")
	db := demoDB(t)
	cfg := fmt.Sprintf("db: %s\n", db)
	dir := t.TempDir()
	t.Chdir(dir)
	if _, _, err := runConfig(t, cfg, "export"); err != nil {
		t.Fatal(err)
	}
	name := "台账-" + time.Now().In(shanghaiLoc(t)).Format(time.DateOnly) + ".xlsx"
	if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
		t.Errorf("default file: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".duban-export-*")); len(left) != 0 {
		t.Errorf("temporary files left: %q", left)
	}
	out, _, err := runConfig(t, cfg, "export", "-o", "-")
	if err != nil || !bytes.HasPrefix([]byte(out), []byte("PK")) {
		t.Errorf("export to standard output: %v, %.20q", err, out)
	}

	tests := []struct {
		body string
		args []string
		want string
	}{
		{cfg, []string{"export", "--plan", "2025年计划"}, fmt.Sprintf("没有名为“2025年计划”的计划；现有计划：《%s》", demo.PlanName)},
		{cfg + "language: en\n", []string{"export", "--plan", "2025年计划"}, fmt.Sprintf(`no plan named "2025年计划"; the plans are %q`, demo.PlanName)},
		{cfg, []string{"export", "plan.xlsx"}, "多余的参数“plan.xlsx”"},
		{cfg + "language: en\n", []string{"export", "plan.xlsx"}, `unexpected "plan.xlsx"`},
		{fmt.Sprintf("db: %s\n", filepath.Join(t.TempDir(), "empty.db")), []string{"export"}, "还没有导入任何计划"},
		{fmt.Sprintf("db: %s\nlanguage: en\n", filepath.Join(t.TempDir(), "empty2.db")), []string{"export"}, "no plan has been imported yet"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			if _, _, err := runConfig(t, tt.body, tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
