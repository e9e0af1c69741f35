package summary

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/openaifake"
	"github.com/duban-bot/duban/llm"
	"github.com/duban-bot/duban/store"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

func day(s string) duban.Date {
	d, err := duban.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// testStore is a plan of two sections with reports in October and
// November. Two of them are an hour apart around midnight in Beijing: both
// fall on 31 October in UTC, but the second is 1 November in Beijing, and a
// month is cut at Beijing's midnight.
//
//	#1 一 校园安全
//	  #2 隐患排查      安全稳定科
//	  #3 学生资助      计划财务科
//	  #4 营养餐招标    督导室
//	    #5 招标文件    督导室     (under #4, a task's sub-task)
//	#6 二 教师队伍
//	  #7 督导评估      督导室      done
//	  #8 年度考核      督导组
func testStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	p := duban.Plan{Name: "2026年工作要点", Year: 2026}
	if err := st.CreatePlan(ctx, &p); err != nil {
		t.Fatal(err)
	}
	for _, it := range []duban.Item{
		{Kind: duban.KindSection, Title: "校园安全"},
		{ParentNumber: 1, Title: "隐患排查", Owner: "安全稳定科"},
		{ParentNumber: 1, Title: "学生资助", Owner: "计划财务科"},
		{ParentNumber: 1, Title: "营养餐招标", Owner: "督导室"},
		{ParentNumber: 4, Title: "招标文件", Owner: "督导室"},
		{Kind: duban.KindSection, Title: "教师队伍"},
		{ParentNumber: 6, Title: "督导评估", Owner: "督导室", Status: duban.StatusDone, Percent: 100},
		{ParentNumber: 6, Title: "年度考核", Owner: "督导组"},
	} {
		it.PlanID = p.ID
		if it.Kind == "" {
			it.Kind = duban.KindTask
		}
		if err := st.CreateItem(ctx, &it); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []struct {
		n    int
		at   string
		text string
	}{
		{2, "2026-10-10 09:00", "排查学校38所"},
		{7, "2026-10-31 23:30", "评估完成，销号"},
		{4, "2026-11-01 00:30", "招标公告已发布"},
		{5, "2026-11-12 10:00", "招标文件定稿"},
		{2, "2026-11-20 15:00", "整改完成12处，进度80%"},
	} {
		at, err := time.ParseInLocation("2006-01-02 15:04", r.at, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		p := duban.Progress{ItemNumber: r.n, Text: r.text, Percent: duban.NoPercent, CreatedAt: at}
		if _, _, err := st.AddProgress(ctx, &p, 0); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func numbers(items []duban.Item) []int {
	var out []int
	for _, it := range items {
		out = append(out, it.Number)
	}
	return out
}

func texts(ps []duban.Progress) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Text)
	}
	return out
}

func TestGather(t *testing.T) {
	st := testStore(t)
	tests := []struct {
		name    string
		sc      Scope
		lang    string
		scope   string
		items   []int
		reports []string
		code    string
	}{
		{name: "a task, every record", sc: Scope{Item: 2}, scope: "#2 隐患排查", items: []int{2},
			reports: []string{"排查学校38所", "整改完成12处，进度80%"}},
		{name: "a task in November", sc: Scope{Item: 2, From: day("2026-11-01"), To: day("2026-11-30")}, scope: "#2 隐患排查",
			items: []int{2}, reports: []string{"整改完成12处，进度80%"}},
		{name: "a section with everything under it", sc: Scope{Item: 1}, scope: "#1 校园安全", items: []int{1, 2, 3, 4, 5},
			reports: []string{"排查学校38所", "招标公告已发布", "招标文件定稿", "整改完成12处，进度80%"}},
		{name: "a unit, done items included", sc: Scope{Owner: "督导室"}, scope: "督导室", items: []int{4, 5, 7},
			reports: []string{"评估完成，销号", "招标公告已发布", "招标文件定稿"}},
		{name: "a unit in October, Beijing days", sc: Scope{Owner: "（督导室）", From: day("2026-10-01"), To: day("2026-10-31")},
			scope: "督导室", items: []int{4, 5, 7}, reports: []string{"评估完成，销号"}},
		{name: "part of a name matches every unit holding it", sc: Scope{Owner: "督导"}, lang: "en", scope: "督导室, 督导组",
			items: []int{4, 5, 7, 8}, reports: []string{"评估完成，销号", "招标公告已发布", "招标文件定稿"}},
		{name: "a month: the items reported on, with their sections", sc: Scope{From: day("2026-11-01"), To: day("2026-11-30")},
			scope: "全部工作事项", items: []int{1, 2, 4, 5}, reports: []string{"招标公告已发布", "招标文件定稿", "整改完成12处，进度80%"}},
		{name: "a month with nothing reported", sc: Scope{From: day("2026-09-01"), To: day("2026-09-30")}, lang: "en",
			scope: "all items"},
		{name: "missing item", sc: Scope{Item: 99}, code: duban.ENOTFOUND},
		{name: "unknown unit", sc: Scope{Owner: "教研室"}, code: duban.ENOTFOUND},
		{name: "blank unit", sc: Scope{Owner: "（）"}, code: duban.ENOTFOUND},
		{name: "item and unit", sc: Scope{Item: 2, Owner: "督导室"}, code: duban.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lang := tt.lang
			if lang == "" {
				lang = "zh"
			}
			req, err := Gather(context.Background(), st, tt.sc, lang, shanghai)
			if tt.code != "" {
				if duban.ErrorCode(err) != tt.code {
					t.Fatalf("err = %v, want %s", err, tt.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if req.Scope != tt.scope {
				t.Errorf("scope %q, want %q", req.Scope, tt.scope)
			}
			if got := numbers(req.Items); !equal(got, tt.items) {
				t.Errorf("items %v, want %v", got, tt.items)
			}
			if got := texts(req.Reports); !equal(got, tt.reports) {
				t.Errorf("reports %q, want %q", got, tt.reports)
			}
			if req.From != tt.sc.From || req.To != tt.sc.To || req.Lang != lang || req.Location != shanghai {
				t.Errorf("request %+v", req)
			}
		})
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWords(t *testing.T) {
	tests := []struct {
		name   string
		d      llm.Draft
		failed bool
		lang   string
		plain  string
	}{
		{name: "model draft", d: llm.Draft{Text: "#2整改完成12处。", Model: "m"}, lang: "zh",
			plain: "📝 工作总结草稿 · 督导室\n\n#2整改完成12处。\n\n以上由模型只依据报送记录起草，引用的事项以 #编号 标出，请核对后使用。"},
		{name: "marked figures", d: llm.Draft{Text: "#2整改完成15处【待核实】。", Unverified: 1, Model: "m"}, lang: "zh",
			plain: "📝 工作总结草稿 · 督导室\n\n#2整改完成15处【待核实】。\n\n⚠️ 有1处数字需要核实：记录中找不到依据，已标注【待核实】。\n" +
				"以上由模型只依据报送记录起草，引用的事项以 #编号 标出，请核对后使用。"},
		{name: "template after a failure", d: llm.Draft{Text: "本次总结范围为督导室。", Fallback: true}, failed: true, lang: "zh",
			plain: "📝 工作总结（模板摘要） · 督导室\n\n模型暂不可用，以下为根据记录生成的摘要。\n\n本次总结范围为督导室。\n\n" +
				"以上为模板摘要：按报送记录以固定格式生成，只陈述记录中的事实，请核对补充后使用。"},
		{name: "template, no model", d: llm.Draft{Text: "本次总结范围为督导室。", Fallback: true}, lang: "zh",
			plain: "📝 工作总结（模板摘要） · 督导室\n\n本次总结范围为督导室。\n\n" +
				"未配置模型，以上为模板摘要：按报送记录以固定格式生成，只陈述记录中的事实，请核对补充后使用。"},
		{name: "template, nothing reported", d: llm.Draft{Text: "本次总结范围为督导室。"}, lang: "en",
			plain: "📝 Work summary (template) · 督导室\n\n本次总结范围为督导室。\n\n" +
				"This is a template summary: generated from the recorded reports in a fixed form, stating the records only; review and complete it before use."},
		{name: "english, two marks", d: llm.Draft{Text: "15 [unverified] of 40 [unverified].", Unverified: 2, Model: "m"}, lang: "en",
			plain: "📝 Draft work summary · 督导室\n\n15 [unverified] of 40 [unverified].\n\n" +
				"⚠️ 2 figures need checking: they are not in the records and are marked [unverified].\n" +
				"Drafted by the model from the recorded reports only; items are cited as #N. Please review before use."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Words(tt.d, tt.failed, "督导室", tt.lang)
			if got := r.Plain(); got != tt.plain {
				t.Errorf("plain\n got %q\nwant %q", got, tt.plain)
			}
		})
	}
	h := Words(llm.Draft{Text: "<b>粗体</b> & 1<2", Model: "m"}, false, "<单位>", "zh").HTML()
	if want := "<b>📝 工作总结草稿 · &lt;单位&gt;</b>\n\n&lt;b&gt;粗体&lt;/b&gt; &amp; 1&lt;2\n\n以上由模型只依据报送记录起草，引用的事项以 #编号 标出，请核对后使用。"; h != want {
		t.Errorf("HTML\n got %q\nwant %q", h, want)
	}
}

func TestOpening(t *testing.T) {
	st := testStore(t)
	if Opening(llm.New(llm.Config{}, nil), st, "zh", shanghai, nil) != nil {
		t.Error("a hook without a model")
	}
	if Opening(nil, st, "zh", shanghai, nil) != nil {
		t.Error("a hook without a drafter")
	}
	tests := []struct {
		name     string
		script   openaifake.Step
		from, to string
		want     string
		err      bool
		calls    int
	}{
		{name: "the model's paragraph", script: openaifake.Reply("11月，#2整改完成12处，#4招标公告已发布。"),
			from: "2026-11-01", to: "2026-11-30", want: "11月，#2整改完成12处，#4招标公告已发布。", calls: 1},
		{name: "marks and the count", script: openaifake.Reply("11月，#2整改完成15处。"), from: "2026-11-01", to: "2026-11-30",
			want: "11月，#2整改完成15处【待核实】。\n⚠️ 有1处数字需要核实：记录中找不到依据，已标注【待核实】。", calls: 1},
		{name: "model down: no paragraph", script: openaifake.Fail(http.StatusBadGateway, true), from: "2026-11-01", to: "2026-11-30",
			err: true, calls: 2},
		{name: "nothing reported: no paragraph, no call", script: openaifake.Reply("编造的内容"), from: "2026-09-01", to: "2026-09-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := openaifake.New(t, tt.script)
			c := &Writer{Model: llm.New(llm.Config{BaseURL: f.BaseURL(), Model: "test-model", Timeout: time.Second}, nil)}
			got, err := Opening(c, st, "zh", shanghai, nil)(context.Background(), day(tt.from), day(tt.to))
			if (err != nil) != tt.err {
				t.Errorf("err = %v", err)
			}
			if got != tt.want {
				t.Errorf("opening\n got %q\nwant %q", got, tt.want)
			}
			if f.Calls() != tt.calls {
				t.Errorf("%d calls, want %d", f.Calls(), tt.calls)
			}
		})
	}
}

// TestOpeningRemembered: the same period asked again within OpeningTTL is
// answered without the model; a failure is not remembered.
func TestOpeningRemembered(t *testing.T) {
	st := testStore(t)
	f := openaifake.New(t, openaifake.Fail(http.StatusBadRequest, false), openaifake.Reply("11月，#2整改完成12处。"))
	c := &Writer{Model: llm.New(llm.Config{BaseURL: f.BaseURL(), Model: "test-model", Timeout: time.Second}, nil)}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai)
	hook := Opening(c, st, "zh", shanghai, func() time.Time { return now })
	nov, today := day("2026-11-01"), day("2026-11-25")
	steps := []struct {
		after time.Duration
		from  duban.Date
		text  string
		calls int
	}{
		{0, nov, "", 1}, // 400: no paragraph, not remembered
		{0, nov, "11月，#2整改完成12处。", 2},
		{OpeningTTL - time.Minute, nov, "11月，#2整改完成12处。", 2},
		{0, day("2026-11-02"), "11月，#2整改完成12处。", 3}, // another period
		{time.Minute, nov, "11月，#2整改完成12处。", 4},
	}
	for i, s := range steps {
		now = now.Add(s.after)
		got, _ := hook(context.Background(), s.from, today)
		if got != s.text || f.Calls() != s.calls {
			t.Errorf("step %d: %q after %d calls, want %q after %d", i, got, f.Calls(), s.text, s.calls)
		}
	}
}
