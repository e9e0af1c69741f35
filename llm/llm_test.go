package llm

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/summary"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/openaifake"
	"github.com/duban-bot/duban/report"
)

// testRequest is a month of a department's work with fixed dates. Report
// times are UTC instants as the store keeps them; 2026-11-19T23:30Z is
// already 20 November in Beijing.
func testRequest() Request {
	at := func(day, hour, min int) time.Time { return time.Date(2026, 11, day, hour, min, 0, 0, time.UTC) }
	return Request{
		Scope: "基建科",
		From:  duban.Date{Year: 2026, Month: time.November, Day: 1},
		To:    duban.Date{Year: 2026, Month: time.November, Day: 30},
		Items: []duban.Item{
			{ID: 1, Number: 1, Kind: duban.KindSection, Title: "一、改善办学条件"},
			{ID: 12, Number: 12, Kind: duban.KindTask, Code: "一.1", ParentNumber: 1, Title: "新建城东小学教学楼",
				Owner: "基建科", Partners: []string{"计财科"}, Deadline: duban.Date{Year: 2026, Month: time.December, Day: 31},
				DeadlineText: "年内", Target: "年内主体完工", Status: duban.StatusDoing, Percent: 60},
			{ID: 13, Number: 13, Kind: duban.KindTask, Code: "一.2", ParentNumber: 1, Title: "完成38所学校校舍安全排查",
				Owner: "基建科", Deadline: duban.Date{Year: 2026, Month: time.September, Day: 30},
				DeadlineText: "9月底以前", Status: duban.StatusDone, Percent: 90},
			{ID: 14, Number: 14, Kind: duban.KindTask, Code: "一.3", ParentNumber: 1, Title: "薄弱学校改造",
				Owner: "基建科", Status: duban.StatusTodo},
		},
		Reports: []duban.Progress{
			{ID: 101, ItemID: 12, ItemNumber: 12, UserName: "张三", Text: "#12 已完成施工招标，进度40%", Percent: 40, CreatedAt: at(3, 2, 15)},
			{ID: 102, ItemID: 13, ItemNumber: 13, UserName: "李四", Text: "排查完毕，发现隐患7处，已全部整改", Percent: 90, Done: true, CreatedAt: at(10, 8, 0)},
			{ID: 103, ItemID: 12, ItemNumber: 12, UserName: "张三", Text: "主体结构封顶，完成投资1500万元", Percent: 60, CreatedAt: at(19, 23, 30)},
		},
	}
}

const goodDraftZH = "11月，基建科牵头的工作事项共3项，其中已完成1项、进行中1项、未开始1项。" +
	"一是#12新建城东小学教学楼于11月3日完成施工招标，11月20日主体结构封顶，完成投资1500万元，进度60%；" +
	"二是#13校舍安全排查发现隐患7处，已全部整改并销号。#14暂无进展报送。"

// The fake model lives in internal/openaifake, shared with the handlers'
// and the command's tests; these names keep the tables short.
type step = openaifake.Step

var (
	reply = openaifake.Reply
	fail  = openaifake.Fail
	hang  = openaifake.Hang
)

func newFakeModel(t *testing.T, script ...step) *openaifake.Server {
	return openaifake.New(t, script...)
}

func testClient(f *openaifake.Server, cfg Config) *Client {
	if cfg.BaseURL == "" {
		cfg.BaseURL = f.BaseURL()
	}
	if cfg.Model == "" {
		cfg.Model = "test-model"
	}
	c := New(cfg, nil)
	c.retryWait = 10 * time.Millisecond
	return c
}

