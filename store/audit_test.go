package store

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

func TestAuditTrail(t *testing.T) {
	s := newTestStore(t)
	ctx := duban.WithActor(context.Background(), duban.Actor{UserID: 42, Name: "王主任", ChatID: -100, Via: "telegram"})
	_, tasks := seed(t, s)
	num := tasks[0].Number

	if _, err := s.UpdateItem(ctx, num, func(it *duban.Item) error { it.Owner = "督导室"; return nil }); err != nil {
		t.Fatal(err)
	}
	// An edit that changes nothing records nothing.
	if _, err := s.UpdateItem(ctx, num, func(it *duban.Item) error { return nil }); err != nil {
		t.Fatal(err)
	}
	p := duban.Progress{ItemNumber: num, UserID: 42, Text: "已排查12所学校", Percent: 40}
	if _, _, err := s.AddProgress(ctx, &p, 0); err != nil {
		t.Fatal(err)
	}
	done := duban.Progress{ItemNumber: num, UserID: 42, Text: "全部完成", Percent: duban.NoPercent, Done: true}
	if _, _, err := s.AddProgress(ctx, &done, 0); err != nil {
		t.Fatal(err)
	}
	// A failed change records nothing either.
	if _, err := s.UpdateItem(ctx, num, func(it *duban.Item) error { it.Title = ""; return nil }); err == nil {
		t.Fatal("empty title accepted")
	}
	if _, err := s.DeleteItem(ctx, num); err != nil {
		t.Fatal(err)
	}

	hist, err := s.ItemHistory(ctx, num, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range hist {
		actions = append(actions, e.Action)
		if e.Action == duban.ChangeAdd { // seeded without an actor
			continue
		}
		if e.Actor.UserID != 42 || e.Actor.Name != "王主任" || e.Actor.Via != "telegram" || e.ItemNumber != num {
			t.Errorf("entry %s lost its actor or item: %+v", e.Action, e)
		}
	}
	want := []string{duban.ChangeDelete, duban.ChangeDone, duban.ChangeProgress, duban.ChangeEdit, duban.ChangeAdd}
	if len(actions) != len(want) {
		t.Fatalf("actions = %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("actions = %v, want %v", actions, want)
		}
	}
	var before, after duban.ItemSnapshot
	json.Unmarshal(hist[3].Before, &before)
	json.Unmarshal(hist[3].After, &after)
	if before.Owner != "安全科" || after.Owner != "督导室" {
		t.Errorf("edit before/after = %q → %q", before.Owner, after.Owner)
	}
	json.Unmarshal(hist[2].After, &after)
	if after.Percent != 40 || after.Report != "已排查12所学校" || after.Status != string(duban.StatusDoing) {
		t.Errorf("progress after = %+v", after)
	}
	if hist[0].After != nil || hist[0].Before == nil {
		t.Errorf("delete must keep the before only: %s / %s", hist[0].Before, hist[0].After)
	}
	if _, err := s.ItemHistory(ctx, 9999, 0); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("history of a missing item: %v", err)
	}

	// Chats: bind, settings, members.
	if err := s.BindChat(ctx, -100, true, 42); err != nil {
		t.Fatal(err)
	}
	if err := s.SetChatSettings(ctx, -100, duban.ChatSettings{WeeklyOff: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMember(ctx, duban.Member{ChatID: -100, UserID: 5, Name: "李四", Department: "督导室"}); err != nil {
		t.Fatal(err)
	}
	all, err := s.AuditBetween(ctx, time.Time{}, s.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range all {
		seen[e.Action]++
	}
	for _, a := range []string{duban.ChangeBind, duban.ChangeSettings, duban.ChangeMember} {
		if seen[a] != 1 {
			t.Errorf("%s recorded %d times", a, seen[a])
		}
	}
}

func TestAuditImport(t *testing.T) {
	s := newTestStore(t)
	ctx := duban.WithActor(context.Background(), duban.Actor{Name: "cli", Via: "cli"})
	doc := []duban.Item{{Number: 1, Code: "1", Title: "制定方案", Owner: "办公室"}}
	res, err := s.ImportPlan(ctx, duban.Plan{Name: "计划"}, doc)
	if err != nil {
		t.Fatal(err)
	}
	doc[0].Owner = "督导室"
	if _, err := s.ImportPlan(ctx, duban.Plan{Name: "计划"}, doc); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportPlan(ctx, duban.Plan{Name: "计划"}, doc); err != nil { // unchanged
		t.Fatal(err)
	}
	hist, err := s.ItemHistory(ctx, res.Added[0], 0)
	if err != nil || len(hist) != 2 || hist[0].Action != duban.ChangeImport || hist[0].Subject != "计划" || hist[1].Before != nil {
		t.Fatalf("import history = %+v, %v", hist, err)
	}
}
