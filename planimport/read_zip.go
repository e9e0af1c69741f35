package planimport

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/duban-bot/duban/duban"
)

// A .docx or .xlsx is a zip of XML parts, and an upload is untrusted: a few
// kilobytes can inflate to gigabytes (a zip bomb), nest elements millions
// deep, or give one element millions of attributes, and encoding/xml holds
// each of those in memory. Every part is therefore read through a budget
// of inflated bytes proportional to the upload, a byte-level guard on tags
// and text runs, and a token reader that bounds depth and element count.

// Zip limits. A zip's declared sizes are not to be trusted, so bytes are
// counted while inflating. Office XML inflates to some 5-20 times its
// packed size; a bomb to hundreds or thousands, so the budget is a ratio
// of the upload with a floor for small files and a cap.
const (
	maxZipEntries = 2_000
	maxUnzipped   = 64 << 20
	minUnzipped   = 8 << 20
	unzipRatio    = 40
)

// XML limits, far above anything Word, WPS or Excel write: Word nests a
// text box's paragraph in a table some 30 elements deep, its widest
// element (the document root) has a few dozen namespace attributes, and
// an Excel cell holds at most 32,767 characters.
const (
	maxXMLDepth    = 256
	maxXMLAttrs    = 512
	maxXMLTag      = 8 << 20 // one tag, attribute values included (VML's o:gfxdata is a base64 package)
	maxXMLText     = 1 << 20 // text between two tags
	maxXMLElements = 4_000_000
)

// unzipBudget is how many bytes a package of n bytes may inflate to.
func unzipBudget(n int) int64 {
	return min(maxUnzipped, max(minUnzipped, int64(n)*unzipRatio))
}

// errBudget is returned by budgetReader when the unpacked size limit is hit.
var errBudget = errors.New("unpacked size limit reached")

// errComplex is returned by the XML guards when a limit is hit; it becomes
// ErrTooComplex.
type errComplex struct{ what string }

func (e errComplex) Error() string { return "xml limit: " + e.what }

// budgetReader reads from r while the shared budget lasts and fails once
// it is spent, so a zip bomb is cut off rather than silently truncated.
type budgetReader struct {
	r      io.Reader
	budget *int64
}

// Read implements io.Reader, charging what it reads to the budget.
func (b budgetReader) Read(p []byte) (int, error) {
	if *b.budget <= 0 {
		return 0, errBudget
	}
	if int64(len(p)) > *b.budget {
		p = p[:*b.budget+1]
	}
	n, err := b.r.Read(p)
	*b.budget -= int64(n)
	if *b.budget < 0 {
		return n, errBudget
	}
	return n, err
}

// xmlGuard scans the bytes of an XML part before encoding/xml sees them
// and fails on a tag with too many attributes or too many bytes, or on too
// much text between two tags: encoding/xml would build each of those whole
// in memory before returning it as one token. It is a scanner, not a
// parser: comments and CDATA are read as tags and text, which is
// conservative enough for limits this far from real documents.
type xmlGuard struct {
	r     io.Reader
	inTag bool
	quote byte // the quote of the attribute value being read, or 0
	attrs int  // attributes of the current tag
	run   int  // bytes of the current tag, or of the text since the last one
	// err is the limit hit, kept because encoding/xml may report the
	// broken text it was given instead of the error that broke it.
	err error
}

// Read implements io.Reader.
func (g *xmlGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	for _, c := range p[:n] {
		g.run++
		switch {
		case g.quote != 0:
			if c == g.quote {
				g.quote = 0
			}
		case g.inTag:
			switch c {
			case '"', '\'':
				g.quote = c
			case '=':
				if g.attrs++; g.attrs > maxXMLAttrs {
					g.err = errComplex{"attributes"}
					return 0, g.err
				}
			case '>':
				g.inTag, g.run = false, 0
			}
		case c == '<':
			g.inTag, g.attrs, g.run = true, 0, 1
		}
		if g.inTag && g.run > maxXMLTag || !g.inTag && g.run > maxXMLText {
			g.err = errComplex{"run"}
			return 0, g.err
		}
	}
	return n, err
}

