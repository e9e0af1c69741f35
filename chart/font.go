package chart

import (
	_ "embed"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The embedded fonts: Noto Sans CJK SC cut down to GB2312 and the symbols
// the charts draw, built by font/gen.sh (licence: font/OFL.txt).
var (
	//go:embed font/NotoSansSC-Regular.subset.otf
	embeddedRegular []byte
	//go:embed font/NotoSansSC-Bold.subset.otf
	embeddedBold []byte
)

// EmbeddedFontName names the font compiled into the binary.
const EmbeddedFontName = "Noto Sans CJK SC (GB2312 subset)"

// Font is a typeface in a regular and a bold weight. A font loaded from a
// file has the embedded font behind it for the characters it lacks.
// A Font is safe for concurrent use.
type Font struct {
	name          string
	regular, bold *sfnt.Font
	fallback      *Font
	has           sync.Map // rune -> bool, Has's answers
}

var embedded struct {
	once sync.Once
	font *Font
	err  error
}

// LoadFont loads the font the charts draw with: path "" is the embedded
// font; otherwise a TrueType or OpenType file (.ttf, .otf) or collection
// (.ttc, .otc), from which the face for Simplified Chinese is taken. The
// file's font draws both weights, and the embedded font draws what it lacks.
func LoadFont(path string) (*Font, error) {
	emb, err := embeddedFont()
	if err != nil || path == "" {
		return emb, err
	}
	c, err := openFontFile(path)
	if err != nil {
		return nil, fmt.Errorf("load chart font: %w", err)
	}
	f, err := pickFont(c)
	if err != nil {
		return nil, fmt.Errorf("load chart font %s: %w", path, err)
	}
	return &Font{name: filepath.Base(path), regular: f, bold: f, fallback: emb}, nil
}

// maxFontInMemory is the size past which a font file is read where it
// lies rather than held in memory: a whole CJK collection (Debian's
// NotoSansCJK-Regular.ttc is 19 MB) would otherwise stay in the heap.
var maxFontInMemory int64 = 8 << 20

// openFontFile parses a font file or collection: read into memory, or for
// a large file read where it lies, the file staying open as long as the
// process runs.
func openFontFile(path string) (*sfnt.Collection, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, err
	}
	if st.Size() > maxFontInMemory {
		c, err := opentype.ParseCollectionReaderAt(fh)
		if err != nil {
			fh.Close()
		}
		return c, err
	}
	defer fh.Close()
	data, err := io.ReadAll(fh)
	if err != nil {
		return nil, err
	}
	return opentype.ParseCollection(data)
}

func embeddedFont() (*Font, error) {
	embedded.once.Do(func() {
		r, err := opentype.Parse(embeddedRegular)
		if err != nil {
			embedded.err = fmt.Errorf("parse embedded font: %w", err)
			return
		}
		b, err := opentype.Parse(embeddedBold)
		if err != nil {
			embedded.err = fmt.Errorf("parse embedded bold font: %w", err)
			return
		}
		embedded.font = &Font{name: EmbeddedFontName, regular: r, bold: b}
	})
	return embedded.font, embedded.err
}

// pickFont takes from a collection (a single font is a collection of one)
// the first face that has 中 and whose name says Simplified Chinese (SC,
// CN, GB, Hans), else the first that has 中, else the first.
func pickFont(c *sfnt.Collection) (*sfnt.Font, error) {
	if c.NumFonts() == 0 {
		return nil, errors.New("no font in the file")
	}
	var buf sfnt.Buffer
	var withHan *sfnt.Font
	for i := range c.NumFonts() {
		f, err := c.Font(i)
		if err != nil {
			return nil, err
		}
		if x, _ := f.GlyphIndex(&buf, '中'); x == 0 {
			continue
		}
		if withHan == nil {
			withHan = f
		}
		name, _ := f.Name(&buf, sfnt.NameIDFull)
		for _, w := range []string{" SC", "SC ", "CN", "GB", "Hans"} {
			if strings.Contains(name, w) {
				return f, nil
			}
		}
	}
	if withHan != nil {
		return withHan, nil
	}
	return c.Font(0)
}

// Name is the font's name: EmbeddedFontName, or the file's base name.
func (f *Font) Name() string { return f.name }

// Has reports whether the font, or the embedded font behind it, has a
// glyph for r.
func (f *Font) Has(r rune) bool {
	if v, ok := f.has.Load(r); ok {
		return v.(bool)
	}
	var buf sfnt.Buffer
	found := false
	for g := f; g != nil && !found; g = g.fallback {
		x, err := g.regular.GlyphIndex(&buf, r)
		found = err == nil && x != 0
	}
	f.has.Store(r, found)
	return found
}

// Missing returns the characters of s, once each, that no font has.
func (f *Font) Missing(s string) []rune {
	var out []rune
	for _, r := range s {
		if !f.Has(r) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// face returns a font.Face of the given pixel size that draws each
// character with the first font that has it. A face is not safe for
// concurrent use: each drawing makes its own.
func (f *Font) face(px float64, bold bool) font.Face {
	m := &multiFace{}
	for g := f; g != nil; g = g.fallback {
		sf := g.regular
		if bold {
			sf = g.bold
		}
		// NewFace fails on no input it is given here.
		fc, _ := opentype.NewFace(sf, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
		m.fonts = append(m.fonts, sf)
		m.faces = append(m.faces, fc)
	}
	return m
}

// multiFace is a font.Face over several fonts, the first having a glyph
// drawing it (the first font's .notdef when none has one).
type multiFace struct {
	fonts []*sfnt.Font
	faces []font.Face
	buf   sfnt.Buffer
}

func (m *multiFace) pick(r rune) font.Face {
	for i, f := range m.fonts {
		if x, err := f.GlyphIndex(&m.buf, r); err == nil && x != 0 {
			return m.faces[i]
		}
	}
	return m.faces[0]
}

func (m *multiFace) Close() error { return nil }

func (m *multiFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	return m.pick(r).Glyph(dot, r)
}

func (m *multiFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	return m.pick(r).GlyphBounds(r)
}

func (m *multiFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	return m.pick(r).GlyphAdvance(r)
}

func (m *multiFace) Kern(r0, r1 rune) fixed.Int26_6 {
	if f := m.pick(r0); f == m.pick(r1) {
		return f.Kern(r0, r1)
	}
	return 0
}

func (m *multiFace) Metrics() font.Metrics { return m.faces[0].Metrics() }
