package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

// SearchPage finds what a chat reply shows for a search: the newest
// matching items (then put in plan order) and the newest matching reports,
// each at most limit, with totals that stop counting past countCap (a total
// of countCap+1 means "more than countCap"). Unlike Search it never reads
// every match, so a common word over a million reports answers in about a
// millisecond; it relies on the full-text doclists being kept newest first
// (migration 002). Words separated by spaces must all occur.
func (s *Store) SearchPage(ctx context.Context, q string, limit, countCap int) (SearchResult, error) {
	var res SearchResult
	q = strings.TrimSpace(q)
	if q == "" {
		return res, duban.Errorf(duban.EINVALID, "search words are empty")
	}
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return res, duban.Errorf(duban.EINVALID, "search words are longer than %d characters", MaxQueryRunes)
	}
	if limit <= 0 {
		limit = 10
	}
	expr, fts := matchQuery(q)
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if fts {
			err = pageFTS(ctx, tx, expr, limit, countCap, &res)
		} else {
			err = pageLike(ctx, tx, q, limit, countCap, &res)
		}
		if err != nil {
			return err
		}
		return reportTitles(ctx, tx, &res)
	})
	if err != nil {
		return SearchResult{}, fmt.Errorf("search %q: %w", q, err)
	}
	return res, nil
}

// pageFTS reads each table's matches once, newest first, up to countCap+1
// of them: their number is the total, the first limit are loaded.
func pageFTS(ctx context.Context, tx *sql.Tx, expr string, limit, countCap int, res *SearchResult) error {
	ids, err := docids(ctx, tx, `SELECT docid FROM items_fts WHERE items_fts MATCH ? ORDER BY docid DESC LIMIT ?`, expr, countCap+1)
	if err != nil {
		return err
	}
	res.ItemTotal = len(ids)
	if len(ids) > 0 {
		ids = ids[:min(limit, len(ids))]
		res.Items, err = queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+`WHERE i.id IN (`+placeholders(len(ids))+`)
			AND i.deleted_at IS NULL ORDER BY i.plan_id DESC, i.position`, ids...)
		if err != nil {
			return err
		}
	}
	if ids, err = docids(ctx, tx, `SELECT docid FROM progress_fts WHERE progress_fts MATCH ? ORDER BY docid DESC LIMIT ?`, expr, countCap+1); err != nil {
		return err
	}
	res.ReportTotal = len(ids)
	if len(ids) > 0 {
		ids = ids[:min(limit, len(ids))]
		res.Reports, err = queryProgress(ctx, tx, `SELECT `+progressColumns+` FROM progress r JOIN items i ON i.id = r.item_id
			WHERE r.id IN (`+placeholders(len(ids))+`) AND i.deleted_at IS NULL ORDER BY r.id DESC`, ids...)
	}
	return err
}

func docids(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]any, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// pageLikeReports bounds the reports a one-character search scans: it has
// no index, so it looks at the newest ones only (items are all scanned).
const pageLikeReports = 20000

func pageLike(ctx context.Context, tx *sql.Tx, q string, limit, countCap int, res *SearchResult) error {
	pat := "%" + likeEscape(q) + "%"
	const itemsWhere = ` WHERE i.deleted_at IS NULL AND (i.title LIKE ?1 ESCAPE '\' OR i.body LIKE ?1 ESCAPE '\'
		OR i.owner LIKE ?1 ESCAPE '\' OR i.target LIKE ?1 ESCAPE '\') `
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM items i`+itemsWhere+`LIMIT ?2)`,
		pat, countCap+1).Scan(&res.ItemTotal); err != nil {
		return err
	}
	var err error
	res.Items, err = queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+itemsWhere+`ORDER BY i.id DESC LIMIT ?2`, pat, limit)
	if err != nil {
		return err
	}
	slices.SortStableFunc(res.Items, func(a, b duban.Item) int {
		if a.PlanID != b.PlanID {
			return int(b.PlanID - a.PlanID)
		}
		return a.Position - b.Position
	})
	const reportsWhere = ` FROM progress r JOIN items i ON i.id = r.item_id
		WHERE r.id > (SELECT COALESCE(MAX(id), 0) FROM progress) - ?3 AND r.text LIKE ?1 ESCAPE '\'
		AND i.deleted_at IS NULL `
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1`+reportsWhere+`LIMIT ?2)`,
		pat, countCap+1, pageLikeReports).Scan(&res.ReportTotal); err != nil {
		return err
	}
	res.Reports, err = queryProgress(ctx, tx, `SELECT `+progressColumns+reportsWhere+`ORDER BY r.id DESC LIMIT ?2`,
		pat, limit, pageLikeReports)
	return err
}

func reportTitles(ctx context.Context, tx *sql.Tx, res *SearchResult) error {
	res.ReportTitles = map[int]string{}
	for _, p := range res.Reports {
		if _, ok := res.ReportTitles[p.ItemNumber]; ok {
			continue
		}
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM items WHERE id = ?`, p.ItemID).Scan(&title); err != nil {
			return err
		}
		res.ReportTitles[p.ItemNumber] = title
	}
	return nil
}
