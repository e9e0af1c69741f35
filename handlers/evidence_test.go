package handlers

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/evidence"
)

// evidenceEnv is a test env whose handler receives files, keeping no local
// copies unless keepCopies is called.
type evidenceEnv struct {
	*testEnv
	files *fakeFiles
	n     int
}

func newEvidenceEnv(t *testing.T) *evidenceEnv {
	t.Helper()
	e := &evidenceEnv{testEnv: newTestEnv(t, "zh"), files: &fakeFiles{files: map[string][]byte{}}}
	e.h.d.Files = e.files
	return e
}

// keepCopies turns local copies on under a temporary folder, at most max
// bytes a piece and quota in all, and returns the folder.
func (e *evidenceEnv) keepCopies(t *testing.T, max, quota int64) string {
	dir := filepath.Join(t.TempDir(), "evidence")
	e.h.d.Evidence = EvidenceOptions{Files: evidence.New(dir, shanghai()), MaxBytes: max, QuotaBytes: quota}
	return dir
}

// file returns an attachment of kind whose content is data.
func (e *evidenceEnv) file(kind, name string, data []byte) *duban.Attachment {
	e.n++
	id := fmt.Sprintf("file-%d", e.n)
	e.files.files[id] = data
	return &duban.Attachment{Kind: kind, FileID: id, UniqueID: fmt.Sprintf("uniq-%d", e.n), Name: name, Size: int64(len(data))}
}

// send sends att with caption from a member of chat and returns the replies.
func (e *evidenceEnv) send(t *testing.T, chat int64, caption string, att *duban.Attachment) string {
	t.Helper()
	m := e.msg(chat, memberID, caption)
	m.Attachment = att
	return strings.Join(e.say(t, m), "\n")
}

