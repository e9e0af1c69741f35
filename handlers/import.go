package handlers

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
	"github.com/duban-bot/duban/planimport"
	"github.com/duban-bot/duban/report"
)

// ImportStore is what /import and /deadline need of the database.
type ImportStore interface {
	Plans(ctx context.Context) ([]duban.Plan, error)
	ImportPlan(ctx context.Context, plan duban.Plan, items []duban.Item) (duban.ImportResult, error)
}

// Files fetches a document sent to the bot by its file id, refusing one
// over max bytes with an EINVALID error. The bot adapter implements it
// with getFile; the terminal console reads local files.
type Files interface {
	Download(ctx context.Context, fileID string, max int64) ([]byte, error)
}

// Import previews wait this long for 导入 or 取消; there are at most
// maxPendingImports at a time (the oldest goes first). They live in
// memory: a restart loses them, and the button then says so.
const (
	importTTL         = 30 * time.Minute
	maxPendingImports = 64
)

// The button data prefixes of an import preview, followed by its token.
const (
	importYesPrefix = "import:"
	importNoPrefix  = "import-no:"
)

// maxPlanNameRunes bounds a plan's name, given or taken from a title.
const maxPlanNameRunes = 100

// importPlan answers /import [计划名称] sent as the caption of a document,
// or in reply to a message with one: it downloads and decodes the file and
// shows a preview with the buttons 导入 and 取消. Nothing is written until
// 导入 is pressed.
func (h *Handler) importPlan(ctx context.Context, r *request) error {
	doc := r.m.Document
	if doc == nil {
		return problem(
			"请把计划文件（.docx、.txt、.md、.xlsx 或 .csv）发给我，并在文件的说明里写 /import；也可以回复一条带文件的消息，写 /import。",
			"Send me the plan file (.docx, .txt, .md, .xlsx or .csv) with /import as its caption, or reply /import to a message with the file.")
	}
	if h.d.Files == nil {
		return problem("这里收不到文件：请在 Telegram 里把文件发给机器人，或在服务器上运行 duban import 文件。",
			"Files cannot be received here: send the file to the bot in Telegram, or run duban import FILE on the server.")
	}
	name := strings.TrimSpace(r.args)
	if utf8.RuneCountInString(name) > maxPlanNameRunes {
		return problem(fmt.Sprintf("计划名称太长了（最多%d个字）。", maxPlanNameRunes),
			fmt.Sprintf("The plan name is too long (at most %d characters).", maxPlanNameRunes))
	}
	max := h.importMaxBytes()
	if doc.Size > max {
		return problem(TooLargeText(doc.Size, max, report.LangZH), TooLargeText(doc.Size, max, report.LangEN))
	}
	if !importableName(doc.FileName) {
		return importProblem(planimport.ErrUnsupported)
	}
	// One file is read at a time, so that several large files sent at once
	// cannot take the memory of the process between them. A file that has
	// to wait waits outside the chat's worker: other chats' messages are
	// answered meanwhile.
	select {
	case h.importGate <- struct{}{}:
		defer func() { <-h.importGate }()
		return h.previewImport(ctx, r, doc, name, max)
	default:
	}
	if h.importQueue.Add(1) > maxQueuedImports {
		h.importQueue.Add(-1)
		return problem("正在导入的文件较多，请过几分钟再发送。", "Several files are being imported: please send it again in a few minutes.")
	}
	h.reply(ctx, r, report.Tr(r.lang, "⏳ 另一份文件正在导入，这份已排队，轮到时会给出预览。",
		"⏳ Another file is being imported; this one is queued and its preview follows when its turn comes."))
	qctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), importQueueWait)
	go func() {
		defer cancel()
		defer h.importQueue.Add(-1)
		defer func() {
			if p := recover(); p != nil {
				h.d.Logger.ErrorContext(qctx, "queued import panic", "panic", p, "chat", r.m.ChatID, "stack", string(debug.Stack()))
				h.apologize(qctx, r.m)
			}
		}()
		select {
		case h.importGate <- struct{}{}:
		case <-qctx.Done():
			h.answer(qctx, r, problem("排队等待导入超时，请重新发送文件。", "The import waited too long in the queue: please send the file again."))
			return
		}
		defer func() { <-h.importGate }()
		h.answer(qctx, r, h.previewImport(qctx, r, doc, name, max))
	}()
	return nil
}

