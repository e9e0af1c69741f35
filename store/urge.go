package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// RecordUrges records 催办 and queues what they send, in one transaction:
// each request whose item, kind and key has no 催办 yet is recorded and
// filled (ID, ItemID, Owner, Deadline, a serial for every kind but a line,
// CreatedAt — from the store's clock when the caller leaves it zero; set
// it to now in the bureau's zone so that serials count the bureau's
// year), and render makes the messages from those recorded, each queued
// to its own ChatID through the outbox. The others are returned as
// skipped, filled from the 催办 on record. A request about an item that
// is gone or a section is an error, and nothing is written.
func (s *Store) RecordUrges(ctx context.Context, reqs []duban.UrgeRequest, render func([]duban.Urge) []duban.Outgoing) (recorded, skipped []duban.Urge, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		recorded, skipped = nil, nil
		serials := map[int]int{} // year → the last serial given
		for _, r := range reqs {
			u := r.Urge
			it := r.Item
			if it.ID == 0 || it.Number != r.Number {
				var err error
				if it, err = itemByNumber(ctx, tx, r.Number); err != nil {
					return err
				}
			}
			if it.Kind != duban.KindTask {
				return duban.Errorf(duban.EINVALID, "#%d is a section, not a task", r.Number)
			}
			now := u.CreatedAt
			if now.IsZero() {
				now = s.Now()
			}
			u.ItemID, u.ItemNumber, u.Owner, u.Deadline, u.CreatedAt = it.ID, it.Number, it.Owner, it.Deadline, now.UTC().Truncate(time.Millisecond)
			if u.Kind != duban.UrgeLine {
				// 督办〔2026〕N号: numbered through the year.
				year := now.Year()
				if _, ok := serials[year]; !ok {
					var n int
					if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM urges WHERE serial LIKE ?`, fmt.Sprintf("督办〔%d〕%%", year)).Scan(&n); err != nil {
						return err
					}
					serials[year] = n
				}
				serials[year]++
				u.Serial = fmt.Sprintf("督办〔%d〕%d号", year, serials[year])
			}
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO urges (item_id, kind, key, serial, owner, deadline, days_overdue, by_user, by_name, note, failed, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, it.ID, u.Kind, r.Key, u.Serial, u.Owner, nullDate(u.Deadline), u.DaysOverdue,
				u.ByUser, u.ByName, u.Note, u.Failed, u.CreatedAt.UnixMilli())
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				// Taken already: the serial given is handed back.
				if u.Serial != "" {
					serials[now.Year()]--
				}
				existing, err := scanUrge(tx.QueryRowContext(ctx, `SELECT `+urgeColumns+urgeFrom+`WHERE u.item_id = ? AND u.kind = ? AND u.key = ?`,
					it.ID, u.Kind, r.Key))
				if err != nil {
					return err
				}
				skipped = append(skipped, existing)
				continue
			}
			if u.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, duban.ChangeUrge, it.ID, string(u.Kind), nil, urgeRecord{u.Serial, string(u.Kind), u.DaysOverdue, u.Note, u.Failed}); err != nil {
				return err
			}
			recorded = append(recorded, u)
		}
		if render == nil || len(recorded) == 0 {
			return nil
		}
		run := "urge:" + strconv.FormatInt(recorded[0].ID, 10)
		for _, m := range render(recorded) {
			if err := insertOutbox(ctx, tx, run, m.ChatID, m, s.nowMilli()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		recorded, skipped = nil, nil
		if duban.ErrorCode(err) == duban.EINTERNAL {
			err = fmt.Errorf("record 催办: %w", err)
		}
	}
	return recorded, skipped, err
}

// urgeRecord is what the audit trail keeps of a 催办.
type urgeRecord struct {
	Serial string `json:"serial,omitempty"`
	Kind   string `json:"kind"`
	Days   int    `json:"days_overdue,omitempty"`
	Note   string `json:"note,omitempty"`
	Failed string `json:"failed,omitempty"`
}

// RunUrges returns the 催办 recorded by the pass whose outbox run is run
// ("urge:ID"): those recorded with the first, at the same instant.
func (s *Store) RunUrges(ctx context.Context, run string) ([]duban.Urge, error) {
	first, err := strconv.ParseInt(strings.TrimPrefix(run, "urge:"), 10, 64)
	if err != nil || !strings.HasPrefix(run, "urge:") {
		return nil, duban.Errorf(duban.EINVALID, "not a 催办 run: %q", run)
	}
	var out []duban.Urge
	err = s.read(ctx, func(tx *sql.Tx) error {
		out, err = queryRows(ctx, tx, scanUrge, `SELECT `+urgeColumns+urgeFrom+`WHERE u.id >= ?1
			AND u.created_at = (SELECT created_at FROM urges WHERE id = ?1) ORDER BY u.id`, first)
		return err
	})
	return out, err
}

// UrgeFailed records why the 催办 ids could not be delivered (a 分管领导
// who never started the bot).
func (s *Store) UrgeFailed(ctx context.Context, ids []int64, reason string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE urges SET failed = ? WHERE id = ?`, reason, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// queryRows runs query and scans each row with scan.
func queryRows[T any](ctx context.Context, tx *sql.Tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryIDs runs a query of one integer column.
func queryIDs(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]int64, error) {
	return queryRows(ctx, tx, func(r scanner) (int64, error) {
		var id int64
		err := r.Scan(&id)
		return id, err
	}, query, args...)
}

// queryPairs runs a query of two columns into a map from the first to
// the second.
func queryPairs[K comparable, V any](ctx context.Context, tx *sql.Tx, query string, args ...any) (map[K]V, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[K]V{}
	for rows.Next() {
		var (
			k K
			v V
		)
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

const urgeColumns = `u.id, u.item_id, i.number, u.kind, u.serial, u.owner, u.deadline, u.days_overdue, u.by_user, u.by_name, u.note, u.failed, u.created_at`

const urgeFrom = ` FROM urges u JOIN items i ON i.id = u.item_id `

func scanUrge(row scanner) (duban.Urge, error) {
	var (
		u        duban.Urge
		kind     string
		deadline sql.NullString
		created  int64
	)
	if err := row.Scan(&u.ID, &u.ItemID, &u.ItemNumber, &kind, &u.Serial, &u.Owner, &deadline, &u.DaysOverdue,
		&u.ByUser, &u.ByName, &u.Note, &u.Failed, &created); err != nil {
		return u, err
	}
	u.Kind, u.Deadline = duban.UrgeKind(kind), scanDate(deadline)
	u.CreatedAt = fromMilli(sql.NullInt64{Int64: created, Valid: true})
	return u, nil
}

// Urges returns the 催办 on item number, oldest first.
func (s *Store) Urges(ctx context.Context, number int) ([]duban.Urge, error) {
	var out []duban.Urge
	err := s.read(ctx, func(tx *sql.Tx) error {
		it, err := itemByNumber(ctx, tx, number)
		if err != nil {
			return err
		}
		out, err = queryRows(ctx, tx, scanUrge, `SELECT `+urgeColumns+urgeFrom+`WHERE u.item_id = ? ORDER BY u.id`, it.ID)
		return err
	})
	if err != nil && duban.ErrorCode(err) == duban.EINTERNAL {
		err = fmt.Errorf("load 催办 of #%d: %w", number, err)
	}
	return out, err
}

// UrgeCounts returns how many 催办 each lead unit got in [from, to), on
// items that existed at to: the 催办 column of the monthly ranking.
func (s *Store) UrgeCounts(ctx context.Context, from, to time.Time) (map[string]int, error) {
	out := map[string]int{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryPairs[string, int](ctx, tx, `SELECT u.owner, count(*) FROM urges u JOIN items i ON i.id = u.item_id
			WHERE u.created_at >= ?1 AND u.created_at < ?2 AND (i.deleted_at IS NULL OR i.deleted_at >= ?2)`+scopeClause(ctx)+
			` GROUP BY u.owner`, from.UTC().UnixMilli(), to.UTC().UnixMilli())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("count 催办: %w", err)
	}
	return out, nil
}

// UrgeSteps returns, by item id, the escalation steps already taken on the
// given items for their present deadline: what the daily pass must not
// send again.
func (s *Store) UrgeSteps(ctx context.Context) (map[int64]map[duban.UrgeKind]bool, error) {
	out := map[int64]map[duban.UrgeKind]bool{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT u.item_id, u.kind FROM urges u JOIN items i ON i.id = u.item_id
			WHERE u.kind <> 'manual' AND i.deleted_at IS NULL AND i.status IN ('todo', 'doing') AND u.key = COALESCE(i.deadline, '')`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				id   int64
				kind string
			)
			if err := rows.Scan(&id, &kind); err != nil {
				return err
			}
			if out[id] == nil {
				out[id] = map[duban.UrgeKind]bool{}
			}
			out[id][duban.UrgeKind(kind)] = true
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load 催办 steps: %w", err)
	}
	return out, nil
}
