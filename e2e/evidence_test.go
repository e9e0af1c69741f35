package e2e

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/evidence"
	"github.com/duban-bot/duban/handlers"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/store"
)

// photoMsg is a photo as Telegram sends it, in two sizes; the larger is
// file id (unique id "u-"+id) of size bytes.
func photoMsg(from models.User, caption, id string, size int) models.Update {
	return models.Update{Message: &models.Message{Chat: servedGroup, From: &from, Caption: caption, Photo: []models.PhotoSize{
		{FileID: id + "-small", FileUniqueID: "u-" + id + "-small", Width: 90, Height: 68, FileSize: 900},
		{FileID: id, FileUniqueID: "u-" + id, Width: 1280, Height: 960, FileSize: size},
	}}}
}

// docMsg is a document with a caption.
func docMsg(from models.User, caption, id, name string, size int64) models.Update {
	return models.Update{Message: &models.Message{Chat: servedGroup, From: &from, Caption: caption,
		Document: &models.Document{FileID: id, FileUniqueID: "u-" + id, FileName: name, MimeType: "application/pdf", FileSize: size}}}
}

// oneText returns the text of the one message sent, failing otherwise.
func oneText(t *testing.T, sent []tgfake.Sent) string {
	t.Helper()
	if len(sent) != 1 {
		t.Fatalf("%d messages sent, want 1: %q", len(sent), texts(sent))
	}
	return sent[0].Text
}

