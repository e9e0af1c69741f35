package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/fstest"
)

// TestParallelZip: the parts come out of the archive whole, in the order
// they were made, each with its checksum, big and small, empty or not,
// with the files of an added file system after them.
func TestParallelZip(t *testing.T) {
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<Types/>`},
		{"xl/worksheets/sheet1.xml", strings.Repeat(`<row><c t="inlineStr"><is><t>开展校园安全隐患排查</t></is></c></row>`, 50_000)},
		{"xl/worksheets/sheet2.xml", strings.Repeat(`<row r="1"><c><v>42</v></c></row>`, 80_000)},
		{"docProps/app.xml", ``},
		{"xl/styles.xml", `<styleSheet/>`},
	}
	var buf bytes.Buffer
	z := newParallelZip(&buf)
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.AddFS(fstest.MapFS{"media/image1.png": {Data: []byte("png")}}); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc) // checks the CRC at the end
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		got = append(got, fmt.Sprintf("%s:%d", f.Name, len(body)))
		for _, p := range parts {
			if p.name == f.Name && string(body) != p.body {
				t.Errorf("%s: %d bytes differ from the %d written", f.Name, len(body), len(p.body))
			}
		}
	}
	var want []string
	for _, p := range parts {
		want = append(want, fmt.Sprintf("%s:%d", p.name, len(p.body)))
	}
	want = append(want, "media/:0", "media/image1.png:3") // AddFS makes the directory too
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("archive holds\n%v\nwant\n%v", got, want)
	}
	if buf.Len() > 200_000 {
		t.Errorf("archive is %d bytes: the parts were not deflated", buf.Len())
	}
}
