package chart

import (
	"bytes"
	"encoding/binary"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// gb2312 returns every character GB2312 encodes, as font/gen.sh listed
// them with Python's gb2312 codec, and the hanzi among them.
func gb2312(t *testing.T) (all, hanzi []rune) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("font", "gb2312.txt"))
	if err != nil {
		t.Fatal(err)
	}
	all = []rune(string(b))
	for _, r := range all {
		if r >= 0x4E00 && r <= 0x9FFF { // CJK Unified Ideographs; 〇 is Han too, but a symbol here
			hanzi = append(hanzi, r)
		}
	}
	return all, hanzi
}

// TestEmbeddedFontCoversGB2312AndLabels: every rune of every fixed label,
// in both languages, and every GB2312 character has a glyph (glyph index
// not 0, which is .notdef) in both embedded weights.
func TestEmbeddedFontCoversGB2312AndLabels(t *testing.T) {
	f, err := LoadFont("")
	if err != nil {
		t.Fatal(err)
	}
	all, hanzi := gb2312(t)
	if len(hanzi) != 6763 {
		t.Fatalf("GB2312 enumerated %d hanzi, want 6763", len(hanzi))
	}
	if len(all) != 7445 {
		t.Fatalf("GB2312 enumerated %d characters, want 7,445", len(all))
	}
	runes := append([]rune{}, all...)
	for _, lang := range []string{LangZH, LangEN} {
		for _, w := range Words(lang) {
			runes = append(runes, []rune(w)...)
		}
	}
	runes = append(runes, []rune("0123456789%…—□（）·、，。：；！？「」〇①⑳✓●○■▲▼ABCXYZabcxyz")...)
	var buf sfnt.Buffer
	for _, weight := range []struct {
		name string
		font *sfnt.Font
	}{{"regular", f.regular}, {"bold", f.bold}} {
		missing := 0
		for _, r := range runes {
			x, err := weight.font.GlyphIndex(&buf, r)
			if err != nil || x == 0 {
				if missing++; missing < 10 {
					t.Errorf("%s: no glyph for %q (U+%04X)", weight.name, r, r)
				}
			}
		}
		if missing > 0 {
			t.Errorf("%s: %d of %d characters have no glyph", weight.name, missing, len(runes))
		}
	}
}

func TestEmbeddedFontSize(t *testing.T) {
	total := len(embeddedRegular) + len(embeddedBold)
	if total > 4<<20 {
		t.Fatalf("embedded fonts are %d bytes, over the 4 MB budget", total)
	}
	lic, err := os.ReadFile(filepath.Join("font", "OFL.txt"))
	if err != nil || !bytes.Contains(lic, []byte("SIL OPEN FONT LICENSE Version 1.1")) {
		t.Fatalf("font/OFL.txt must hold the licence: %v", err)
	}
}

