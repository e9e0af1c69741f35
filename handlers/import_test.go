package handlers

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// fakeFiles serves files by id as the bot adapter would, refusing one over
// max with an EINVALID error, and counts the downloads.
type fakeFiles struct {
	mu        sync.Mutex
	files     map[string][]byte
	downloads int
}

func (f *fakeFiles) Download(_ context.Context, id string, max int64) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	data, ok := f.files[id]
	if !ok {
		return nil, duban.Errorf(duban.ENOTFOUND, "no file %q", id)
	}
	f.downloads++
	if int64(len(data)) > max {
		return nil, duban.Errorf(duban.EINVALID, "the file is larger than %d bytes", max)
	}
	return data, nil
}

// importPlanText is a small plan as an office would write it.
const importPlanText = `城关镇教育办2026年下半年重点工作

一、校园安全
（一）开展校园安全隐患排查，12月20日前完成全部学校排查。（牵头单位：安全稳定科）
（二）完成营养餐供餐招标，年内完成。（牵头单位：督导室）
二、教师队伍
（一）组织新教师岗前培训，12月1日前完成。（牵头单位：教师发展中心；配合单位：人事科）
`

const importPlanName = "城关镇教育办2026年下半年重点工作"

// importEnv is a test env whose handler receives files.
type importEnv struct {
	*testEnv
	files *fakeFiles
	now   time.Time
}

func newImportEnv(t *testing.T, lang string) *importEnv {
	t.Helper()
	e := &importEnv{testEnv: newTestEnv(t, lang), files: &fakeFiles{files: map[string][]byte{}}, now: testNow}
	e.h.d.Files = e.files
	e.h.d.ImportMaxBytes = 64 << 10
	e.h.d.Now = func() time.Time { return e.now }
	return e
}

// send is a message from user in chat with a file attached.
func (e *importEnv) send(t *testing.T, chat, user int64, caption, name string, data []byte) duban.Outgoing {
	t.Helper()
	id := "file-" + name
	e.files.files[id] = data
	m := e.msg(chat, user, caption)
	m.Document = &duban.Document{FileID: id, FileName: name, Size: int64(len(data))}
	e.h.Handle(context.Background(), m)
	out := e.out.take()
	if len(out) != 1 {
		t.Fatalf("%d replies to the file, want 1: %+v", len(out), out)
	}
	return out[0]
}

// press presses a button in chat.
func (e *importEnv) press(t *testing.T, chat, user int64, data string) string {
	t.Helper()
	m := e.msg(chat, user, "")
	m.Callback = &duban.Callback{ID: "cb", Data: data}
	return strings.Join(e.say(t, m), "\n")
}

// buttons returns the data of the preview's 导入 and 取消 buttons.
func buttons(t *testing.T, o duban.Outgoing) (yes, no string) {
	t.Helper()
	if len(o.Buttons) != 1 || len(o.Buttons[0]) != 2 {
		t.Fatalf("preview buttons %+v, want one row of two:\n%s", o.Buttons, plain(o.Text))
	}
	return o.Buttons[0][0].Data, o.Buttons[0][1].Data
}