// xmlReader is encoding/xml's token reader within the limits: the input
// passes through an xmlGuard, and depth and the number of elements (shared
// by all parts of a package) are counted.
type xmlReader struct {
	d        *xml.Decoder
	guard    *xmlGuard
	depth    int
	elements *int
}

func newXMLReader(r io.Reader, elements *int) *xmlReader {
	g := &xmlGuard{r: r}
	return &xmlReader{d: xml.NewDecoder(g), guard: g, elements: elements}
}

// Token returns the next token, or an error when the part is malformed or
// a limit is hit (io.EOF at its end).
func (x *xmlReader) Token() (xml.Token, error) {
	tok, err := x.d.Token()
	if err != nil {
		if x.guard.err != nil {
			return nil, x.guard.err
		}
		return nil, err
	}
	switch tok.(type) {
	case xml.StartElement:
		if x.depth++; x.depth > maxXMLDepth {
			return nil, errComplex{"depth"}
		}
		if *x.elements++; *x.elements > maxXMLElements {
			return nil, errComplex{"elements"}
		}
	case xml.EndElement:
		x.depth--
	}
	return tok, nil
}

// ooxmlPackage is an opened .docx or .xlsx: its parts by lower-case name,
// the inflate budget and the element count they share.
type ooxmlPackage struct {
	files    map[string]*zip.File
	budget   int64
	elements int
}

// openPackage opens a zip within the entry limit; kind is the format's
// error (ErrDocx, ErrXlsx) for a file that is no zip at all.
func openPackage(data []byte, kind *duban.Error) (*ooxmlPackage, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fail(kind, err)
	}
	if len(zr.File) > maxZipEntries {
		return nil, ErrPackageTooLarge
	}
	p := &ooxmlPackage{files: make(map[string]*zip.File, len(zr.File)), budget: unzipBudget(len(data))}
	for _, f := range zr.File {
		p.files[strings.ToLower(f.Name)] = f
	}
	return p, nil
}

// has reports a part.
func (p *ooxmlPackage) has(name string) bool {
	_, ok := p.files[partKey(name)]
	return ok
}

func partKey(name string) string { return strings.ToLower(strings.TrimPrefix(name, "/")) }

// open returns a part's inflated bytes as a stream within the budget, and
// false when the package has no such part.
func (p *ooxmlPackage) open(name string) (io.ReadCloser, bool, error) {
	f, ok := p.files[partKey(name)]
	if !ok {
		return nil, false, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, true, err
	}
	return struct {
		io.Reader
		io.Closer
	}{budgetReader{r: rc, budget: &p.budget}, rc}, true, nil
}

// xml opens a part as a token stream within the limits.
func (p *ooxmlPackage) xml(name string) (*xmlReader, io.Closer, bool, error) {
	rc, ok, err := p.open(name)
	if !ok || err != nil {
		return nil, nil, ok, err
	}
	return newXMLReader(rc, &p.elements), rc, true, nil
}

// fail turns an error met while reading the package into the user's
// error: the size and structure limits, else kind (ErrDocx, ErrXlsx). A
// spent budget counts whatever the XML decoder made of the cut-off text.
func (p *ooxmlPackage) fail(kind *duban.Error, err error) error {
	var ec errComplex
	switch {
	case errors.Is(err, errBudget) || p.budget <= 0:
		return ErrPackageTooLarge
	case errors.As(err, &ec):
		return tooComplex(err)
	}
	return fail(kind, err)
}

// tooComplex is ErrTooComplex wrapped with ErrPackageTooLarge (which
// callers that predate it know) and the cause.
func tooComplex(cause error) error {
	return fmt.Errorf("planimport: %w: %w: %w", ErrTooComplex, ErrPackageTooLarge, cause)
}

// zipFormat tells a .docx from a .xlsx by its parts, for files without an
// extension.
func zipFormat(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fail(ErrUnsupported, err)
	}
	for _, f := range zr.File {
		switch strings.ToLower(f.Name) {
		case "word/document.xml":
			return formatDocx, nil
		case "xl/workbook.xml":
			return formatXLSX, nil
		}
	}
	return "", ErrUnsupported
}
