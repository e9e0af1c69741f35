package report

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

func textEvidence() []duban.Evidence {
	at := time.Date(2026, 12, 5, 7, 30, 0, 0, time.UTC) // 15:30 in textLoc
	return []duban.Evidence{
		{Seq: 1, ItemNumber: 2, Caption: "整改前后<照片>", UserName: "张敏", CreatedAt: at,
			Attachment: duban.Attachment{Kind: duban.AttachPhoto, Size: 180 << 10}},
		{Seq: 2, ItemNumber: 2, UserName: "李华", CreatedAt: at.Add(time.Hour),
			Attachment: duban.Attachment{Kind: duban.AttachDocument, Name: "验收报告.pdf", Size: 3 << 19}},
		{Seq: 3, ItemNumber: 2, Caption: "=HYPERLINK(\"x\")", CreatedAt: at.Add(2 * time.Hour),
			Attachment: duban.Attachment{Kind: duban.AttachVideo, Name: "演练.mp4"}},
	}
}

func TestEvidenceTexts(t *testing.T) {
	it := textItems()[1] // #2 排查<b>隐患</b>&整改
	evs := textEvidence()
	tests := []struct {
		name   string
		got    string
		has    []string
		hasNot []string
	}{
		{"line", EvidenceLine(evs[0], textLoc, LangZH), []string{"1. 🖼 整改前后&lt;照片&gt; · 张敏 12月5日 15:30 · 180 KB"}, []string{"<照片>"}},
		{"line of a document", EvidenceLine(evs[1], textLoc, LangEN), []string{"2. 📄 验收报告.pdf · 李华 Dec 5 16:30 · 1.5 MB"}, nil},
		{"line with caption and name", EvidenceLine(evs[2], textLoc, LangZH), []string{"3. 🎬 =HYPERLINK(&#34;x&#34;)（演练.mp4） · 某人 12月5日 17:30"}, []string{" B"}}, // no size: none shown
		{"list", EvidenceList(it, evs, 2, textLoc, LangZH), []string{"📎 <b>#2</b> 排查&lt;b&gt;隐患&lt;/b&gt;&amp;整改 的佐证材料（共3件）",
			"\n1. 🖼", "\n3. 🎬", "以下发送最近的2件", "/evidence 2 1"}, nil},
		{"list all sent", EvidenceList(it, evs, 3, textLoc, LangEN), []string{"Evidence of <b>#2</b>", "(3)"}, []string{"newest"}},
		{"list empty", EvidenceList(it, nil, 0, textLoc, LangZH), []string{"还没有佐证材料", "“#2 整改前后照片”"}, []string{"共"}},
		{"caption", EvidenceCaption(evs[1], 3, textLoc, LangZH), []string{"<b>#2</b> 佐证材料 2/3 · 李华 12月5日 16:30\n验收报告.pdf"}, nil},
		{"recorded", EvidenceRecorded(it, evs[0], false, LangZH), []string{"已收到 <b>#2</b>", "（第1件）：整改前后&lt;照片&gt;", "/evidence 2"}, nil},
		{"recorded en", EvidenceRecorded(it, evs[1], false, LangEN), []string{"Evidence 2 of <b>#2</b>", "received: 验收报告.pdf", "/evidence 2"}, nil},
		{"dup", EvidenceRecorded(it, evs[1], true, LangZH), []string{"已是 <b>#2</b>", "第2件", "没有重复保存"}, nil},
		{"count", EvidenceCountText(12, 3, LangZH), []string{"佐证材料：3件（发送 /evidence 12 查看）"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range tt.has {
				if !strings.Contains(tt.got, s) {
					t.Errorf("lacks %q:\n%s", s, tt.got)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(tt.got, s) {
					t.Errorf("has %q:\n%s", s, tt.got)
				}
			}
		})
	}
	if got := EvidenceCountText(12, 0, LangZH); got != "" {
		t.Errorf("no evidence: %q", got)
	}
}

func TestEvidenceHistory(t *testing.T) {
	after, _ := json.Marshal(duban.ItemSnapshot{Title: "x", Status: "doing", Evidence: "整改前后照片"})
	got := ChangeText(HistoryEntry{Action: duban.ChangeEvidence, Subject: duban.AttachPhoto, After: after, Before: after}, LangZH)
	if got != "上传佐证材料（照片）：整改前后照片" {
		t.Errorf("history line %q", got)
	}
}

func TestEvidenceIndexCSV(t *testing.T) {
	evs := textEvidence()
	rows := []EvidenceIndexRow{
		{Evidence: evs[0], Title: "排查隐患", File: "#2 排查隐患/20261205-153000_整改前后_照片_.jpg"},
		{Evidence: evs[2], Title: "排查隐患", Note: "未下载"},
	}
	data, err := EvidenceIndexCSV(rows, textLoc, LangZH)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "\ufeff") {
		t.Error("no byte order mark: Excel would misread the Chinese")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	want := []string{"2", "排查隐患", "1", "照片", "整改前后<照片>", "", "184320", "张敏", "2026-12-05 15:30:00", "#2 排查隐患/20261205-153000_整改前后_照片_.jpg"}
	if strings.Join(recs[1], "|") != strings.Join(want, "|") {
		t.Errorf("row %q\nwant %q", recs[1], want)
	}
	if recs[2][4] != `'=HYPERLINK("x")` || recs[2][9] != "未下载" || recs[2][3] != "视频" {
		t.Errorf("row %q", recs[2])
	}
}
