package store

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

func photo(number int, unique string) duban.Evidence {
	return duban.Evidence{
		ItemNumber: number,
		Attachment: duban.Attachment{Kind: duban.AttachPhoto, FileID: "file-" + unique, UniqueID: unique, Size: 2048, MimeType: "image/jpeg"},
		Caption:    "整改前后照片", ChatID: -100, MessageID: 9, UserID: 42, UserName: "张敏",
	}
}

func TestAddEvidence(t *testing.T) {
	s := newTestStore(t)
	ctx := duban.WithActor(context.Background(), duban.Actor{UserID: 42, Name: "张敏", ChatID: -100, Via: "telegram"})
	section, tasks := seed(t, s)
	num := tasks[0].Number

	first := photo(num, "u1")
	it, dup, err := s.AddEvidence(ctx, &first, 1001, 0)
	if err != nil || dup {
		t.Fatalf("add: dup %v, %v", dup, err)
	}
	if it.Number != num || first.ID == 0 || first.Seq != 1 || first.ItemID != it.ID || !first.CreatedAt.Equal(s.Now().UTC()) {
		t.Fatalf("first piece %+v of %+v", first, it)
	}
	doc := duban.Evidence{ItemNumber: num, Attachment: duban.Attachment{Kind: duban.AttachDocument, FileID: "f2", UniqueID: "u2",
		Name: "验收报告.pdf", Size: 1 << 20, MimeType: "application/pdf"}, ChatID: -100, UserID: 43, UserName: "李华"}
	if _, dup, err := s.AddEvidence(ctx, &doc, 1002, 0); err != nil || dup || doc.Seq != 2 {
		t.Fatalf("second piece: seq %d, dup %v, %v", doc.Seq, dup, err)
	}

	// The same update again, or the same file again on the same item,
	// records nothing new and returns the stored piece.
	again := photo(num, "u9")
	if _, dup, err := s.AddEvidence(ctx, &again, 1001, 0); err != nil || !dup || again.ID != first.ID || again.UniqueID != "u1" {
		t.Fatalf("redelivered update: dup %v, %+v, %v", dup, again, err)
	}
	same := photo(num, "u2")
	if _, dup, err := s.AddEvidence(ctx, &same, 1003, 0); err != nil || !dup || same.ID != doc.ID || same.Seq != 2 {
		t.Fatalf("same file again: dup %v, %+v, %v", dup, same, err)
	}
	// The same file may prove another item too.
	other := photo(tasks[1].Number, "u2")
	if _, dup, err := s.AddEvidence(ctx, &other, 1004, 0); err != nil || dup || other.Seq != 1 {
		t.Fatalf("same file on another item: dup %v, %+v, %v", dup, other, err)
	}

	list, err := s.Evidence(ctx, num)
	if err != nil || len(list) != 2 {
		t.Fatalf("evidence of #%d: %+v, %v", num, list, err)
	}
	if got := list[1]; got.Seq != 2 || got.Name != "验收报告.pdf" || got.Kind != duban.AttachDocument || got.Size != 1<<20 ||
		got.UserName != "李华" || got.ItemNumber != num || got.FileID != "f2" || got.MimeType != "application/pdf" {
		t.Errorf("second piece read back as %+v", got)
	}
	if got := list[0]; got.Caption != "整改前后照片" || got.MessageID != 9 || got.ChatID != -100 || got.Seq != 1 {
		t.Errorf("first piece read back as %+v", got)
	}
	counts, err := s.EvidenceCount(ctx, num, tasks[1].Number, tasks[2].Number)
	if err != nil || counts[num] != 2 || counts[tasks[1].Number] != 1 || len(counts) != 2 {
		t.Errorf("counts %v, %v", counts, err)
	}
	if all, err := s.EvidenceCount(ctx); err != nil || len(all) != 2 {
		t.Errorf("all counts %v, %v", all, err)
	}
	all, err := s.AllEvidence(ctx)
	if err != nil || len(all) != 3 || all[0].ItemNumber != num || all[1].Seq != 2 || all[2].Seq != 1 {
		t.Errorf("all evidence %+v, %v", all, err)
	}

	// Refused: unknown item, a section, a bad piece.
	missing := photo(999, "u5")
	if _, _, err := s.AddEvidence(ctx, &missing, 0, 0); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("unknown item: %v", err)
	}
	sec := photo(section.Number, "u6")
	if _, _, err := s.AddEvidence(ctx, &sec, 0, 0); duban.ErrorCode(err) != duban.EINVALID {
		t.Errorf("section: %v", err)
	}
	bad := photo(num, "u7")
	bad.Kind = "sticker"
	if _, _, err := s.AddEvidence(ctx, &bad, 0, 0); duban.ErrorCode(err) != duban.EINVALID {
		t.Errorf("sticker: %v", err)
	}
	if _, err := s.Evidence(ctx, 999); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("evidence of an unknown item: %v", err)
	}

	// The history says what was attached, and the item is unchanged.
	hist, err := s.ItemHistory(ctx, num, 0)
	if err != nil {
		t.Fatal(err)
	}
	var attached []string
	for _, c := range hist {
		if c.Action != duban.ChangeEvidence {
			continue
		}
		var before, after duban.ItemSnapshot
		if json.Unmarshal(c.Before, &before) != nil || json.Unmarshal(c.After, &after) != nil {
			t.Fatalf("snapshots %s %s", c.Before, c.After)
		}
		if after.Status != before.Status || after.Title != tasks[0].Title || c.Actor.Name != "张敏" {
			t.Errorf("evidence change %+v", c)
		}
		attached = append(attached, c.Subject+":"+after.Evidence)
	}
	if fmt.Sprint(attached) != "[document:验收报告.pdf photo:整改前后照片]" {
		t.Errorf("history of #%d: %v", num, attached)
	}
}

