package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// newTestStore opens a fresh temp-file database with a pinned clock.
func newTestStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	now := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	return s
}

func date(s string) duban.Date {
	d, err := duban.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// seed creates a small plan: one section with three tasks.
func seed(t testing.TB, s *Store) (section duban.Item, tasks []duban.Item) {
	t.Helper()
	ctx := context.Background()
	p := duban.Plan{Name: "2026年工作要点", Year: 2026}
	if err := s.CreatePlan(ctx, &p); err != nil {
		t.Fatal(err)
	}
	section = duban.Item{PlanID: p.ID, Kind: duban.KindSection, Code: "一", Title: "校园安全"}
	if err := s.CreateItem(ctx, &section); err != nil {
		t.Fatal(err)
	}
	for _, it := range []duban.Item{
		{Title: "开展校园安全隐患排查", Owner: "安全科", Deadline: date("2026-11-30"), DeadlineText: "11月底前"},
		{Title: "落实学生资助政策", Owner: "计财科", Partners: []string{"督导室", "各学校"}, Deadline: date("2026-11-20"), DeadlineText: "11月20日前"},
		{Title: "完成营养餐供餐招标", Owner: "督导室", Deadline: date("2026-12-31"), DeadlineText: "年内", Target: "覆盖率100%"},
	} {
		it.PlanID, it.ParentNumber, it.Code = p.ID, section.Number, fmt.Sprintf("一.%d", len(tasks)+1)
		if err := s.CreateItem(ctx, &it); err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, it)
	}
	return section, tasks
}

func TestMigrationsFromEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.rdb.QueryRow(`SELECT COUNT(*) FROM migrations`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("migrations recorded: %d, %v", n, err)
	}
	var mode string
	if err := s.rdb.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v", mode, err)
	}
	var fk int
	if err := s.rdb.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v", fk, err)
	}
	s.Close()
	// Reopening applies nothing twice.
	s, err = Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	var m int
	s.rdb.QueryRow(`SELECT COUNT(*) FROM migrations`).Scan(&m)
	if m != n {
		t.Errorf("migrations after reopen = %d, want %d", m, n)
	}
	s.Close()
	if _, err := Open(":memory:"); err == nil {
		t.Error(":memory: must be refused")
	}
}

func TestItems(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sec, tasks := seed(t, s)

	it, err := s.Item(ctx, tasks[1].Number)
	if err != nil {
		t.Fatal(err)
	}
	if it.Title != "落实学生资助政策" || it.ParentNumber != sec.Number || len(it.Partners) != 2 || it.Deadline != date("2026-11-20") {
		t.Errorf("item read back wrong: %+v", it)
	}
	if _, err := s.Item(ctx, 999); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("missing item: %v", err)
	}

	due, total, err := s.DueItems(ctx, date("2026-11-25"), date("2026-12-01"), 0)
	if err != nil || total != 1 || len(due) != 1 || due[0].Number != tasks[0].Number {
		t.Errorf("due = %v (total %d), %v", due, total, err)
	}
	over, total, err := s.OverdueItems(ctx, date("2026-11-25"), 0)
	if err != nil || total != 1 || over[0].Number != tasks[1].Number {
		t.Errorf("overdue = %v (total %d), %v", over, total, err)
	}

	owners, err := s.Owners(ctx, "督导")
	if err != nil || len(owners) != 1 || owners[0] != "督导室" {
		t.Fatalf("owners(督导) = %v, %v", owners, err)
	}
	mine, total, err := s.OwnerItems(ctx, owners, 10)
	if err != nil || total != 1 || mine[0].Number != tasks[2].Number {
		t.Errorf("owner items = %v, %v", mine, err)
	}

	// Edit, then the owner index follows.
	if _, err := s.UpdateItem(ctx, tasks[2].Number, func(it *duban.Item) error { it.Owner = "基教科"; return nil }); err != nil {
		t.Fatal(err)
	}
	if owners, _ := s.Owners(ctx, "督导"); len(owners) != 0 {
		t.Errorf("owner 督导室 should be gone: %v", owners)
	}
	if _, err := s.UpdateItem(ctx, tasks[2].Number, func(it *duban.Item) error { it.Title = " "; return nil }); duban.ErrorCode(err) != duban.EINVALID {
		t.Errorf("empty title: %v", err)
	}

	// Delete hides the item and keeps its number unused.
	if _, err := s.DeleteItem(ctx, tasks[0].Number); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Item(ctx, tasks[0].Number); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("deleted item still found: %v", err)
	}
	n := duban.Item{Title: "新增事项"}
	if err := s.CreateItem(ctx, &n); err != nil {
		t.Fatal(err)
	}
	if n.Number <= tasks[2].Number {
		t.Errorf("new number %d reuses an old one", n.Number)
	}
	kids, err := s.Children(ctx, sec.Number)
	if err != nil || len(kids) != 2 {
		t.Errorf("children = %d, %v", len(kids), err)
	}
}

