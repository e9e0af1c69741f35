package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/duban-bot/duban/store"
)

// cliPlan is a small plan as an office would write it.
const cliPlan = `城关镇教育办2026年下半年重点工作

一、校园安全
（一）开展校园安全隐患排查，12月20日前完成全部学校排查。（牵头单位：安全稳定科）
（二）完成营养餐供餐招标，年内完成。（牵头单位：督导室）
二、教师队伍
（一）组织新教师岗前培训，12月1日前完成。（牵头单位：教师发展中心；配合单位：人事科）
`

// importRun runs "duban import args..." in process with config as the
// configuration file, and returns what it printed and its error.
func importRun(t *testing.T, config string, args ...string) (string, error) {
	t.Helper()
	out, _, err := runConfig(t, config, append([]string{"import"}, args...)...)
	return out, err
}

// planFile writes a file into dir and returns its path.
func planFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func openDB(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestImportDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	file := planFile(t, dir, "plan.txt", []byte(cliPlan))
	out, err := importRun(t, "language: zh\n", "--dry-run", "--db", db, file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"计划：《城关镇教育办2026年下半年重点工作》（2026年）",
		"共2个部分、3项任务；3项有牵头单位，3项有时限",
		"#1 一 校园安全",
		"  #2 一.(一) 开展校园安全隐患排查，12月20日前完成全部学校排查｜牵头：安全稳定科｜时限：12月20日前(2026-12-20)",
		"#5 二.(一) 组织新教师岗前培训｜牵头：教师发展中心｜配合：人事科",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("dry run created the database: %v", err)
	}
}

func TestImportJSON(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	out, err := importRun(t, "language: zh\n", "--json", "--db", db, planFile(t, dir, "plan.txt", []byte(cliPlan)))
	if err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	if len(items) != 5 {
		t.Fatalf("%d items, want 5", len(items))
	}
	for _, key := range []string{"number", "code", "title", "owner", "partners", "deadline", "deadline_text", "target", "parent"} {
		for i, it := range items {
			if _, ok := it[key]; !ok {
				t.Errorf("item %d has no %q: %v", i+1, key, it)
			}
		}
	}
	sec, task := items[0], items[4]
	if sec["number"] != 1.0 || sec["code"] != "一" || sec["deadline"] != nil || sec["parent"] != nil {
		t.Errorf("section %v", sec)
	}
	if task["number"] != 5.0 || task["parent"] != 4.0 || task["owner"] != "教师发展中心" || task["deadline"] != "2026-12-01" ||
		task["deadline_text"] != "12月1日前" || len(task["partners"].([]any)) != 1 || task["partners"].([]any)[0] != "人事科" {
		t.Errorf("task %v", task)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("--json created the database: %v", err)
	}
}

func TestImportTwiceAndChanged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	file := planFile(t, dir, "plan.txt", []byte(cliPlan))
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"first", cliPlan, []string{"已导入《城关镇教育办2026年下半年重点工作》（2026年）：新增5项，修改0项，未变0项", "新增：#1–#5"}},
		{"again", cliPlan, []string{"新增0项，修改0项，未变5项", "没有任何改动"}},
		{"owner changed", strings.Replace(cliPlan, "牵头单位：督导室", "牵头单位：计划财务科", 1), []string{"新增0项，修改1项，未变4项", "修改：#3"}},
		{"task added", strings.Replace(cliPlan, "牵头单位：督导室", "牵头单位：计划财务科", 1) + "（二）开展班主任能力提升培训，11月底前完成。（牵头单位：人事科）\n", []string{"新增1项，修改0项，未变5项", "新增：#6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			planFile(t, dir, "plan.txt", []byte(tt.text))
			out, err := importRun(t, "language: zh\n", "--db", db, file)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	st := openDB(t, db)
	it, err := st.Item(context.Background(), 6)
	if err != nil || it.Owner != "人事科" || it.ParentNumber != 4 {
		t.Errorf("#6 %+v, %v", it, err)
	}
	if it, _ := st.Item(context.Background(), 3); it.Owner != "计划财务科" {
		t.Errorf("#3 owner %q", it.Owner)
	}
}

func TestImportEncodingsAndFormats(t *testing.T) {
	dir := t.TempDir()
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(cliPlan))
	if err != nil {
		t.Fatal(err)
	}
	xlsx := ledgerWorkbook(t)
	tests := []struct {
		name, file string
		data       []byte
		plan       string
		item       int
		title      string
		owner      string
		due        string
	}{
		{"GB18030 text", "plan_gbk.txt", gb, "城关镇教育办2026年下半年重点工作", 2, "开展校园安全隐患排查，12月20日前完成全部学校排查", "安全稳定科", "2026-12-20"},
		{"Excel ledger", "台账.xlsx", xlsx, "某区教育局2026年重点工作任务台账", 2, "完成校舍安全隐患排查并建立整改清单", "后勤保障中心", "2026-06-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "duban.db")
			out, err := importRun(t, "language: zh\n", "--db", db, planFile(t, dir, tt.file, tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, "已导入《"+tt.plan+"》") {
				t.Errorf("output:\n%s", out)
			}
			it, err := openDB(t, db).Item(context.Background(), tt.item)
			if err != nil || it.Title != tt.title || it.Owner != tt.owner || it.Deadline.String() != tt.due {
				t.Errorf("#%d = %+v, %v", tt.item, it, err)
			}
		})
	}
}