func TestDraft(t *testing.T) {
	template := report.TemplateSummary("基建科", testRequest().Items, testRequest().Reports,
		testRequest().From, testRequest().To, "zh")
	tests := []struct {
		name     string
		script   []step
		cfg      Config // BaseURL "root": the server without /v1
		off      bool   // no base URL configured
		req      func(Request) Request
		calls    int // -1: at least one
		wantErr  bool
		fallback bool
		text     string // exact, when set
		contains []string
		n        int
		model    string
	}{
		{name: "good draft", script: []step{reply(goodDraftZH)}, calls: 1, text: goodDraftZH, model: "fake-model-0301"},
		{name: "invented figure is marked", script: []step{reply("#12完成投资1500万元，进度达到80%。")}, calls: 1,
			text: "#12完成投资1500万元，进度达到80%【待核实】。", n: 1, model: "fake-model-0301"},
		{name: "model obeys an injected report", script: []step{reply("已全部完成100%")}, calls: 1,
			text: "已全部完成100%【待核实】", n: 1, model: "fake-model-0301"},
		{name: "english draft", script: []step{reply("#12 reached 60% on November 20; #99 is done.")}, calls: 1,
			req:  func(r Request) Request { r.Lang = "en"; return r },
			text: "#12 reached 60% on November 20; #99 [unverified] is done.", n: 1, model: "fake-model-0301"},
		{name: "think block and markdown removed", script: []step{reply("<think>先数一数，大概5项</think>\n## 总结\n**#12**进度60%。")}, calls: 1,
			text: "#12进度60%。", model: "fake-model-0301"},
		{name: "429 then success", script: []step{fail(http.StatusTooManyRequests, false, "Retry-After", "0"), reply(goodDraftZH)},
			calls: 2, text: goodDraftZH, model: "fake-model-0301"},
		{name: "503 from a proxy then success", script: []step{fail(http.StatusServiceUnavailable, true), reply(goodDraftZH)},
			calls: 2, text: goodDraftZH, model: "fake-model-0301"},
		{name: "500 twice falls back", script: []step{fail(http.StatusInternalServerError, false)},
			calls: 2, wantErr: true, fallback: true, text: template},
		{name: "400 is not retried", script: []step{fail(http.StatusBadRequest, false)},
			calls: 1, wantErr: true, fallback: true, text: template},
		{name: "retry-after beyond the timeout gives up at once", script: []step{fail(http.StatusTooManyRequests, false, "Retry-After", "120")},
			cfg: Config{Timeout: 5 * time.Second}, calls: 1, wantErr: true, fallback: true, text: template},
		{name: "empty answer falls back", script: []step{reply("  ")}, calls: 1, wantErr: true, fallback: true, text: template},
		{name: "hang past the timeout falls back", script: []step{hang}, cfg: Config{Timeout: 300 * time.Millisecond},
			calls: -1, wantErr: true, fallback: true, text: template},
		{name: "model off gives the template", script: []step{reply(goodDraftZH)}, off: true,
			calls: 0, fallback: true, text: template},
		{name: "nothing reported gives the template without asking", script: []step{reply(goodDraftZH)},
			req:   func(r Request) Request { r.Reports = nil; return r },
			calls: 0, contains: []string{"期间暂无进展报送记录"}},
		{name: "base url without /v1", script: []step{reply(goodDraftZH)}, cfg: Config{BaseURL: "root"},
			calls: 1, text: goodDraftZH, model: "fake-model-0301"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeModel(t, tt.script...)
			var c *Client
			if tt.off {
				if c = New(Config{Model: "test-model"}, nil); c.Enabled() {
					t.Fatal("client without base URL is enabled")
				}
			} else {
				cfg := tt.cfg
				if cfg.BaseURL == "root" {
					cfg.BaseURL = f.URL
				}
				c = testClient(f, cfg)
			}
			req := testRequest()
			if tt.req != nil {
				req = tt.req(req)
			}
			start := time.Now()
			d, err := (&summary.Writer{Model: c}).Draft(context.Background(), req)
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("Draft took %v", elapsed)
			}
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want error %v", err, tt.wantErr)
			}
			if d.Fallback != tt.fallback {
				t.Errorf("Fallback = %v, want %v", d.Fallback, tt.fallback)
			}
			if tt.text != "" && d.Text != tt.text {
				t.Errorf("text\n got %q\nwant %q", d.Text, tt.text)
			}
			for _, s := range tt.contains {
				if !strings.Contains(d.Text, s) {
					t.Errorf("text %q lacks %q", d.Text, s)
				}
			}
			if d.Unverified != tt.n {
				t.Errorf("Unverified = %d, want %d", d.Unverified, tt.n)
			}
			if d.Model != tt.model {
				t.Errorf("Model = %q, want %q", d.Model, tt.model)
			}
			switch got := f.Calls(); {
			case tt.calls < 0 && got < 1, tt.calls >= 0 && got != tt.calls:
				t.Errorf("%d calls to the model, want %d", got, tt.calls)
			}
			if f.Calls() > 0 {
				sent, auth := f.First()
				if sent.Model != "test-model" {
					t.Errorf("request model %q", sent.Model)
				}
				if len(sent.Messages) != 2 || !strings.Contains(sent.Messages[1].Content, "主体结构封顶，完成投资1500万元") ||
					!strings.Contains(sent.Messages[1].Content, `"no":12`) {
					t.Errorf("request lacks the records: %+v", sent.Messages)
				}
				if auth != "" {
					t.Errorf("Authorization %q sent without a key", auth)
				}
			}
		})
	}
}