func (e *evidenceEnv) pieces(t *testing.T, n int) []duban.Evidence {
	t.Helper()
	list, err := e.st.Evidence(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestEvidenceByCaption(t *testing.T) {
	e := newEvidenceEnv(t)
	photo := e.file(duban.AttachPhoto, "", []byte("jpeg"))
	got := e.send(t, servedGroup, "#2 整改前后照片", photo)
	if !strings.Contains(got, "已收到 #2 开展校园安全隐患排查 的佐证材料（第1件）：整改前后照片") {
		t.Fatalf("reply %q", got)
	}
	list := e.pieces(t, 2)
	if len(list) != 1 {
		t.Fatalf("%d pieces on #2", len(list))
	}
	ev := list[0]
	if ev.FileID != photo.FileID || ev.UniqueID != photo.UniqueID || ev.Kind != duban.AttachPhoto || ev.Caption != "整改前后照片" ||
		ev.UserID != memberID || ev.UserName != "张三" || ev.ChatID != servedGroup || ev.MessageID == 0 || ev.LocalPath != "" ||
		!ev.CreatedAt.Equal(testNow) {
		t.Errorf("stored %+v", ev)
	}
	// The caption is not a progress report.
	if n := e.reportCount(t, 2); n != 0 {
		t.Errorf("%d reports on #2", n)
	}

	// Other ways of naming the item, and other kinds of file.
	for _, tt := range []struct {
		caption string
		att     *duban.Attachment
		item    int
		what    string
	}{
		{"4号 验收报告", e.file(duban.AttachDocument, "验收报告.pdf", []byte("%PDF")), 4, "验收报告"},
		{"第7项：评估现场视频", e.file(duban.AttachVideo, "评估.mp4", []byte("mp4")), 7, "评估现场视频"},
		{"督导评估自评表 #7", e.file(duban.AttachDocument, "自评表.xlsx", []byte("PK")), 7, "督导评估自评表"},
		{"＃６ 培训签到表", e.file(duban.AttachPhoto, "", []byte("jpeg")), 6, "培训签到表"},
		{"#4", e.file(duban.AttachDocument, "中标通知书.pdf", []byte("%PDF")), 4, "中标通知书.pdf"},
	} {
		got := e.send(t, servedGroup, tt.caption, tt.att)
		if !strings.Contains(got, fmt.Sprintf("已收到 #%d", tt.item)) || !strings.Contains(got, "："+tt.what+"。") {
			t.Errorf("%q: %q", tt.caption, got)
		}
	}
	if n := len(e.pieces(t, 4)); n != 2 {
		t.Errorf("%d pieces on #4, want 2", n)
	}
	if n := len(e.pieces(t, 7)); n != 2 {
		t.Errorf("%d pieces on #7, want 2", n)
	}
	// /history tells it.
	if got := e.group(t, "/history 2"); !strings.Contains(got, "张三 上传佐证材料（照片）：整改前后照片") {
		t.Errorf("/history 2: %s", got)
	}
}

func TestEvidenceByReply(t *testing.T) {
	e := newEvidenceEnv(t)
	reply := func(botText, caption string) string {
		m := e.msg(servedGroup, memberID, caption)
		m.Attachment = e.file(duban.AttachPhoto, "", []byte("jpeg"))
		m.ReplyTo = &duban.Reply{MessageID: 1, FromBot: true, Text: botText}
		return strings.Join(e.say(t, m), "\n")
	}
	// A photo answering the bot's message about #3 is evidence on #3,
	// not a report.
	if got := reply("✅ #3 落实学生资助政策 已记录进展", ""); !strings.Contains(got, "已收到 #3") || !strings.Contains(got, "：照片。") {
		t.Fatalf("reply with a photo: %q", got)
	}
	if got := reply("⏰ #3 落实学生资助政策 逾期5天", "资金拨付凭证"); !strings.Contains(got, "第2件）：资金拨付凭证") {
		t.Fatalf("reply with a captioned photo: %q", got)
	}
	if n := e.reportCount(t, 3); n != 0 {
		t.Errorf("%d reports on #3", n)
	}
	// A caption naming an item wins over the message answered.
	if got := reply("#3 落实学生资助政策", "#4 招标公告截图"); !strings.Contains(got, "已收到 #4") {
		t.Errorf("caption over reply: %q", got)
	}
	// A message about several items: which one?
	if got := reply("本周到期：#2、#7", "现场照片"); !strings.Contains(got, "提到了多个事项（#2、#7）") || !strings.Contains(got, "#2 整改前后照片") {
		t.Errorf("several items: %q", got)
	}
	if got := reply("本群尚未登记任何单位", ""); !strings.Contains(got, "请在说明里写上事项编号") {
		t.Errorf("no item: %q", got)
	}
	if n := len(e.pieces(t, 2)) + len(e.pieces(t, 7)); n != 0 {
		t.Errorf("%d pieces stored from ambiguous replies", n)
	}

	// /evidence N in reply to someone's photo attaches it.
	m := e.msg(servedGroup, memberID, "/evidence 6")
	m.ReplyTo = &duban.Reply{MessageID: 40, UserID: 99, UserName: "李华", Text: "培训现场", Attachment: e.file(duban.AttachPhoto, "", []byte("jpeg"))}
	if got := strings.Join(e.say(t, m), "\n"); !strings.Contains(got, "已收到 #6") || !strings.Contains(got, "：培训现场。") {
		t.Errorf("/evidence in reply to a photo: %q", got)
	}
	// As a file's caption too.
	if got := e.send(t, servedGroup, "/evidence 6 第二批签到表", e.file(duban.AttachDocument, "签到表.pdf", []byte("%PDF"))); !strings.Contains(got, "第2件）：第二批签到表") {
		t.Errorf("/evidence as a caption: %q", got)
	}
}

// An unknown item, a section, a file too large: a clear reply, nothing
// stored. Chatter with a photo gets nothing at all.
func TestEvidenceRefused(t *testing.T) {
	e := newEvidenceEnv(t)
	big := e.file(duban.AttachVideo, "演练.mp4", nil)
	big.Size = 30 << 20
	tests := []struct {
		caption string
		att     *duban.Attachment
		want    string
	}{
		{"#99 整改照片", e.file(duban.AttachPhoto, "", []byte("x")), "没有编号为 #99 的事项"},
		{"#1 照片", e.file(duban.AttachPhoto, "", []byte("x")), "#1 是计划的一个部分"},
		{"#2 演练视频", big, "文件太大（30 MB），佐证材料每件最大 20 MB（配置项 evidence.max_mb），没有保存"},
		{"#1234567890123 照片", e.file(duban.AttachPhoto, "", []byte("x")), "没有编号为 1234567890123 的事项"},
	}
	for _, tt := range tests {
		if got := e.send(t, servedGroup, tt.caption, tt.att); !strings.Contains(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.caption, got, tt.want)
		}
	}
	for _, caption := range []string{"", "今天的检查照片", "3号楼消防通道", "收到"} {
		if got := e.send(t, servedGroup, caption, e.file(duban.AttachPhoto, "", []byte("x"))); got != "" {
			t.Errorf("chatter %q answered: %q", caption, got)
		}
	}
	// An unserved group: nothing, not even a hint.
	if got := e.send(t, unservedGroup, "#2 照片", e.file(duban.AttachPhoto, "", []byte("x"))); got != "" {
		t.Errorf("unserved group: %q", got)
	}
	// In private, a file that names nothing gets the how-to.
	if got := e.send(t, memberID, "", e.file(duban.AttachPhoto, "", []byte("x"))); !strings.Contains(got, "请在说明里写上事项编号") {
		t.Errorf("private photo: %q", got)
	}
	all, err := e.st.AllEvidence(context.Background())
	if err != nil || len(all) != 0 {
		t.Errorf("stored %+v, %v", all, err)
	}
	// A document captioned /import is an import, not evidence.
	m := e.msg(servedGroup, adminID, "/import")
	m.Attachment = e.file(duban.AttachDocument, "plan.txt", []byte(importPlanText))
	m.Document = &duban.Document{FileID: m.Attachment.FileID, FileName: "plan.txt", Size: m.Attachment.Size}
	if got := strings.Join(e.say(t, m), "\n"); !strings.Contains(got, "导入预览") {
		t.Errorf("/import with a document: %q", got)
	}
	if all, _ := e.st.AllEvidence(context.Background()); len(all) != 0 {
		t.Errorf("the plan became evidence: %+v", all)
	}
}

// Photos sent together (an album) carry one caption: they all go to its
// item, confirmed once.
func TestEvidenceAlbum(t *testing.T) {
	e := newEvidenceEnv(t)
	album := func(chat int64, caption, id string) string {
		att := e.file(duban.AttachPhoto, "", []byte("jpeg"))
		att.Album = id
		return e.send(t, chat, caption, att)
	}
	got := album(servedGroup, "#2 整改前后照片", "album-1")
	if !strings.Contains(got, "已收到 #2") || !strings.Contains(got, "同一组发送的其他照片、视频和文件也一并保存") {
		t.Fatalf("first of the album: %q", got)
	}
	for i := 0; i < 3; i++ {
		if got := album(servedGroup, "", "album-1"); got != "" {
			t.Errorf("the album's photo %d answered: %q", i+2, got)
		}
	}
	list := e.pieces(t, 2)
	if len(list) != 4 || list[3].Caption != "整改前后照片" || list[3].Seq != 4 {
		t.Fatalf("album stored as %+v", list)
	}
	// Another album, or the same id in another chat, is not this one.
	if got := album(servedGroup, "", "album-2"); got != "" {
		t.Errorf("another album: %q", got)
	}
	if got := album(memberID, "", "album-1"); !strings.Contains(got, "请在说明里写上事项编号") {
		t.Errorf("same album id in another chat: %q", got)
	}
	// Minutes later the album is forgotten.
	e.h.d.Now = func() time.Time { return testNow.Add(albumTTL) }
	if got := album(servedGroup, "", "album-1"); got != "" {
		t.Errorf("album after %v: %q", albumTTL, got)
	}
	if n := len(e.pieces(t, 2)); n != 4 {
		t.Errorf("%d pieces on #2, want 4", n)
	}
}

// The same file twice, or the same update delivered again, is kept once.
func TestEvidenceOnce(t *testing.T) {
	e := newEvidenceEnv(t)
	photo := e.file(duban.AttachPhoto, "", []byte("jpeg"))
	e.send(t, servedGroup, "#2 整改前后照片", photo)
	if got := e.send(t, servedGroup, "#2 再发一次", photo); !strings.Contains(got, "已是 #2 开展校园安全隐患排查 的第1件佐证材料，没有重复保存") {
		t.Errorf("same file again: %q", got)
	}
	m := e.msg(servedGroup, memberID, "#2 验收单")
	m.Attachment = e.file(duban.AttachDocument, "验收单.pdf", []byte("%PDF"))
	e.say(t, m)
	m.Attachment = e.file(duban.AttachDocument, "验收单.pdf", []byte("%PDF")) // a new file id, the same update
	e.say(t, m)
	if n := len(e.pieces(t, 2)); n != 2 {
		t.Errorf("%d pieces, want 2", n)
	}
}

func TestEvidenceCommand(t *testing.T) {
	e := newEvidenceEnv(t)
	if got := e.group(t, "/evidence 2"); !strings.Contains(got, "#2 开展校园安全隐患排查 的佐证材料\n还没有佐证材料") {
		t.Errorf("none yet: %q", got)
	}
	var ids []string
	for i := 1; i <= 12; i++ {
		att := e.file(duban.AttachPhoto, "", []byte("jpeg"))
		if i == 12 {
			att = e.file(duban.AttachDocument, "验收报告.pdf", []byte("%PDF"))
		}
		ids = append(ids, att.FileID)
		e.send(t, servedGroup, fmt.Sprintf("#2 第%d批照片", i), att)
	}
	e.h.Handle(context.Background(), e.msg(servedGroup, memberID, "/evidence 2"))
	out := e.out.take()
	if len(out) != 1+evidenceSent {
		t.Fatalf("%d messages, want the list and %d files", len(out), evidenceSent)
	}
	list := plain(out[0].Text)
	for _, want := range []string{"#2 开展校园安全隐患排查 的佐证材料（共12件）", "\n1. 🖼 第1批照片 · 张三 11月25日 10:00 · 4 B", "\n12. 📄 第12批照片（验收报告.pdf）", "以下发送最近的10件"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q:\n%s", want, list)
		}
	}
	for i, o := range out[1:] {
		k := i + 3 // the newest ten: 3…12
		if o.Remote == nil || o.Remote.FileID != ids[k-1] || o.ReplyTo == 0 || !strings.Contains(plain(o.Text), fmt.Sprintf("#2 佐证材料 %d/12", k)) {
			t.Fatalf("file %d: %+v", k, o)
		}
	}
	if kind := out[len(out)-1].Remote.Kind; kind != duban.AttachDocument {
		t.Errorf("the document is sent as %q", kind)
	}
	// One piece by its place.
	e.h.Handle(context.Background(), e.msg(servedGroup, memberID, "/evidence 2 1"))
	if out := e.out.take(); len(out) != 1 || out[0].Remote == nil || out[0].Remote.FileID != ids[0] || !strings.Contains(out[0].Text, "第1批照片") {
		t.Errorf("/evidence 2 1: %+v", out)
	}
	for text, want := range map[string]string{
		"/evidence 2 13": "#2 共有12件佐证材料，请写序号1到12",
		"/evidence 99":   "没有编号为 #99 的事项",
		"/evidence":      "请写上事项编号",
	} {
		if got := e.group(t, text); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", text, got, want)
		}
	}
}

