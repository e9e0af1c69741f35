package access

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/store"
)

// telegram is a stand-in for getChatMember that counts the questions.
type telegram struct {
	status map[[2]int64]duban.MemberStatus
	calls  int
	fail   bool
}

func (t *telegram) ChatMember(_ context.Context, chat, user int64) (duban.MemberStatus, error) {
	t.calls++
	if t.fail {
		return "", errors.New("telegram down")
	}
	if s, ok := t.status[[2]int64{chat, user}]; ok {
		return s, nil
	}
	return duban.MemberLeft, nil
}

func newPolicy(t *testing.T) (*Policy, *store.Store, *telegram, *time.Time) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	tg := &telegram{status: map[[2]int64]duban.MemberStatus{}}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	p := New(Config{Admins: []int64{1}, Chats: []int64{-100}}, st, tg, nil)
	p.Now = func() time.Time { return now }
	return p, st, tg, &now
}

func TestGroupAdminAnswerIsReusedBriefly(t *testing.T) {
	p, _, tg, now := newPolicy(t)
	ctx := context.Background()
	m := duban.Message{ChatID: -100, ChatType: duban.ChatSupergroup, UserID: 5}
	tg.status[[2]int64{-100, 5}] = duban.MemberAdministrator
	if !p.GroupAdmin(ctx, m) || !p.GroupAdmin(ctx, m) || tg.calls != 1 {
		t.Fatalf("admin, asked %d times", tg.calls)
	}
	// Demoted without an update: seen once the answer is DefaultTTL old.
	tg.status[[2]int64{-100, 5}] = duban.MemberMember
	*now = now.Add(DefaultTTL - time.Second)
	if !p.GroupAdmin(ctx, m) {
		t.Fatal("answer dropped before its time")
	}
	*now = now.Add(2 * time.Second)
	if p.GroupAdmin(ctx, m) {
		t.Fatal("demoted admin kept rights past the TTL")
	}
	// Promoted again, and told by an update: at once, no question asked.
	calls := tg.calls
	p.Changed(-100, 5, duban.MemberAdministrator)
	if !p.GroupAdmin(ctx, m) || tg.calls != calls {
		t.Fatal("the update was not taken in")
	}
	// Anonymous admin: a message on behalf of the group.
	if !p.GroupAdmin(ctx, duban.Message{ChatID: -100, ChatType: duban.ChatSupergroup, UserID: 1087968824, SenderChatID: -100}) {
		t.Fatal("anonymous admin not recognised")
	}
	// Telegram failing: no rights, not an error path that grants them.
	tg.fail = true
	*now = now.Add(time.Hour)
	if p.GroupAdmin(ctx, m) {
		t.Fatal("rights granted while Telegram failed")
	}
}

func TestTTLIsCapped(t *testing.T) {
	p := New(Config{TTL: time.Hour}, nil, nil, nil)
	if p.cfg.TTL != MaxTTL {
		t.Fatalf("TTL %s", p.cfg.TTL)
	}
}

func TestBindingLapsesWithTheBinder(t *testing.T) {
	p, st, _, _ := newPolicy(t)
	ctx := context.Background()
	if err := st.BindChat(ctx, -200, true, 7); err != nil { // 7 is no plan admin
		t.Fatal(err)
	}
	if p.GroupServed(ctx, -200) {
		t.Fatal("a group bound by a non-admin is served")
	}
	if _, err := st.SetGrant(duban.WithActor(ctx, duban.Actor{UserID: 1}), 7, true); err != nil {
		t.Fatal(err)
	}
	if !p.GroupServed(ctx, -200) || !p.PlanAdmin(ctx, 7) {
		t.Fatal("granted binder's group not served")
	}
	if !p.GroupServed(ctx, -100) {
		t.Fatal("listed group not served")
	}
}