// planCount is how many plans and items the store holds.
func (e *importEnv) planCount(t *testing.T) (plans, items int) {
	t.Helper()
	ps, err := e.st.Plans(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		its, err := e.st.PlanItems(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		items += len(its)
	}
	return len(ps), items
}

func TestImportPreviewThenImport(t *testing.T) {
	e := newImportEnv(t, "zh")
	ctx := context.Background()
	plans0, items0 := e.planCount(t)

	o := e.send(t, servedGroup, adminID, "/import", "计划.txt", []byte(importPlanText))
	preview := plain(o.Text)
	for _, want := range []string{
		"导入预览：《" + importPlanName + "》（2026年）", "文件：计划.txt",
		"共2个部分、3项任务；3项有牵头单位（涉及3个单位），3项有时限",
		"一、校园安全", "  （一）开展校园安全隐患排查，12月20日前完成全部学校排查｜安全稳定科｜12月20日\n",
		"（二）完成营养餐供餐招标｜督导室｜12月31日（年内）", "30分钟内有效",
	} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q:\n%s", want, preview)
		}
	}
	if o.Buttons[0][0].Text != "导入" || o.Buttons[0][1].Text != "取消" {
		t.Errorf("buttons %+v", o.Buttons)
	}
	if p, n := e.planCount(t); p != plans0 || n != items0 {
		t.Fatalf("the preview wrote: %d plans, %d items", p, n)
	}
	yes, no := buttons(t, o)

	// Anyone can press a button; only an admin's press imports.
	if got := e.press(t, servedGroup, memberID, yes); !strings.Contains(got, "只有计划管理员") {
		t.Errorf("member's press: %q", got)
	}
	if p, _ := e.planCount(t); p != plans0 {
		t.Fatal("a member's press imported")
	}
	got := e.press(t, servedGroup, adminID, yes)
	for _, want := range []string{"已导入《" + importPlanName + "》（2026年）：新增5项，修改0项，未变0项", "新增：#10–#14"} {
		if !strings.Contains(got, want) {
			t.Errorf("import reply lacks %q:\n%s", want, got)
		}
	}
	it, err := e.st.Item(ctx, 11)
	if err != nil || it.Title != "开展校园安全隐患排查，12月20日前完成全部学校排查" || it.Owner != "安全稳定科" ||
		it.Deadline != date("2026-12-20") || it.DeadlineText != "12月20日前" || it.ParentNumber != 10 {
		t.Errorf("#11 = %+v, %v", it, err)
	}

	// A second press, and a late 取消, write nothing.
	if got := e.press(t, servedGroup, adminID, yes); !strings.Contains(got, "已经导入《"+importPlanName+"》，不会重复导入") {
		t.Errorf("second press: %q", got)
	}
	if got := e.press(t, servedGroup, adminID, no); !strings.Contains(got, "无法取消") {
		t.Errorf("cancel after import: %q", got)
	}
	if p, n := e.planCount(t); p != plans0+1 || n != items0+5 {
		t.Errorf("after presses: %d plans, %d items; want %d, %d", p, n, plans0+1, items0+5)
	}
	// The imported tasks are due like any other.
	if got := e.group(t, "/due"); !strings.Contains(got, "#14 组织新教师岗前培训") {
		t.Errorf("/due lacks the imported #14:\n%s", got)
	}
}

func TestImportAgain(t *testing.T) {
	e := newImportEnv(t, "zh")
	importFile := func(text string) (preview, result string) {
		o := e.send(t, servedGroup, adminID, "/import", "计划.txt", []byte(text))
		yes, _ := buttons(t, o)
		return plain(o.Text), e.press(t, servedGroup, adminID, yes)
	}
	importFile(importPlanText)
	e.group(t, "#11 已排查8所学校，进度40%")

	preview, got := importFile(importPlanText)
	if !strings.Contains(preview, "已有同名计划：导入会更新其中的事项，编号和已报送的进展都保留") {
		t.Errorf("re-import preview:\n%s", preview)
	}
	if !strings.Contains(got, "新增0项，修改0项，未变5项") || !strings.Contains(got, "没有任何改动") {
		t.Errorf("same file again: %s", got)
	}
	changed := strings.Replace(importPlanText, "牵头单位：督导室", "牵头单位：计划财务科", 1)
	_, got = importFile(changed)
	if !strings.Contains(got, "新增0项，修改1项，未变4项") || !strings.Contains(got, "修改：#12") {
		t.Errorf("changed owner: %s", got)
	}
	it, _ := e.st.Item(context.Background(), 12)
	if it.Owner != "计划财务科" {
		t.Errorf("#12 owner %q after re-import", it.Owner)
	}
	if it, _ := e.st.Item(context.Background(), 11); it.Percent != 40 || e.reportCount(t, 11) != 1 {
		t.Errorf("re-import lost the report on #11: %+v", it)
	}
	// A plan name in the caption imports into that plan instead.
	o := e.send(t, servedGroup, adminID, "/import 2026年秋季学期重点工作", "计划.txt", []byte(importPlanText))
	yes, _ := buttons(t, o)
	if got := e.press(t, servedGroup, adminID, yes); !strings.Contains(got, "已导入《2026年秋季学期重点工作》（2026年）：新增5项") {
		t.Errorf("named plan: %s", got)
	}
}

