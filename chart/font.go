package chart

import (
	_ "embed"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
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
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load chart font: %w", err)
	}
	f, err := parseFontFile(data)
	if err != nil {
		return nil, fmt.Errorf("load chart font %s: %w", path, err)
	}
	return &Font{name: filepath.Base(path), regular: f, bold: f, fallback: emb}, nil
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

// parseFontFile reads a font or a collection. From a collection it takes
// the first face that has 中 and whose name says Simplified Chinese (SC,
// CN, GB, Hans), else the first that has 中, else the first.
func parseFontFile(data []byte) (*sfnt.Font, error) {
	c, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, err
	}
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
	var buf sfnt.Buffer
	for g := f; g != nil; g = g.fallback {
		if x, err := g.regular.GlyphIndex(&buf, r); err == nil && x != 0 {
			return true
		}
	}
	return false
}

// Missing returns the characters of s, once each, that no font has.
func (f *Font) Missing(s string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if !seen[r] && !f.Has(r) {
			out = append(out, r)
		}
		seen[r] = true
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
