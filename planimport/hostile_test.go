package planimport

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/duban-bot/duban/duban"
)

// Hostile files: small uploads built to make a reader hold far more than
// they weigh. Each one is built here (never committed), decoded under a
// heap sampler, and must be refused or read within maxPeakMB.

// maxPeakMB is the most heap one Decode may hold, on any input.
const maxPeakMB = 100

// heapSampler polls the heap in use (live and not yet collected objects,
// plus the free space of their spans: MemStats.HeapInuse, read without
// stopping the world) while a function runs and reports its peak above
// what was in use before.
func heapPeak(f func()) uint64 {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	read := func() uint64 {
		metrics.Read(samples)
		return samples[0].Value.Uint64() + samples[1].Value.Uint64()
	}
	runtime.GC()
	base := read()
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	if v := read(); v > peak.Load() {
		peak.Store(v)
	}
	close(stop)
	<-done
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// zipPart is one part of a hand-made package; body writes its content, so
// that parts of hundreds of megabytes are streamed into the deflater rather
// than built in memory first.
type zipPart struct {
	name string
	body func(w io.Writer)
}

func str(s string) func(io.Writer) { return func(w io.Writer) { io.WriteString(w, s) } }

// repeat writes head, n copies of unit and tail.
func repeat(head, unit, tail string, n int) func(io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, head)
		chunk := strings.Repeat(unit, max(1, 64<<10/max(1, len(unit))))
		per := len(chunk) / max(1, len(unit))
		for left := n; left > 0; left -= per {
			if left < per {
				chunk = chunk[:left*len(unit)]
			}
			io.WriteString(w, chunk)
		}
		io.WriteString(w, tail)
	}
}