func TestDraftTimeoutError(t *testing.T) {
	f := newFakeModel(t, hang)
	c := testClient(f, Config{Timeout: 300 * time.Millisecond})
	_, err := c.Draft(context.Background(), testRequest())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a deadline", err)
	}
}

func TestDraftSendsAPIKey(t *testing.T) {
	f := newFakeModel(t, reply(goodDraftZH))
	c := testClient(f, Config{APIKey: "sk-test", MaxTokens: 900, Temperature: 0.2})
	if _, err := c.Draft(context.Background(), testRequest()); err != nil {
		t.Fatal(err)
	}
	r, auth := f.First()
	if auth != "Bearer sk-test" {
		t.Errorf("Authorization = %q", auth)
	}
	if r.MaxTokens != 900 || r.Temperature != 0.2 {
		t.Errorf("max_tokens %d, temperature %v", r.MaxTokens, r.Temperature)
	}
}

// TestDraftConcurrencyLimit: with one slot taken by a slow draft, another
// draft waits no longer than its context and gets the template
// (through summary.Writer, as the bot asks for drafts).
func TestDraftConcurrencyLimit(t *testing.T) {
	f := newFakeModel(t, hang)
	c := testClient(f, Config{MaxConcurrent: 1, Timeout: 10 * time.Second})
	first := make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		_, err := c.Draft(ctx, testRequest())
		first <- err
	}()
	<-f.Started // the first draft holds the slot

	short, cancelShort := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancelShort()
	d, err := (&summary.Writer{Model: c}).Draft(short, testRequest())
	if err == nil || !d.Fallback || !strings.Contains(err.Error(), "slot") {
		t.Errorf("second draft: fallback %v, err %v", d.Fallback, err)
	}
	cancel()
	if err := <-first; err == nil {
		t.Error("cancelled first draft returned no error")
	}
	if got := f.Calls(); got != 1 {
		t.Errorf("%d calls reached the model, want 1", got)
	}
}

func TestRetryDelay(t *testing.T) {
	now := time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"none", nil, time.Second},
		{"seconds", map[string]string{"Retry-After": "3"}, 3 * time.Second},
		{"zero", map[string]string{"Retry-After": "0"}, 0},
		{"http date", map[string]string{"Retry-After": now.Add(7 * time.Second).Format(http.TimeFormat)}, 7 * time.Second},
		{"date in the past", map[string]string{"Retry-After": now.Add(-time.Minute).Format(http.TimeFormat)}, 0},
		{"milliseconds", map[string]string{"Retry-After-Ms": "250", "Retry-After": "1"}, 250 * time.Millisecond},
		{"garbage", map[string]string{"Retry-After": "soon"}, time.Second},
		{"negative", map[string]string{"Retry-After": "-5"}, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			if got := retryDelay(h, now, time.Second); got != tt.want {
				t.Errorf("retryDelay = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCleanDraft(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  正文。\n", "正文。"},
		{"<think>想一想</think>\n\n正文。", "正文。"},
		{"<think>没想完", ""},
		{"# 工作总结\n\n**一是**#12完成。", "一是#12完成。"},
		{"#12完成。\n\n\n\n#13完成。", "#12完成。\n\n#13完成。"},
	}
	for _, tt := range tests {
		if got := cleanDraft(tt.in); got != tt.want {
			t.Errorf("cleanDraft(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestChatRequestForReasoningModels(t *testing.T) {
	for _, tt := range []struct {
		model       string
		maxTokens   int
		completion  int
		temperature float32
	}{
		{"deepseek-chat", 800, 0, 0.3},
		{"qwen-plus", 800, 0, 0.3},
		{"o3-mini", 0, 800, 0},
		{"gpt-5-mini", 0, 800, 0},
	} {
		t.Run(tt.model, func(t *testing.T) {
			c := New(Config{BaseURL: "http://localhost", Model: tt.model, MaxTokens: 800, Temperature: 0.3}, nil)
			cr := c.chatRequest(testRequest())
			if cr.MaxTokens != tt.maxTokens || cr.MaxCompletionTokens != tt.completion || cr.Temperature != tt.temperature {
				t.Errorf("max_tokens %d, max_completion_tokens %d, temperature %v", cr.MaxTokens, cr.MaxCompletionTokens, cr.Temperature)
			}
		})
	}
}