func TestProgress(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	_, tasks := seed(t, s)
	num := tasks[2].Number

	p := duban.Progress{ItemNumber: num, ChatID: -100, UserID: 7, UserName: "王老师", Text: "已完成招标,进度60%", Percent: 60}
	it, dup, err := s.AddProgress(ctx, &p, 555)
	if err != nil || dup {
		t.Fatalf("add: %v dup=%v", err, dup)
	}
	if it.Percent != 60 || it.Status != duban.StatusDoing || it.LastReportAt.IsZero() {
		t.Errorf("item after report: %+v", it)
	}
	// The same update again records nothing.
	p2 := duban.Progress{ItemNumber: num, ChatID: -100, UserID: 7, Text: "已完成招标,进度60%", Percent: 60}
	if _, dup, err := s.AddProgress(ctx, &p2, 555); err != nil || !dup {
		t.Fatalf("redelivery: dup=%v err=%v", dup, err)
	}
	reps, _ := s.Reports(ctx, num, 5)
	if len(reps) != 1 {
		t.Fatalf("reports = %d, want 1", len(reps))
	}
	done := duban.Progress{ItemNumber: num, UserID: 7, Text: "全部完成", Percent: duban.NoPercent, Done: true}
	if it, _, err = s.AddProgress(ctx, &done, 0); err != nil || it.Status != duban.StatusDone || it.Percent != 100 {
		t.Errorf("done: %+v %v", it, err)
	}
	if _, _, err := s.AddProgress(ctx, &duban.Progress{ItemNumber: 999, Percent: duban.NoPercent}, 0); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("report on missing item: %v", err)
	}
	if _, _, err := s.AddProgress(ctx, &duban.Progress{ItemNumber: num, Percent: 140}, 0); duban.ErrorCode(err) != duban.EINVALID {
		t.Errorf("percent 140: %v", err)
	}
	between, err := s.ReportsBetween(ctx, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(between) != 2 {
		t.Errorf("reports between = %d, %v", len(between), err)
	}
	latest, err := s.LatestReports(ctx, 0)
	if err != nil || latest[tasks[2].ID].Text != "全部完成" {
		t.Errorf("latest = %+v, %v", latest, err)
	}
}

func TestSearchChinese(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	_, tasks := seed(t, s)
	p := duban.Progress{ItemNumber: tasks[0].Number, Text: "已排查食堂安全隐患12处", Percent: duban.NoPercent}
	if _, _, err := s.AddProgress(ctx, &p, 0); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q            string
		items, repts int
	}{
		{"安全", 2, 1},      // 2 characters: section + task title, and the report
		{"资助", 1, 0},      // 2 characters
		{"营养餐", 1, 0},     // 3 characters
		{"隐患排查", 1, 0},    // 4 characters
		{"校园安全隐患", 1, 0},  // 6 characters
		{"安全隐患", 1, 1},    // in a title and in a report
		{"督导室", 2, 0},     // an owner and a partner
		{"安全 食堂", 0, 1},   // two words, both required
		{"覆盖率100%", 1, 0}, // mixed
		{"餐", 1, 0},       // one character: LIKE fallback
		{"体育", 0, 0},
		{"' OR 1=1 --", 0, 0},
		{`"安全`, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			res, err := s.Search(ctx, tt.q, 10, 200)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Items) != tt.items || len(res.Reports) != tt.repts {
				t.Errorf("items=%d reports=%d, want %d %d", len(res.Items), len(res.Reports), tt.items, tt.repts)
			}
		})
	}
	if _, err := s.Search(ctx, "  ", 10, 200); duban.ErrorCode(err) != duban.EINVALID {
		t.Errorf("empty search: %v", err)
	}
}

