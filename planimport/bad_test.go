package planimport

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

// bombDocx is a .docx whose document.xml inflates to size bytes of
// whitespace from a few hundred kilobytes.
func bombDocx(t testing.TB, size int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<?xml version="1.0"?><w:document `+wordNS+`><w:body><w:p><w:r><w:t>`)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk)
	}
	io.WriteString(w, `</w:t></w:r></w:p></w:body></w:document>`)
	zw.Close()
	return buf.Bytes()
}

// lyingZip stores an entry whose header claims 10 bytes but that inflates
// to far more, for readers that trust UncompressedSize64.
func lyingZip(t testing.TB, name string) []byte {
	var raw bytes.Buffer
	fw, _ := zip.NewWriter(io.Discard).Create("x") // only to get a deflater configured like zip's
	_ = fw
	var deflated bytes.Buffer
	zw := zip.NewWriter(&deflated)
	w, _ := zw.Create("tmp")
	payload := bytes.Repeat([]byte("<w:t>爆</w:t>"), 1<<16)
	w.Write(payload)
	zw.Close()
	// Take the deflated bytes back out of the temporary archive.
	zr, err := zip.NewReader(bytes.NewReader(deflated.Bytes()), int64(deflated.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	compressed, _ := io.ReadAll(rc)
	out := zip.NewWriter(&raw)
	cw, err := out.CreateRaw(&zip.FileHeader{
		Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(payload[:10]),
		CompressedSize64: uint64(len(compressed)), UncompressedSize64: 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	cw.Write(compressed)
	out.Close()
	return raw.Bytes()
}

func manyEntries(t testing.TB, n int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < n; i++ {
		w, _ := zw.Create("word/media/x" + strings.Repeat("0", 3) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26)))
		w.Write([]byte("x"))
	}
	zw.Close()
	return buf.Bytes()
}

func TestBadInput(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	ole := append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 512)...)
	docx := sampleDocx(t)
	xlsxRows, xlsxMerges := ledgerRows()
	xlsx := writeSheet(t, "Sheet1", xlsxRows, xlsxMerges)
	tests := []struct {
		name string
		file string
		data []byte
		opt  Options
		want error
	}{
		{"empty", "a.txt", nil, Options{}, ErrEmpty},
		{"blank", "a.txt", []byte(" \r\n\t\n"), Options{}, ErrEmpty},
		{"only noise", "a.txt", []byte("首页 > 范文\n下载\n第2页\n"), Options{}, ErrEmpty},
		{"empty docx", "a.docx", nil, Options{}, ErrEmpty},
		{"too large", "a.txt", bytes.Repeat([]byte("一、加强管理\n"), 200), Options{MaxBytes: 1000}, ErrTooLarge},
		{"png as docx", "a.docx", png, Options{}, ErrDocx},
		{"png as txt", "a.txt", png, Options{}, ErrText},
		{"png", "a.png", png, Options{}, ErrUnsupported},
		{"pdf", "a.pdf", []byte("%PDF-1.7\n1 0 obj\n"), Options{}, ErrPDF},
		{"pdf as docx", "a.docx", []byte("%PDF-1.7\n1 0 obj\n"), Options{}, ErrPDF},
		{"doc", "a.doc", ole, Options{}, ErrLegacyWord},
		{"wps", "a.wps", ole, Options{}, ErrLegacyWord},
		{"doc as docx", "a.docx", ole, Options{}, ErrLegacyWord},
		{"xls", "a.xls", ole, Options{}, ErrLegacyExcel},
		{"xls as xlsx", "a.xlsx", ole, Options{}, ErrLegacyExcel},
		{"zip", "a.zip", docx, Options{}, ErrUnsupported},
		{"docx as txt", "a.txt", docx, Options{}, ErrText},
		{"xlsx as docx", "a.docx", xlsx, Options{}, ErrDocx},
		{"docx as xlsx", "a.xlsx", docx, Options{}, ErrXlsx},
		{"truncated docx", "a.docx", docx[:len(docx)/2], Options{}, ErrDocx},
		{"truncated xlsx", "a.xlsx", xlsx[:len(xlsx)/2], Options{}, ErrXlsx},
		{"text as docx", "a.docx", []byte("一、加强管理"), Options{}, ErrDocx},
		{"text as xlsx", "a.xlsx", []byte("一、加强管理"), Options{}, ErrXlsx},
		{"docx without body", "a.docx", buildDocx(t, document(""), "", ""), Options{}, ErrEmpty},
		{"docx with broken xml", "a.docx", buildDocx(t, "<w:document "+wordNS+"><w:body><w:p>", "", ""), Options{}, ErrDocx},
		{"docx bomb", "a.docx", bombDocx(t, 20<<20), Options{}, ErrPackageTooLarge},
		{"docx lying sizes", "a.docx", lyingZip(t, "word/document.xml"), Options{}, ErrDocx},
		{"xlsx lying sizes", "a.xlsx", lyingZip(t, "xl/worksheets/sheet1.xml"), Options{}, ErrXlsx},
		{"docx many entries", "a.docx", manyEntries(t, 3000), Options{}, ErrPackageTooLarge},
		{"not an encoding", "a.txt", bytes.Repeat([]byte{0x81, 0x20, 0xFF, 0x80}, 100), Options{}, ErrEncoding},
		{"binary csv", "a.csv", png, Options{}, ErrCSV},
		{"unknown extension", "a.exe", []byte("MZ\x90\x00"), Options{}, ErrUnsupported},
		{"no extension binary", "plan", png, Options{}, ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.opt.Now.IsZero() {
				tt.opt.Now = testNow
			}
			doc, err := Decode(bytes.NewReader(tt.data), tt.file, tt.opt)
			if err == nil {
				t.Fatalf("no error; decoded\n%s", doc.Outline())
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			var de *duban.Error
			if !errors.As(err, &de) || de.Code != duban.EINVALID || de.Message == "" {
				t.Errorf("error %v is not an EINVALID *duban.Error", err)
			}
		})
	}
}

func TestNoExtension(t *testing.T) {
	for name, data := range map[string][]byte{
		"docx": sampleDocx(t),
		"txt":  []byte("某县教育局工作计划\n一、加强安全管理\n"),
	} {
		doc := decodeBytes(t, data, "upload", Options{})
		if doc.Format != name {
			t.Errorf("format %q, want %q", doc.Format, name)
		}
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReadError(t *testing.T) {
	_, err := Decode(failingReader{}, "a.txt", Options{Now: testNow})
	if !errors.Is(err, ErrRead) {
		t.Errorf("error %v", err)
	}
}

// TestLargeText decodes 5 MB inputs of several shapes: a long plan, one
// enormous paragraph, a flood of inline markers and a flood of markers
// without text. They must finish (quickly; the benchmark has the figures)
// and stay correct.
func TestLargeText(t *testing.T) {
	size := 5 << 20
	if testing.Short() {
		size = 512 << 10
	}
	plan, err := readTestdata("plan_utf8.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		unit string
	}{
		{"plan", string(plan)},
		{"one paragraph", "加强校园安全管理，完善应急预案，9月底前完成排查，覆盖率达到100%，"},
		{"inline markers", "一是加强管理；二是完善制度；（1）召开会议；①印发通知；"},
		{"bare markers", "一、\n（一）\n1.\n"},
		{"labels", "（牵头单位：督导室；配合单位：基教股、"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(strings.Repeat(tt.unit, size/len(tt.unit)))
			doc, err := Decode(bytes.NewReader(data), "big.txt", Options{Now: testNow})
			if err != nil && !errors.Is(err, ErrNoItems) && !errors.Is(err, ErrEmpty) {
				t.Fatal(err)
			}
			if doc != nil {
				checkInvariants(t, doc)
			}
		})
	}
}
