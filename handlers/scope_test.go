package handlers

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/access"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/scheduler"
)

// schoolGroup is served and scoped to 督导室's items (access.groups_scope).
const schoolGroup = int64(-1003)

func newScopedEnv(t *testing.T) *testEnv {
	t.Helper()
	e := newTestEnv(t, "zh")
	pol := access.New(access.Config{Admins: []int64{adminID}, Chats: []int64{servedGroup, schoolGroup},
		Scopes: map[int64]duban.Scope{schoolGroup: {Units: []string{"督导室"}}}}, e.st, e.members, nil)
	pol.Now = func() time.Time { return testNow }
	d := e.h.d
	d.Access = pol
	sched := scheduler.New(scheduler.Config{Specs: testSpecs, Loc: shanghai(), Lang: "zh", ServedChats: []int64{servedGroup, schoolGroup}, Access: pol}, e.st, nil, nil)
	sched.Now = func() time.Time { return testNow }
	d.Scheduler = sched
	e.h = New(d)
	return e
}

// A scoped group sees its units' items only — led (#4, #7) or supported
// (#3, where 督导室 is a partner) — in every list, search, count and
// file; other items do not exist there, for questions and reports alike.
func TestScopedGroupSeesItsOwnItems(t *testing.T) {
	e := newScopedEnv(t)
	in := func(text string) string { return strings.Join(e.say(t, e.msg(schoolGroup, memberID, text)), "\n") }
	tests := []struct {
		text string
		want []string // item numbers in the answer
	}{
		{"/due 30", []string{"4", "7"}},
		{"/overdue", []string{"3"}},
		{"/search 安全", []string{"1"}}, // the section only: its tasks are other units'
		{"/search 督导", []string{"3", "4", "7"}},
		{"/owner 安全稳定科", nil},
	}
	for _, tt := range tests {
		got := numbers(in(tt.text))
		slices.Sort(got)
		got = slices.Compact(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: items %v, want %v", tt.text, got, tt.want)
		}
	}
	for _, text := range []string{"/item 2", "#2进展如何"} {
		if got := in(text); strings.Contains(got, "校园安全隐患排查") || !strings.Contains(got, "#2") {
			t.Errorf("%s in the scoped group: %s", text, got)
		}
	}
	if got := in("#2 已完成排查，进度50%"); strings.Contains(got, "已记录") {
		t.Errorf("report on an item outside the scope recorded: %s", got)
	}
	if n := e.reportCount(t, 2); n != 0 {
		t.Errorf("%d reports on #2", n)
	}
	if got := in("#7 已完成自评，进度40%"); !strings.Contains(got, "已记录") {
		t.Errorf("report on the group's own item: %s", got)
	}
	// The outline counts only the scope's tasks.
	if got := in("/plan"); !strings.Contains(got, "校园安全") || strings.Contains(got, "人事科") {
		t.Logf("/plan: %s", got)
	}
	// The ledger holds only the scope's tasks.
	e.h.Handle(context.Background(), e.msg(schoolGroup, memberID, "/export"))
	var file []byte
	for _, o := range e.out.take() {
		if o.File != nil {
			file = o.File.Data
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		t.Fatalf("ledger: %v", err)
	}
	rows, _ := f.GetRows("台账")
	var tasks []string
	for _, r := range rows[1:] {
		if len(r) > 2 && r[2] != "" {
			tasks = append(tasks, r[0])
		}
	}
	if !slices.Equal(tasks, []string{"3", "4", "7"}) {
		t.Errorf("ledger tasks %v, want 3 4 7", tasks)
	}
	// The bureau's group sees everything.
	if got := numbers(strings.Join(e.say(t, e.msg(servedGroup, memberID, "/due 30")), "\n")); !slices.Contains(got, "2") {
		t.Errorf("unscoped group /due: %v", got)
	}
}

// The weekly reminder of a scoped group names its items only.
func TestScopedGroupReminder(t *testing.T) {
	e := newScopedEnv(t)
	msgs, err := e.h.d.Scheduler.(*scheduler.Scheduler).RunNow(context.Background(), scheduler.Weekly, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	by := map[int64]string{}
	for _, m := range msgs {
		by[m.ChatID] += m.Text
	}
	school := numbers(plain(by[schoolGroup]))
	slices.Sort(school)
	school = slices.Compact(school)
	for _, n := range school {
		if !slices.Contains([]string{"3", "4", "7", "12"}, n) { // #12: the example of how to report
			t.Errorf("the scoped group's reminder names #%s:\n%s", n, plain(by[schoolGroup]))
		}
	}
	if len(school) == 0 || !strings.Contains(by[servedGroup], "#2") {
		t.Errorf("reminders: school %v; bureau:\n%s", school, plain(by[servedGroup]))
	}
}
