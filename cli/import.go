package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/handlers"
	"github.com/duban-bot/duban/planimport"
	"github.com/duban-bot/duban/report"
)

// maxPlanNameRunes bounds a plan's name, given or taken from a title.
const maxPlanNameRunes = 100

// runImport is "duban import [--plan 名称] [--year YYYY] [--dry-run] [--json]
// [--db FILE] FILE...".
//
// Each file becomes the plan named by its title (files with the same
// title go into the same plan, in the order given); --plan puts every file
// into the one plan of that name. All files are read and decoded before
// anything is written, so a bad file leaves the database as it was; each
// plan is then written in one transaction. Importing a plan again updates
// its items in place (matched by section code and title), keeping their
// numbers and reports, and says what was added, changed and unchanged.
//
// --dry-run prints the outline that would be imported and --json the
// decoded items as JSON (one array per file, in order); neither opens the
// database.
func runImport(ctx context.Context, m *Program, args []string) error {
	fset := m.flagSet("import", "import [--plan 名称] [--year YYYY] [--dry-run] [--json] [--db FILE] FILE...",
		"Imports the work plan from .docx, .txt, .md, .xlsx or .csv files: one plan per document title (or all into\n--plan). Importing again updates the items in place, keeping their numbers and reports.",
		"duban import --dry-run 2026年工作要点.docx", true)
	planName := fset.String("plan", "", "import every file into the plan of this name (default: each document's title)")
	year := fset.Int("year", 0, "the plan's year (default: the document's)")
	dryRun := fset.Bool("dry-run", false, "print the outline that would be imported; write nothing")
	asJSON := fset.Bool("json", false, "print the decoded items as JSON; write nothing")
	if err := fset.Parse(args); err != nil {
		return err
	}
	lang := m.Config.Language
	files := fset.Args()
	if len(files) == 0 {
		fset.Usage()
		return errors.New(report.Tr(lang, "请给出要导入的文件", "no file to import"))
	}
	if *year != 0 && (*year < 2000 || *year > 2100) {
		return errors.New(report.Tr(lang, fmt.Sprintf("年份 %d 不对，应写成 2026 这样的四位数", *year),
			fmt.Sprintf("--year %d is not a plan year such as 2026", *year)))
	}
	name := strings.TrimSpace(*planName)
	if utf8.RuneCountInString(name) > maxPlanNameRunes {
		return errors.New(report.Tr(lang, fmt.Sprintf("计划名称太长（最多%d个字）", maxPlanNameRunes),
			fmt.Sprintf("the plan name is too long (at most %d characters)", maxPlanNameRunes)))
	}
	loc := m.Loc
	opt := planimport.Options{Year: *year, Now: time.Now().In(loc), MaxBytes: m.Config.Import.MaxBytes}
	docs := make([]*planimport.Document, len(files))
	for i, f := range files {
		var err error
		if docs[i], err = decodeFile(f, opt, lang); err != nil {
			return err
		}
	}
	if *asJSON {
		for _, d := range docs {
			data, err := d.JSON()
			if err != nil {
				return fmt.Errorf("import: %w", err)
			}
			if _, err := fmt.Fprintf(m.Stdout, "%s\n", data); err != nil {
				return err
			}
		}
		return nil
	}
	plans := groupPlans(files, docs, name, *year)
	if *dryRun {
		for _, p := range plans {
			printPlanOutline(m, p, lang)
		}
		return nil
	}
	st, err := m.OpenStore("")
	if err != nil {
		return err
	}
	for _, p := range plans {
		// The audit trail records the import as made from the command line.
		res, err := st.ImportPlan(duban.WithActor(ctx, duban.Actor{Via: "cli"}), p.plan, p.items)
		if err != nil {
			return fmt.Errorf("import %s: %w", strings.Join(p.files, ", "), err)
		}
		fmt.Fprintf(m.Stdout, "%s\n", report.Tr(lang, "文件：", "Files: ")+strings.Join(p.files, ", "))
		fmt.Fprintf(m.Stdout, "%s\n\n", plainHTML(handlers.ImportResultText(res, lang)))
	}
	return nil
}

// decodeFile reads and decodes one plan file, with errors worded for the
// user in lang.
func decodeFile(path string, opt planimport.Options, lang string) (*planimport.Document, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, errors.New(report.Tr(lang, fmt.Sprintf("找不到文件 %s", path), fmt.Sprintf("%s: no such file", path)))
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	case fi.IsDir():
		return nil, errors.New(report.Tr(lang, fmt.Sprintf("%s 是文件夹，请给出文件", path), fmt.Sprintf("%s is a directory, not a file", path)))
	}
	max := opt.MaxBytes
	if max <= 0 {
		max = planimport.DefaultMaxBytes
	}
	if fi.Size() > max {
		return nil, errors.New(path + ": " + strings.TrimRight(handlers.TooLargeText(fi.Size(), max, lang), "。.") +
			report.Tr(lang, "（配置项 import.max_bytes）", " (config import.max_bytes)"))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	doc, err := planimport.Decode(bytes.NewReader(data), filepath.Base(path), opt)
	if err != nil {
		if text, ok := handlers.ImportErrorText(err, lang); ok {
			return nil, errors.New(path + ": " + text)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return doc, nil
}

// planImport is what goes into one plan: the items of one or more files,
// numbered 1..N in order, as store.ImportPlan takes them.
type planImport struct {
	plan  duban.Plan
	files []string
	docs  []*planimport.Document
	items []duban.Item
}

// groupPlans sorts the decoded files into plans: all into name when it is
// given, else by each document's title.
func groupPlans(files []string, docs []*planimport.Document, name string, year int) []*planImport {
	var out []*planImport
	byName := map[string]*planImport{}
	for i, d := range docs {
		n := name
		if n == "" {
			n = handlers.DefaultPlanName(d, filepath.Base(files[i]))
		}
		p := byName[n]
		if p == nil {
			y := year
			if y == 0 {
				y = d.Year
			}
			p = &planImport{plan: duban.Plan{Name: n, Year: y, Source: filepath.Base(files[i])}}
			byName[n] = p
			out = append(out, p)
		} else {
			p.plan.Source += ", " + filepath.Base(files[i])
		}
		p.files = append(p.files, files[i])
		p.docs = append(p.docs, d)
		p.items = append(p.items, handlers.ImportItems(d, len(p.items))...)
	}
	return out
}

// printPlanOutline prints what a plan import would write.
func printPlanOutline(m *Program, p *planImport, lang string) {
	fmt.Fprintf(m.Stdout, "%s\n", report.Tr(lang,
		fmt.Sprintf("计划：《%s》（%d年）", p.plan.Name, p.plan.Year),
		fmt.Sprintf("Plan: “%s” (%d)", p.plan.Name, p.plan.Year)))
	for i, d := range p.docs {
		fmt.Fprintf(m.Stdout, "%s%s\n", report.Tr(lang, "文件：", "File: "), p.files[i])
		if i > 0 {
			fmt.Fprintln(m.Stdout, report.Tr(lang,
				"（此文件的事项接在前面文件之后，导入时编号顺延）",
				"(this file's items follow the previous file's; their numbers continue)"))
		}
		fmt.Fprintln(m.Stdout, d.Outline())
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plainHTML is a Telegram HTML text as a terminal shows it.
func plainHTML(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(s, "")) }