// TestMissingCharacterDrawnVisiblyAndLogged: a character no font has (an
// extension-B hanzi beyond GB2312) is drawn as □ and the log names it.
func TestMissingCharacterDrawnVisiblyAndLogged(t *testing.T) {
	var logs bytes.Buffer
	r, err := New(nil, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	c := r.newCanvas(100)
	if got := c.visible("𠀀检测𠀀"); got != "□检测□" {
		t.Errorf("visible = %q, want □检测□", got)
	}
	if n := strings.Count(logs.String(), "U+20000"); n != 1 {
		t.Errorf("the missing character should be logged once per picture, got %d in:\n%s", n, logs.String())
	}
	logs.Reset()
	if _, err := r.Units("通报", "2026年10月31日", []Unit{{Name: "𠀾实验学校", Done: 1, Rate: 1}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "U+2003E") || !strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("rendering a name with a missing character should warn naming it, got:\n%s", logs.String())
	}
}

// TestLoadFontFile: a bureau's own font draws what it has and the embedded
// font the rest: Go's Latin-only font still gets Chinese drawn.
func TestLoadFontFile(t *testing.T) {
	dir := t.TempDir()
	latin := filepath.Join(dir, "goregular.ttf")
	if err := os.WriteFile(latin, goregular.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFont(latin)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name() != "goregular.ttf" {
		t.Errorf("Name = %q", f.Name())
	}
	var buf sfnt.Buffer
	if x, _ := f.regular.GlyphIndex(&buf, '中'); x != 0 {
		t.Fatal("Go's font should lack 中 for this test to mean anything")
	}
	if !f.Has('中') || !f.Has('A') || len(f.Missing("督导室 Office")) != 0 {
		t.Errorf("the embedded font should stand behind the file's font")
	}
	// Both draw the same Chinese name: the pictures differ only where the
	// Latin font draws.
	emb, _ := LoadFont("")
	inkOf := func(f *Font, s string) int {
		r, err := New(f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		c := r.newCanvas(80)
		c.text(s, 10, 60, 40, false, r.pal.text, 0)
		return ink(c.dc.Image(), r.pal.bg)
	}
	if a, b := inkOf(f, "督导室"), inkOf(emb, "督导室"); a == 0 || a != b {
		t.Errorf("Chinese through the fallback drew %d dark pixels, the embedded font %d", a, b)
	}

	for name, data := range map[string][]byte{"missing.ttf": nil, "junk.ttf": []byte("not a font at all")} {
		path := filepath.Join(dir, name)
		if data != nil {
			os.WriteFile(path, data, 0o644)
		}
		if _, err := LoadFont(path); err == nil || !strings.Contains(err.Error(), "chart font") {
			t.Errorf("LoadFont(%s) = %v, want an error", name, err)
		}
	}
}

// TestLoadFontCollection: from a collection (.ttc) the face with Chinese
// is taken, not simply the first.
func TestLoadFontCollection(t *testing.T) {
	ttc := makeTTC(t, goregular.TTF, embeddedRegular)
	path := filepath.Join(t.TempDir(), "fonts.ttc")
	if err := os.WriteFile(path, ttc, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFont(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	if x, _ := f.regular.GlyphIndex(&buf, '督'); x == 0 {
		t.Errorf("the face with Chinese should be picked from the collection")
	}
}

// makeTTC wraps single fonts into a TrueType collection: a ttcf header,
// then each font with its table offsets moved by where it now starts.
func makeTTC(t *testing.T, fonts ...[]byte) []byte {
	t.Helper()
	head := 12 + 4*len(fonts)
	var out bytes.Buffer
	out.WriteString("ttcf")
	binary.Write(&out, binary.BigEndian, uint32(0x00010000))
	binary.Write(&out, binary.BigEndian, uint32(len(fonts)))
	var body []byte
	for _, f := range fonts {
		start := head + len(body)
		binary.Write(&out, binary.BigEndian, uint32(start))
		g := append([]byte{}, f...)
		n := int(binary.BigEndian.Uint16(g[4:6]))
		for i := range n {
			rec := g[12+16*i:]
			off := binary.BigEndian.Uint32(rec[8:12])
			binary.BigEndian.PutUint32(rec[8:12], off+uint32(start))
		}
		// The tables keep their offsets relative to the collection: the
		// font's own bytes follow its directory unchanged.
		body = append(body, g...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	out.Write(body)
	return out.Bytes()
}

// TestLoadLargeFontFile: a large font file is read where it lies; drawing
// with it gives the same picture as the embedded font it copies.
func TestLoadLargeFontFile(t *testing.T) {
	defer func(n int64) { maxFontInMemory = n }(maxFontInMemory)
	maxFontInMemory = 1000
	path := filepath.Join(t.TempDir(), "big.otf")
	if err := os.WriteFile(path, embeddedRegular, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFont(path)
	if err != nil {
		t.Fatal(err)
	}
	emb, _ := LoadFont("")
	draw := func(f *Font) int {
		r, _ := New(f, Options{})
		c := r.newCanvas(80)
		c.text("督导室完成率", 10, 60, 40, false, r.pal.text, 0)
		return ink(c.dc.Image(), r.pal.bg)
	}
	if a, b := draw(f), draw(emb); a == 0 || a != b {
		t.Errorf("the file read in place drew %d pixels, the embedded font %d", a, b)
	}
}

// TestLoadDebianNotoCollection takes the Simplified Chinese face out of
// Debian's Noto Sans CJK collection, where the package is installed.
func TestLoadDebianNotoCollection(t *testing.T) {
	const path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
	if _, err := os.Stat(path); err != nil {
		t.Skip("fonts-noto-cjk is not installed")
	}
	f, err := LoadFont(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	name, _ := f.regular.Name(&buf, sfnt.NameIDFull)
	if !strings.Contains(name, "SC") {
		t.Errorf("picked %q from the collection, want the SC face", name)
	}
	r, _ := New(f, Options{})
	if _, err := r.Units("通报", "2026年10月31日", sampleUnits(5, true)); err != nil {
		t.Fatal(err)
	}
}
