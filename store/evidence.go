package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

// maxEvidenceNameRunes bounds a file's name as stored; Telegram's are short.
const maxEvidenceNameRunes = 1000

// AddEvidence attaches a piece of evidence to item ev.ItemNumber and
// records it in the item's history, in one transaction; it sets ev's ID,
// ItemID, Seq and CreatedAt (when zero) and returns the item.
//
// A piece from an update that was recorded already (updateID, when not 0),
// or the same file (UniqueID) sent again for the same item, is not recorded
// twice: ev is filled from the stored one and dup is true. When ev has a
// local copy and quota is above 0, the local copies may not exceed quota
// bytes in all: the piece is then refused with an ECONFLICT error and
// nothing is written. A section takes no evidence (EINVALID); an item
// outside the context's scope does not exist (ENOTFOUND).
func (s *Store) AddEvidence(ctx context.Context, ev *duban.Evidence, updateID, quota int64) (it duban.Item, dup bool, err error) {
	ev.Caption = strings.TrimSpace(ev.Caption)
	switch {
	case !duban.ValidKind(ev.Kind):
		return it, false, duban.Errorf(duban.EINVALID, "unknown evidence kind %q", ev.Kind)
	case ev.FileID == "" || ev.UniqueID == "":
		return it, false, duban.Errorf(duban.EINVALID, "evidence without a file id")
	case ev.Size < 0 || ev.LocalSize < 0:
		return it, false, duban.Errorf(duban.EINVALID, "negative evidence size")
	case utf8.RuneCountInString(ev.Caption) > duban.MaxCaptionRunes:
		return it, false, duban.Errorf(duban.EINVALID, "evidence caption is longer than %d characters", duban.MaxCaptionRunes)
	case utf8.RuneCountInString(ev.Name) > maxEvidenceNameRunes:
		return it, false, duban.Errorf(duban.EINVALID, "evidence file name is longer than %d characters", maxEvidenceNameRunes)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if it, err = itemByNumber(ctx, tx, ev.ItemNumber); err != nil {
			return err
		}
		if it.Kind != duban.KindTask {
			return duban.Errorf(duban.EINVALID, "#%d is a section, not a task", it.Number)
		}
		existing, err := queryEvidence(ctx, tx, `SELECT `+evidenceColumns+evidenceFrom+`
			WHERE (e.item_id = ? AND e.unique_id = ?) OR (? <> 0 AND e.update_id = ?) LIMIT 1`,
			it.ID, ev.UniqueID, updateID, updateID)
		if err != nil {
			return fmt.Errorf("check evidence: %w", err)
		}
		if len(existing) > 0 {
			dup = true
			*ev = existing[0]
			return evidenceSeq(ctx, tx, ev)
		}
		if ev.LocalPath != "" && quota > 0 {
			var used int64
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(local_size), 0) FROM evidence`).Scan(&used); err != nil {
				return fmt.Errorf("evidence quota: %w", err)
			}
			if used+ev.LocalSize > quota {
				return duban.Errorf(duban.ECONFLICT, "the evidence quota is full: %d of %d bytes used", used, quota)
			}
		}
		if ev.CreatedAt.IsZero() {
			ev.CreatedAt = s.Now().UTC()
		}
		ev.ItemID = it.ID
		var upd any
		if updateID != 0 {
			upd = updateID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO evidence (item_id, kind, file_id, unique_id, name, size, mime, caption,
			chat_id, message_id, user_id, user_name, update_id, local_path, local_size, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			it.ID, ev.Kind, ev.FileID, ev.UniqueID, ev.Name, ev.Size, ev.MimeType, ev.Caption,
			ev.ChatID, ev.MessageID, ev.UserID, ev.UserName, upd, ev.LocalPath, ev.LocalSize, ev.CreatedAt.UnixMilli())
		if err != nil {
			return fmt.Errorf("insert evidence: %w", err)
		}
		ev.ID, _ = res.LastInsertId()
		if err := evidenceSeq(ctx, tx, ev); err != nil {
			return err
		}
		// Attaching evidence changes nothing of the item's state; the
		// history says what was attached.
		before := duban.SnapshotOf(it)
		after := before
		after.Evidence = ev.Caption
		if after.Evidence == "" {
			after.Evidence = ev.Name
		}
		return s.audit(ctx, tx, duban.ChangeEvidence, it.ID, ev.Kind, before, after)
	})
	if err != nil && duban.ErrorCode(err) == duban.EINTERNAL {
		return it, false, fmt.Errorf("add evidence to #%d: %w", ev.ItemNumber, err)
	}
	return it, dup, err
}

// evidenceSeq sets ev.Seq: its place among its item's evidence.
func evidenceSeq(ctx context.Context, tx *sql.Tx, ev *duban.Evidence) error {
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM evidence WHERE item_id = ? AND id <= ?`, ev.ItemID, ev.ID).Scan(&ev.Seq); err != nil {
		return fmt.Errorf("evidence seq: %w", err)
	}
	return nil
}

const evidenceColumns = `e.id, e.item_id, i.number, e.kind, e.file_id, e.unique_id, e.name, e.size, e.mime, e.caption,
	e.chat_id, e.message_id, e.user_id, e.user_name, e.created_at, e.local_path, e.local_size`