// maxQueuedImports bounds the files waiting for their turn; importQueueWait
// bounds how long one waits.
const (
	maxQueuedImports = 8
	importQueueWait  = 10 * time.Minute
)

// previewImport downloads and decodes a document and shows its preview.
func (h *Handler) previewImport(ctx context.Context, r *request, doc *duban.Document, name string, max int64) error {
	data, err := h.d.Files.Download(ctx, doc.FileID, max)
	if duban.ErrorCode(err) == duban.EINVALID {
		return problem(TooLargeText(-1, max, report.LangZH), TooLargeText(-1, max, report.LangEN))
	} else if err != nil {
		h.d.Logger.WarnContext(ctx, "download plan file", "err", err, "chat", r.m.ChatID, "file", doc.FileName)
		return problem("下载文件失败，请稍后重新发送。", "Downloading the file failed: please send it again later.")
	}
	now := h.d.Now().In(h.d.Loc)
	d, err := planimport.Decode(bytes.NewReader(data), doc.FileName, planimport.Options{Now: now, MaxBytes: max})
	if err != nil {
		if p := importProblem(err); p != nil {
			return p
		}
		return fmt.Errorf("decode %q: %w", doc.FileName, err)
	}
	if name == "" {
		name = DefaultPlanName(d, doc.FileName)
	}
	p := &pendingImport{
		chatID: r.m.ChatID,
		file:   doc.FileName,
		plan:   duban.Plan{Name: name, Year: d.Year, Source: doc.FileName},
		items:  ImportItems(d, 0),
	}
	p.exists = h.planExists(ctx, name)
	token, err := h.imports.put(p, now)
	if err != nil {
		return err
	}
	h.reply(ctx, r, importPreview(d, p, r.today, r.lang), []duban.Button{
		{Text: importButton(d, r.lang), Data: importYesPrefix + token},
		{Text: report.Tr(r.lang, "取消", "Cancel"), Data: importNoPrefix + token},
	})
	return nil
}

// importConfirmed is the press of 导入: the plan is written once, however
// often the button is pressed.
func (h *Handler) importConfirmed(ctx context.Context, r *request) error {
	p, err := h.imports.begin(r.args, r.m.ChatID, h.d.Now())
	if err != nil {
		return err
	}
	imported := false
	defer func() { h.imports.finish(r.args, imported) }() // a panic, too, frees the button
	res, err := h.d.Store.ImportPlan(ctx, p.plan, p.items)
	imported = err == nil
	if duban.ErrorCode(err) == duban.EINVALID {
		h.d.Logger.WarnContext(ctx, "import plan", "err", err, "chat", r.m.ChatID, "file", p.file)
		return problem("导入失败：文件中有无法保存的事项，没有写入任何内容。", "The import failed: the file holds an item that cannot be saved. Nothing was written.")
	} else if err != nil {
		return fmt.Errorf("import %q: %w", p.file, err)
	}
	h.reply(ctx, r, ImportResultText(res, r.lang)+report.Tr(r.lang,
		"\n发送 /plan 查看计划大纲，/due 查看近期到期的任务。",
		"\nSend /plan for the outline, /due for what is due soon."))
	h.announceAssigned(ctx, r, append(slices.Clone(res.Added), res.Changed...))
	return nil
}

// importCancelled is the press of 取消 under a preview.
func (h *Handler) importCancelled(ctx context.Context, r *request) error {
	if err := h.imports.cancel(r.args, r.m.ChatID, h.d.Now()); err != nil {
		return err
	}
	h.reply(ctx, r, report.Tr(r.lang, "已取消导入，没有写入任何内容。", "Import cancelled: nothing was written."))
	return nil
}

func (h *Handler) importMaxBytes() int64 {
	if h.d.ImportMaxBytes > 0 {
		return h.d.ImportMaxBytes
	}
	return planimport.DefaultMaxBytes
}