func TestImportCancelAndExpiry(t *testing.T) {
	e := newImportEnv(t, "zh")
	plans0, items0 := e.planCount(t)
	unchanged := func(t *testing.T) {
		t.Helper()
		if p, n := e.planCount(t); p != plans0 || n != items0 {
			t.Errorf("store changed: %d plans, %d items", p, n)
		}
	}

	t.Run("cancel", func(t *testing.T) {
		yes, no := buttons(t, e.send(t, servedGroup, adminID, "/import", "计划.txt", []byte(importPlanText)))
		if got := e.press(t, servedGroup, adminID, no); !strings.Contains(got, "已取消导入，没有写入任何内容") {
			t.Errorf("cancel: %q", got)
		}
		if got := e.press(t, servedGroup, adminID, yes); !strings.Contains(got, "预览已过期，请重新发送文件") {
			t.Errorf("import after cancel: %q", got)
		}
		unchanged(t)
	})
	t.Run("expired", func(t *testing.T) {
		yes, _ := buttons(t, e.send(t, servedGroup, adminID, "/import", "计划.txt", []byte(importPlanText)))
		e.now = e.now.Add(importTTL + time.Minute)
		if got := e.press(t, servedGroup, adminID, yes); !strings.Contains(got, "预览已过期，请重新发送文件") {
			t.Errorf("late press: %q", got)
		}
		unchanged(t)
	})
	t.Run("unknown token (a restart)", func(t *testing.T) {
		if got := e.press(t, servedGroup, adminID, importYesPrefix+"0123456789ab"); !strings.Contains(got, "预览已过期，请重新发送文件") {
			t.Errorf("unknown token: %q", got)
		}
		unchanged(t)
	})
	t.Run("pressed in another chat", func(t *testing.T) {
		yes, _ := buttons(t, e.send(t, servedGroup, adminID, "/import", "计划.txt", []byte(importPlanText)))
		if got := e.press(t, adminID, adminID, yes); !strings.Contains(got, "预览已过期") {
			t.Errorf("press in a private chat: %q", got)
		}
		unchanged(t)
	})
}

