// Package bigdb builds large duban databases for benchmarks. Big (Path)
// has 100,000 items and 1,000,000 progress reports in realistic bureau
// Chinese, so that two- and four-character searches (安全, 资助, 营养餐费,
// 校园安全) hit a realistic share of rows. Year (PathOf(ctx, Year)) is a
// year of work on 10,000 items: 1,000,000 reports with the audit rows the
// store writes for them, milestones, extensions, edits, evidence and
// deleted items, so that lights, report cycles and the as-of briefing have
// their real work. Building takes a while, so each file is cached in
// os.TempDir() under a name keyed by the database schema, the generator
// version and the spec; a schema change builds a new one.
//
// Rows are written with raw SQL on the store's schema in a few large
// transactions; the full-text rows use store.Tokens exactly as the store
// does, so searches over the big database behave as over a real one.
package bigdb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/duban-bot/duban/store"
	_ "github.com/mattn/go-sqlite3" // the driver store uses
)

// Sizes of the big database (Big).
const (
	Items   = 100_000
	Reports = 1_000_000
	Plans   = 10
)

// generatorVersion changes when the generated content changes.
const generatorVersion = "1"

// Today is the day the big database is about: deadlines and reports are
// spread around it. Benchmarks pin their clock to it.
var Today = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)

// ChatID is a group that benchmarks may treat as served.
const ChatID = int64(-1009999)

// Path returns the cached big database (Big), building it first when
// missing. The returned file is shared: open it with store.Open and do not
// delete it; handlers' bookkeeping writes (a chat and a user row) are
// harmless.
func Path(ctx context.Context) (string, error) { return PathOf(ctx, Big) }

