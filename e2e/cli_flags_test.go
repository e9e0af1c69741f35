package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban-bot/duban/demo"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/store"
)

// Every subcommand that touches the database takes --db, over the config's.
func TestEverySubcommandTakesDB(t *testing.T) {
	dir := t.TempDir()
	db := demoDB(t)
	missing := filepath.Join(dir, "not-this.db")
	body := fmt.Sprintf("db: %s\naccess:\n  admins: [%d]\n", missing, demo.AdminID)
	ledger := filepath.Join(dir, "l.xlsx")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"export", "--db", db, "-o", ledger}, "35"},
		{[]string{"remind", "weekly", "--dry-run", "--db", db}, "每周工作提醒"},
		{[]string{"summary", "--owner", "督导室", "--db", db}, "督导室"},
		{[]string{"backup", "--db", db, filepath.Join(dir, "copy.db")}, ""},
		{[]string{"import", "--db", db, "--dry-run", ledger}, "35"},
	}
	for _, tt := range tests {
		t.Run(tt.args[0], func(t *testing.T) {
			out, stderr, err := runConfig(t, body, tt.args...)
			if err != nil || !strings.Contains(out, tt.want) {
				t.Errorf("%v: %v\n%s%s", tt.args, err, out, stderr)
			}
		})
	}
	if out, _, err := runConfigStdin(t, body, "/item 23\n", "console", "--db", db); err != nil || !strings.Contains(out, "#23") {
		t.Errorf("console --db: %v\n%s", err, out)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("the config's database was created although --db named another")
	}
}

// Each subcommand's --help says what it does, with an example.
func TestSubcommandHelp(t *testing.T) {
	for _, c := range []string{"run", "console", "import", "export", "summary", "remind", "backup", "health", "calendar"} {
		_, stderr, _ := runConfig(t, "language: zh\n", c, "--help")
		if !strings.Contains(stderr, "usage: duban "+c) || !strings.Contains(stderr, "Example:\n  duban") {
			t.Errorf("%s --help:\n%s", c, stderr)
		}
	}
}

// A dry run says why nothing would be sent, and creates no database.
func TestRemindDryRunSaysWhyNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	out, _, err := runConfig(t, fmt.Sprintf("db: %s\n", db), "remind", "weekly", "--dry-run")
	if err != nil || !strings.Contains(out, "还不存在") || !strings.Contains(out, "--demo") {
		t.Errorf("no database: %v\n%s", err, out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a dry run created the database: %v", err)
	}
	// A plan, but no served group: how to serve one.
	plan := demoDB(t)
	st, err := store.Open(plan)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.BindChat(duban.WithActor(t.Context(), duban.Actor{}), demo.ChatID, false, demo.AdminID); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, _, err = runConfig(t, fmt.Sprintf("db: %s\naccess:\n  admins: [%d]\n", plan, demo.AdminID), "remind", "weekly", "--dry-run")
	if err != nil || !strings.Contains(out, "还没有启用督办的群") || !strings.Contains(out, "/bind") {
		t.Errorf("no served group: %v\n%s", err, out)
	}
}

// The reminders can be previewed on the demo plan: remind --demo, and
// /remind in the console.
func TestRemindersPreviewedOnTheDemo(t *testing.T) {
	out, _, err := runConfig(t, "language: zh\n", "remind", "weekly", "--demo")
	if err != nil || !strings.Contains(out, "📋 每周工作提醒") || !strings.Contains(out, demo.ChatTitle) {
		t.Errorf("remind --demo: %v\n%s", err, out)
	}
	out, err = runMain(t, "/remind weekly\n/remind yearly\n", "console", "--demo")
	if err != nil || !strings.Contains(out, "📋 每周工作提醒") || !strings.Contains(out, "用法：/remind weekly") {
		t.Errorf("console /remind: %v\n%s", err, out)
	}
}

// A CSV export puts an apostrophe before text a spreadsheet would take
// for a formula, and imports back to the same words.
func TestCSVExportIsFormulaSafe(t *testing.T) {
	dir := t.TempDir()
	db := demoDB(t)
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	evil := []string{"=1+2", "+SUM(A1)", "@cmd", "-2"}
	for i, e := range evil {
		if _, err := st.UpdateItem(t.Context(), i+3, func(it *duban.Item) error { it.Target = e; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	body := fmt.Sprintf("db: %s\n", db)
	csvPath := filepath.Join(dir, "台账.csv")
	if _, _, err := runConfig(t, body, "export", "-o", csvPath); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(csvPath)
	for _, e := range evil {
		if !strings.Contains(string(data), "'"+e) {
			t.Errorf("CSV holds %q without the apostrophe", e)
		}
	}
	out, _, err := runConfig(t, body, "import", "--dry-run", "--json", csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"kind": "section"`) || !strings.Contains(out, `"title": "坚持党建引领，提升机关效能"`) {
		t.Errorf("the CSV lost its sections:\n%.800s", out)
	}
	for _, e := range evil {
		js, _ := json.Marshal(e)
		if !strings.Contains(out, `"target": `+string(js)) {
			t.Errorf("the CSV imported %q back otherwise", e)
		}
	}
}

// duban calendar prints the official arrangement of a known year and says
// plainly when a year is not known yet.
func TestCalendarCommand(t *testing.T) {
	out, _, err := runConfig(t, "language: zh\n", "calendar", "2026")
	if err != nil || !strings.Contains(out, "国庆节") || !strings.Contains(out, "10月10日（周六）（国庆节）") {
		t.Errorf("calendar 2026: %v\n%s", err, out)
	}
	out, _, err = runConfig(t, "language: zh\ncalendar:\n  workdays: [2031-10-11]\n", "calendar", "2031")
	if err != nil || !strings.Contains(out, "2031年的放假安排还不知道") || !strings.Contains(out, "上班 2031-10-11") {
		t.Errorf("calendar 2031: %v\n%s", err, out)
	}
}
