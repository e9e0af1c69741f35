package e2e

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	_ "github.com/mattn/go-sqlite3" // the parent reads the child's database

	"github.com/duban-bot/duban/cli"
	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/store"
)

// The crash tests run duban as a child process — this test binary,
// re-executed as duban through TestMain — and SIGKILL it in the middle of
// its work: a plan import, a burst of reports, the weekly reminder's
// fan-out. Then they start it again and check that nothing acknowledged
// was lost and that nothing was repeated beyond what the design allows
// (bot and scheduler package docs).

// asDubanEnv makes the test binary run main instead of the tests.
const asDubanEnv = "DUBAN_TEST_AS_DUBAN"

// TestMain runs the test binary as duban when asDubanEnv is set, with the
// arguments it was started with.
func TestMain(m *testing.M) {
	if os.Getenv(asDubanEnv) == "1" {
		os.Exit(cli.Main(os.Args[1:]))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child is a duban process.
type child struct {
	name string
	cmd  *exec.Cmd
	log  string // its stderr
	done chan error
}

// startDuban starts duban with args; its logs go to a file in dir.
func startDuban(t *testing.T, dir, name string, args ...string) *child {
	t.Helper()
	c := &child{name: name, log: filepath.Join(dir, name+".log"), done: make(chan error, 1)}
	logf, err := os.Create(c.log)
	if err != nil {
		t.Fatal(err)
	}
	c.cmd = exec.Command(os.Args[0], args...)
	c.cmd.Env = append(os.Environ(), asDubanEnv+"=1", "DUBAN_TELEGRAM_TOKEN="+tgfake.Token, "DUBAN_CONFIG=")
	c.cmd.Stdout, c.cmd.Stderr = logf, logf
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.done <- c.cmd.Wait()
		logf.Close()
	}()
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			c.cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

// kill SIGKILLs the child and waits for it to be gone.
func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatalf("kill %s: %v", c.name, err)
	}
	<-c.done
}

// stop asks the child to stop as SIGTERM does and checks it exits cleanly.
func (c *child) stop(t *testing.T) {
	t.Helper()
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-c.done:
		if err != nil {
			t.Fatalf("%s exited with %v:\n%s", c.name, err, c.logs())
		}
	case <-time.After(120 * time.Second):
		c.cmd.Process.Kill()
		t.Fatalf("%s did not stop on SIGTERM:\n%s", c.name, c.logs())
	}
}

// wait waits for the child to exit by itself.
func (c *child) wait(t *testing.T, timeout time.Duration) error {
	t.Helper()
	select {
	case err := <-c.done:
		return err
	case <-time.After(timeout):
		c.cmd.Process.Kill()
		t.Fatalf("%s still running after %s:\n%s", c.name, timeout, c.logs())
		return nil
	}
}

func (c *child) exited() bool {
	select {
	case err := <-c.done:
		c.done <- err
		return true
	default:
		return false
	}
}

func (c *child) logs() string {
	data, _ := os.ReadFile(c.log)
	return string(data)
}

// checkLogs fails the test on a panic or an error in a child's log.
func (c *child) checkLogs(t *testing.T) {
	t.Helper()
	logs := c.logs()
	for _, bad := range []string{"panic", "level=ERROR", tgfake.Token} {
		if strings.Contains(logs, bad) {
			t.Errorf("%s logged %q:\n%s", c.name, bad, logs)
		}
	}
}

// writeChildConfig writes the configuration of a duban that talks to fake,
// keeps its data in db and serves chats, with the weekly reminder on that
// spec ("" for off) and the other scheduled jobs off, and extra YAML.
func writeChildConfig(t *testing.T, dir, fakeURL, db string, chats []int64, weekly, extra string) string {
	t.Helper()
	var ids []string
	for _, c := range chats {
		ids = append(ids, fmt.Sprint(c))
	}
	cfg := fmt.Sprintf(`telegram:
  api_url: %s
  poll_timeout: 2s
  workers: 4
db: %s
access:
  chats: [%s]
schedule:
  weekly: %q
  deadlines: ""
  monthly: ""
http:
  listen: ""
%s`, fakeURL, db, strings.Join(ids, ", "), weekly, extra)
	path := filepath.Join(dir, "config.yaml")
	if err := writeFile(path, cfg); err != nil {
		t.Fatal(err)
	}
	return path
}

