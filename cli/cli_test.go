package cli

import (
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban-bot/duban/config"
	"github.com/duban-bot/duban/store"
)

func TestNewSchedulerReadsTheCalendar(t *testing.T) {
	m := NewProgram()
	m.Logger = slog.New(slog.DiscardHandler)
	m.Config = config.Default()
	m.Config.Calendar = config.Calendar{
		Holidays: []config.DateRange{{From: "2026-10-01", To: "2026-10-07", Name: "国庆节"}},
		Workdays: []string{"2026-10-10"},
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := m.newScheduler(st, nil, nil); err != nil {
		t.Fatal(err)
	}
	m.Config.Calendar.Workdays = []string{"10/10"} // what Validate refuses, should it be skipped
	if _, err := m.newScheduler(st, nil, nil); err == nil || !strings.Contains(err.Error(), "calendar.workdays[0]") {
		t.Errorf("bad workday: %v", err)
	}
	m.Config.Calendar.Workdays = nil
	m.Config.Calendar.Holidays[0].To = "soon"
	if _, err := m.newScheduler(st, nil, nil); err == nil || !strings.Contains(err.Error(), "calendar.holidays[0].to") {
		t.Errorf("bad holiday: %v", err)
	}
}

func FuzzImportPathLine(f *testing.F) {
	for _, s := range []string{"/import plan.txt", "/import@duban_bot /tmp/a b.docx 名称", "/import 2026年工作要点", "/import", "/importx a.txt", "\xff /import a.txt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		path, rest, ok := importPathLine(s)
		if !ok {
			if path != "" || rest != "" {
				t.Fatalf("importPathLine(%q) = %q, %q without ok", s, path, rest)
			}
			return
		}
		if path == "" || !strings.Contains(s, path) || strings.ContainsAny(path, " \t\n") {
			t.Fatalf("importPathLine(%q) = %q, %q", s, path, rest)
		}
	})
}
