package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/cli"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/openaifake"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/store"
)

// seedSummaryDB writes a plan with reports in October 2026 to a database
// file and returns its path.
//
//	#1 一 校园安全
//	  #2 开展校园安全隐患排查  安全稳定科  reported on 10-09 and 10-20
//	  #3 完成营养餐供餐招标    督导室      reported on 10-15
func seedSummaryDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "duban.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	p := duban.Plan{Name: "2026年教育工作要点", Year: 2026}
	if err := st.CreatePlan(ctx, &p); err != nil {
		t.Fatal(err)
	}
	for _, it := range []duban.Item{
		{Kind: duban.KindSection, Title: "校园安全"},
		{Kind: duban.KindTask, ParentNumber: 1, Title: "开展校园安全隐患排查", Owner: "安全稳定科"},
		{Kind: duban.KindTask, ParentNumber: 1, Title: "完成营养餐供餐招标", Owner: "督导室"},
	} {
		it.PlanID = p.ID
		if err := st.CreateItem(ctx, &it); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []struct {
		n       int
		at      string
		text    string
		percent int
	}{
		{2, "2026-10-09T02:00:00Z", "#2 排查学校38所，发现隐患12处", duban.NoPercent},
		{3, "2026-10-15T02:00:00Z", "招标文件已挂网", duban.NoPercent},
		{2, "2026-10-20T02:00:00Z", "隐患已整改9处，进度75%", 75},
	} {
		at, _ := time.Parse(time.RFC3339, r.at)
		pr := duban.Progress{ItemNumber: r.n, UserName: "张敏", Text: r.text, Percent: r.percent, CreatedAt: at}
		if _, _, err := st.AddProgress(ctx, &pr, 0); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// summaryConfig writes a configuration with the database and, when model
// is set, the model's llm section.
func summaryConfig(t *testing.T, db string, model *openaifake.Server, extra string) string {
	t.Helper()
	body := fmt.Sprintf("db: %s\n", db)
	if model != nil {
		body += fmt.Sprintf("llm:\n  base_url: %s\n  model: test-model\n  timeout: 2s\n  cooldown: 30s\n", model.BaseURL())
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := writeFile(path, body+extra); err != nil {
		t.Fatal(err)
	}
	return path
}

// runWith runs duban with a configuration file and stdin and returns what
// it printed.
func runWith(t *testing.T, cfg, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := cli.NewProgram()
	m.Stdin, m.Stdout, m.Stderr = strings.NewReader(stdin), &out, &errOut
	m.Getenv = func(string) string { return "" }
	ctx := context.Background()
	err := m.ParseFlags(ctx, append([]string{"--config", cfg}, args...))
	if err == nil {
		err = m.Run(ctx)
	}
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	return out.String(), errOut.String(), err
}

func TestSummaryCommand(t *testing.T) {
	const good = "10月，#2开展校园安全隐患排查共排查学校38所，发现隐患12处，已整改9处，进度75%。"
	tests := []struct {
		name   string
		script []openaifake.Step // none: no model configured
		extra  string
		args   []string
		want   []string
		not    []string
		err    string
		calls  int
	}{
		{name: "an item's draft", script: []openaifake.Step{openaifake.Reply(good)}, args: []string{"--item", "2"}, calls: 1,
			want: []string{"📝 工作总结草稿 · #2 开展校园安全隐患排查\n\n" + good + "\n\n以上由模型只依据报送记录起草"},
			not:  []string{"【待核实】", "<b>", "&lt;"}},
		{name: "an invented figure", script: []openaifake.Step{openaifake.Reply("#2已整改15处。")}, args: []string{"--item", "2"}, calls: 1,
			want: []string{"#2已整改15处【待核实】。", "⚠️ 有1处数字需要核实"}},
		{name: "model down", script: []openaifake.Step{openaifake.Fail(http.StatusServiceUnavailable, false)}, args: []string{"--item", "2"}, calls: 2,
			want: []string{"模型暂不可用，以下为根据记录生成的摘要。\n\n本次总结范围为#2 开展校园安全隐患排查", "报送2次", "目前进度75%",
				"\n\n以上为模板摘要"}},
		{name: "no model: the template", args: []string{"--item", "2"},
			want: []string{"📝 工作总结（模板摘要） · #2 开展校园安全隐患排查\n\n本次总结范围为#2 开展校园安全隐患排查",
				"\n\n未配置模型，以上为模板摘要"},
			not: []string{"模型暂不可用", "“"}},
		{name: "a unit's month", script: []openaifake.Step{openaifake.Reply("10月，督导室推进#3，招标文件已挂网。")},
			args: []string{"--owner", "督导室", "--month", "2026-10", "--detailed"}, calls: 1,
			want: []string{"📝 工作总结草稿 · 督导室 · 2026年10月\n\n10月，督导室推进#3，招标文件已挂网。"}},
		{name: "english", script: []openaifake.Step{openaifake.Reply("#2 fixed 9 of 12 hazards and reached 80%.")}, extra: "language: en\n",
			args: []string{"--item", "2"}, calls: 1,
			want: []string{"📝 Draft work summary · #2", "reached 80% [unverified].", "1 figure needs checking"}},
		{name: "missing item", args: []string{"--item", "9"}, err: "没有编号为 #9 的事项"},
		{name: "missing item in English", extra: "language: en\n", args: []string{"--item", "9"}, err: "there is no item #9"},
		{name: "unknown unit", args: []string{"--owner", "教研室"}, err: "没有找到单位“教研室”；已知单位：安全稳定科、督导室"},
		{name: "unknown unit in English", extra: "language: en\n", args: []string{"--owner", "教研室"}, err: "no unit matches \"教研室\"; known units: 安全稳定科, 督导室"},
		{name: "item and unit", args: []string{"--item", "2", "--owner", "督导室"}, err: "--item 和 --owner 只能选一个"},
		{name: "bad month", args: []string{"--month", "2026/10"}, err: "--month 要写成 YYYY-MM"},
		{name: "bad month in English", extra: "language: en\n", args: []string{"--month", "2026/10"}, err: "--month must be YYYY-MM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var model *openaifake.Server
			if len(tt.script) > 0 {
				model = openaifake.New(t, tt.script...)
			}
			cfg := summaryConfig(t, seedSummaryDB(t), model, tt.extra)
			out, _, err := runWith(t, cfg, "", append([]string{"summary"}, tt.args...)...)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
			if model != nil && model.Calls() != tt.calls {
				t.Errorf("%d calls to the model, want %d", model.Calls(), tt.calls)
			}
			if model != nil && tt.name == "a unit's month" {
				if sys := model.Requests()[0].Messages[0].Content; !strings.Contains(sys, "约400–800字") {
					t.Error("--detailed did not ask for the longer draft")
				}
			}
		})
	}
}

// TestConsoleSummary: the terminal shows /summary as the group sees it,
// with the template and with a model.
func TestConsoleSummary(t *testing.T) {
	model := openaifake.New(t, openaifake.Reply("#23已完成9所学校的入校督导，#24完成指标自查。"))
	tests := []struct {
		name  string
		model *openaifake.Server
		want  []string
	}{
		{name: "template", want: []string{"📝 工作总结（模板摘要） · 督导室\n", "本次总结范围为督导室", "#23", "未配置模型，以上为模板摘要"}},
		{name: "model", model: model, want: []string{"📝 工作总结草稿 · 督导室\n",
			"#23已完成9所学校的入校督导，#24完成指标自查。", "以上由模型只依据报送记录起草"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := summaryConfig(t, filepath.Join(t.TempDir(), "unused.db"), tt.model, "")
			out, _, err := runWith(t, cfg, "督导室工作总结\n", "console", "--demo")
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("console output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "<b>") {
				t.Errorf("HTML in the console:\n%s", out)
			}
		})
	}
	if model.Calls() != 1 {
		t.Errorf("%d calls to the model, want 1", model.Calls())
	}
}

// TestSummaryInTelegram: "duban run" with a model configured answers
// /summary in a served group with the draft, showing "typing…" meanwhile,
// and refuses a second one within the cooldown.
func TestSummaryInTelegram(t *testing.T) {
	fake := tgfake.New(t)
	model := openaifake.New(t, openaifake.Reply("10月，#2开展校园安全隐患排查发现隐患12处，已整改9处。"))
	group := tgfake.Group(-1001000000001, "县教育局重点工作推进群")
	cfg := summaryConfig(t, seedSummaryDB(t), model,
		fmt.Sprintf("telegram:\n  api_url: %s\n  poll_timeout: 2s\naccess:\n  chats: [%d]\n", fake.URL, group.ID))
	t.Setenv("DUBAN_TELEGRAM_TOKEN", tgfake.Token)
	m := cli.NewProgram()
	m.Getenv = func(string) string { return "" }
	m.Stderr = &bytes.Buffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.ParseFlags(ctx, []string{"--config", cfg, "run"}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()

	member := tgfake.User(10002, "张敏", "zhangmin")
	fake.PushText(group, member, "/summary #2")
	wctx, wcancel := context.WithTimeout(ctx, 90*time.Second)
	defer wcancel()
	sent, err := fake.WaitSentTo(wctx, group.ID, 1)
	if err != nil {
		t.Fatalf("no answer to /summary: %v", err)
	}
	if !strings.Contains(sent[0].Text, "<b>📝 工作总结草稿 · #2 开展校园安全隐患排查</b>") ||
		!strings.Contains(sent[0].Text, "10月，#2开展校园安全隐患排查发现隐患12处，已整改9处。") {
		t.Errorf("reply: %q", sent[0].Text)
	}
	var typing []tgfake.Call
	for _, c := range fake.Calls("sendChatAction") {
		if c.Params["chat_id"] == fmt.Sprint(group.ID) && c.Params["action"] == "typing" {
			typing = append(typing, c)
		}
	}
	if len(typing) == 0 || !typing[0].At.Before(sent[0].At) {
		t.Errorf("typing shown %d times before the reply", len(typing))
	}

	fake.PushText(group, member, "督导室10月工作总结")
	sent, err = fake.WaitSentTo(wctx, group.ID, 2)
	if err != nil {
		t.Fatalf("no answer to the second request: %v", err)
	}
	if !strings.Contains(sent[1].Text, "请稍后再试（") || model.Calls() != 1 {
		t.Errorf("second request within the cooldown: %q, %d calls", sent[1].Text, model.Calls())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestBriefingOpensWithDraft: with a model configured, the monthly
// briefing (here /briefing in the console, built as duban run builds it)
// opens with the drafted paragraph, marks and count included; without one
// it has no such paragraph.
func TestBriefingOpensWithDraft(t *testing.T) {
	model := openaifake.New(t, openaifake.Reply("10月份，#2排查学校38所，发现隐患12处，已整改10处；#3招标文件已挂网。"))
	db := seedSummaryDB(t)
	out, _, err := runWith(t, summaryConfig(t, db, model, ""), "/briefing 2026-10\n", "console", "--out", t.TempDir(), "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	want := "10月份，#2排查学校38所，发现隐患12处，已整改10处【待核实】；#3招标文件已挂网。\n⚠️ 有1处数字需要核实：记录中找不到依据，已标注【待核实】。\n\n"
	if !strings.Contains(out, "2026年10月") || !strings.Contains(out, want) {
		t.Errorf("the briefing does not open with the draft:\n%s", out)
	}
	if p := model.Requests()[0].Messages[1].Content; !strings.Contains(p, "2026-10-01 至 2026-10-31") || !strings.Contains(p, "招标文件已挂网") {
		t.Errorf("prompt:\n%s", p)
	}
	out, _, err = runWith(t, summaryConfig(t, db, nil, ""), "/briefing 2026-10\n", "console", "--out", t.TempDir(), "--db", db)
	if err != nil || !strings.Contains(out, "2026年10月") || strings.Contains(out, "已整改10处") {
		t.Errorf("without a model: %v\n%s", err, out)
	}
}