// A scoped group attaches to and sees its own items only.
func TestEvidenceScoped(t *testing.T) {
	e := newScopedEnv(t)
	files := &fakeFiles{files: map[string][]byte{}}
	e.h.d.Files = files
	send := func(caption, unique string) string {
		m := e.msg(schoolGroup, memberID, caption)
		m.Attachment = &duban.Attachment{Kind: duban.AttachPhoto, FileID: "f-" + unique, UniqueID: unique}
		return strings.Join(e.say(t, m), "\n")
	}
	if got := send("#2 排查照片", "a"); !strings.Contains(got, "没有编号为 #2 的事项") {
		t.Errorf("outside the scope: %q", got)
	}
	if got := send("#4 招标文件", "b"); !strings.Contains(got, "已收到 #4") {
		t.Errorf("inside the scope: %q", got)
	}
	// The bureau's group attaches to #2; the school's group cannot see it.
	m := e.msg(servedGroup, memberID, "#2 排查照片")
	m.Attachment = &duban.Attachment{Kind: duban.AttachPhoto, FileID: "f-c", UniqueID: "c"}
	e.say(t, m)
	if got := strings.Join(e.say(t, e.msg(schoolGroup, memberID, "/evidence 2")), "\n"); !strings.Contains(got, "没有编号为 #2 的事项") {
		t.Errorf("/evidence 2 in the school's group: %q", got)
	}
}

