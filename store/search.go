package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

// Search over Chinese text. SQLite's FTS tokenizers split on spaces and
// punctuation, and Chinese has neither between words, so a tokenizer alone
// would index whole clauses. Instead the text is rewritten into overlapping
// character bigrams ("校园安全" -> "校园 园安 安全") plus lower-cased
// latin/digit words, and that string is indexed with FTS4's simple
// tokenizer. A query of two or more Chinese characters becomes a phrase of
// its bigrams, which matches exactly the texts containing that substring;
// one character (no bigram) falls back to LIKE. FTS4 is compiled into
// mattn/go-sqlite3 by default, so no build tag is needed.

// Tokens returns the bigram token string indexed for text.
func Tokens(text string) string {
	var b strings.Builder
	b.Grow(len(text) * 2)
	emit := func(s string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	var (
		prev rune // previous CJK rune in the current run, 0 at a run start
		word []rune
	)
	flushWord := func() {
		if len(word) > 0 {
			emit(strings.ToLower(string(word)))
			word = word[:0]
		}
	}
	runLen := 0
	for _, r := range text {
		switch {
		case isCJK(r):
			flushWord()
			if prev != 0 {
				emit(string([]rune{prev, r}))
			}
			prev = r
			runLen++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if prev != 0 && runLen == 1 {
				emit(string(prev)) // a lone CJK character is its own token
			}
			prev, runLen = 0, 0
			word = append(word, r)
		default:
			if prev != 0 && runLen == 1 {
				emit(string(prev))
			}
			prev, runLen = 0, 0
			flushWord()
		}
	}
	if prev != 0 && runLen == 1 {
		emit(string(prev))
	}
	flushWord()
	return b.String()
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// matchQuery turns a user's search words into an FTS4 MATCH expression: each
// word a phrase of its tokens, words ANDed. ok is false when a word has no
// token FTS can match (a single Chinese character).
func matchQuery(q string) (expr string, ok bool) {
	var parts []string
	for _, w := range strings.Fields(q) {
		toks := Tokens(w)
		if toks == "" {
			continue
		}
		for _, t := range strings.Fields(toks) {
			if utf8.RuneCountInString(t) == 1 && isCJK([]rune(t)[0]) {
				return "", false
			}
		}
		parts = append(parts, `"`+toks+`"`)
	}
	if len(parts) == 0 {
		return "", false
	}
	return strings.Join(parts, " "), true
}

func indexItem(ctx context.Context, tx *sql.Tx, it duban.Item) error {
	text := strings.Join([]string{it.Title, it.Body, it.Owner, joinPartners(it.Partners), it.Target, it.DeadlineText}, " ")
	if _, err := tx.ExecContext(ctx, `DELETE FROM items_fts WHERE docid = ?`, it.ID); err != nil {
		return fmt.Errorf("index item: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO items_fts (docid, tokens) VALUES (?, ?)`, it.ID, Tokens(text)); err != nil {
		return fmt.Errorf("index item: %w", err)
	}
	return indexPartners(ctx, tx, it)
}

// Search finds what a chat reply shows for a search: the newest
// matching items (then put in plan order) and the newest matching reports,
// each at most limit, with totals that stop counting past countCap (a total
// of countCap+1 means "more than countCap"). It never reads every match, so a common word over a million reports answers in about a
// millisecond; it relies on the full-text doclists being kept newest first
// (migration 002). Words separated by spaces must all occur.
func (s *Store) Search(ctx context.Context, q string, limit, countCap int) (duban.SearchResult, error) {
	var res duban.SearchResult
	q = strings.TrimSpace(q)
	if q == "" {
		return res, duban.Errorf(duban.EINVALID, "search words are empty")
	}
	if utf8.RuneCountInString(q) > duban.MaxQueryRunes {
		return res, duban.Errorf(duban.EINVALID, "search words are longer than %d characters", duban.MaxQueryRunes)
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
		return duban.SearchResult{}, fmt.Errorf("search %q: %w", q, err)
	}
	return res, nil
}

// pageFTS reads each table's matches once, newest first, up to countCap+1
// of them: their number is the total, the first limit are loaded.
func pageFTS(ctx context.Context, tx *sql.Tx, expr string, limit, countCap int, res *duban.SearchResult) error {
	ids, err := docids(ctx, tx, `SELECT docid FROM items_fts WHERE items_fts MATCH ? ORDER BY docid DESC LIMIT ?`, expr, countCap+1)
	if err != nil {
		return err
	}
	if sc := scopeClause(ctx); sc != "" && len(ids) > 0 {
		// Count only what the group may see.
		if ids, err = docids(ctx, tx, `SELECT i.id FROM items i WHERE i.id IN (`+placeholders(len(ids))+`)
			AND i.deleted_at IS NULL`+sc+` ORDER BY i.id DESC`, ids...); err != nil {
			return err
		}
	}
	res.ItemTotal = len(ids)
	if len(ids) > 0 {
		ids = ids[:min(limit, len(ids))]
		res.Items, err = queryItems(ctx, tx, `SELECT `+itemColumns+itemFrom+`WHERE i.id IN (`+placeholders(len(ids))+`)
			AND i.deleted_at IS NULL`+scopeClause(ctx)+` ORDER BY i.plan_id DESC, i.position`, ids...)
		if err != nil {
			return err
		}
	}
	if ids, err = docids(ctx, tx, `SELECT docid FROM progress_fts WHERE progress_fts MATCH ? ORDER BY docid DESC LIMIT ?`, expr, countCap+1); err != nil {
		return err
	}
	if sc := scopeClause(ctx); sc != "" && len(ids) > 0 {
		if ids, err = docids(ctx, tx, `SELECT r.id FROM progress r JOIN items i ON i.id = r.item_id WHERE r.id IN (`+
			placeholders(len(ids))+`) AND i.deleted_at IS NULL`+sc+` ORDER BY r.id DESC`, ids...); err != nil {
			return err
		}
	}
	res.ReportTotal = len(ids)
	if len(ids) > 0 {
		ids = ids[:min(limit, len(ids))]
		res.Reports, err = queryProgress(ctx, tx, `SELECT `+progressColumns+` FROM progress r JOIN items i ON i.id = r.item_id
			WHERE r.id IN (`+placeholders(len(ids))+`) AND i.deleted_at IS NULL`+scopeClause(ctx)+` ORDER BY r.id DESC`, ids...)
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

func pageLike(ctx context.Context, tx *sql.Tx, q string, limit, countCap int, res *duban.SearchResult) error {
	pat := "%" + likeEscape(q) + "%"
	itemsWhere := ` WHERE i.deleted_at IS NULL AND (i.title LIKE ?1 ESCAPE '\' OR i.body LIKE ?1 ESCAPE '\'
		OR i.owner LIKE ?1 ESCAPE '\' OR i.target LIKE ?1 ESCAPE '\') ` + scopeClause(ctx) + ` `
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
	reportsWhere := ` FROM progress r JOIN items i ON i.id = r.item_id
		WHERE r.id > (SELECT COALESCE(MAX(id), 0) FROM progress) - ?3 AND r.text LIKE ?1 ESCAPE '\'
		AND i.deleted_at IS NULL ` + scopeClause(ctx) + ` `
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1`+reportsWhere+`LIMIT ?2)`,
		pat, countCap+1, pageLikeReports).Scan(&res.ReportTotal); err != nil {
		return err
	}
	res.Reports, err = queryProgress(ctx, tx, `SELECT `+progressColumns+reportsWhere+`ORDER BY r.id DESC LIMIT ?2`,
		pat, limit, pageLikeReports)
	return err
}

func reportTitles(ctx context.Context, tx *sql.Tx, res *duban.SearchResult) error {
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