func TestEvidenceInTheGroup(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	ctx := context.Background()

	// By photo: the largest size is kept.
	got := oneText(t, e.push(t, servedGroup.ID, photoMsg(member, "#2 整改前后照片", "photo-1", 181000)))
	if !strings.Contains(got, "已收到 <b>#2</b> 开展校园安全隐患排查 的佐证材料（第1件）：整改前后照片") {
		t.Fatalf("photo: %s", got)
	}
	// By document, the item named "4号".
	if got := oneText(t, e.push(t, servedGroup.ID, docMsg(member, "4号 验收报告", "doc-1", "验收报告.pdf", 300000))); !strings.Contains(got, "已收到 <b>#4</b>") {
		t.Fatalf("document: %s", got)
	}
	// By reply: a video answering the bot's confirmation about #2.
	confirm := e.fake.SentTo(servedGroup.ID)[0]
	visible, _ := tgfake.ParseHTML(confirm.Text)
	video := models.Update{Message: &models.Message{Chat: servedGroup, From: &member,
		Video:          &models.Video{FileID: "video-1", FileUniqueID: "u-video-1", FileName: "整改过程.mp4", MimeType: "video/mp4", FileSize: 4 << 20},
		ReplyToMessage: &models.Message{ID: confirm.MessageID, Chat: servedGroup, From: &models.User{ID: tgfake.BotID, IsBot: true}, Text: visible}}}
	if got := oneText(t, e.push(t, servedGroup.ID, video)); !strings.Contains(got, "<b>#2</b> 开展校园安全隐患排查 的佐证材料（第2件）：整改过程.mp4") {
		t.Fatalf("reply: %s", got)
	}

	// Refused with a clear reply: too big, an unknown item.
	if got := oneText(t, e.push(t, servedGroup.ID, docMsg(member, "#2 全程录像", "doc-big", "录像.zip", 25<<20))); !strings.Contains(got, "文件太大（25 MB），佐证材料每件最大 20 MB") {
		t.Errorf("too big: %s", got)
	}
	if got := oneText(t, e.push(t, servedGroup.ID, photoMsg(member, "#99 现场照片", "photo-99", 5000))); !strings.Contains(got, "没有编号为 #99 的事项") {
		t.Errorf("unknown item: %s", got)
	}
	// A photo in the group's chatter: silence.
	if sent := e.push(t, servedGroup.ID, photoMsg(member, "今天食堂的午饭", "photo-lunch", 5000)); len(sent) != 0 {
		t.Errorf("chatter answered: %q", texts(sent))
	}
	all, err := e.st.AllEvidence(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	for _, ev := range all {
		stored = append(stored, fmt.Sprintf("#%d %s %s %s %d %s", ev.ItemNumber, ev.Kind, ev.FileID, ev.UniqueID, ev.Size, ev.UserName))
	}
	want := []string{"#2 photo photo-1 u-photo-1 181000 张敏", "#2 video video-1 u-video-1 4194304 张敏", "#4 document doc-1 u-doc-1 300000 张敏"}
	if strings.Join(stored, "\n") != strings.Join(want, "\n") {
		t.Errorf("stored:\n%s\nwant:\n%s", strings.Join(stored, "\n"), strings.Join(want, "\n"))
	}
	if n := e.fake.Downloads(); n != 0 {
		t.Errorf("%d downloads without local copies", n)
	}

	// /item 2 says how many there are and how to see them.
	if got := strings.Join(e.say(t, servedGroup, member, "/item 2"), "\n"); !strings.Contains(got, "佐证材料：2件（发送 /evidence 2 查看）") {
		t.Errorf("/item 2 lacks the evidence count:\n%s", got)
	}
	if got := strings.Join(e.say(t, servedGroup, member, "/item 3"), "\n"); strings.Contains(got, "佐证材料") {
		t.Errorf("/item 3 has no evidence but says:\n%s", got)
	}

	// /evidence 2 lists them and sends each back by its file id.
	sent := e.push(t, servedGroup.ID, models.Update{Message: &models.Message{Chat: servedGroup, From: &admin, Text: "/evidence 2"}})
	if len(sent) != 3 {
		t.Fatalf("/evidence 2 sent %d messages: %q", len(sent), texts(sent))
	}
	if !strings.Contains(sent[0].Text, "的佐证材料（共2件）") || !strings.Contains(sent[0].Text, "1. 🖼 整改前后照片 · 张敏 11月25日 10:00 · 177 KB") {
		t.Errorf("list: %s", sent[0].Text)
	}
	for i, w := range []struct{ method, id, caption string }{{"sendPhoto", "photo-1", "佐证材料 1/2"}, {"sendVideo", "video-1", "佐证材料 2/2"}} {
		s := sent[i+1]
		if s.Method != w.method || s.FileID != w.id || s.File != nil || !strings.Contains(s.Text, w.caption) || s.ParseMode != "HTML" {
			t.Errorf("file %d: %s %q %q", i+1, s.Method, s.FileID, s.Text)
		}
	}
}

// An album of photos carries one caption; its photos all go to the item,
// confirmed once.
func TestEvidenceAlbumInTheGroup(t *testing.T) {
	e := newEnv(t, 2, servedGroup.ID)
	for i, caption := range []string{"#7 自评现场照片", "", ""} {
		u := photoMsg(member, caption, fmt.Sprint("album-photo-", i), 5000)
		u.Message.MediaGroupID = "13579"
		sent := e.push(t, servedGroup.ID, u)
		if i == 0 && (len(sent) != 1 || !strings.Contains(sent[0].Text, "同一组发送的其他照片")) || i > 0 && len(sent) != 0 {
			t.Errorf("photo %d of the album: %q", i+1, texts(sent))
		}
	}
	list, err := e.st.Evidence(context.Background(), 7)
	if err != nil || len(list) != 3 || list[2].FileID != "album-photo-2" || list[2].Caption != "自评现场照片" {
		t.Errorf("album stored as %+v, %v", list, err)
	}
}

// With evidence.dir, each piece is downloaded with getFile and kept under
// a safe name; one too big to download, or past the quota, stores nothing.
func TestEvidenceLocalCopiesInTheGroup(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "evidence")
	e := newEnvWith(t, 2, func(d *handlers.Deps) {
		d.Evidence = handlers.EvidenceOptions{Files: evidence.New(dir, shanghai), MaxBytes: 1 << 10, QuotaBytes: 1500}
	}, servedGroup.ID)
	ctx := context.Background()
	jpeg := []byte(strings.Repeat("J", 600))
	e.fake.AddFile(tgfake.File{ID: "photo-1", Data: jpeg})
	e.fake.AddFile(tgfake.File{ID: "doc-2", Data: make([]byte, 2000)})
	e.fake.AddFile(tgfake.File{ID: "photo-3", Data: make([]byte, 1000)})

	if got := oneText(t, e.push(t, servedGroup.ID, photoMsg(member, "#2 整改/前后..照片\u202e", "photo-1", 600))); !strings.Contains(got, "已收到 <b>#2</b>") {
		t.Fatalf("photo: %s", got)
	}
	path := filepath.Join(dir, "2", "20261125-100000_整改_前后.照片.jpg")
	data, err := os.ReadFile(path)
	if err != nil || string(data) != string(jpeg) {
		t.Fatalf("local copy: %d bytes, %v", len(data), err)
	}
	for p, mode := range map[string]os.FileMode{path: 0o600, dir: 0o700, filepath.Dir(path): 0o700} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != mode {
			t.Errorf("%s: mode %v, %v, want %v", p, fi.Mode().Perm(), err, mode)
		}
	}
	list, err := e.st.Evidence(ctx, 2)
	if err != nil || len(list) != 1 || list[0].LocalPath != "2/20261125-100000_整改_前后.照片.jpg" || list[0].LocalSize != 600 {
		t.Fatalf("stored %+v, %v", list, err)
	}

	// Telegram did not say the document's size; getFile does: too big.
	if got := oneText(t, e.push(t, servedGroup.ID, docMsg(member, "#4 招标文件", "doc-2", "招标文件.pdf", 0))); !strings.Contains(got, "文件太大，佐证材料每件最大 1 KB") {
		t.Errorf("too big to download: %s", got)
	}
	// 600 of 1500 bytes used: 1000 more do not fit, and are not fetched.
	downloads := e.fake.Downloads()
	if got := oneText(t, e.push(t, servedGroup.ID, photoMsg(member, "#4 开标现场", "photo-3", 1000))); !strings.Contains(got, "佐证材料的存储空间已满") {
		t.Errorf("quota full: %s", got)
	}
	if e.fake.Downloads() != downloads {
		t.Errorf("a file past the quota was downloaded")
	}
	if list, _ := e.st.Evidence(ctx, 4); len(list) != 0 {
		t.Errorf("refused pieces stored: %+v", list)
	}
	if _, err := os.Stat(filepath.Join(dir, "4")); !os.IsNotExist(err) {
		t.Errorf("a folder for refused pieces: %v", err)
	}
}

