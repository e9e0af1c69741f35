package cli

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// module is this module's path; imports under it are "ours".
const module = "github.com/duban-bot/duban"

// allowedImports is the house's import graph: for each package, the
// packages of ours it may import (non-test files). Arrows point one way,
// toward duban/, which imports nothing of ours; only cli knows the
// adapters (store, bot, llm, config, ops). README's Layout section draws
// the same graph. A package missing here fails the test: add it, and to
// the README.
var allowedImports = map[string][]string{
	".":          {"cli"},
	"cli":        {"*"},
	"duban":      {},
	"zhnum":      {},
	"zhdate":     {"zhnum"},
	"holiday":    {"duban"},
	"chart":      {},
	"access":     {"duban"},
	"planimport": {"duban", "zhdate", "zhnum"},
	"report":     {"duban", "chart"},
	"summary":    {"duban", "report"},
	"handlers":   {"duban", "report", "summary", "planimport", "zhdate", "zhnum"},
	"scheduler":  {"duban", "report", "holiday"},
	"console":    {"duban"},
	"demo":       {"duban"},
	"store":      {"duban"},
	"bot":        {"duban"},
	"llm":        {"duban", "zhnum"},
	"ops":        {"duban"},
	"config":     {"duban", "chart"},
	"evidence":   {"duban"},
	// Test support: fakes of Telegram and the model, the benchmark database.
	"internal/tgfake":     {},
	"internal/openaifake": {},
	"internal/bigdb":      {"duban", "store"},
}

func TestImportGraph(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	pkgs := map[string]map[string]bool{} // package dir -> our imports
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		if pkgs[rel] == nil {
			pkgs[rel] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			p := strings.Trim(imp.Path.Value, `"`)
			if p == module {
				pkgs[rel]["."] = true
			} else if ours, ok := strings.CutPrefix(p, module+"/"); ok {
				pkgs[rel][ours] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for p := range pkgs {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		allowed, ok := allowedImports[p]
		if !ok {
			t.Errorf("package %s is not in the import graph (allowedImports, README's Layout): add it", p)
			continue
		}
		for imp := range pkgs[p] {
			switch {
			case imp == "cli" && p != ".":
				t.Errorf("%s imports cli: nothing but main.go may", p)
			case slices.Contains(allowed, "*"), slices.Contains(allowed, imp):
			default:
				t.Errorf("%s imports %s, which it must not (allowed: %v)", p, imp, allowed)
			}
		}
	}
}