func TestImportRefused(t *testing.T) {
	e := newImportEnv(t, "zh")
	plans0, items0 := e.planCount(t)
	tests := []struct {
		name       string
		chat, user int64
		caption    string
		file       string
		data       string
		size       int64 // the size Telegram reports; 0: len(data)
		has        string
		downloads  int
	}{
		{"member", servedGroup, memberID, "/import", "计划.txt", importPlanText, 0, "只有计划管理员可以使用 /import", 0},
		{"unserved group", unservedGroup, groupAdminID, "/import", "计划.txt", importPlanText, 0, "本群尚未启用督办", 0},
		{"too large by its size", servedGroup, adminID, "/import", "计划.txt", importPlanText, 1 << 20, "文件太大（1 MB），导入上限是 64 KB", 0},
		{"too large when read", servedGroup, adminID, "/import", "计划.txt", strings.Repeat("一、校园安全\n", 10000), 100, "文件太大，导入上限是 64 KB", 1},
		{"a photo", servedGroup, adminID, "/import", "照片.jpg", "\xFF\xD8\xFFjpeg", 0, "不支持这种文件格式", 0},
		{"a PDF", servedGroup, adminID, "/import", "计划.pdf", "%PDF-1.7 ...", 0, "不支持 PDF 文件", 1},
		{"an old .doc", servedGroup, adminID, "/import", "计划.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old", 0, "另存为 .docx", 1},
		{"a broken .docx", servedGroup, adminID, "/import", "计划.docx", "PK\x03\x04 not really a zip", 0, "不是有效的 Word 文档", 1},
		{"an empty file", servedGroup, adminID, "/import", "计划.txt", "  \n\n", 0, "文件是空的", 1},
		{"no plan in it", servedGroup, adminID, "/import", "通知.txt", "关于召开会议的通知\n", 0, "没有找到可导入的工作事项", 1},
		{"a summary, not a plan", servedGroup, adminID, "/import", "总结.txt",
			"城关镇中心校2026年工作总结\n一、主要工作\n1. 开展了教师培训，全年培训教师300人次。\n2. 完成了校舍维修，改造教室12间。\n二、存在的问题\n1. 师资力量仍然不足。\n",
			0, "看起来是工作总结", 1},
		{"a long plan name", servedGroup, adminID, "/import " + strings.Repeat("计划", 60), "计划.txt", importPlanText, 0, "计划名称太长了", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.files.downloads
			id := "file-" + tt.name
			e.files.files[id] = []byte(tt.data)
			m := e.msg(tt.chat, tt.user, tt.caption)
			size := tt.size
			if size == 0 {
				size = int64(len(tt.data))
			}
			m.Document = &duban.Document{FileID: id, FileName: tt.file, Size: size}
			e.h.Handle(context.Background(), m)
			out := e.out.take()
			if len(out) != 1 || !strings.Contains(plain(out[0].Text), tt.has) || len(out[0].Buttons) != 0 {
				t.Fatalf("replies %+v, want one without buttons saying %q", out, tt.has)
			}
			if n := e.files.downloads - before; n != tt.downloads {
				t.Errorf("%d downloads, want %d", n, tt.downloads)
			}
			if p, n := e.planCount(t); p != plans0 || n != items0 {
				t.Errorf("store changed: %d plans, %d items", p, n)
			}
		})
	}
	t.Run("no file", func(t *testing.T) {
		if got := e.group(t, "/import"); !strings.Contains(got, "只有计划管理员可以使用 /import") {
			t.Errorf("member got %q", got)
		}
		got := strings.Join(e.say(t, e.msg(servedGroup, adminID, "/import")), "\n")
		if !strings.Contains(got, "在文件的说明里写 /import") {
			t.Errorf("/import without a file: %q", got)
		}
	})
	t.Run("no files here (console without files)", func(t *testing.T) {
		e.h.d.Files = nil
		defer func() { e.h.d.Files = e.files }()
		m := e.msg(servedGroup, adminID, "/import")
		m.Document = &duban.Document{FileID: "x", FileName: "计划.txt", Size: 10}
		if got := strings.Join(e.say(t, m), "\n"); !strings.Contains(got, "这里收不到文件") {
			t.Errorf("without Files: %q", got)
		}
	})
}

func TestImportPrivateChatAndEnglish(t *testing.T) {
	e := newImportEnv(t, "en")
	// A configured admin imports in a private chat with the bot, replying
	// /import to the message with the file (the adapter puts the replied-to
	// file in Document).
	o := e.send(t, adminID, adminID, "/import", "plan.txt", []byte(importPlanText))
	text := plain(o.Text)
	for _, want := range []string{"Import preview: “" + importPlanName + "” (2026)", "2 sections, 3 tasks; 3 with an owner (3 units), 3 with a deadline",
		"Press Import if this looks right"} {
		if !strings.Contains(text, want) {
			t.Errorf("English preview lacks %q:\n%s", want, text)
		}
	}
	if o.ReplyTo != 0 || o.Buttons[0][0].Text != "Import" || o.Buttons[0][1].Text != "Cancel" {
		t.Errorf("private preview %+v", o)
	}
	yes, _ := buttons(t, o)
	if got := e.press(t, adminID, adminID, yes); !strings.Contains(got, "Imported “"+importPlanName+"” (2026): 5 added, 0 changed, 0 unchanged.") {
		t.Errorf("English result: %q", got)
	}
	// A group's Telegram admin in a private chat is no admin there.
	o2 := e.say(t, func() duban.Message {
		m := e.msg(groupAdminID, groupAdminID, "/import")
		m.Document = &duban.Document{FileID: "file-plan.txt", FileName: "plan.txt", Size: 10}
		return m
	}())
	if len(o2) != 1 || strings.Contains(o2[0], "preview") {
		t.Errorf("group admin in private: %q", o2)
	}
}