// duban export --evidence DIR lays the evidence out per item: local copies
// copied, the rest downloaded with the bot token, what cannot be fetched
// listed in the index.
func TestExportEvidence(t *testing.T) {
	fake := tgfake.New(t)
	db := filepath.Join(t.TempDir(), "duban.db")
	evDir := filepath.Join(t.TempDir(), "evidence")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	seed(t, st)
	ctx := context.Background()
	local := evidence.New(evDir, shanghai)
	add := func(n int, kind, id, name, caption string, at time.Time, copy []byte) {
		t.Helper()
		ev := duban.Evidence{ItemNumber: n, Caption: caption, UserName: "张敏", CreatedAt: at,
			Attachment: duban.Attachment{Kind: kind, FileID: id, UniqueID: "u-" + id, Name: name, Size: 100}}
		if copy != nil {
			rel, err := local.Save(ev, copy)
			if err != nil {
				t.Fatal(err)
			}
			ev.LocalPath, ev.LocalSize = rel, int64(len(copy))
		}
		if _, _, err := st.AddEvidence(ctx, &ev, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	add(2, duban.AttachPhoto, "photo-1", "", "整改前后照片", now, []byte("local jpeg"))
	add(2, duban.AttachDocument, "doc-1", "验收报告.pdf", "", now.Add(time.Hour), nil)
	add(4, duban.AttachPhoto, "photo-gone", "", "=开标现场", now, nil)
	st.Close()
	fake.AddFile(tgfake.File{ID: "doc-1", Data: []byte("%PDF telegram")})

	cfg := fmt.Sprintf("db: %s\nevidence:\n  dir: %s\ntelegram:\n  token: %s\n  api_url: %s\n", db, evDir, tgfake.Token, fake.URL)
	out := filepath.Join(t.TempDir(), "迎检材料")
	stdout, _, err := runConfig(t, cfg, "export", "--evidence", out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "wrote the evidence of 2 items to " + out + ": 1 pieces copied, 1 downloaded, 1 listed only (see 清单.csv)"; !strings.Contains(stdout, want) {
		t.Errorf("output %q, want %q", stdout, want)
	}
	item2 := filepath.Join(out, "#2 开展校园安全隐患排查")
	for name, want := range map[string]string{"20261125-100000_整改前后照片.jpg": "local jpeg", "20261125-110000_验收报告.pdf": "%PDF telegram"} {
		if data, err := os.ReadFile(filepath.Join(item2, name)); err != nil || string(data) != want {
			t.Errorf("%s: %q, %v", name, data, err)
		}
	}
	var names []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	if strings.Join(names, "|") != "#2 开展校园安全隐患排查/20261125-100000_整改前后照片.jpg|#2 开展校园安全隐患排查/20261125-110000_验收报告.pdf|清单.csv" {
		t.Errorf("exported files: %q", names)
	}
	index, err := os.ReadFile(filepath.Join(out, "清单.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(index), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("index: %q, %v", rows, err)
	}
	if rows[1][9] != "#2 开展校园安全隐患排查/20261125-100000_整改前后照片.jpg" || rows[2][5] != "验收报告.pdf" ||
		rows[3][0] != "4" || rows[3][4] != "'=开标现场" || !strings.HasPrefix(rows[3][9], "下载失败") {
		t.Errorf("index rows %q", rows[1:])
	}

	// The folder is not reused.
	if _, _, err := runConfig(t, cfg, "export", "--evidence", out); err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("export into a used folder: %v", err)
	}
	// Without a bot token, what has no local copy is listed only.
	out2 := filepath.Join(t.TempDir(), "x")
	stdout, _, err = runConfig(t, fmt.Sprintf("db: %s\nevidence:\n  dir: %s\n", db, evDir), "export", "--evidence", out2)
	if err != nil || !strings.Contains(stdout, "1 pieces copied, 0 downloaded, 2 listed only") {
		t.Errorf("without a token: %q, %v", stdout, err)
	}
	// One plan's evidence, or a plan that does not exist.
	if _, _, err := runConfig(t, cfg, "export", "--plan", "2025年计划", "--evidence", filepath.Join(t.TempDir(), "y")); err == nil || !strings.Contains(err.Error(), `no plan named "2025年计划"`) {
		t.Errorf("unknown plan: %v", err)
	}
}

// BenchmarkEvidenceE2E is the time from a captioned photo arriving through
// the fake Bot API to the bot's confirmation being sent, one at a time:
// the inbox, the handler, the store and sendMessage, without a local copy.
func BenchmarkEvidenceE2E(b *testing.B) {
	e := newEnv(b, 4, servedGroup.ID)
	i := 0
	for b.Loop() {
		i++
		id := e.fake.Push(photoMsg(member, "#2 整改前后照片", fmt.Sprint("bench-", i), 180000))
		select {
		case <-e.done.ch(id):
		case <-time.After(90 * time.Second):
			b.Fatalf("update %d not handled", id)
		}
	}
	b.StopTimer()
	if list, err := e.st.Evidence(context.Background(), 2); err != nil || len(list) != i {
		b.Fatalf("%d pieces recorded of %d, %v", len(list), i, err)
	}
}
