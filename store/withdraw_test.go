package store

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// report adds a report by user 7 on item n and returns it.
func report(t *testing.T, s *Store, n int, text string, percent int, done, note bool) duban.Progress {
	t.Helper()
	p := duban.Progress{ItemNumber: n, ChatID: -100, UserID: 7, UserName: "李四", Text: text, Percent: percent, Done: done, Note: note}
	if _, _, err := s.AddProgress(context.Background(), &p, 0); err != nil {
		t.Fatal(err)
	}
	return p
}

func state(t *testing.T, s *Store, n int) (duban.Status, int, time.Time) {
	t.Helper()
	it, err := s.Item(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	return it.Status, it.Percent, it.LastReportAt
}

// advance moves the store's clock on by d.
func advance(s *Store, d time.Duration) {
	now := s.Now().Add(d)
	s.Now = func() time.Time { return now }
}

func TestWithdrawReportRevertsTheItem(t *testing.T) {
	tests := []struct {
		name    string
		steps   func(t *testing.T, s *Store, n int) int64 // returns the report to withdraw
		status  duban.Status
		percent int
		reports int // left on the item
	}{
		{"the only report, which started the item", func(t *testing.T, s *Store, n int) int64 {
			return report(t, s, n, "#收到", duban.NoPercent, false, false).ID
		}, duban.StatusTodo, 0, 0},
		{"the latest of two", func(t *testing.T, s *Store, n int) int64 {
			report(t, s, n, "已下发通知", duban.NoPercent, false, false)
			advance(s, time.Minute)
			return report(t, s, n, "进度50%", 50, false, false).ID
		}, duban.StatusDoing, 0, 1},
		{"an earlier one, the later replayed", func(t *testing.T, s *Store, n int) int64 {
			id := report(t, s, n, "进度30%", 30, false, false).ID
			advance(s, time.Minute)
			report(t, s, n, "已召开推进会", duban.NoPercent, false, false)
			return id
		}, duban.StatusDoing, 0, 1},
		{"a closing report", func(t *testing.T, s *Store, n int) int64 {
			report(t, s, n, "进度60%", 60, false, false)
			advance(s, time.Minute)
			return report(t, s, n, "已完成", duban.NoPercent, true, false).ID
		}, duban.StatusDoing, 60, 1},
		{"a report before an edit of the status", func(t *testing.T, s *Store, n int) int64 {
			id := report(t, s, n, "进度50%", 50, false, false).ID
			advance(s, time.Minute)
			if _, err := s.UpdateItem(context.Background(), n, func(it *duban.Item) error {
				it.Status = duban.StatusCancelled
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return id
		}, duban.StatusCancelled, 0, 0},
		{"a report before an edit of the title", func(t *testing.T, s *Store, n int) int64 {
			id := report(t, s, n, "进度50%", 50, false, false).ID
			advance(s, time.Minute)
			if _, err := s.UpdateItem(context.Background(), n, func(it *duban.Item) error {
				it.Title += "（调整）"
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return id
		}, duban.StatusTodo, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestStore(t)
			_, tasks := seed(t, s)
			n := tasks[0].Number
			id := tt.steps(t, s, n)
			advance(s, time.Minute)
			ctx := duban.WithActor(context.Background(), duban.Actor{UserID: 1, Name: "管理员"})
			p, it, err := s.WithdrawReport(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if p.ID != id || it.Status != tt.status || it.Percent != tt.percent {
				t.Errorf("withdraw %d: report %d, item %s %d%%; want %s %d%%", id, p.ID, it.Status, it.Percent, tt.status, tt.percent)
			}
			status, percent, last := state(t, s, n)
			if status != tt.status || percent != tt.percent {
				t.Errorf("stored item is %s %d%%, want %s %d%%", status, percent, tt.status, tt.percent)
			}
			if stored, _ := s.Item(ctx, n); stored.DoneAt.IsZero() != (status != duban.StatusDone) {
				t.Errorf("%s item closed at %v", status, stored.DoneAt)
			}
			left, err := s.Reports(ctx, n, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(left) != tt.reports {
				t.Errorf("%d reports left, want %d", len(left), tt.reports)
			}
			if len(left) == 0 && !last.IsZero() || len(left) > 0 && !last.Equal(left[0].CreatedAt) {
				t.Errorf("last report at %v, reports %v", last, left)
			}
			if _, _, err := s.WithdrawReport(ctx, id); duban.ErrorCode(err) != duban.ENOTFOUND {
				t.Errorf("second withdrawal: %v", err)
			}
		})
	}
}

func TestWithdrawReportLeavesEveryFigure(t *testing.T) {
	s := newTestStore(t)
	_, tasks := seed(t, s)
	n := tasks[1].Number
	ctx := duban.WithActor(context.Background(), duban.Actor{UserID: 1, Name: "管理员", Via: "telegram"})
	kept := report(t, s, n, "已拨付第一批资助资金", duban.NoPercent, false, false)
	advance(s, time.Minute)
	gone := report(t, s, n, "资助名单谁负责审核的", duban.NoPercent, false, false)
	advance(s, time.Minute)
	if _, _, err := s.WithdrawReport(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, "审核", 10, 100)
	if err != nil {
		t.Fatal(err)
	}
	if res.ReportTotal != 0 || len(res.Reports) != 0 {
		t.Errorf("search still finds the withdrawn report: %+v", res.Reports)
	}
	latest, err := s.LatestReports(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p := latest[tasks[1].ID]; p.ID != kept.ID {
		t.Errorf("latest report is %d %q, want %d", p.ID, p.Text, kept.ID)
	}
	between, err := s.ReportsBetween(ctx, s.Now().Add(-time.Hour), s.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(between) != 1 || between[0].ID != kept.ID {
		t.Errorf("reports of the period: %+v", between)
	}
	// The audit trail keeps it, with who withdrew it.
	hist, err := s.ItemHistory(ctx, n, 0)
	if err != nil {
		t.Fatal(err)
	}
	if hist[0].Action != duban.ChangeWithdraw || hist[0].Actor.Name != "管理员" {
		t.Fatalf("newest change: %+v", hist[0])
	}
	var before duban.ItemSnapshot
	if err := json.Unmarshal(hist[0].Before, &before); err != nil || before.Report != gone.Text {
		t.Errorf("withdraw entry keeps %q (%v), want %q", before.Report, err, gone.Text)
	}
	var text, by string
	if err := s.rdb.QueryRow(`SELECT text, withdrawn_by_name FROM withdrawn_progress WHERE id = ?`, gone.ID).Scan(&text, &by); err != nil ||
		text != gone.Text || by != "管理员" {
		t.Errorf("withdrawn row: %q by %q, %v", text, by, err)
	}
}

func TestWithdrawnUpdateIsNotRecordedAgain(t *testing.T) {
	s := newTestStore(t)
	_, tasks := seed(t, s)
	ctx := context.Background()
	p := duban.Progress{ItemNumber: tasks[0].Number, UserID: 7, Text: "#收到", Percent: duban.NoPercent}
	if _, _, err := s.AddProgress(ctx, &p, 4242); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.WithdrawReport(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	again := duban.Progress{ItemNumber: tasks[0].Number, UserID: 7, Text: "#收到", Percent: duban.NoPercent}
	if _, dup, err := s.AddProgress(ctx, &again, 4242); err != nil || !dup {
		t.Fatalf("redelivered update: dup=%v, %v", dup, err)
	}
	if st, _, _ := state(t, s, tasks[0].Number); st != duban.StatusTodo {
		t.Errorf("status %s after a redelivered, withdrawn report", st)
	}
}

func TestNoteDoesNotStartTheItem(t *testing.T) {
	s := newTestStore(t)
	_, tasks := seed(t, s)
	n := tasks[0].Number
	report(t, s, n, "尚未启动，下周召开部署会", duban.NoPercent, false, true)
	status, percent, last := state(t, s, n)
	if status != duban.StatusTodo || percent != 0 || last.IsZero() {
		t.Errorf("after a note: %s %d%%, last report %v", status, percent, last)
	}
	ps, err := s.Reports(context.Background(), n, 1)
	if err != nil || len(ps) != 1 || !ps[0].Note {
		t.Errorf("the note reads back as %+v, %v", ps, err)
	}
	// A later withdrawal replays it as a note too.
	report(t, s, n, "进度20%", 20, false, false)
	advance(s, time.Minute)
	last2 := report(t, s, n, "已召开部署会", duban.NoPercent, false, false)
	if _, _, err := s.WithdrawReport(context.Background(), ps[0].ID); err != nil {
		t.Fatal(err)
	}
	if status, percent, at := state(t, s, n); status != duban.StatusDoing || percent != 20 || !at.Equal(last2.CreatedAt) {
		t.Errorf("after withdrawing the note: %s %d%% %v", status, percent, at)
	}
}

func TestLastReportBy(t *testing.T) {
	s := newTestStore(t)
	_, tasks := seed(t, s)
	ctx := context.Background()
	first := report(t, s, tasks[0].Number, "已排查5所学校", duban.NoPercent, false, false)
	advance(s, 5*time.Minute)
	second := report(t, s, tasks[1].Number, "已拨付", duban.NoPercent, false, false)
	other := duban.Progress{ItemNumber: tasks[0].Number, UserID: 8, Text: "别人的进展", Percent: duban.NoPercent}
	if _, _, err := s.AddProgress(ctx, &other, 0); err != nil {
		t.Fatal(err)
	}
	since := s.Now().Add(-10 * time.Minute)
	if p, err := s.LastReportBy(ctx, 7, 0, since); err != nil || p.ID != second.ID {
		t.Errorf("last report of 7: %+v, %v", p, err)
	}
	if p, err := s.LastReportBy(ctx, 7, tasks[0].Number, since); err != nil || p.ID != first.ID {
		t.Errorf("last report of 7 on #%d: %+v, %v", tasks[0].Number, p, err)
	}
	if _, err := s.LastReportBy(ctx, 7, tasks[0].Number, s.Now().Add(-time.Minute)); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("a report older than the window: %v", err)
	}
}

func TestPartners(t *testing.T) {
	s := newTestStore(t)
	_, tasks := seed(t, s)
	ctx := context.Background()
	names, err := s.Partners(ctx, "督导")
	if err != nil || !slices.Equal(names, []string{"督导室"}) {
		t.Fatalf("Partners(督导) = %v, %v", names, err)
	}
	items, total, err := s.PartnerItems(ctx, names, 10)
	if err != nil || total != 1 || items[0].Number != tasks[1].Number {
		t.Fatalf("PartnerItems = %v, %d, %v", items, total, err)
	}
	if _, err := s.UpdateItem(ctx, tasks[2].Number, func(it *duban.Item) error {
		it.Partners = []string{"县交警大队", "督导室"}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if names, _ := s.Partners(ctx, "交警"); !slices.Equal(names, []string{"县交警大队"}) {
		t.Errorf("after an edit: %v", names)
	}
	if _, total, _ := s.PartnerItems(ctx, []string{"督导室"}, 10); total != 2 {
		t.Errorf("督导室 partners %d items, want 2", total)
	}
	if _, err := s.DeleteItem(ctx, tasks[2].Number); err != nil {
		t.Fatal(err)
	}
	if names, _ := s.Partners(ctx, "交警"); len(names) != 0 {
		t.Errorf("a deleted item's partner is still listed: %v", names)
	}
	if all, _ := s.Partners(ctx, ""); !slices.Equal(all, []string{"各学校", "督导室"}) && !slices.Equal(all, []string{"督导室", "各学校"}) {
		t.Errorf("all partners: %v", all)
	}
}

// migrationStatement returns the statement of migration 008 that starts
// with prefix, so that its backfill can be run on rows written as before.
func migrationStatement(t *testing.T, prefix string) string {
	t.Helper()
	body, err := os.ReadFile("migrations/008_withdraw_partners.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range strings.Split(string(body), ";\n") {
		var lines []string
		for _, l := range strings.Split(stmt, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "--") {
				lines = append(lines, l)
			}
		}
		if stmt = strings.TrimSpace(strings.Join(lines, "\n")); strings.HasPrefix(stmt, prefix) {
			return stmt
		}
	}
	t.Fatalf("no statement %q in migration 008", prefix)
	return ""
}

func TestMigrationBackfills(t *testing.T) {
	s := newTestStore(t)
	_, tasks := seed(t, s)
	ctx := context.Background()
	n := tasks[0].Number
	report(t, s, n, "已排查", duban.NoPercent, false, false)
	advance(s, time.Minute)
	second := report(t, s, n, "进度40%", 40, false, false)
	// Rows as the earlier schema left them: no before state, no partner rows.
	if _, err := s.wdb.Exec(`UPDATE progress SET before_status = NULL, before_percent = NULL`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.wdb.Exec(`DELETE FROM item_partners`); err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"UPDATE progress SET (before_status", "INSERT OR IGNORE INTO item_partners"} {
		if _, err := s.wdb.Exec(migrationStatement(t, prefix)); err != nil {
			t.Fatalf("%s: %v", prefix, err)
		}
	}
	var st string
	var pct int
	if err := s.rdb.QueryRow(`SELECT before_status, before_percent FROM progress WHERE id = ?`, second.ID).Scan(&st, &pct); err != nil ||
		st != "doing" || pct != 0 {
		t.Errorf("backfilled before state: %q %d, %v", st, pct, err)
	}
	if _, _, err := s.WithdrawReport(ctx, second.ID); err != nil {
		t.Fatal(err)
	}
	if status, percent, _ := state(t, s, n); status != duban.StatusDoing || percent != 0 {
		t.Errorf("after withdrawing a backfilled report: %s %d%%", status, percent)
	}
	if names, _ := s.Partners(ctx, ""); len(names) != 2 {
		t.Errorf("backfilled partners: %v", names)
	}
}

func TestTaskCounts(t *testing.T) {
	s := newTestStore(t)
	_, tasks := seed(t, s)
	ctx := context.Background()
	report(t, s, tasks[2].Number, "已完成", duban.NoPercent, true, false)
	if _, err := s.UpdateItem(ctx, tasks[0].Number, func(it *duban.Item) error {
		it.Status = duban.StatusCancelled
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	today := date("2026-11-25")
	c, err := s.TaskCounts(ctx, today)
	if want := (duban.TaskCounts{Plans: 1, Done: 1, Open: 1, Overdue: 1}); err != nil || c != want {
		t.Errorf("TaskCounts = %+v, %v; want %+v", c, err, want)
	}
	// A group scoped to a unit counts its tasks only (督导室 leads the
	// done one and supports the open one).
	scoped := duban.WithScope(ctx, duban.Scope{Units: []string{"安全科"}})
	if c, err := s.TaskCounts(scoped, today); err != nil || c != (duban.TaskCounts{}) {
		t.Errorf("scoped to 安全科 (its task cancelled): %+v, %v", c, err)
	}
	scoped = duban.WithScope(ctx, duban.Scope{Units: []string{"督导室"}})
	if c, err := s.TaskCounts(scoped, today); err != nil || c != (duban.TaskCounts{Plans: 1, Done: 1, Open: 1, Overdue: 1}) {
		t.Errorf("scoped to 督导室: %+v, %v", c, err)
	}
}