// With evidence.dir, each piece is downloaded and kept under a safe name;
// a full quota or a file too large to download stores nothing.
func TestEvidenceLocalCopies(t *testing.T) {
	e := newEvidenceEnv(t)
	dir := e.keepCopies(t, 1<<10, 2000)
	got := e.send(t, servedGroup, "#2 整改前后/照片..\u202e", e.file(duban.AttachPhoto, "", []byte("jpeg-data")))
	if !strings.Contains(got, "已收到 #2") {
		t.Fatalf("reply %q", got)
	}
	ev := e.pieces(t, 2)[0]
	want := "2/20261125-100000_整改前后_照片.jpg"
	if ev.LocalPath != want || ev.LocalSize != 9 {
		t.Fatalf("local copy %q (%d bytes), want %q", ev.LocalPath, ev.LocalSize, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(want)))
	if err != nil || string(data) != "jpeg-data" {
		t.Fatalf("copy holds %q, %v", data, err)
	}
	if fi, _ := os.Stat(filepath.Join(dir, filepath.FromSlash(want))); fi.Mode().Perm() != 0o600 {
		t.Errorf("copy mode %v", fi.Mode().Perm())
	}
	// Sent again: found, not downloaded a second time.
	before := e.files.downloads
	e.send(t, servedGroup, "#2 再发一次", &ev.Attachment)
	if e.files.downloads != before {
		t.Errorf("the same file was downloaded again")
	}
	// Larger than evidence.max_mb once downloaded (Telegram did not say
	// its size): refused.
	big := e.file(duban.AttachDocument, "报告.pdf", make([]byte, 1500))
	big.Size = 0
	if got := e.send(t, servedGroup, "#2 验收报告", big); !strings.Contains(got, "文件太大，佐证材料每件最大 1 KB") {
		t.Errorf("too large: %q", got)
	}
	// The quota: 9 bytes used of 2000; a 1000-byte piece fits, the next
	// does not (told before downloading when its size is known).
	if got := e.send(t, servedGroup, "#4 招标文件", e.file(duban.AttachDocument, "招标.pdf", make([]byte, 1000))); !strings.Contains(got, "已收到 #4") {
		t.Fatalf("under the quota: %q", got)
	}
	n := e.files.downloads
	if got := e.send(t, servedGroup, "#4 中标通知", e.file(duban.AttachDocument, "中标.pdf", make([]byte, 1000))); !strings.Contains(got, "佐证材料的存储空间已满（上限 2 KB，配置项 evidence.quota_gb），这份材料没有保存") {
		t.Errorf("quota full: %q", got)
	}
	if e.files.downloads != n {
		t.Errorf("downloaded a file the quota has no room for")
	}
	if len(e.pieces(t, 4)) != 1 || len(e.pieces(t, 2)) != 1 {
		t.Errorf("refused pieces were stored")
	}
	var names []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	if strings.Join(names, " ") != "2/20261125-100000_整改前后_照片.jpg 4/20261125-100000_招标文件.pdf" {
		t.Errorf("files on disk: %v", names)
	}
	// The store's quota check holds when two pieces race past the first
	// check: the copy written for the refused one is removed.
	e.h.d.Evidence.QuotaBytes = 1100
	m := e.msg(servedGroup, memberID, "#6 签到表")
	m.Attachment = e.file(duban.AttachDocument, "签到表.pdf", make([]byte, 100))
	m.Attachment.Size = 1
	if got := strings.Join(e.say(t, m), "\n"); !strings.Contains(got, "存储空间已满") {
		t.Errorf("quota at the store: %q", got)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "6")); len(entries) != 0 {
		t.Errorf("copy of a refused piece left: %v", entries)
	}
}