// seedTasks writes a plan of n tasks in one section, due on deadline (none
// when zero), to the database at db and returns their numbers.
func seedTasks(t *testing.T, db string, n int, deadline duban.Date) []int {
	t.Helper()
	return seedTasksInto(t, db, 0, n, deadline)
}

// seedTasksInto adds section number sec (from 0) of n tasks due on
// deadline to the plan in db, creating the plan first when needed, and
// returns the tasks' numbers.
func seedTasksInto(t *testing.T, db string, sec, n int, deadline duban.Date) []int {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	p, err := st.PlanByName(ctx, "2026年教育工作要点")
	if duban.ErrorCode(err) == duban.ENOTFOUND {
		p = duban.Plan{Name: "2026年教育工作要点", Year: 2026}
		err = st.CreatePlan(ctx, &p)
	}
	if err != nil {
		t.Fatal(err)
	}
	section := duban.Item{PlanID: p.ID, Kind: duban.KindSection, Code: fmt.Sprint(sec + 1), Title: fmt.Sprintf("第%d部分 重点工作", sec+1)}
	if err := st.CreateItem(ctx, &section); err != nil {
		t.Fatal(err)
	}
	var nums []int
	for i := range n {
		it := duban.Item{PlanID: p.ID, ParentNumber: section.Number, Code: fmt.Sprintf("%d.%d", sec+1, i+1),
			Title: fmt.Sprintf("推进第%d部分第%d项重点任务", sec+1, i+1), Owner: "督导室", Deadline: deadline}
		if err := st.CreateItem(ctx, &it); err != nil {
			t.Fatal(err)
		}
		nums = append(nums, it.Number)
	}
	return nums
}