// ledgerWorkbook builds a small ledger (台账) as offices keep it in Excel.
func ledgerWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"某区教育局2026年重点工作任务台账"},
		{"序号", "工作任务", "牵头单位", "配合单位", "完成时限", "目标"},
		{"", "一、安全稳定"},
		{1, "完成校舍安全隐患排查并建立整改清单", "后勤保障中心", "各学校", "6月底前", "排查覆盖率100%"},
		{2, "建成校园视频监控平台", "装备中心", "", "2026-09-30", ""},
		{"", "二、教育质量"},
		{3, "开展义务教育质量监测", "教研室", "基教股", "10月31日前", ""},
	}
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportSeveralFiles(t *testing.T) {
	dir := t.TempDir()
	a := planFile(t, dir, "a.txt", []byte(cliPlan))
	b := planFile(t, dir, "b.txt", []byte("2026年督导室工作计划\n一、督导评估\n1.开展中小学办学水平督导评估，11月底前完成。（牵头单位：督导室）\n"))

	db := filepath.Join(dir, "each.db")
	out, err := importRun(t, "language: zh\n", "--db", db, a, b)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"已导入《城关镇教育办2026年下半年重点工作》（2026年）：新增5项", "已导入《2026年督导室工作计划》（2026年）：新增2项", "新增：#6、#7"} {
		if !strings.Contains(out, w) {
			t.Errorf("one plan per file: output lacks %q:\n%s", w, out)
		}
	}

	db = filepath.Join(dir, "one.db")
	out, err = importRun(t, "language: zh\n", "--db", db, "--plan", "2027年重点工作", "--year", "2027", a, b)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "已导入《2027年重点工作》（2027年）：新增7项") || !strings.Contains(out, "新增：#1–#7") {
		t.Errorf("--plan: %s", out)
	}
	st := openDB(t, db)
	plans, err := st.Plans(context.Background())
	if err != nil || len(plans) != 1 || plans[0].Year != 2027 || plans[0].Source != "a.txt, b.txt" {
		t.Fatalf("plans %+v, %v", plans, err)
	}
	// The second file's task hangs under the second file's section, and the
	// deadlines are in 2027.
	it, err := st.Item(context.Background(), 7)
	if err != nil || it.ParentNumber != 6 || it.Deadline.String() != "2027-11-30" {
		t.Errorf("#7 %+v, %v", it, err)
	}
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	good := planFile(t, dir, "plan.txt", []byte(cliPlan))
	big := planFile(t, dir, "big.txt", []byte(cliPlan+strings.Repeat("（三）开展教师业务培训。（牵头单位：人事科）\n", 30)))
	tests := []struct {
		name   string
		config string
		args   []string
		want   string
	}{
		{"missing file", "language: zh\n", []string{filepath.Join(dir, "nosuch.docx")}, "找不到文件"},
		{"missing file in English", "language: en\n", []string{filepath.Join(dir, "nosuch.docx")}, "no such file"},
		{"a directory", "language: zh\n", []string{dir}, "是文件夹"},
		{"too large", "language: zh\nimport:\n  max_bytes: 1024\n", []string{big}, "文件太大（2 KB），导入上限是 1 KB（配置项 import.max_bytes）"},
		{"too large in English", "language: en\nimport:\n  max_bytes: 1024\n", []string{big}, "The file is too large (2 KB): the import limit is 1 KB (config import.max_bytes)"},
		{"a PDF", "language: zh\n", []string{planFile(t, dir, "plan.pdf", []byte("%PDF-1.7"))}, "不支持 PDF 文件"},
		{"an image", "language: en\n", []string{planFile(t, dir, "plan.png", []byte("\x89PNG...."))}, "This file format is not supported"},
		{"a broken docx", "language: zh\n", []string{planFile(t, dir, "plan.docx", []byte("PK\x03\x04junk"))}, "不是有效的 Word 文档"},
		{"one bad file among good ones", "language: zh\n", []string{good, filepath.Join(dir, "nosuch.txt")}, "找不到文件"},
		{"no file", "language: zh\n", nil, "请给出要导入的文件"},
		{"a bad year", "language: zh\n", []string{"--year", "26", good}, "年份 26 不对"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "duban.db")
			_, err := importRun(t, tt.config, append([]string{"--db", db}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
			if _, err := os.Stat(db); !os.IsNotExist(err) {
				t.Errorf("a failed import created the database: %v", err)
			}
		})
	}
}

func TestConsoleImport(t *testing.T) {
	// Next year's plan: the console's clock is the real one, and a plan
	// whose deadlines are past is a doubt, with another button.
	name := fmt.Sprintf("城关镇教育办%d年下半年重点工作", time.Now().Year()+1)
	plan := strings.ReplaceAll(cliPlan, "城关镇教育办2026年下半年重点工作", name)
	file := planFile(t, t.TempDir(), "plan.txt", []byte(plan))
	out, err := runMain(t, "/import "+file+"\n导入\n/due 本月\n/deadline 3 9月底前\n", "console", "--demo", "--admin")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"导入预览：《" + name + "》", "[导入] [取消]", "已导入《" + name + "》", "#3 时限改为 9月30日（9月底前）"} {
		if !strings.Contains(out, want) {
			t.Errorf("console lacks %q:\n%s", want, out)
		}
	}
	out, err = runMain(t, "/import "+file+"\n/import /no/such/plan.txt\n", "console", "--demo")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "只有计划管理员可以使用 /import") || !strings.Contains(out, "找不到文件 /no/such/plan.txt") {
		t.Errorf("console as a member:\n%s", out)
	}
}
