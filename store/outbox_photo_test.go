package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// TestOutboxCarriesPhotos: a briefing's chart goes into the outbox as a
// photo and comes out as one, across a reopen of the database, while the
// ledger behind it stays a document.
func TestOutboxCarriesPhotos(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	png := []byte("\x89PNG\r\n\x1a\n-chart")
	msgs := []duban.Outgoing{
		{Text: "📊 2026年11月工作进展图", File: &duban.File{Name: "工作进展图-2026-11-30.png", Data: png, Photo: true}},
		{Text: "2026年11月工作通报"},
		{Text: "📎 台账", File: &duban.File{Name: "台账-2026-11-30.xlsx", Data: []byte("PK-ledger")}},
	}
	if ok, err := s.EnqueueRun(ctx, "monthly", -100, "2026-11", msgs); err != nil || !ok {
		t.Fatalf("EnqueueRun = %v, %v", ok, err)
	}
	path := s.Path()
	s.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, want := range msgs {
		next, err := s.NextOutbox(ctx, time.Now().Add(time.Hour), 10)
		if err != nil || len(next) != 1 {
			t.Fatalf("message %d: NextOutbox = %d, %v", i, len(next), err)
		}
		got := next[0]
		if got.Msg.Text != want.Text {
			t.Errorf("message %d is %q, want %q", i, got.Msg.Text, want.Text)
		}
		switch {
		case want.File == nil && got.Msg.File != nil:
			t.Errorf("message %d carries a file %+v", i, got.Msg.File)
		case want.File != nil:
			if got.Msg.File == nil || got.Msg.File.Name != want.File.Name || got.Msg.File.Photo != want.File.Photo {
				t.Fatalf("message %d file = %+v, want %s photo=%v", i, got.Msg.File, want.File.Name, want.File.Photo)
			}
			data, err := s.OutboxFile(ctx, got.FileID)
			if err != nil || !bytes.Equal(data, want.File.Data) {
				t.Errorf("message %d data = %q, %v", i, data, err)
			}
		}
		if err := s.MarkSent(ctx, got.ID, 100+i); err != nil {
			t.Fatal(err)
		}
	}
}