// planExists reports whether a plan of that name was imported before; a
// failure to tell only changes the preview's wording.
func (h *Handler) planExists(ctx context.Context, name string) bool {
	plans, err := h.d.Store.Plans(ctx)
	if err != nil {
		h.d.Logger.WarnContext(ctx, "load plans", "err", err)
		return false
	}
	for _, p := range plans {
		if p.Name == name {
			return true
		}
	}
	return false
}

// importProblem is a planimport error in both languages, or nil for an
// error that is not the document's fault.
func importProblem(err error) *Problem {
	zh, ok := ImportErrorText(err, report.LangZH)
	if !ok {
		return nil
	}
	en, _ := ImportErrorText(err, report.LangEN)
	return problem(zh, en)
}

// importableName reports whether planimport may read a file of that name,
// so that a photo or an archive is refused before it is downloaded. The
// list follows planimport's; a name without an extension is sniffed.
func importableName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case "", ".docx", ".docm", ".dotx", ".wpsx", ".doc", ".wps", ".dot", ".rtf",
		".xlsx", ".xlsm", ".xltx", ".xls", ".et", ".ett", ".csv", ".tsv",
		".txt", ".text", ".md", ".markdown", ".pdf":
		return true // .doc, .xls and .pdf get planimport's own explanation
	}
	return false
}

// DefaultPlanName is the plan a document goes into unless a name is given:
// its title, else the file's name without the extension, at most
// maxPlanNameRunes long.
func DefaultPlanName(d *planimport.Document, file string) string {
	name := strings.TrimSpace(d.Title)
	if name == "" {
		name = strings.TrimSuffix(file, filepath.Ext(file))
	}
	if utf8.RuneCountInString(name) > maxPlanNameRunes {
		name = string([]rune(name)[:maxPlanNameRunes])
	}
	if name == "" {
		name = fmt.Sprintf("%d年工作计划", d.Year)
	}
	return name
}

// ImportItems are a document's items as store.ImportPlan takes them,
// numbered from offset+1 in document order (so that several files can go
// into one plan) with their parents renumbered alike.
func ImportItems(d *planimport.Document, offset int) []duban.Item {
	out := make([]duban.Item, len(d.Items))
	for i, it := range d.Items {
		out[i] = it.Item
		out[i].Number += offset
		if out[i].ParentNumber != 0 {
			out[i].ParentNumber += offset
		}
	}
	return out
}

// pendingImport is a decoded file waiting for 导入.
type pendingImport struct {
	chatID  int64
	file    string
	plan    duban.Plan
	items   []duban.Item
	exists  bool // a plan of that name exists: the import updates it
	expires time.Time
	state   importState
}

type importState int

const (
	importWaiting importState = iota
	importRunning
	importDone
)

// importCache holds the previews by token. Its zero value is ready.
type importCache struct {
	mu sync.Mutex
	m  map[string]*pendingImport
}

// put keeps p under a new token until importTTL from now.
func (c *importCache) put(p *pendingImport, now time.Time) (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("import token: %w", err)
	}
	token := hex.EncodeToString(b[:])
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pruneLocked(now)
	if c.m == nil {
		c.m = map[string]*pendingImport{}
	}
	for len(c.m) >= maxPendingImports {
		var oldest string
		for t, q := range c.m {
			if oldest == "" || q.expires.Before(c.m[oldest].expires) {
				oldest = t
			}
		}
		delete(c.m, oldest)
	}
	p.expires = now.Add(importTTL)
	c.m[token] = p
	return token, nil
}

func (c *importCache) pruneLocked(now time.Time) {
	for t, p := range c.m {
		if !now.Before(p.expires) {
			delete(c.m, t)
		}
	}
}

// lookupLocked finds the preview of token shown in chat.
func (c *importCache) lookupLocked(token string, chat int64, now time.Time) (*pendingImport, error) {
	c.pruneLocked(now)
	p, ok := c.m[token]
	if !ok || p.chatID != chat {
		return nil, problem("预览已过期，请重新发送文件。", "This preview has expired: please send the file again.")
	}
	return p, nil
}