// PathOf returns the cached database of spec, building it first when
// missing; see Path. Processes that ask for the same database at once
// (go test runs packages in parallel) build it once: the others wait.
func PathOf(ctx context.Context, spec Spec) (string, error) {
	if err := spec.validate(); err != nil {
		return "", err
	}
	key, err := schemaKey(spec)
	if err != nil {
		return "", err
	}
	path := filepath.Join(os.TempDir(), "duban-bigdb-"+key+".db")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	unlock, err := lock(path + ".lock")
	if err != nil {
		return "", fmt.Errorf("build big database: %w", err)
	}
	defer unlock()
	if _, err := os.Stat(path); err == nil {
		return path, nil // built while we waited
	}
	tmp := fmt.Sprintf("%s.build-%d", path, os.Getpid())
	defer os.Remove(tmp)
	if err := build(ctx, tmp, spec); err != nil {
		return "", fmt.Errorf("build big database: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("build big database: %w", err)
	}
	return path, nil
}

// lock takes an exclusive lock on the file at path, waiting for it.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// schemaKey hashes the schema an empty store creates, with the generator
// version and, but for Big, the spec.
func schemaKey(spec Spec) (string, error) {
	dir, err := os.MkdirTemp("", "duban-schema-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(filepath.Join(dir, "s.db"))
	if err != nil {
		return "", err
	}
	st.Close()
	db, err := sql.Open("sqlite3", filepath.Join(dir, "s.db"))
	if err != nil {
		return "", err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT type, name, COALESCE(sql, '') FROM sqlite_master ORDER BY type, name`)
	if err != nil {
		return "", fmt.Errorf("read schema: %w", err)
	}
	defer rows.Close()
	h := sha256.New()
	h.Write([]byte(generatorVersion))
	if spec != Big {
		fmt.Fprintf(h, "%s\x00%+v\x00", historyVersion, spec)
	}
	for rows.Next() {
		var typ, name, text string
		if err := rows.Scan(&typ, &name, &text); err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", typ, name, text)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func build(ctx context.Context, path string, spec Spec) error {
	os.Remove(path)
	st, err := store.Open(path) // creates the schema through the migrations
	if err != nil {
		return err
	}
	st.Close()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=OFF&_synchronous=OFF&_foreign_keys=off")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if spec.History {
		return newHistory(spec).build(ctx, db)
	}
	g := newGen(spec)
	if err := g.items(ctx, db); err != nil {
		return err
	}
	if err := g.reports(ctx, db); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `UPDATE items SET last_report_at =
		(SELECT MAX(created_at) FROM progress WHERE item_id = items.id)`); err != nil {
		return fmt.Errorf("last report times: %w", err)
	}
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		return err
	}
	return nil
}

// batch runs fn in transactions of n calls each.
func batch(ctx context.Context, db *sql.DB, total, n int, stmts []string, fn func(i int, st []*sql.Stmt) error) error {
	for start := 0; start < total; start += n {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		prepared := make([]*sql.Stmt, len(stmts))
		for k, q := range stmts {
			if prepared[k], err = tx.PrepareContext(ctx, q); err != nil {
				tx.Rollback()
				return err
			}
		}
		for i := start; i < min(start+n, total); i++ {
			if err := fn(i, prepared); err != nil {
				tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// gen generates the content, deterministically.
type gen struct {
	spec     Spec
	r        *rand.Rand
	itemDays []int  // per item id-1: deadline as days from spec.Today, or noDeadline
	sections []bool // per item id-1: a section
	owners   []string
}

const noDeadline = 1 << 30

func newGen(spec Spec) *gen {
	g := &gen{spec: spec, r: rand.New(rand.NewPCG(2026, 1))}
	g.owners = append(g.owners, departments...)
	for i := 1; i <= 40; i++ {
		g.owners = append(g.owners, fmt.Sprintf("%s%s", places[i%len(places)], schoolKinds[i%len(schoolKinds)]))
	}
	return g
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// items writes spec.Plans plans of spec.Items/spec.Plans items: sections
// of about 50 tasks each.
func (g *gen) items(ctx context.Context, db *sql.DB) error {
	nItems, nPlans, today := g.spec.Items, g.spec.Plans, g.spec.Today
	now := today.UnixMilli()
	for p := 1; p <= nPlans; p++ {
		year := 2026 - nPlans + p
		if _, err := db.ExecContext(ctx, `INSERT INTO plans (id, name, year, source, created_at) VALUES (?, ?, ?, 'bigdb', ?)`,
			p, fmt.Sprintf("%d年某县教育工作要点（第%d批）", year, p), year, now); err != nil {
			return err
		}
	}
	perPlan := nItems / nPlans
	g.itemDays = make([]int, nItems)
	g.sections = make([]bool, nItems)
	var section int64
	var top int64
	return batch(ctx, db, nItems, 20_000, []string{
		`INSERT INTO items (id, plan_id, number, code, parent_id, top_id, kind, title, body, owner, partners, deadline,
			deadline_text, target, status, percent, position, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO items_fts (docid, tokens) VALUES (?, ?)`,
		`INSERT OR IGNORE INTO item_partners (name, item_id) VALUES (?, ?)`,
	}, func(i int, st []*sql.Stmt) error {
		id := int64(i + 1)
		plan := i/perPlan + 1
		pos := i%perPlan + 1
		if pos%50 == 1 { // a section every 50 items
			section, top = id, id
			title := g.pick(sectionTitles)
			g.sections[i] = true
			g.itemDays[i] = noDeadline
			code := fmt.Sprintf("%d", pos/50+1)
			if _, err := st[0].ExecContext(ctx, id, plan, id, code, nil, nil, "section", title, "", "", "", nil, "", "", "todo", 0, pos, now, now); err != nil {
				return err
			}
			_, err := st[1].ExecContext(ctx, id, store.Tokens(title))
			return err
		}
		title := g.pick(verbs) + g.pick(topics) + g.pick(actions)
		body := g.pick(topics) + "方面，" + g.pick(bodies)
		owner := g.pick(g.owners)
		partners := ""
		if g.r.IntN(3) == 0 {
			partners = g.pick(departments) + "、" + g.pick(departments)
		}
		target := g.pick(targets)
		// Deadlines over the plan's year; the last plan is the current one.
		year := 2026 - nPlans + plan
		deadline := time.Date(year, time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28), 0, 0, 0, 0, time.UTC)
		days := int(deadline.Sub(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)).Hours() / 24)
		status, percent := "todo", 0
		switch {
		case days < 0 && g.r.IntN(100) < 97: // past deadlines are mostly done
			status, percent = "done", 100
		case days < 0:
			status, percent = "doing", 10*(1+g.r.IntN(9))
		case g.r.IntN(3) == 0:
			status, percent = "doing", 10*(1+g.r.IntN(9))
		}
		if g.r.IntN(50) == 0 {
			status = "cancelled"
		}
		g.itemDays[i] = days
		dtext := fmt.Sprintf("%d月%d日前", int(deadline.Month()), deadline.Day())
		if _, err := st[0].ExecContext(ctx, id, plan, id, fmt.Sprintf("%d.%d", pos/50+1, pos%50), section, top, "task",
			title, body, owner, partners, deadline.Format(time.DateOnly), dtext, target, status, percent, pos, now, now); err != nil {
			return err
		}
		if partners != "" {
			for _, p := range strings.Split(partners, "、") {
				if _, err := st[2].ExecContext(ctx, p, id); err != nil {
					return err
				}
			}
		}
		text := strings.Join([]string{title, body, owner, partners, target, dtext}, " ")
		_, err := st[1].ExecContext(ctx, id, store.Tokens(text))
		return err
	})
}

// reports writes spec.Reports progress reports on random tasks, oldest
// first, over the two years before spec.Today.
func (g *gen) reports(ctx context.Context, db *sql.DB) error {
	nItems, nReports, today := g.spec.Items, g.spec.Reports, g.spec.Today
	start := today.Add(-2 * 365 * 24 * time.Hour).UnixMilli()
	step := (today.UnixMilli() - start) / int64(nReports)
	return batch(ctx, db, nReports, 100_000, []string{
		`INSERT INTO progress (id, item_id, chat_id, user_id, user_name, text, percent, done, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO progress_fts (docid, tokens) VALUES (?, ?)`,
	}, func(i int, st []*sql.Stmt) error {
		item := g.r.IntN(nItems)
		for g.sections[item] {
			item = g.r.IntN(nItems)
		}
		text := g.pick(reportLeads) + g.pick(topics) + g.pick(reportMiddles) + g.pick(reportTails)
		var percent any
		if g.r.IntN(2) == 0 {
			percent = 10 * g.r.IntN(11)
		}
		user := 1 + g.r.IntN(300)
		at := start + int64(i)*step + g.r.Int64N(step)
		if _, err := st[0].ExecContext(ctx, i+1, item+1, ChatID, user, g.pick(names), text, percent, 0, at); err != nil {
			return err
		}
		_, err := st[1].ExecContext(ctx, i+1, store.Tokens(text))
		return err
	})
}
