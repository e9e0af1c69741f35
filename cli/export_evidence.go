package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/evidence"
	"github.com/duban-bot/duban/report"
	"github.com/duban-bot/duban/store"
)

// evidenceDownloader fetches a file Telegram holds (*bot.Bot).
type evidenceDownloader interface {
	Download(ctx context.Context, fileID string, max int64) ([]byte, error)
}

// exportEvidence is "duban export --evidence DIR": the evidence of every
// item (of plan, when named) laid out for the year-end inspection in the
// new or empty folder dir, one folder per item ("#12 标题/"). Each piece is
// copied from its local copy under evidence.dir when there is one, else
// downloaded from Telegram when a bot token is configured, else only
// listed; the index (清单.csv) lists every piece and where it went.
func exportEvidence(ctx context.Context, m *Program, st *store.Store, dir, plan string) error {
	if err := emptyFolder(dir); err != nil {
		return fmt.Errorf("export --evidence: %w", err)
	}
	list, err := st.AllEvidence(ctx)
	if err != nil {
		return fmt.Errorf("export --evidence: %w", err)
	}
	titles, err := evidenceTitles(ctx, st, list, plan)
	if err != nil {
		return err
	}
	c := m.Config.Evidence
	var local *evidence.Dir
	if c.Dir != "" {
		local = evidence.New(c.Dir, m.Loc)
	}
	var tg evidenceDownloader
	if tok := strings.TrimSpace(m.Config.Telegram.Token); tok != "" {
		b, err := bot.New(bot.Options{Token: tok, APIURL: m.Config.Telegram.APIURL}, st, m.Logger.With("component", "bot"))
		if err != nil {
			return fmt.Errorf("export --evidence: %w", err)
		}
		tg = b
	}
	lang := m.Config.Language
	var (
		rows                      []report.EvidenceIndexRow
		copied, fetched, unloaded int
		items                     = map[int]bool{}
	)
	for _, ev := range list {
		title, ok := titles[ev.ItemNumber]
		if !ok {
			continue // another plan's
		}
		items[ev.ItemNumber] = true
		row := report.EvidenceIndexRow{Evidence: ev, Title: title}
		folder := evidence.ItemFolder(ev.ItemNumber, title)
		name := evidence.FileName(ev, m.Loc)
		if ev.LocalPath != "" {
			name = filepath.Base(filepath.FromSlash(ev.LocalPath))
		}
		write := func(r io.Reader) error {
			got, err := evidence.WriteFile(filepath.Join(dir, folder), name, r)
			row.File = folder + "/" + got
			return err
		}
		switch copiedFrom, err := copyLocal(local, ev, write); {
		case err != nil:
			return fmt.Errorf("export --evidence: %w", err)
		case copiedFrom:
			copied++
		case tg != nil:
			data, err := tg.Download(ctx, ev.FileID, c.MaxBytes())
			if err != nil {
				m.Logger.Warn("download evidence", "item", ev.ItemNumber, "evidence", ev.ID, "err", err)
				row.Note = report.Tr(lang, "下载失败："+err.Error(), "download failed: "+err.Error())
				unloaded++
				break
			}
			if err := write(bytes.NewReader(data)); err != nil {
				return fmt.Errorf("export --evidence: %w", err)
			}
			fetched++
		default:
			row.Note = report.Tr(lang, "未导出：没有本地副本（evidence.dir），也没有配置机器人令牌", "not exported: no local copy (evidence.dir) and no bot token")
			unloaded++
		}
		rows = append(rows, row)
	}
	index, err := report.EvidenceIndexCSV(rows, m.Loc, lang)
	if err != nil {
		return err
	}
	indexName := report.Tr(lang, "清单.csv", "index.csv")
	if err := writeFileAtomic(filepath.Join(dir, indexName), index); err != nil {
		return fmt.Errorf("export --evidence: %w", err)
	}
	fmt.Fprintf(m.Stdout, "wrote the evidence of %d items to %s: %d pieces copied, %d downloaded, %d listed only (see %s)\n",
		len(items), dir, copied, fetched, unloaded, indexName)
	return nil
}

// copyLocal copies ev's local copy through write; it reports false when
// there is none to copy (no evidence.dir, none kept, or gone since).
func copyLocal(local *evidence.Dir, ev duban.Evidence, write func(io.Reader) error) (bool, error) {
	if local == nil || ev.LocalPath == "" {
		return false, nil
	}
	path, err := local.Path(ev.LocalPath)
	if err != nil {
		return false, nil // not a path the store should hold: download instead
	}
	f, err := os.Open(path)
	if err != nil {
		return false, nil
	}
	defer f.Close()
	return true, write(f)
}

// evidenceTitles returns the titles of the items the evidence is about,
// by number: those of plan when it is named (ENOTFOUND when there is no
// such plan), else all.
func evidenceTitles(ctx context.Context, st *store.Store, list []duban.Evidence, plan string) (map[int]string, error) {
	var planID int64
	if plan != "" {
		plans, err := st.Plans(ctx)
		if err != nil {
			return nil, fmt.Errorf("export --evidence: %w", err)
		}
		for _, p := range plans {
			if p.Name == plan {
				planID = p.ID
			}
		}
		if planID == 0 {
			return nil, fmt.Errorf("export: there is no plan named %q; %s", plan, planNames(ctx, st, report.LangEN))
		}
	}
	titles := map[int]string{}
	for _, ev := range list {
		if _, ok := titles[ev.ItemNumber]; ok {
			continue
		}
		it, err := st.Item(ctx, ev.ItemNumber)
		if err != nil {
			return nil, fmt.Errorf("export --evidence: %w", err)
		}
		if planID == 0 || it.PlanID == planID {
			titles[it.Number] = it.Title
		}
	}
	return titles, nil
}

// emptyFolder makes dir (0700) when missing and refuses one that holds
// anything: an export never mixes with older files.
func emptyFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o700)
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty: give a new or empty folder", dir)
	}
	return nil
}