const evidenceFrom = ` FROM evidence e JOIN items i ON i.id = e.item_id `

func queryEvidence(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]duban.Evidence, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []duban.Evidence
	for rows.Next() {
		var (
			e  duban.Evidence
			at int64
		)
		if err := rows.Scan(&e.ID, &e.ItemID, &e.ItemNumber, &e.Kind, &e.FileID, &e.UniqueID, &e.Name, &e.Size, &e.MimeType,
			&e.Caption, &e.ChatID, &e.MessageID, &e.UserID, &e.UserName, &at, &e.LocalPath, &e.LocalSize); err != nil {
			return nil, err
		}
		e.CreatedAt = time.UnixMilli(at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// numberSeqs numbers a list of evidence, ordered by item then age, within
// each item from 1.
func numberSeqs(list []duban.Evidence) {
	for i := range list {
		list[i].Seq = 1
		if i > 0 && list[i-1].ItemID == list[i].ItemID {
			list[i].Seq = list[i-1].Seq + 1
		}
	}
}

// Evidence returns the evidence attached to item number, oldest first. An
// item that does not exist, was deleted or lies outside the context's
// scope is an ENOTFOUND error.
func (s *Store) Evidence(ctx context.Context, number int) ([]duban.Evidence, error) {
	var out []duban.Evidence
	err := s.read(ctx, func(tx *sql.Tx) error {
		it, err := itemByNumber(ctx, tx, number)
		if err != nil {
			return err
		}
		out, err = queryEvidence(ctx, tx, `SELECT `+evidenceColumns+evidenceFrom+`WHERE e.item_id = ? ORDER BY e.id`, it.ID)
		return err
	})
	if err != nil && duban.ErrorCode(err) == duban.EINTERNAL {
		return nil, fmt.Errorf("load evidence of #%d: %w", number, err)
	}
	numberSeqs(out)
	return out, err
}

// AllEvidence returns the evidence of every live item in the context's
// scope, by item number, then oldest first; for the year-end export.
func (s *Store) AllEvidence(ctx context.Context) ([]duban.Evidence, error) {
	var out []duban.Evidence
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryEvidence(ctx, tx, `SELECT `+evidenceColumns+evidenceFrom+`WHERE i.deleted_at IS NULL`+scopeClause(ctx)+
			` ORDER BY i.number, e.id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load evidence: %w", err)
	}
	numberSeqs(out)
	return out, nil
}

// EvidenceAsOf returns the evidence attached up to the instant at to the
// items of a plan (every plan when planID is 0) that existed then, by item
// number, then oldest first: the ledger's 佐证材料 as it stood at a
// month's end.
func (s *Store) EvidenceAsOf(ctx context.Context, planID int64, at time.Time) ([]duban.Evidence, error) {
	var out []duban.Evidence
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryEvidence(ctx, tx, `SELECT `+evidenceColumns+evidenceFrom+
			`WHERE e.created_at <= ?1 AND (i.deleted_at IS NULL OR i.deleted_at > ?1) AND (?2 = 0 OR i.plan_id = ?2)`+scopeClause(ctx)+
			` ORDER BY i.number, e.id`, at.UTC().UnixMilli(), planID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load evidence as of %s: %w", at.Format(time.RFC3339), err)
	}
	numberSeqs(out)
	return out, nil
}

// countChunk bounds the item numbers one query asks about, well under
// SQLite's limit on bound parameters.
const countChunk = 500

// EvidenceCount returns how many pieces of evidence each of the given
// items has, by item number; items without any are absent. With no
// numbers it counts for every live item in the context's scope.
func (s *Store) EvidenceCount(ctx context.Context, numbers ...int) (map[int]int, error) {
	out := map[int]int{}
	count := func(tx *sql.Tx, where string, args ...any) error {
		rows, err := tx.QueryContext(ctx, `SELECT i.number, COUNT(*)`+evidenceFrom+`WHERE i.deleted_at IS NULL`+where+
			scopeClause(ctx)+` GROUP BY i.number`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n, c int
			if err := rows.Scan(&n, &c); err != nil {
				return err
			}
			out[n] = c
		}
		return rows.Err()
	}
	err := s.read(ctx, func(tx *sql.Tx) error {
		if len(numbers) == 0 {
			return count(tx, "")
		}
		for len(numbers) > 0 {
			chunk := numbers[:min(len(numbers), countChunk)]
			numbers = numbers[len(chunk):]
			args := make([]any, len(chunk))
			for i, n := range chunk {
				args[i] = n
			}
			if err := count(tx, ` AND i.number IN (`+placeholders(len(chunk))+`)`, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count evidence: %w", err)
	}
	return out, nil
}

// EvidenceBytes returns the size of all the local copies of evidence, for
// evidence.quota_gb.
func (s *Store) EvidenceBytes(ctx context.Context) (int64, error) {
	var n int64
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(local_size), 0) FROM evidence`).Scan(&n)
	})
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("evidence bytes: %w", err)
	}
	return n, nil
}