// childDB opens the child's database for reading.
func childDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func rowCount(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// pollUntil polls cond every 20 ms until it holds or timeout passes.
func pollUntil(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// servedGroups returns n served groups.
func servedGroups(n int, base int64) []models.Chat {
	out := make([]models.Chat, n)
	for i := range out {
		out[i] = tgfake.Group(base-int64(i), fmt.Sprintf("第%d中学工作群", i+1))
	}
	return out
}

func groupIDs(chats []models.Chat) []int64 {
	out := make([]int64, len(chats))
	for i, c := range chats {
		out[i] = c.ID
	}
	return out
}

// replyKey names a reply by the message it answers.
type replyKey struct {
	chat int64
	to   int
}

// repliesByQuestion counts the replies to each message.
func repliesByQuestion(fake *tgfake.Server) map[replyKey]int {
	out := map[replyKey]int{}
	for _, s := range fake.Sent() {
		out[replyKey{s.ChatID, s.ReplyTo}]++
	}
	return out
}

func TestCrashDuringABurstOfReports(t *testing.T) {
	if testing.Short() {
		t.Skip("starts duban three times")
	}
	const (
		reports = 3000
		workers = 4 // the config's telegram.workers
	)
	fake := tgfake.New(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	tasks := seedTasks(t, db, 40, duban.Date{})
	chats := servedGroups(60, -1004000000000)
	cfg := writeChildConfig(t, dir, fake.URL, db, groupIDs(chats), "", "")

	// Every report is pushed before the bot starts: a burst as after an
	// outage, more than it holds in memory at once.
	type pushed struct {
		chat int64
		msg  int
	}
	sent := map[int64]pushed{}
	msgIDs := map[int64]int{}
	for i := range reports {
		c := chats[i%len(chats)]
		msgIDs[c.ID]++
		u := tgfake.User(int64(30000+i%25), fmt.Sprintf("报送人%d", i%25), "")
		text := fmt.Sprintf("#%d 已推进，进度%d%%", tasks[i%len(tasks)], 1+i%98)
		id := fake.Push(models.Update{Message: &models.Message{ID: msgIDs[c.ID], Chat: c, From: &u, Text: text}})
		sent[id] = pushed{c.ID, msgIDs[c.ID]}
	}

	first := startDuban(t, dir, "run-1", "--config", cfg, "run")
	pollUntil(t, 60*time.Second, "a third of the replies", func() bool { return fake.SentCount() >= reports/3 || first.exited() })
	first.kill(t)
	first.checkLogs(t)

	// What the crash left: updates Telegram was told the bot has, and how
	// many of those were not handled yet — lost, but for the inbox.
	confirmed := fake.ConfirmedCount()
	r := childDB(t, db)
	stored := rowCount(t, r, `SELECT COUNT(*) FROM progress`)
	pending := rowCount(t, r, `SELECT COUNT(*) FROM inbox WHERE done_at IS NULL`)
	var unhandled int
	for id := range sent {
		if fake.Confirmed(id) && rowCount(t, r, `SELECT COUNT(*) FROM progress WHERE update_id = ?`, id) == 0 {
			unhandled++
		}
	}
	repliesAtKill := fake.SentCount()
	t.Logf("at SIGKILL: %d replies sent, %d reports stored, %d updates confirmed to Telegram, %d of them not handled yet, %d pending in the inbox",
		repliesAtKill, stored, confirmed, unhandled, pending)
	if unhandled == 0 {
		t.Fatal("the crash left no confirmed update unhandled: the test did not test the inbox")
	}

	second := startDuban(t, dir, "run-2", "--config", cfg, "run")
	pollUntil(t, 60*time.Second, "a reply to every report", func() bool {
		return len(repliesByQuestion(fake)) >= reports || second.exited()
	})
	second.stop(t)
	second.checkLogs(t)

	// Every report is stored once, from its own update.
	if n := rowCount(t, r, `SELECT COUNT(*) FROM progress`); n != reports {
		t.Errorf("%d reports stored, want %d", n, reports)
	}
	for id := range sent {
		if n := rowCount(t, r, `SELECT COUNT(*) FROM progress WHERE update_id = ?`, id); n != 1 {
			t.Fatalf("update %d: %d reports stored, want 1", id, n)
		}
	}
	if n := rowCount(t, r, `SELECT COUNT(*) FROM inbox WHERE done_at IS NULL`); n != 0 {
		t.Errorf("%d updates still pending after a clean stop", n)
	}
	// Every report was answered in its chat; the repeats are the replies
	// to updates handled just before the crash, not yet marked done.
	replies := repliesByQuestion(fake)
	repeated := 0
	for _, p := range sent {
		n := replies[replyKey{p.chat, p.msg}]
		if n == 0 {
			t.Fatalf("report %d in chat %d never answered", p.msg, p.chat)
		}
		repeated += n - 1
	}
	if total := fake.SentCount(); total != reports+repeated {
		t.Errorf("%d messages sent for %d reports and %d repeats: some went elsewhere", total, reports, repeated)
	}
	t.Logf("after restart: %d reports stored once each, %d replies repeated (bound: workers + 2×64 = %d)", reports, repeated, workers+128)
	if repeated > workers+128 {
		t.Errorf("%d replies repeated, more than the documented bound", repeated)
	}
}

// writeLedger writes a ledger (台账) CSV of sections × perSection tasks and
// returns its path and how many items (sections and tasks) it holds.
func writeLedger(t *testing.T, dir string, sections, perSection int) (string, int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("某县教育局2026年重点工作任务台账,,,,,,,,,\n")
	b.WriteString("完成时限,工作任务,序号,责任人,牵头单位,配合单位,目标,状态,进度,备注\n")
	units := []string{"督导室", "基教股", "人事股", "计财股", "安全稳定科", "教师发展中心"}
	for s := range sections {
		fmt.Fprintf(&b, ",第%d部分 重点工作,,,,,,,,\n", s+1)
		for i := range perSection {
			fmt.Fprintf(&b, "%d月底前,完成第%d部分第%d项任务并报送工作台账,%d,王明,%s,各学校,覆盖率达到%d%%,进行中,%d%%,\n",
				1+(s+i)%12, s+1, i+1, i+1, units[(s+i)%len(units)], 50+i%50, i%100)
		}
	}
	path := filepath.Join(dir, "ledger.csv")
	if err := writeFile(path, b.String()); err != nil {
		t.Fatal(err)
	}
	return path, sections * (perSection + 1)
}

func TestCrashDuringAnImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts duban many times")
	}
	dir := t.TempDir()
	ledger, items := writeLedger(t, dir, 40, 100)
	cfg := writeChildConfig(t, dir, "http://127.0.0.1:1", filepath.Join(dir, "unused.db"), nil, "", "")
	// A migrated empty database for each try, so that a try times the
	// import alone.
	empty := filepath.Join(dir, "empty.db")
	st, err := store.Open(empty)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	fresh := func(name string) string {
		data, err := os.ReadFile(empty)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// What a database holds of the plan: items, their search index rows,
	// plans and the audit lines of the import.
	state := func(db string) [4]int {
		r, err := sql.Open("sqlite3", "file:"+db+"?_busy_timeout=5000")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var out [4]int
		for i, q := range []string{`SELECT COUNT(*) FROM items`, `SELECT COUNT(*) FROM items_fts`, `SELECT COUNT(*) FROM plans`, `SELECT COUNT(*) FROM audit`} {
			if err := r.QueryRow(q).Scan(&out[i]); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		return out
	}

	// walSize is the size of a database's write-ahead log: the import's
	// transaction spills its pages there as it goes, then commits.
	walSize := func(db string) int64 {
		fi, err := os.Stat(db + "-wal")
		if err != nil {
			return 0
		}
		return fi.Size()
	}

	// Uninterrupted, for the reference state and how far its log grows.
	full := fresh("full.db")
	start := time.Now()
	c := startDuban(t, dir, "import-full", "--config", cfg, "import", "--db", full, ledger)
	var peak int64
	for !c.exited() {
		peak = max(peak, walSize(full))
		time.Sleep(time.Millisecond)
	}
	if err := c.wait(t, time.Second); err != nil {
		t.Fatalf("import: %v\n%s", err, c.logs())
	}
	took := time.Since(start)
	want := state(full)
	if want[0] != items || want[1] != items || want[2] != 1 || peak == 0 {
		t.Fatalf("uninterrupted import: %v (items, indexed, plans, audit), log peak %d; want %d items", want, peak, items)
	}

	// SIGKILL as the log reaches points spread over its growth, from the
	// first pages written to the commit: each database holds the whole
	// plan or none of it, and importing again completes it.
	var none, whole int
	fracs := []float64{0.02, 0.25, 0.5, 0.75, 0.95, 1.0}
	for i, frac := range fracs {
		db := fresh(fmt.Sprintf("try%d.db", i))
		c := startDuban(t, dir, fmt.Sprintf("import-%d", i), "--config", cfg, "import", "--db", db, ledger)
		for !c.exited() && float64(walSize(db)) < frac*float64(peak) {
			time.Sleep(500 * time.Microsecond)
		}
		c.kill(t)
		switch got := state(db); {
		case got == [4]int{}:
			none++
		case got == want:
			whole++
		default:
			t.Fatalf("killed with the log at %.0f%% of its peak: %v (items, indexed, plans, audit), want none or %v", frac*100, got, want)
		}
		again := startDuban(t, dir, fmt.Sprintf("import-%d-again", i), "--config", cfg, "import", "--db", db, ledger)
		if err := again.wait(t, 60*time.Second); err != nil {
			t.Fatalf("import after the crash: %v\n%s", err, again.logs())
		}
		if got := state(db); got[0] != items || got[1] != items || got[2] != 1 {
			t.Fatalf("import after the crash: %v, want %d items in one plan", got, items)
		}
	}
	t.Logf("import of %d items takes %s, its log peaks at %d KB; %d SIGKILLs while it grew: %d left no plan, %d the whole plan, none half",
		items, took.Round(time.Millisecond), peak>>10, len(fracs), none, whole)
	if none == 0 {
		t.Error("no kill landed before the commit: the test did not test atomicity")
	}
}

func TestCrashDuringAReminderFanOut(t *testing.T) {
	if testing.Short() {
		t.Skip("starts duban three times")
	}
	const inflight = 4 // the scheduler sender's sends at once
	fake := tgfake.New(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	// Overdue tasks: every group is reminded of them.
	overdue, err := duban.ParseDate(time.Now().AddDate(0, 0, -3).Format(time.DateOnly))
	if err != nil {
		t.Fatal(err)
	}
	seedTasks(t, db, 12, overdue)
	chats := servedGroups(150, -1005000000000)
	cfg := writeChildConfig(t, dir, fake.URL, db, groupIDs(chats), "30 8 * * 1", "delivery:\n  global_per_second: 50\n")

	// The week's reminders go to the outbox: one run per group.
	queue := startDuban(t, dir, "remind", "--config", cfg, "remind", "weekly", "--queue-only")
	if err := queue.wait(t, 60*time.Second); err != nil {
		t.Fatalf("remind: %v\n%s", err, queue.logs())
	}
	r := childDB(t, db)
	enqueued := map[int64]int{}
	rows, err := r.Query(`SELECT chat_id, COUNT(*) FROM outbox GROUP BY chat_id`)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for rows.Next() {
		var chat int64
		var n int
		if err := rows.Scan(&chat, &n); err != nil {
			t.Fatal(err)
		}
		enqueued[chat] = n
		total += n
	}
	rows.Close()
	if len(enqueued) != len(chats) {
		t.Fatalf("reminders queued for %d groups, want %d:\n%s", len(enqueued), len(chats), queue.logs())
	}

	// A slow network: each send is answered 100 ms after Telegram took
	// it, so the crash finds sends in flight.
	fake.SetLatency(100 * time.Millisecond)
	first := startDuban(t, dir, "run-1", "--config", cfg, "run")
	pollUntil(t, 60*time.Second, "a third of the reminders", func() bool { return fake.SentCount() >= total/3 || first.exited() })
	first.kill(t)
	first.checkLogs(t)
	atKill := fake.SentCount()
	pendingAtKill := rowCount(t, r, `SELECT COUNT(*) FROM outbox WHERE state = 'pending'`)
	fake.SetLatency(0)

	second := startDuban(t, dir, "run-2", "--config", cfg, "run")
	pollUntil(t, 60*time.Second, "every reminder sent", func() bool {
		return rowCount(t, r, `SELECT COUNT(*) FROM outbox WHERE state = 'pending'`) == 0 || second.exited()
	})
	second.stop(t)
	second.checkLogs(t)

	twice := 0
	for _, c := range chats {
		got := len(fake.SentTo(c.ID))
		switch extra := got - enqueued[c.ID]; {
		case extra < 0:
			t.Fatalf("group %d got %d of its %d reminder messages", c.ID, got, enqueued[c.ID])
		case extra > 1:
			t.Fatalf("group %d got %d messages more than its reminder: at most one may repeat", c.ID, extra)
		default:
			twice += extra
		}
	}
	if n := rowCount(t, r, `SELECT COUNT(*) FROM outbox WHERE state <> 'sent'`); n != 0 {
		t.Errorf("%d outbox messages not sent", n)
	}
	t.Logf("fan-out of %d messages to %d groups: SIGKILL after %d sent (%d pending); after restart every group has its reminder, %d sent twice (bound: %d in all, one per group)",
		total, len(chats), atKill, pendingAtKill, twice, inflight)
	if twice > inflight {
		t.Errorf("%d messages sent twice, more than the %d the sender may have in flight", twice, inflight)
	}
}
