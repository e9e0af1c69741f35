package e2e

import (
	"os"
	"strings"
	"testing"
)

// runMain runs duban with args and stdin as the real binary would, in
// process, on the default configuration, and returns what it printed.
func runMain(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	out, _, err := runWith(t, writeConfig(t), stdin, args...)
	return out, err
}

// writeConfig writes an empty config file: the defaults, whatever
// config.yaml the working directory holds.
func writeConfig(t *testing.T) string {
	t.Helper()
	path := t.TempDir() + "/config.yaml"
	if err := writeFile(path, "language: zh\n"); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConsoleDemo(t *testing.T) {
	out, err := runMain(t, "/due\n本周到期的任务\n/item 1\n#3 进度50%\n逾期\n今天开会吗\n", "console", "--demo")
	if err != nil {
		t.Fatal(err)
	}
	replies := strings.Split(strings.TrimSpace(out), "\n\n")
	joined := strings.Join(replies, "\n\n")
	for _, want := range []string{
		"未来7天（", // /due
		"本周（",   // 本周到期的任务
		"#14 各校完成本学期教学常规自查并报送自查报告", // due today, in both lists
		"#1 一 坚持党建引领，提升机关效能",       // /item 1
		"已完成0项，未完成5项",              // the section's counts
		"已记录进展，#3 进度更新为50%",        // #3 进度50%
		"逾期未完成的任务（共8项）",            // 逾期
		"#2 制定局机关年度党建工作要点并印发执行",    // an overdue item
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("console output lacks %q", want)
		}
	}
	if strings.Contains(out, "<b>") || strings.Contains(out, "&lt;") {
		t.Errorf("HTML left in console output:\n%s", out)
	}
	if strings.Contains(out, "督办控制台") {
		t.Error("welcome printed to a pipe")
	}
	if strings.Contains(out, "今天开会") {
		t.Error("chatter answered")
	}
}

func TestConsoleButtons(t *testing.T) {
	out, err := runMain(t, "/delete 3\n删除 #3\n/item 3\n", "console", "--demo", "--admin")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[删除 #3] [取消]", "已删除 #3", "没有编号为 #3 的事项"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSubcommands(t *testing.T) {
	out, err := runMain(t, "", "version")
	if err != nil || strings.TrimSpace(out) != "duban dev" {
		t.Errorf("version: %q, %v", out, err)
	}
	out, err = runMain(t, "", "help")
	if err != nil || !strings.Contains(out, "console") || !strings.Contains(out, "version") {
		t.Errorf("help: %q, %v", out, err)
	}
	if _, err := runMain(t, "", "nosuch"); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: %v", err)
	}
	if _, err := runMain(t, "", "console", "--demo", "--db", "x.db"); err == nil {
		t.Error("--demo with --db accepted")
	}
}

func writeFile(path, body string) error { return os.WriteFile(path, []byte(body), 0o600) }
