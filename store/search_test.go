package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/duban-bot/duban/duban"
)

func TestSearchPage(t *testing.T) {
	s := newTestStore(t)
	_, tasks := seed(t, s)
	ctx := context.Background()
	for i := range 7 {
		p := duban.Progress{ItemNumber: tasks[i%3].Number, UserName: "王芳", Text: fmt.Sprintf("营养餐第%d次抽查", i), Percent: duban.NoPercent}
		if _, _, err := s.AddProgress(ctx, &p, 0); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		q                    string
		limit, cap           int
		items, itemTotal     int
		reports, reportTotal int
		newestReport         string
	}{
		{"营养餐", 10, 100, 1, 1, 7, 7, "营养餐第6次抽查"},
		{"营养餐", 3, 100, 1, 1, 3, 7, "营养餐第6次抽查"},
		{"营养餐", 3, 4, 1, 1, 3, 5, "营养餐第6次抽查"}, // stops counting at cap+1
		{"抽查 营养", 10, 100, 0, 0, 7, 7, "营养餐第6次抽查"},
		{"餐", 10, 100, 1, 1, 7, 7, "营养餐第6次抽查"}, // one character: LIKE
		{"宇宙", 10, 100, 0, 0, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d/%d", tt.q, tt.limit, tt.cap), func(t *testing.T) {
			res, err := s.Search(ctx, tt.q, tt.limit, tt.cap)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Items) != tt.items || res.ItemTotal != tt.itemTotal || len(res.Reports) != tt.reports || res.ReportTotal != tt.reportTotal {
				t.Errorf("got %d/%d items, %d/%d reports", len(res.Items), res.ItemTotal, len(res.Reports), res.ReportTotal)
			}
			if tt.newestReport != "" && (len(res.Reports) == 0 || res.Reports[0].Text != tt.newestReport) {
				t.Errorf("newest report = %+v", res.Reports)
			}
			for _, p := range res.Reports {
				if res.ReportTitles[p.ItemNumber] == "" {
					t.Errorf("no title for #%d", p.ItemNumber)
				}
			}
		})
	}
	// A deleted item is found no more, nor are its reports.
	if _, err := s.DeleteItem(ctx, tasks[2].Number); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, "营养餐", 10, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 0 {
		t.Errorf("deleted item found: %+v", res.Items)
	}
	for _, p := range res.Reports {
		if p.ItemNumber == tasks[2].Number {
			t.Errorf("report on a deleted item found")
		}
	}
	if _, err := s.Search(ctx, "  ", 10, 100); duban.ErrorCode(err) != duban.EINVALID {
		t.Errorf("empty query: %v", err)
	}
}

func TestOverdueCount(t *testing.T) {
	s := newTestStore(t)
	seed(t, s) // deadlines 11-30, 11-20, 12-31
	for _, tt := range []struct {
		today string
		want  int
	}{{"2026-11-20", 0}, {"2026-11-21", 1}, {"2026-12-01", 2}, {"2027-01-01", 3}} {
		n, err := s.OverdueCount(context.Background(), date(tt.today))
		if err != nil || n != tt.want {
			t.Errorf("OverdueCount(%s) = %d, %v; want %d", tt.today, n, err, tt.want)
		}
	}
}
