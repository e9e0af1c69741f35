package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// EvidenceKindText names what a piece of evidence is: 照片, 视频, 文件.
func EvidenceKindText(kind, lang string) string {
	switch kind {
	case duban.AttachPhoto:
		return Tr(lang, "照片", "photo")
	case duban.AttachVideo:
		return Tr(lang, "视频", "video")
	}
	return Tr(lang, "文件", "file")
}

var evidenceIcons = map[string]string{duban.AttachPhoto: "🖼", duban.AttachVideo: "🎬", duban.AttachDocument: "📄"}

// evidenceRunes bounds the caption quoted for one piece.
const evidenceRunes = 100

// EvidenceWhat is what a piece of evidence shows, as plain text: its
// caption, else its file's name, else what it is.
func EvidenceWhat(ev duban.Evidence, lang string) string {
	switch {
	case ev.Caption != "":
		return clip(ev.Caption, evidenceRunes)
	case ev.Name != "":
		return clip(ev.Name, evidenceRunes)
	}
	return EvidenceKindText(ev.Kind, lang)
}

// EvidenceLine words one piece of evidence on one line, for /evidence,
// the ledger and a close request: its place, what it is, who sent it when
// (in loc) and its size, as in "2. 🖼 整改前后照片 · 张敏 12月5日 15:30 · 180 KB".
func EvidenceLine(ev duban.Evidence, loc *time.Location, lang string) string {
	var b strings.Builder
	if ev.Seq > 0 {
		fmt.Fprintf(&b, "%d. ", ev.Seq)
	}
	b.WriteString(evidenceIcons[ev.Kind])
	b.WriteString(" ")
	b.WriteString(esc(EvidenceWhat(ev, lang)))
	if ev.Caption != "" && ev.Name != "" {
		fmt.Fprintf(&b, Tr(lang, "（%s）", " (%s)"), esc(clip(ev.Name, evidenceRunes)))
	}
	b.WriteString(" · ")
	b.WriteString(esc(evidenceSender(ev, lang)))
	b.WriteString(" ")
	b.WriteString(evidenceTime(ev.CreatedAt, loc, lang))
	if ev.Size > 0 {
		b.WriteString(" · ")
		b.WriteString(SizeText(ev.Size))
	}
	return b.String()
}

func evidenceSender(ev duban.Evidence, lang string) string {
	if ev.UserName != "" {
		return ev.UserName
	}
	return Tr(lang, "某人", "someone")
}

func evidenceTime(t time.Time, loc *time.Location, lang string) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(Tr(lang, "1月2日 15:04", "Jan 2 15:04"))
}

// EvidenceCountText is the line /item shows about an item's evidence:
// "佐证材料：3件（发送 /evidence 12 查看）", "" when it has none.
func EvidenceCountText(number, count int, lang string) string {
	if count == 0 {
		return ""
	}
	return fmt.Sprintf(Tr(lang, "佐证材料：%d件（发送 /evidence %d 查看）", "Evidence: %d (send /evidence %d)"), count, number)
}

// EvidenceList answers /evidence N: the item and every piece of its
// evidence, oldest first; sent says how many of the newest follow as
// files, when not all.
func EvidenceList(it duban.Item, list []duban.Evidence, sent int, loc *time.Location, lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, Tr(lang, "📎 <b>#%d</b> %s 的佐证材料", "📎 Evidence of <b>#%d</b> %s"), it.Number, esc(it.Title))
	if len(list) == 0 {
		fmt.Fprintf(&b, Tr(lang,
			"\n还没有佐证材料。上传方法：发送照片、视频或文件，在说明里写上编号和材料名称，例如“#%d 整改前后照片”；也可以回复机器人关于 #%d 的消息发送。",
			"\nNone yet. To add some, send a photo, video or file with the number and what it is as caption, e.g. “#%d photos after the repairs”, or send it in reply to the bot's message about #%d."),
			it.Number, it.Number)
		return b.String()
	}
	fmt.Fprintf(&b, Tr(lang, "（共%d件）", " (%d)"), len(list))
	for _, ev := range list {
		b.WriteString("\n")
		b.WriteString(EvidenceLine(ev, loc, lang))
	}
	if sent > 0 && sent < len(list) {
		fmt.Fprintf(&b, Tr(lang, "\n\n以下发送最近的%d件；查看其中一件，发送 /evidence %d 序号，例如 /evidence %d 1。",
			"\n\nThe newest %d follow; for another one, send /evidence %d and its place, e.g. /evidence %d 1."), sent, it.Number, it.Number)
	}
	return b.String()
}