func TestImportPreviewIsTrimmed(t *testing.T) {
	e := newImportEnv(t, "zh")
	var b strings.Builder
	b.WriteString("2026年全县教育工作要点\n")
	sections := []string{"一", "二", "三", "四", "五", "六"}
	for _, s := range sections {
		b.WriteString(s + "、加强" + s + "类重点工作\n")
		for i := 1; i <= 15; i++ {
			fmt.Fprintf(&b, "%d.开展第%s类第%d项专项检查工作，9月底前完成。（牵头单位：督导室）\n", i, s, i)
		}
	}
	o := e.send(t, servedGroup, adminID, "/import", "要点.txt", []byte(b.String()))
	text := plain(o.Text)
	if n := len([]rune(text)); n > 3800 {
		t.Errorf("preview of %d runes", n)
	}
	for _, want := range []string{"共6个部分、90项任务", "各部分（任务明细导入后用 /plan、/item 查看）", "六、加强六类重点工作（15项）"} {
		if !strings.Contains(text, want) {
			t.Errorf("trimmed preview lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "专项检查") {
		t.Errorf("tasks listed in a preview of sections:\n%s", text)
	}
}

func TestNumberRanges(t *testing.T) {
	tests := []struct {
		nums []int
		zh   string
	}{
		{nil, ""},
		{[]int{3}, "#3"},
		{[]int{3, 4}, "#3、#4"},
		{[]int{3, 4, 5, 9, 11, 12, 13}, "#3–#5、#9、#11–#13"},
	}
	for _, tt := range tests {
		if got := NumberRanges(tt.nums, "zh"); got != tt.zh {
			t.Errorf("NumberRanges(%v) = %q, want %q", tt.nums, got, tt.zh)
		}
	}
	var many []int
	for i := 1; i < 2000; i += 2 {
		many = append(many, i)
	}
	if got := NumberRanges(many, "en"); len([]rune(got)) > maxRangeRunes+40 || !strings.HasSuffix(got, "more") {
		t.Errorf("long list: %d runes, ends %q", len([]rune(got)), got[len(got)-20:])
	}
}

// A file that reads unlike a whole plan (here: no task has an owner, and
// deadlines are past) gets a preview that says so and asks to confirm.
func TestImportPreviewAsksWhenInDoubt(t *testing.T) {
	e := newImportEnv(t, "zh")
	doc := "城关镇中心校2026年秋季工作安排\n" +
		"一、教学管理\n（一）完成开学初教学常规检查，9月10日前完成。\n（二）组织教研组长例会，9月15日前完成。\n" +
		"二、安全工作\n（一）开展开学安全大检查，9月5日前完成。\n（二）完成校车驾驶员培训，9月20日前完成。\n"
	o := e.send(t, servedGroup, adminID, "/import", "安排.txt", []byte(doc))
	got := plain(o.Text)
	for _, want := range []string{"❓ 请先确认", "确认导入"} {
		if !strings.Contains(got, want) {
			t.Errorf("preview lacks %q:\n%s", want, got)
		}
	}
	if o.Buttons[0][0].Text != "确认导入" {
		t.Errorf("button %q", o.Buttons[0][0].Text)
	}
	// A plan that reads well asks nothing.
	o = e.send(t, servedGroup, adminID, "/import", "计划.txt", []byte(importPlanText))
	if strings.Contains(plain(o.Text), "请先确认") || o.Buttons[0][0].Text != "导入" {
		t.Errorf("a sound plan in doubt:\n%s", plain(o.Text))
	}
}