// buildZip packs the parts, deflated, after pad bytes of noise stored
// uncompressed (a thumbnail, say): the padding buys the bomb the inflate
// allowance of a file its size.
func buildZip(t testing.TB, pad int, parts ...zipPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	if pad > 0 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "docProps/thumbnail.jpeg", Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		io.CopyN(w, rand.NewChaCha8([32]byte{}), int64(pad))
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		p.body(w)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxParts is a Word package around a document.xml body.
func docxParts(body func(io.Writer)) []zipPart {
	return []zipPart{
		{"[Content_Types].xml", str(contentTypes)},
		{"_rels/.rels", str(packageRels)},
		{"word/document.xml", body},
	}
}

const docHead = `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>`
const docTail = `</w:body></w:document>`

const sheetNS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// xlsxParts is a one-sheet workbook with the given sheet and shared
// strings parts (nil leaves the shared strings out).
func xlsxParts(sheet, shared func(io.Writer)) []zipPart {
	parts := []zipPart{
		{"[Content_Types].xml", str(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)},
		{"_rels/.rels", str(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"xl/workbook.xml", str(`<?xml version="1.0" encoding="UTF-8"?><workbook ` + sheetNS + `><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", str(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)},
		{"xl/worksheets/sheet1.xml", sheet},
	}
	if shared != nil {
		parts = append(parts, zipPart{"xl/sharedStrings.xml", shared})
	}
	return parts
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet ` + sheetNS + `><sheetData>`

// ledgerSheet is a small valid ledger whose rows use shared strings 0..3.
var ledgerSheet = str(sheetHead +
	`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
	`<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>` +
	`</sheetData></worksheet>`)

// sharedStrings writes a table of n strings, the first four those of
// ledgerSheet.
func sharedStringsPart(n int, unit string) func(io.Writer) {
	head := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><sst %s count="%d" uniqueCount="%d">`, sheetNS[:strings.Index(sheetNS, " ")], n+4, n+4) +
		`<si><t>工作任务</t></si><si><t>牵头单位</t></si><si><t>开展校园安全排查</t></si><si><t>安全办</t></si>`
	return repeat(head, unit, `</sst>`, n)
}

// hostile is one crafted file and what Decode must answer: want is the
// error it must return, or nil when it must read the file.
type hostile struct {
	name string
	file string
	data func(t testing.TB) []byte
	want error
}

// padMB is the padding that buys a bomb the largest inflate allowance.
const padMB = 2 << 20

var hostiles = []hostile{
	{"docx nested 20KB", "a.docx", func(t testing.TB) []byte {
		return buildZip(t, 0, docxParts(repeat(docHead, "<w:p>", docTail, 8<<20))...)
	}, ErrTooComplex},
	{"docx nested 2MB", "a.docx", func(t testing.TB) []byte {
		return buildZip(t, padMB, docxParts(repeat(docHead, "<w:sdt>", docTail, 9<<20))...)
	}, ErrTooComplex},
	{"docx attributes", "a.docx", func(t testing.TB) []byte {
		return buildZip(t, padMB, docxParts(repeat(docHead+`<w:p `, `a="" `, `/>`+docTail, 12<<20))...)
	}, ErrTooComplex},
	{"docx one huge run", "a.docx", func(t testing.TB) []byte {
		return buildZip(t, padMB, docxParts(repeat(docHead+`<w:p><w:r><w:t>一、`, "加", `</w:t></w:r></w:p>`+docTail, 20<<20))...)
	}, ErrTooComplex},
	{"docx million paragraphs", "a.docx", func(t testing.TB) []byte {
		return buildZip(t, padMB, docxParts(repeat(docHead, `<w:p><w:r><w:t>1.甲</w:t></w:r></w:p>`, docTail, 1<<20))...)
	}, nil},
	{"docx wide table", "a.docx", func(t testing.TB) []byte {
		row := `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p><w:r><w:t>工作任务</w:t></w:r></w:p></w:tc></w:tr>`
		return buildZip(t, padMB, docxParts(repeat(docHead+`<w:tbl>`, row, `</w:tbl>`+docTail, 400<<10))...)
	}, nil},
	{"docx zip bomb", "a.docx", func(t testing.TB) []byte { return bombDocx(t, 1<<30) }, ErrPackageTooLarge},
	{"xlsx 2M shared strings", "a.xlsx", func(t testing.TB) []byte {
		return buildZip(t, padMB, xlsxParts(ledgerSheet, sharedStringsPart(2<<20, `<si><t>x</t></si>`))...)
	}, ErrTooComplex},
	{"xlsx 1M shared strings", "a.xlsx", func(t testing.TB) []byte {
		return buildZip(t, padMB, xlsxParts(ledgerSheet, sharedStringsPart(1<<20-8, `<si><t>校园安全排查</t></si>`))...)
	}, nil},
	{"xlsx one huge shared string", "a.xlsx", func(t testing.TB) []byte {
		return buildZip(t, padMB, xlsxParts(ledgerSheet, sharedStringsPart(1, `<si><t>`+strings.Repeat("加", 20<<20)+`</t></si>`))...)
	}, ErrTooComplex},
	{"xlsx million rows", "a.xlsx", func(t testing.TB) []byte {
		return buildZip(t, padMB, xlsxParts(repeat(sheetHead+`<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>`,
			`<row><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>`, `</sheetData></worksheet>`, 1<<20),
			sharedStringsPart(0, ""))...)
	}, nil},
	{"xlsx wide row", "a.xlsx", func(t testing.TB) []byte {
		return buildZip(t, padMB, xlsxParts(repeat(sheetHead+`<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row><row>`,
			`<c t="s"><v>2</v></c>`, `</row></sheetData></worksheet>`, 3<<20),
			sharedStringsPart(0, ""))...)
	}, nil},
	{"xlsx merges", "a.xlsx", func(t testing.TB) []byte {
		return buildZip(t, padMB, xlsxParts(repeat(sheetHead+`<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row></sheetData><mergeCells>`,
			`<mergeCell ref="A2:XFD1048576"/>`, `</mergeCells></worksheet>`, 1<<20),
			sharedStringsPart(0, ""))...)
	}, nil},
	{"xlsx nested", "a.xlsx", func(t testing.TB) []byte {
		return buildZip(t, padMB, xlsxParts(repeat(sheetHead, "<row>", `</sheetData></worksheet>`, 12<<20), sharedStringsPart(0, ""))...)
	}, ErrTooComplex},
	{"xlsx zip bomb", "a.xlsx", func(t testing.TB) []byte {
		return buildZip(t, 0, xlsxParts(repeat(sheetHead, " ", `</sheetData></worksheet>`, 1<<30), sharedStringsPart(0, ""))...)
	}, ErrPackageTooLarge},
	{"csv wide line", "a.csv", func(t testing.TB) []byte {
		return []byte("工作任务,牵头单位\n" + strings.Repeat(",", 10<<20-32))
	}, ErrTooComplex},
	{"csv many rows", "a.csv", func(t testing.TB) []byte {
		return []byte("工作任务,牵头单位\n" + strings.Repeat("甲,乙\n", (10<<20-32)/9))
	}, nil},
	{"text markers", "a.txt", func(t testing.TB) []byte {
		return []byte("某县工作计划\n" + strings.Repeat("1.\n甲\n", (10<<20-32)/8))
	}, nil},
	{"text short lines", "a.txt", func(t testing.TB) []byte {
		return []byte("某县工作计划\n" + strings.Repeat("一、甲\n", (10<<20-32)/10))
	}, nil},
	{"text nested run-in lists", "a.txt", func(t testing.TB) []byte {
		var b strings.Builder
		b.WriteString("某县工作计划\n")
		for b.Len() < 9<<20 {
			b.WriteString("一、加强管理。")
			for i := 1; i <= 99; i++ {
				b.WriteString(cnString(i) + "是抓落实：")
				for j := 1; j <= 99; j++ {
					fmt.Fprintf(&b, "（%d）甲；", j)
				}
			}
			b.WriteString("\n")
		}
		return []byte(b.String())
	}, nil},
	{"text long items", "a.txt", func(t testing.TB) []byte {
		var b strings.Builder
		b.WriteString("某县教育局2026年工作要点\n")
		for i := 1; b.Len() < 10<<20-1<<10; i++ {
			fmt.Fprintf(&b, "%d.完善第%d类工作机制，%d月底前完成，覆盖率达到%d%%，由第%d科牵头负责。一是健全制度；二是强化督查；三是定期通报。\n",
				i%300+1, i, i%12+1, i%100, i%9+1)
		}
		return []byte(b.String())
	}, nil},
}

// decodeHostile decodes h once and checks the answer.
func decodeHostile(t testing.TB, h hostile, data []byte) {
	_, err := Decode(bytes.NewReader(data), h.file, Options{Now: testNow})
	var de *duban.Error
	switch {
	case h.want != nil && !errors.Is(err, h.want):
		t.Errorf("%s: error %v, want %v", h.name, err, h.want)
	case err != nil && (!errors.As(err, &de) || de.Code != duban.EINVALID):
		t.Errorf("%s: error %v is not an EINVALID *duban.Error", h.name, err)
	}
}

// BenchmarkHostile decodes each hostile file and reports the peak heap of
// one decode (peak-MB) and the file's size (file-KB); a peak over
// maxPeakMB fails.
func BenchmarkHostile(b *testing.B) {
	for _, h := range hostiles {
		b.Run(strings.ReplaceAll(h.name, " ", "_"), func(b *testing.B) {
			data := h.data(b)
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				peak = max(peak, heapPeak(func() { decodeHostile(b, h, data) }))
			}
			mb := float64(peak) / (1 << 20)
			b.ReportMetric(mb, "peak-MB")
			b.ReportMetric(float64(len(data))/1024, "file-KB")
			if mb > maxPeakMB {
				b.Fatalf("%s (%d KB): peak heap %.0f MB, over %d MB", h.name, len(data)>>10, mb, maxPeakMB)
			}
		})
	}
}

// TestHostile checks the answer to each hostile file (the memory is the
// benchmark's to measure).
func TestHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds files of tens of megabytes")
	}
	for _, h := range hostiles {
		t.Run(h.name, func(t *testing.T) {
			decodeHostile(t, h, h.data(t))
		})
	}
}