func FuzzEvidenceRef(f *testing.F) {
	for _, s := range []string{"#12 整改前后照片", "12号 验收报告", "第十二项 照片", "整改照片 #12", "#3 和 #5", "3号楼", "＃１２　照片", "#", "12号", "#0 x", "任务12 照片"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		text = cleanText(text)
		// The place of a piece in "/evidence 12 第3件".
		if k, ok := evidenceIndex(text); ok && (k < 0 || k > 999999) {
			t.Fatalf("place %d from %q", k, text)
		}
		number, rest, ok := evidenceRef(text)
		if !ok {
			if number != "" || rest != "" {
				t.Fatalf("no ref but %q %q", number, rest)
			}
			return
		}
		if number == "" || strings.Trim(number, "0123456789") != "" {
			t.Fatalf("number %q from %q", number, text)
		}
		if len(rest) > len(text) {
			t.Fatalf("rest %q longer than %q", rest, text)
		}
		if again, rest2, ok := evidenceRef(text); !ok || again != number || rest2 != rest {
			t.Fatalf("not deterministic")
		}
	})
}

// BenchmarkEvidence records a piece of evidence sent with a caption, end
// to end through the handler, without a local copy.
func BenchmarkEvidence(b *testing.B) {
	e := newTestEnv(b, "zh")
	d := e.h.d
	d.Sender = nopSender{}
	h := New(d)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		m := e.msg(servedGroup, memberID, "#2 整改前后照片")
		m.Attachment = &duban.Attachment{Kind: duban.AttachPhoto, FileID: fmt.Sprint("f", i), UniqueID: fmt.Sprint("u", i), Size: 180 << 10}
		h.Handle(ctx, m)
	}
	b.StopTimer()
	if list, err := e.st.Evidence(ctx, 2); err != nil || len(list) != i {
		b.Fatalf("%d pieces recorded of %d, %v", len(list), i, err)
	}
}