// begin claims the preview for importing; a second press finds it taken.
func (c *importCache) begin(token string, chat int64, now time.Time) (*pendingImport, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, err := c.lookupLocked(token, chat, now)
	if err != nil {
		return nil, err
	}
	switch p.state {
	case importRunning:
		return nil, problem("正在导入，请稍候。", "The import is running: please wait.")
	case importDone:
		return nil, problem(fmt.Sprintf("这份文件已经导入《%s》，不会重复导入。", report.Esc(p.plan.Name)),
			fmt.Sprintf("This file was imported into “%s” already; it is not imported twice.", report.Esc(p.plan.Name)))
	}
	p.state = importRunning
	return p, nil
}

// finish records how the import of token ended: a failed one may be tried
// again with the same button.
func (c *importCache) finish(token string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.m[token]; p != nil {
		p.state = importWaiting
		if ok {
			p.state = importDone
			p.items = nil // the memory goes; the token stays to answer a second press
		}
	}
}

// cancel drops a waiting preview.
func (c *importCache) cancel(token string, chat int64, now time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, err := c.lookupLocked(token, chat, now)
	if err != nil {
		return err
	}
	switch p.state {
	case importRunning:
		return problem("正在导入，无法取消。", "The import is running and cannot be cancelled.")
	case importDone:
		return problem(fmt.Sprintf("已经导入《%s》，无法取消；如需修改请用 /edit，或改好文件后重新导入。", report.Esc(p.plan.Name)),
			fmt.Sprintf("“%s” was imported already and cannot be cancelled: use /edit, or import a corrected file.", report.Esc(p.plan.Name)))
	}
	delete(c.m, token)
	return nil
}

// Preview limits: a preview is one Telegram message.
const (
	previewLines = 40
	previewRunes = 3000
)

// importPreview shows what an import would write: the plan, the counts,
// planimport's warnings and the outline, trimmed to one message.
func importPreview(d *planimport.Document, p *pendingImport, today duban.Date, lang string) string {
	var b strings.Builder
	st := d.Stats()
	owners := map[string]bool{}
	for _, it := range d.Items {
		if it.Kind == duban.KindTask && it.Owner != "" {
			owners[it.Owner] = true
		}
	}
	name := report.Esc(p.plan.Name)
	b.WriteString(report.Tr(lang,
		fmt.Sprintf("📄 <b>导入预览</b>：《%s》（%d年）\n文件：%s\n", name, p.plan.Year, report.Esc(p.file)),
		fmt.Sprintf("📄 <b>Import preview</b>: “%s” (%d)\nFile: %s\n", name, p.plan.Year, report.Esc(p.file))))
	if p.exists {
		b.WriteString(report.Tr(lang,
			"已有同名计划：导入会更新其中的事项，编号和已报送的进展都保留；文件里没有的事项不动。\n",
			"A plan of this name exists: the import updates its items in place, keeping their numbers and reports; items not in the file stay as they are.\n"))
	}
	b.WriteString(report.Tr(lang,
		fmt.Sprintf("共%d个部分、%d项任务；%d项有牵头单位（涉及%d个单位），%d项有时限，%d项有目标。\n",
			st.Sections, st.Tasks, st.WithOwner, len(owners), st.WithDeadline, st.WithTarget),
		fmt.Sprintf("%d sections, %d tasks; %d with an owner (%d units), %d with a deadline, %d with a target.\n",
			st.Sections, st.Tasks, st.WithOwner, len(owners), st.WithDeadline, st.WithTarget)))
	for i, w := range d.Warnings {
		if i == 5 {
			b.WriteString(report.Tr(lang, fmt.Sprintf("⚠️ 另有%d条提示未列出\n", len(d.Warnings)-i),
				fmt.Sprintf("⚠️ %d more warnings\n", len(d.Warnings)-i)))
			break
		}
		b.WriteString("⚠️ " + report.Esc(clipRunes(w, 120)) + "\n")
	}
	if len(d.Doubts) > 0 {
		b.WriteString(report.Tr(lang, "\n❓ <b>请先确认</b>：这份文件读出来有些地方不像一份完整的计划：\n",
			"\n❓ <b>Please check first</b>: parts of this file do not read like a whole plan:\n"))
		for _, d := range d.Doubts {
			b.WriteString("• " + report.Esc(report.Tr(lang, d.Text, d.English)) + "\n")
		}
	}
	b.WriteString("\n")
	items := d.Items
	sectionsOnly := len(items) > previewLines && st.Sections > 0
	if sectionsOnly {
		b.WriteString(report.Tr(lang, "各部分（任务明细导入后用 /plan、/item 查看）：\n",
			"Sections (see the tasks with /plan and /item once imported):\n"))
	}
	tasks := map[int]int{} // tasks under each section, by local number
	for _, it := range items {
		if it.Kind == duban.KindTask && it.ParentNumber != 0 {
			tasks[it.ParentNumber]++
		}
	}
	shown, hidden := 0, 0
	size := utf8.RuneCountInString(b.String())
	for _, it := range items {
		if sectionsOnly && it.Kind != duban.KindSection {
			continue
		}
		line := previewLine(it, tasks[it.Number], sectionsOnly, today, lang)
		n := utf8.RuneCountInString(line)
		if shown >= previewLines || size+n > previewRunes {
			hidden++
			continue
		}
		b.WriteString(line)
		size += n
		shown++
	}
	if hidden > 0 {
		b.WriteString(report.Tr(lang, fmt.Sprintf("……另有%d行未显示\n", hidden), fmt.Sprintf("… %d more lines\n", hidden)))
	}
	if len(d.Doubts) > 0 {
		b.WriteString(report.Tr(lang,
			"\n请核对以上几点：确实无误再按“确认导入”（30分钟内有效），否则按“取消”，改好文件后重新发送。",
			"\nCheck the points above: press Import anyway only if they are right (within 30 minutes), else Cancel and send a corrected file."))
		return b.String()
	}
	b.WriteString(report.Tr(lang,
		"\n核对无误请按“导入”（30分钟内有效），有误请按“取消”，改好文件后重新发送。",
		"\nPress Import if this looks right (within 30 minutes), or Cancel and send a corrected file."))
	return b.String()
}

