package handlers

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/access"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/store"
)

// Test chats and users.
const (
	servedGroup   = int64(-1001)
	unservedGroup = int64(-1002)
	adminID       = int64(1)   // access.admins
	groupAdminID  = int64(2)   // administrator of servedGroup in Telegram
	memberID      = int64(7)   // a member of servedGroup
	strangerID    = int64(900) // never seen anywhere
)

// fakeSender records what the handler sends.
type fakeSender struct {
	mu   sync.Mutex
	sent []duban.Outgoing
}

func (f *fakeSender) Send(_ context.Context, m duban.Outgoing) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, m)
	return len(f.sent), nil
}

func (f *fakeSender) take() []duban.Outgoing {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.sent
	f.sent = nil
	return out
}

// fakeMembers answers getChatMember: groupAdminID administers servedGroup
// and unservedGroup; everyone else is a member, unless left says not.
// (The end-to-end tests use the fake Bot API instead.)
type fakeMembers struct {
	mu   sync.Mutex
	left map[int64]bool
}

func (f *fakeMembers) ChatMember(_ context.Context, chatID, userID int64) (duban.MemberStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.left[userID]:
		return duban.MemberLeft, nil
	case userID == groupAdminID && (chatID == servedGroup || chatID == unservedGroup):
		return duban.MemberAdministrator, nil
	}
	return duban.MemberMember, nil
}

type testEnv struct {
	h       *Handler
	st      *store.Store
	out     *fakeSender
	members *fakeMembers
	update  int64
	notices []string // what the plan admin was told privately
}

var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai()) // a Wednesday

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}

func date(s string) duban.Date {
	d, err := duban.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// newTestEnv opens a temp-file store seeded with a small plan and a
// handler over it.
//
//	#1 一 校园安全
//	  #2 开展校园安全隐患排查   安全稳定科   11-27 (this week)
//	  #3 落实学生资助政策       计划财务科   11-20 (overdue)
//	  #4 完成营养餐供餐招标     督导室       12-02 (next week)
//	#5 二 教师队伍
//	  #6 组织新教师岗前培训     教师发展中心 12-31
//	  #7 开展中小学办学水平督导评估 督导室   11-29 (Sunday, this week)
//	  #8 完成年度考核           人事科       11-10 (done)
//	  #9 整理督导档案           督导组       none
func newTestEnv(t testing.TB, lang string) *testEnv {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.Now = func() time.Time { return testNow }
	ctx := context.Background()
	p := duban.Plan{Name: "2026年教育工作要点", Year: 2026}
	if err := st.CreatePlan(ctx, &p); err != nil {
		t.Fatal(err)
	}
	add := func(it duban.Item) {
		t.Helper()
		it.PlanID = p.ID
		if err := st.CreateItem(ctx, &it); err != nil {
			t.Fatal(err)
		}
	}
	add(duban.Item{Kind: duban.KindSection, Code: "一", Title: "校园安全"})
	add(duban.Item{ParentNumber: 1, Code: "一.1", Title: "开展校园安全隐患排查", Owner: "安全稳定科", Deadline: date("2026-11-27"), DeadlineText: "11月27日前"})
	add(duban.Item{ParentNumber: 1, Code: "一.2", Title: "落实学生资助政策", Owner: "计划财务科", Partners: []string{"督导室", "各学校"}, Deadline: date("2026-11-20"), DeadlineText: "11月20日前"})
	add(duban.Item{ParentNumber: 1, Code: "一.3", Title: "完成营养餐供餐招标", Owner: "督导室", Deadline: date("2026-12-02"), DeadlineText: "12月2日前", Target: "覆盖率100%"})
	add(duban.Item{Kind: duban.KindSection, Code: "二", Title: "教师队伍"})
	add(duban.Item{ParentNumber: 5, Code: "二.1", Title: "组织新教师岗前培训", Owner: "教师发展中心", Deadline: date("2026-12-31"), DeadlineText: "年内"})
	add(duban.Item{ParentNumber: 5, Code: "二.2", Title: "开展中小学办学水平督导评估", Owner: "督导室", Deadline: date("2026-11-29"), DeadlineText: "11月底前"})
	add(duban.Item{ParentNumber: 5, Code: "二.3", Title: "完成年度考核", Owner: "人事科", Deadline: date("2026-11-10"), Status: duban.StatusDone, Percent: 100})
	add(duban.Item{ParentNumber: 5, Code: "二.4", Title: "整理督导档案", Owner: "督导组"})
	out := &fakeSender{}
	members := &fakeMembers{left: map[int64]bool{}}
	pol := access.New(access.Config{Admins: []int64{adminID}, Chats: []int64{servedGroup}}, st, members, nil)
	pol.Now = func() time.Time { return testNow }
	h := New(Deps{
		Store: st, Sender: out, Access: pol, Lang: lang, Loc: shanghai(),
		BotUsername: testBot,
		Now:         func() time.Time { return testNow },
	})
	return &testEnv{h: h, st: st, out: out, members: members}
}

// msg builds a message from user in chat.
func (e *testEnv) msg(chat, user int64, text string) duban.Message {
	e.update++
	typ := duban.ChatSupergroup
	if chat > 0 {
		typ = duban.ChatPrivate
	}
	return duban.Message{UpdateID: e.update, ChatID: chat, ChatType: typ, MessageID: int(e.update), UserID: user,
		UserName: "张三", Text: text, Time: testNow}
}

// say handles a message and returns the replies as the user reads them.
func (e *testEnv) say(t testing.TB, m duban.Message) []string {
	t.Helper()
	e.h.Handle(context.Background(), m)
	var texts []string
	for _, o := range e.out.take() {
		if o.ChatID == adminID && m.ChatID != adminID {
			e.notices = append(e.notices, plain(o.Text)) // told privately to the plan admin
			continue
		}
		if o.ChatID != m.ChatID {
			t.Errorf("reply went to chat %d, want %d", o.ChatID, m.ChatID)
		}
		texts = append(texts, plain(o.Text))
	}
	return texts
}

// group is a message from a member of the served group.
func (e *testEnv) group(t testing.TB, text string) string {
	t.Helper()
	return strings.Join(e.say(t, e.msg(servedGroup, memberID, text)), "\n---\n")
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plain is what a Telegram user sees of an HTML text.
func plain(s string) string {
	s = tagRE.ReplaceAllString(s, "")
	r := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#34;", `"`, "&#39;", "'", "&amp;", "&")
	return r.Replace(s)
}

var numRE = regexp.MustCompile(`#(\d+)`)

// numbers lists the #N in a reply, in order.
func numbers(s string) []string {
	var out []string
	for _, m := range numRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// reportTexts lists the words of item n's reports, newest first.
func (e *testEnv) reportTexts(t testing.TB, n int) []string {
	t.Helper()
	ps, err := e.st.Reports(context.Background(), n, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.Text)
	}
	return out
}

func (e *testEnv) reportCount(t testing.TB, n int) int {
	t.Helper()
	ps, err := e.st.Reports(context.Background(), n, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(ps)
}