// EvidenceCaption is the caption of a piece of evidence sent back by
// /evidence: the item, its place, who sent it when, and what it shows.
func EvidenceCaption(ev duban.Evidence, total int, loc *time.Location, lang string) string {
	return fmt.Sprintf(Tr(lang, "<b>#%d</b> 佐证材料 %d/%d · %s %s\n%s", "<b>#%d</b> evidence %d/%d · %s %s\n%s"),
		ev.ItemNumber, ev.Seq, total, esc(evidenceSender(ev, lang)), evidenceTime(ev.CreatedAt, loc, lang), esc(EvidenceWhat(ev, lang)))
}

// EvidenceRecorded confirms a piece of evidence attached to an item (dup:
// the same file was attached before).
func EvidenceRecorded(it duban.Item, ev duban.Evidence, dup bool, lang string) string {
	if dup {
		return fmt.Sprintf(Tr(lang, "📎 这份材料已是 <b>#%d</b> %s 的第%d件佐证材料，没有重复保存。",
			"📎 This is already evidence %d of <b>#%d</b> %s; it was not saved twice."), it.Number, esc(it.Title), ev.Seq)
	}
	return fmt.Sprintf(Tr(lang, "📎 已收到 <b>#%d</b> %s 的佐证材料（第%d件）：%s。发送 /evidence %d 查看全部。",
		"📎 Evidence %[3]d of <b>#%[1]d</b> %[2]s received: %[4]s. Send /evidence %[5]d to see it all."),
		it.Number, esc(it.Title), ev.Seq, esc(EvidenceWhat(ev, lang)), it.Number)
}

// SizeText writes a byte count for people: "512 KB", "10 MB", "1.5 MB".
func SizeText(n int64) string {
	switch {
	case n >= 1<<20:
		s := fmt.Sprintf("%.1f", float64(n)/(1<<20))
		return strings.TrimSuffix(s, ".0") + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// EvidenceIndexRow is one line of an evidence export's index: the piece,
// its item's title, and the file it was exported to ("" when it was not).
type EvidenceIndexRow struct {
	Evidence duban.Evidence
	Title    string
	File     string // path in the export, with forward slashes
	Note     string // why there is no file
}

// EvidenceIndexCSV is the index of an evidence export (清单.csv) as UTF-8
// CSV with a byte order mark, for Excel: one row per piece. Cells that
// start like a formula get a leading apostrophe, as in the ledger's CSV.
func EvidenceIndexCSV(rows []EvidenceIndexRow, loc *time.Location, lang string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	head := []string{"事项编号", "事项", "序号", "类型", "说明", "原文件名", "大小（字节）", "上传人", "上传时间", "导出文件"}
	if lang == LangEN {
		head = []string{"Item", "Title", "No.", "Kind", "Caption", "File name", "Size (bytes)", "Sent by", "Sent at", "Exported file"}
	}
	if err := w.Write(head); err != nil {
		return nil, fmt.Errorf("evidence index: %w", err)
	}
	if loc == nil {
		loc = time.UTC
	}
	for _, r := range rows {
		ev := r.Evidence
		file := r.File
		if file == "" {
			file = r.Note
		}
		row := []string{fmt.Sprint(ev.ItemNumber), r.Title, fmt.Sprint(ev.Seq), EvidenceKindText(ev.Kind, lang), ev.Caption, ev.Name,
			fmt.Sprint(ev.Size), ev.UserName, ev.CreatedAt.In(loc).Format("2006-01-02 15:04:05"), file}
		for i := range row {
			if FormulaLike(row[i]) {
				row[i] = "'" + row[i]
			}
		}
		if err := w.Write(row); err != nil {
			return nil, fmt.Errorf("evidence index: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("evidence index: %w", err)
	}
	return buf.Bytes(), nil
}