// importButton is the label of the preview's import button: a plain
// 导入, or 确认导入 when the preview asks to check doubts first.
func importButton(d *planimport.Document, lang string) string {
	if len(d.Doubts) > 0 {
		return report.Tr(lang, "确认导入", "Import anyway")
	}
	return report.Tr(lang, "导入", "Import")
}

// previewLine is one item of the preview, indented by its level:
//
//	（一）完善督导机制（3项）
//	  1. 开展校园安全隐患排查｜安全稳定科｜9月30日（9月底前）
func previewLine(it planimport.Item, tasks int, counts bool, today duban.Date, lang string) string {
	var b strings.Builder
	b.WriteString(strings.Repeat("  ", min(max(it.Level-1, 0), 4)))
	if c := marker(it.Code); c != "" {
		b.WriteString(report.Esc(c))
	}
	title := clipRunes(it.Title, 40)
	if it.Kind == duban.KindSection {
		b.WriteString("<b>" + report.Esc(title) + "</b>")
		if counts && tasks > 0 {
			b.WriteString(report.Tr(lang, fmt.Sprintf("（%d项）", tasks), fmt.Sprintf(" (%d)", tasks)))
		}
	} else {
		b.WriteString(report.Esc(title))
	}
	if it.Owner != "" {
		b.WriteString("｜" + report.Esc(clipRunes(it.Owner, 20)))
	}
	if !it.Deadline.IsZero() {
		short := duban.Item{Deadline: it.Deadline, DeadlineText: clipRunes(it.DeadlineText, 20)}
		b.WriteString("｜" + report.DeadlineWords(short, today, lang))
	}
	b.WriteString("\n")
	return b.String()
}

// marker is an item's own numbering as the document wrote it, from the
// last part of its section code: "二、" of "二", "（三）" of "二.(三)", "4."
// of "二.(三).4"; other markers ("一是", "①") as they are, with a space.
func marker(code string) string {
	if i := strings.LastIndexByte(code, '.'); i >= 0 {
		code = code[i+1:]
	}
	switch {
	case code == "":
		return ""
	case strings.HasPrefix(code, "(") && strings.HasSuffix(code, ")"):
		return "（" + code[1:len(code)-1] + "）"
	case strings.Trim(code, "0123456789") == "":
		return code + "."
	case strings.Trim(code, "一二三四五六七八九十百零〇") == "":
		return code + "、"
	}
	return code + " "
}