func TestEvidenceQuota(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	_, tasks := seed(t, s)
	num := tasks[0].Number
	local := func(unique string, size int64) duban.Evidence {
		ev := photo(num, unique)
		ev.LocalPath, ev.LocalSize = fmt.Sprintf("%d/%s.jpg", num, unique), size
		return ev
	}
	a := local("a", 600)
	if _, _, err := s.AddEvidence(ctx, &a, 0, 1000); err != nil {
		t.Fatal(err)
	}
	b := local("b", 500)
	if _, _, err := s.AddEvidence(ctx, &b, 0, 1000); duban.ErrorCode(err) != duban.ECONFLICT {
		t.Fatalf("over the quota: %v", err)
	}
	// Without a local copy the quota does not apply.
	c := photo(num, "c")
	if _, _, err := s.AddEvidence(ctx, &c, 0, 1000); err != nil {
		t.Fatal(err)
	}
	d := local("d", 400)
	if _, _, err := s.AddEvidence(ctx, &d, 0, 1000); err != nil {
		t.Fatalf("up to the quota: %v", err)
	}
	if n, err := s.EvidenceBytes(ctx); err != nil || n != 1000 {
		t.Errorf("bytes %d, %v", n, err)
	}
	if list, _ := s.Evidence(ctx, num); len(list) != 3 {
		t.Errorf("%d pieces, want 3 (the refused one not stored)", len(list))
	}
}

// A scoped group sees the evidence of its own items only.
func TestEvidenceScope(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	_, tasks := seed(t, s)
	for i, it := range tasks {
		ev := photo(it.Number, fmt.Sprint("s", i))
		if _, _, err := s.AddEvidence(ctx, &ev, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	scoped := duban.WithScope(ctx, duban.Scope{Units: []string{"督导室"}}) // leads #4, supports #3
	if _, err := s.Evidence(scoped, tasks[0].Number); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("evidence outside the scope: %v", err)
	}
	ev := photo(tasks[0].Number, "x")
	if _, _, err := s.AddEvidence(scoped, &ev, 0, 0); duban.ErrorCode(err) != duban.ENOTFOUND {
		t.Errorf("attached outside the scope: %v", err)
	}
	counts, err := s.EvidenceCount(scoped)
	if err != nil || len(counts) != 2 || counts[tasks[0].Number] != 0 {
		t.Errorf("scoped counts %v, %v", counts, err)
	}
	if list, err := s.Evidence(scoped, tasks[2].Number); err != nil || len(list) != 1 {
		t.Errorf("evidence in the scope: %v, %v", list, err)
	}
}

// BenchmarkAddEvidence records one piece of evidence without a local copy.
func BenchmarkAddEvidence(b *testing.B) {
	s := newTestStore(b)
	ctx := context.Background()
	_, tasks := seed(b, s)
	i := 0
	for b.Loop() {
		i++
		ev := photo(tasks[i%3].Number, fmt.Sprint("b", i))
		if _, _, err := s.AddEvidence(ctx, &ev, int64(i), 0); err != nil {
			b.Fatal(err)
		}
	}
}

// Attaching evidence changes nothing of the item's state, also as the
// month-end briefing reads it back from the audit trail.
func TestEvidenceKeepsThePast(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	_, tasks := seed(t, s)
	num := tasks[0].Number
	t0 := s.Now()
	p := duban.Progress{ItemNumber: num, Text: "已排查12所学校", Percent: 40}
	if _, _, err := s.AddProgress(ctx, &p, 0); err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return t0.Add(time.Hour) }
	ev := photo(num, "p")
	if _, _, err := s.AddEvidence(ctx, &ev, 0, 0); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{t0.Add(time.Minute), t0.Add(2 * time.Hour)} {
		items, err := s.PlanItemsAsOf(ctx, 0, at)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Number == num && (it.Percent != 40 || it.Status != duban.StatusDoing || it.Title != tasks[0].Title || it.Deadline != tasks[0].Deadline) {
				t.Errorf("as of %s: %+v", at, it)
			}
		}
	}
}
