package store

import (
	"context"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// 催办 are once per item, kind and key; serials count through the year and
// start again the next; a failed queue writes nothing.
func TestRecordUrges(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	_, tasks := seed(t, s)
	a, b := tasks[0].Number, tasks[1].Number
	req := func(n int, kind duban.UrgeKind, key string, at time.Time) duban.UrgeRequest {
		return duban.UrgeRequest{Number: n, Key: key, Urge: duban.Urge{Kind: kind, DaysOverdue: 5, CreatedAt: at}}
	}
	nov := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	var queued []duban.Urge
	rec, skip, err := s.RecordUrges(ctx, []duban.UrgeRequest{req(a, duban.UrgeLine, "2026-11-20", nov), req(a, duban.UrgeNotice, "2026-11-20", nov),
		req(b, duban.UrgeNotice, "2026-11-20", nov)}, func(us []duban.Urge) []duban.Outgoing {
		queued = us
		return []duban.Outgoing{{ChatID: -100, Text: "催办单"}, {ChatID: 42, Text: "私信"}}
	})
	if err != nil || len(rec) != 3 || len(skip) != 0 || len(queued) != 3 {
		t.Fatalf("first: %+v %+v %v", rec, skip, err)
	}
	if rec[0].Serial != "" || rec[1].Serial != "督办〔2026〕1号" || rec[2].Serial != "督办〔2026〕2号" || rec[1].Owner != "安全科" {
		t.Fatalf("serials: %+v", rec)
	}
	if st, _ := s.OutboxStats(ctx); st.Pending != 2 {
		t.Fatalf("queued %+v", st)
	}
	// Again: nothing new, the ones on record handed back.
	rec, skip, err = s.RecordUrges(ctx, []duban.UrgeRequest{req(a, duban.UrgeNotice, "2026-11-20", nov)}, func([]duban.Urge) []duban.Outgoing {
		t.Fatal("render called with nothing recorded")
		return nil
	})
	if err != nil || len(rec) != 0 || len(skip) != 1 || skip[0].Serial != "督办〔2026〕1号" {
		t.Fatalf("again: %+v %+v %v", rec, skip, err)
	}
	// A new deadline is a new key; the next year starts at 1.
	jan := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	rec, _, err = s.RecordUrges(ctx, []duban.UrgeRequest{req(a, duban.UrgeNotice, "2026-12-31", nov), req(b, duban.UrgeManual, "2027-01-04", jan)}, nil)
	if err != nil || rec[0].Serial != "督办〔2026〕3号" || rec[1].Serial != "督办〔2027〕1号" {
		t.Fatalf("next: %+v %v", rec, err)
	}
	// A section cannot be chased, and the whole batch is refused.
	if _, _, err := s.RecordUrges(ctx, []duban.UrgeRequest{req(b, duban.UrgeLine, "x", nov), req(1, duban.UrgeLine, "x", nov)}, nil); duban.ErrorCode(err) != duban.EINVALID {
		t.Fatalf("section: %v", err)
	}
	if us, _ := s.Urges(ctx, b); len(us) != 2 {
		t.Fatalf("a refused batch wrote: %+v", us)
	}
	counts, err := s.UrgeCounts(ctx, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || counts["安全科"] != 3 || counts["计财科"] != 1 {
		t.Fatalf("counts %v %v", counts, err)
	}
}

// A closing request: once pending; decided once; an item closed by other
// means leaves it stale; withdrawing its report cancels it.
func TestClosings(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	_, tasks := seed(t, s)
	n := tasks[2].Number
	if _, _, err := s.AddProgress(ctx, &duban.Progress{ItemNumber: n, Text: "招标文件已编制", Percent: 40}, 0); err != nil {
		t.Fatal(err)
	}
	it, c, _, err := s.RequestClose(ctx, &duban.Progress{ItemNumber: n, Text: "招标完成", UserName: "张三", ChatID: -100}, 7)
	if err != nil || it.Review != c.ID || it.Status != duban.StatusDoing || it.Percent != 100 || c.PrevPercent != 40 {
		t.Fatalf("request: %+v %+v %v", it, c, err)
	}
	if _, _, dup, err := s.RequestClose(ctx, &duban.Progress{ItemNumber: n, Text: "招标完成"}, 7); err != nil || !dup {
		t.Fatalf("redelivered: %v %v", dup, err)
	}
	if _, c2, _, err := s.RequestClose(ctx, &duban.Progress{ItemNumber: n, Text: "又完成了"}, 8); duban.ErrorCode(err) != duban.ECONFLICT || c2.ID != c.ID {
		t.Fatalf("second request: %+v %v", c2, err)
	}
	if list, _ := s.PendingClosings(ctx); len(list) != 1 {
		t.Fatalf("pending: %+v", list)
	}
	c, it, err = s.DecideClose(ctx, c.ID, false, "缺少合同", duban.User{ID: 1, Name: "王芳"})
	if err != nil || c.State != duban.ClosingReturned || it.Status != duban.StatusDoing || it.Percent != 40 || it.Review != 0 {
		t.Fatalf("returned: %+v %+v %v", c, it, err)
	}
	if _, _, err := s.DecideClose(ctx, c.ID, true, "", duban.User{ID: 1}); duban.ErrorCode(err) != duban.ECONFLICT {
		t.Fatalf("decided twice: %v", err)
	}
	// Asked again, then closed by a plan admin's own report: stale.
	_, c, _, err = s.RequestClose(ctx, &duban.Progress{ItemNumber: n, Text: "已补充"}, 9)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddProgress(ctx, &duban.Progress{ItemNumber: n, Text: "销号", Done: true, Percent: duban.NoPercent}, 0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.DecideClose(ctx, c.ID, true, "", duban.User{ID: 1}); duban.ErrorCode(err) != ErrClosingStale {
		t.Fatalf("stale: %v", err)
	}
	if list, _ := s.PendingClosings(ctx); len(list) != 0 {
		t.Fatalf("a stale request is listed: %+v", list)
	}
	// A request whose report is withdrawn no longer awaits review.
	m := tasks[0].Number
	_, c, _, err = s.RequestClose(ctx, &duban.Progress{ItemNumber: m, Text: "排查完毕"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if _, it, err = s.WithdrawReport(ctx, c.ProgressID); err != nil || it.Review != 0 || it.Status != duban.StatusTodo || it.Percent != 0 {
		t.Fatalf("withdrawn: %+v %v", it, err)
	}
	if c, _ := s.Closing(ctx, c.ID); c.State != duban.ClosingWithdrawn {
		t.Fatalf("closing after withdrawal: %+v", c)
	}
}

// 签收: one batch per unit; acknowledged once; unacknowledged ones listed
// after the cut-off.
func TestAssignments(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	_, tasks := seed(t, s)
	nums := []int{1, tasks[0].Number, tasks[1].Number, tasks[2].Number}
	byUnit, batches, err := s.Assign(ctx, nums, -100)
	if err != nil || len(byUnit) != 3 || len(byUnit["督导室"]) != 1 || batches["安全科"] == 0 {
		t.Fatalf("assign: %v %v %v", byUnit, batches, err)
	}
	if again, _, _ := s.Assign(ctx, nums, -100); len(again) != 0 {
		t.Fatalf("assigned twice: %v", again)
	}
	later := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	un, err := s.Unacknowledged(ctx, later)
	if err != nil || len(un) != 3 {
		t.Fatalf("unacknowledged: %d %v", len(un), err)
	}
	unit, now, before, err := s.AckBatch(ctx, batches["安全科"], duban.User{ID: 7, Name: "张三"})
	if err != nil || unit != "安全科" || len(now) != 1 || len(before) != 0 {
		t.Fatalf("ack: %q %v %v %v", unit, now, before, err)
	}
	if _, now, before, _ := s.AckBatch(ctx, batches["安全科"], duban.User{ID: 8}); len(now) != 0 || len(before) != 1 {
		t.Fatalf("ack twice: %v %v", now, before)
	}
	if un, _ := s.Unacknowledged(ctx, later); len(un) != 2 {
		t.Fatalf("after 签收: %d", len(un))
	}
	if by, _, assigned, ok, _ := s.Acknowledged(ctx, tasks[0].Number); !assigned || !ok || by != "张三" {
		t.Fatalf("acknowledged: %q %v %v", by, assigned, ok)
	}
	if _, _, _, err := s.AckBatch(ctx, 9999, duban.User{ID: 7}); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Fatalf("unknown batch: %v", err)
	}
}