func TestTokens(t *testing.T) {
	tests := map[string]string{
		"校园安全":       "校园 园安 安全",
		"安全":         "安全",
		"校":          "校",
		"覆盖率100%":    "覆盖 盖率 100",
		"ABC 营养餐":    "abc 营养 养餐",
		"第2页":        "第 2 页",
		"":           "",
		"王老师:进度60%":  "王老 老师 进度 60",
		"\xff\xfe安全": "安全",
	}
	for in, want := range tests {
		if got := Tokens(in); got != want {
			t.Errorf("Tokens(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConcurrentWriters(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	_, tasks := seed(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				p := duban.Progress{ItemNumber: tasks[i%3].Number, UserID: int64(w), Text: fmt.Sprintf("进展 %d-%d", w, i), Percent: duban.NoPercent}
				if _, _, err := s.AddProgress(ctx, &p, int64(w*1000+i+1)); err != nil {
					errs <- err
				}
				if _, err := s.Item(ctx, tasks[i%3].Number); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write: %v", err)
	}
	var n int
	s.rdb.QueryRow(`SELECT COUNT(*) FROM progress`).Scan(&n)
	if n != 400 {
		t.Errorf("reports = %d, want 400", n)
	}
}

func TestChats(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	if err := s.SeeChat(ctx, -1, duban.ChatGroup, "教育局工作群"); err != nil {
		t.Fatal(err)
	}
	if c, err := s.Chat(ctx, -1); err != nil || c.Served || c.Title != "教育局工作群" {
		t.Fatalf("chat = %+v, %v", c, err)
	}
	if err := s.BindChat(ctx, -1, true, 42); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMember(ctx, duban.Member{ChatID: -1, UserID: 5, Name: "李四", Department: "督导室"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetChatSettings(ctx, -1, duban.ChatSettings{WeeklyOff: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.MigrateChat(ctx, -1, -1001); err != nil {
		t.Fatal(err)
	}
	c, err := s.Chat(ctx, -1001)
	if err != nil || !c.Served || c.BoundBy != 42 || !c.Settings.WeeklyOff {
		t.Fatalf("migrated chat = %+v, %v", c, err)
	}
	// Telegram announces a migration twice (in the old and the new chat).
	if err := s.MigrateChat(ctx, -1, -1001); err != nil {
		t.Fatalf("second migration notice: %v", err)
	}
	if c, err := s.Chat(ctx, -1001); err != nil || !c.Served || c.BoundBy != 42 {
		t.Fatalf("chat after the second notice = %+v, %v", c, err)
	}
	if ms, _ := s.MembersOf(ctx, -1001, "督导室"); len(ms) != 1 {
		t.Errorf("members did not move: %v", ms)
	}
	served, err := s.ServedChats(ctx, []int64{-2002})
	if err != nil || len(served) != 2 {
		t.Errorf("served = %+v, %v", served, err)
	}
	if err := s.PauseChat(ctx, -1001, true); err != nil {
		t.Fatal(err)
	}
	if served, _ := s.ServedChats(ctx, nil); len(served) != 0 {
		t.Errorf("paused chat still served: %+v", served)
	}
	if err := s.SeeUser(ctx, duban.User{ID: 5, Name: "李四"}, true); err != nil {
		t.Fatal(err)
	}
	s.SeeUser(ctx, duban.User{ID: 5, Name: "李四"}, false)
	if u, err := s.User(ctx, 5); err != nil || !u.SeenServed {
		t.Errorf("user = %+v, %v", u, err)
	}
}

func TestImportPlan(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := []duban.Item{
		{Number: 1, Kind: duban.KindSection, Code: "一", Title: "党建工作"},
		{Number: 2, ParentNumber: 1, Code: "一.1", Title: "开展主题教育", Owner: "办公室", Deadline: date("2026-06-30"), DeadlineText: "6月底前"},
		{Number: 3, ParentNumber: 1, Code: "一.2", Title: "加强廉政建设", Owner: "纪检组"},
	}
	plan := duban.Plan{Name: "2026年工作要点", Year: 2026}
	res, err := s.ImportPlan(ctx, plan, doc)
	if err != nil || len(res.Added) != 3 {
		t.Fatalf("first import: %+v, %v", res, err)
	}
	child, _ := s.Item(ctx, res.Added[1])
	if child.ParentNumber != res.Added[0] {
		t.Errorf("parent = %d, want %d", child.ParentNumber, res.Added[0])
	}
	p := duban.Progress{ItemNumber: res.Added[1], Text: "已部署", Percent: duban.NoPercent}
	if _, _, err := s.AddProgress(ctx, &p, 0); err != nil {
		t.Fatal(err)
	}
	doc[2].Owner = "纪检监察室"
	doc = append(doc, duban.Item{Number: 4, ParentNumber: 1, Code: "一.3", Title: "新的任务"})
	res2, err := s.ImportPlan(ctx, plan, doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(res2.Added) != 1 || len(res2.Changed) != 1 || len(res2.Unchanged) != 2 {
		t.Errorf("second import: %+v", res2)
	}
	if reps, _ := s.Reports(ctx, res.Added[1], 5); len(reps) != 1 {
		t.Errorf("reports lost on re-import: %d", len(reps))
	}
	// A bad item aborts the whole import.
	bad := append(doc, duban.Item{Number: 5, Title: ""})
	if _, err := s.ImportPlan(ctx, duban.Plan{Name: "另一个计划"}, bad); err == nil {
		t.Error("import with an empty title should fail")
	}
	if _, err := s.PlanByName(ctx, "另一个计划"); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("failed import left a plan behind: %v", err)
	}
	plans, out, err := s.Outline(ctx, date("2026-11-25"))
	if err != nil || len(plans) != 1 || len(out[plans[0].ID]) != 1 {
		t.Fatalf("outline: %v %v %v", plans, out, err)
	}
	if sc := out[plans[0].ID][0]; sc.Open != 3 || sc.Overdue != 1 {
		t.Errorf("section counts = %+v", sc)
	}
}
