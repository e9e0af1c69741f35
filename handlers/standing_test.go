package handlers

import (
	"context"
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

// send handles m and returns what was sent back, buttons included.
func (e *testEnv) send(t testing.TB, m duban.Message) []duban.Outgoing {
	t.Helper()
	e.h.Handle(context.Background(), m)
	return e.out.take()
}

// press is a button press by user in the served group.
func (e *testEnv) press(t testing.TB, user int64, data string) string {
	t.Helper()
	m := e.msg(servedGroup, user, "")
	m.Callback = &duban.Callback{ID: "cb", Data: data}
	return strings.Join(e.say(t, m), "\n---\n")
}

func (e *testEnv) item(t testing.TB, n int) duban.Item {
	t.Helper()
	it, err := e.st.Item(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// An extension is asked by the lead unit, decided once by a plan admin,
// and keeps the original deadline beside the new one.
func TestExtensionApprovedOnce(t *testing.T) {
	e := newTestEnv(t, "zh")
	ask := "/extend 6 2027年1月15日前 场地改造推迟"

	// Not registered to the lead unit: told how to register, nothing asked.
	if got := e.group(t, ask); !strings.Contains(got, "/iam 教师发展中心") {
		t.Fatalf("unregistered request: %q", got)
	}
	e.group(t, "/iam 教师发展中心")
	sent := e.send(t, e.msg(servedGroup, memberID, ask))
	if len(sent) != 1 || len(sent[0].Buttons) != 1 || len(sent[0].Buttons[0]) != 2 {
		t.Fatalf("request: %+v", sent)
	}
	req := plain(sent[0].Text)
	for _, want := range []string{"延期申请", "#6", "12月31日 → 2027年1月15日", "场地改造推迟", "张三"} {
		if !strings.Contains(req, want) {
			t.Errorf("request lacks %q:\n%s", want, req)
		}
	}
	yes, no := sent[0].Buttons[0][0], sent[0].Buttons[0][1]
	if yes.Text != "同意" || no.Text != "不同意" {
		t.Fatalf("buttons %+v", sent[0].Buttons)
	}
	if it := e.item(t, 6); it.Deadline != date("2026-12-31") {
		t.Fatalf("asking moved the deadline: %v", it.Deadline)
	}

	// The member who asked cannot approve it.
	if got := e.press(t, memberID, yes.Data); !strings.Contains(got, "计划管理员") {
		t.Errorf("member's 同意: %q", got)
	}
	if it := e.item(t, 6); it.Deadline != date("2026-12-31") {
		t.Fatalf("a member's press moved the deadline: %v", it.Deadline)
	}

	// A plan admin approves: the new deadline, the original kept.
	got := e.press(t, adminID, yes.Data)
	if !strings.Contains(got, "#6 延期已批准") || !strings.Contains(got, "2027年1月15日") {
		t.Fatalf("approval: %q", got)
	}
	it := e.item(t, 6)
	if it.Deadline != date("2027-01-15") || it.OriginalDeadline != date("2026-12-31") || !it.Extended() {
		t.Fatalf("after approval: deadline %v, original %v", it.Deadline, it.OriginalDeadline)
	}
	detail := e.group(t, "/item 6")
	for _, want := range []string{"2027年1月15日", "原定", "12月31日"} {
		if !strings.Contains(detail, want) {
			t.Errorf("/item 6 lacks %q:\n%s", want, detail)
		}
	}

	// Pressed again, either button: decided already, nothing changes.
	for _, data := range []string{yes.Data, no.Data} {
		if got := e.press(t, adminID, data); !strings.Contains(got, "已经处理过（已同意）") {
			t.Errorf("second press %s: %q", data, got)
		}
	}
	if it := e.item(t, 6); it.Deadline != date("2027-01-15") || it.OriginalDeadline != date("2026-12-31") {
		t.Fatalf("second press changed the item: %v %v", it.Deadline, it.OriginalDeadline)
	}

	// A second extension keeps the first original deadline.
	sent = e.send(t, e.msg(servedGroup, memberID, "/extend 6 2027年2月底前 仍在施工"))
	if len(sent) != 1 || len(sent[0].Buttons) != 1 {
		t.Fatalf("second request: %+v", sent)
	}
	e.press(t, adminID, sent[0].Buttons[0][0].Data)
	if it := e.item(t, 6); it.Deadline != date("2027-02-28") || it.OriginalDeadline != date("2026-12-31") {
		t.Fatalf("second extension: %v, original %v", it.Deadline, it.OriginalDeadline)
	}
	if got := e.group(t, "/history 6"); !strings.Contains(got, "延期") {
		t.Errorf("history lacks the extensions:\n%s", got)
	}
}

func TestExtensionRefused(t *testing.T) {
	e := newTestEnv(t, "zh")
	// A plan admin may ask for any item; an overdue one is marked so.
	sent := e.send(t, e.msg(servedGroup, adminID, "/extend 3 12月15日前 资金未到位"))
	if len(sent) != 1 || len(sent[0].Buttons) != 1 {
		t.Fatalf("request: %+v", sent)
	}
	if !strings.Contains(plain(sent[0].Text), "逾期后申请") {
		t.Errorf("a request after the deadline is not marked:\n%s", plain(sent[0].Text))
	}
	got := e.press(t, adminID, sent[0].Buttons[0][1].Data)
	if !strings.Contains(got, "#3 的延期申请未获同意，时限仍为11月20日") {
		t.Fatalf("refusal: %q", got)
	}
	if it := e.item(t, 3); it.Deadline != date("2026-11-20") || it.Extended() {
		t.Fatalf("refused extension moved the deadline: %v %v", it.Deadline, it.OriginalDeadline)
	}
	if got := e.press(t, adminID, sent[0].Buttons[0][0].Data); !strings.Contains(got, "已经处理过（未同意）") {
		t.Errorf("同意 after 不同意: %q", got)
	}
	if it := e.item(t, 3); it.Deadline != date("2026-11-20") {
		t.Fatalf("同意 after 不同意 moved the deadline: %v", it.Deadline)
	}
}

func TestExtensionBadRequests(t *testing.T) {
	e := newTestEnv(t, "zh")
	admin := func(text string) string {
		return strings.Join(e.say(t, e.msg(servedGroup, adminID, text)), "\n")
	}
	for _, tt := range []struct{ text, want string }{
		{"/extend 6 12月15日前 想提前", "要晚于现在的时限"},
		{"/extend 8 12月15日前", "不是未完成的任务"},
		{"/extend 1 12月15日前", "不是未完成的任务"},
		{"/extend 6", "请写上新的时限和理由"},
		{"/extend 999 12月15日前", "#999"},
		{"/extend 6 下辈子 理由", "时限"},
		{"/extend", "编号"},
	} {
		if got := admin(tt.text); !strings.Contains(got, tt.want) {
			t.Errorf("%s → %q, want %q", tt.text, got, tt.want)
		}
	}
	if it := e.item(t, 6); it.Deadline != date("2026-12-31") || it.Extended() {
		t.Fatalf("bad requests changed #6: %+v", it)
	}
	if exts, err := e.st.Extensions(context.Background(), 6); err != nil || len(exts) != 0 {
		t.Fatalf("bad requests stored extensions: %+v (%v)", exts, err)
	}
	// A stale button.
	if got := e.press(t, adminID, "ext-yes:77"); !strings.Contains(got, "找不到这份延期申请") {
		t.Errorf("unknown request: %q", got)
	}
}

// Milestones: added by the lead unit, marked done with /node or its
// button; they set the expected progress and the light.
func TestMilestones(t *testing.T) {
	e := newTestEnv(t, "zh")
	if got := e.group(t, "/node 4 11月20日前 发布招标公告"); !strings.Contains(got, "只有计划管理员和牵头单位") {
		t.Fatalf("a stranger to 督导室 added a milestone: %q", got)
	}
	e.group(t, "/iam 督导室")
	e.group(t, "/node 4 11月20日前 发布招标公告")
	got := e.group(t, "/node 4 12月1日前 确定中标单位")
	for _, want := range []string{"✘ 1. 11月20日 发布招标公告（已过期）", "○ 2. 12月1日 确定中标单位", "🔴"} {
		if !strings.Contains(got, want) {
			t.Errorf("/node lacks %q:\n%s", want, got)
		}
	}
	// Listed with a 完成 button for the first open milestone.
	sent := e.send(t, e.msg(servedGroup, memberID, "/node 4"))
	if len(sent) != 1 || len(sent[0].Buttons) == 0 || !strings.HasPrefix(sent[0].Buttons[0][0].Data, "node:4:1") {
		t.Fatalf("/node 4 buttons: %+v", sent)
	}
	if got := e.press(t, memberID, sent[0].Buttons[0][0].Data); !strings.Contains(got, "✔ 1.") {
		t.Fatalf("button press: %q", got)
	}
	got = e.group(t, "/node 4 2 完成")
	if !strings.Contains(got, "✔ 2.") || !strings.Contains(got, "实际100%") {
		t.Errorf("both milestones done:\n%s", got)
	}
	it := e.item(t, 4)
	if len(it.Milestones) != 2 || !it.Milestones[0].Done || !it.Milestones[1].Done {
		t.Fatalf("stored milestones: %+v", it.Milestones)
	}
	if got := e.group(t, "/node 4 9 完成"); !strings.Contains(got, "9") {
		t.Errorf("unknown milestone: %q", got)
	}
	if got := e.group(t, "/item 4"); !strings.Contains(got, "节点") || !strings.Contains(got, "确定中标单位") {
		t.Errorf("/item 4 lacks the milestones:\n%s", got)
	}
}

// /lights groups the red and yellow items by unit; the plain question
// answers the same.
func TestLights(t *testing.T) {
	e := newTestEnv(t, "zh")
	got := e.group(t, "/lights")
	if !strings.Contains(got, "🔴 #3 落实学生资助政策") || !strings.Contains(got, "逾期5天") {
		t.Errorf("/lights lacks the overdue #3:\n%s", got)
	}
	if strings.Contains(got, "#8 ") || strings.Contains(got, "#9 ") {
		t.Errorf("/lights lists a done or undated item:\n%s", got)
	}
	if ask := e.group(t, "红灯有哪些"); ask != got {
		t.Errorf("红灯有哪些 differs from /lights:\n%s\n---\n%s", ask, got)
	}
}

// A lead unit asks for more time in plain words: the request goes to the
// plan admins as /extend would send it, and the deadline stays until they
// decide. Postponing a meeting is a report, not a request.
func TestExtensionInWords(t *testing.T) {
	e := newTestEnv(t, "zh")
	ctx := context.Background()
	e.group(t, "/iam 督导室") // memberID leads #4
	got := e.group(t, "#4 申请延期到12月20日前，原因是供应商变更")
	if !strings.Contains(got, "延期申请") || !strings.Contains(got, "→ 12月20日") || !strings.Contains(got, "理由：供应商变更") {
		t.Fatalf("reply:\n%s", got)
	}
	ext, err := e.st.Extensions(ctx, 4)
	if err != nil || len(ext) != 1 || ext[0].Deadline != date("2026-12-20") || ext[0].Reason != "供应商变更" {
		t.Fatalf("extensions %+v, %v", ext, err)
	}
	if it := e.item(t, 4); it.Deadline != date("2026-12-02") || e.reportCount(t, 4) != 0 {
		t.Errorf("#4 changed before a decision: %+v", it)
	}
	got = e.group(t, "#4 申请延期")
	if !strings.Contains(got, "请写上新的时限和理由，例如：/extend 4 ") {
		t.Errorf("no date:\n%s", got)
	}
	e.group(t, "#4 延期召开供应商见面会，进度40%")
	if ext, _ := e.st.Extensions(ctx, 4); len(ext) != 1 || e.reportCount(t, 4) != 1 {
		t.Errorf("a postponed meeting: %d requests, %d reports", len(ext), e.reportCount(t, 4))
	}
}
