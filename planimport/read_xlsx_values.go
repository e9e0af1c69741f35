package planimport

import (
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// The values of a workbook's cells: the shared string table, the number
// formats that tell dates and percentages from other numbers, and a cell
// rendered as Excel shows it.

// sharedStrings is the workbook's string table: every string in one
// buffer, ends[i] the end of string i.
type sharedStrings struct {
	buf  string
	ends []uint32
}

func (s *sharedStrings) get(i int) string {
	if i < 0 || i >= len(s.ends) {
		return ""
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.buf[start:s.ends[i]]
}

// read reads the string table: the text of each si, without its phonetic
// guides (rPh).
func (s *sharedStrings) read(p *ooxmlPackage, part string) error {
	x, c, ok, err := p.xml(part)
	if !ok || err != nil {
		return err
	}
	defer c.Close()
	var buf []byte
	start, inT, inPh := 0, false, 0
	for {
		tok, err := x.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				start = len(buf)
			case "t":
				inT = true
			case "rPh":
				inPh++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if len(s.ends) >= maxSharedStrings {
					return errComplex{"shared strings"}
				}
				s.ends = append(s.ends, uint32(len(buf)))
			case "t":
				inT = false
			case "rPh":
				inPh--
			}
		case xml.CharData:
			if inT && inPh == 0 {
				n := min(len(t), maxCellBytes-(len(buf)-start))
				if len(buf)+n > maxSharedBytes {
					return errComplex{"shared string bytes"}
				}
				buf = append(buf, clipBytes(t, n)...)
			}
		}
	}
	s.buf = string(buf)
	return nil
}

// clipBytes returns at most n bytes of t, not cutting a rune.
func clipBytes(t []byte, n int) []byte {
	if n >= len(t) {
		return t
	}
	for n > 0 && (t[n]&0xC0) == 0x80 {
		n--
	}
	return t[:max(n, 0)]
}

// cellFormat is what a cell's number format says about its value.
type cellFormat int

const (
	cellNumber cellFormat = iota
	cellDate
	cellPercent
)

// readCellFormats reads which cell formats (cellXfs) show dates or
// percentages.
func readCellFormats(p *ooxmlPackage, part string) ([]cellFormat, error) {
	x, c, ok, err := p.xml(part)
	if !ok || err != nil {
		return nil, err
	}
	defer c.Close()
	custom := map[int]cellFormat{}
	var out []cellFormat
	inXfs := false
	for {
		tok, err := x.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				if len(custom) < maxCellFormats {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					custom[id] = formatOfCode(attr(t, "formatCode"))
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs && len(out) < maxCellFormats {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					f, ok := custom[id]
					if !ok {
						f = builtinFormat(id)
					}
					out = append(out, f)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	}
}

// builtinFormat classifies Excel's built-in number formats (ECMA-376
// 18.8.30, with the CJK date formats 27-36 and 50-58).
func builtinFormat(id int) cellFormat {
	switch {
	case id == 9 || id == 10:
		return cellPercent
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		return cellDate
	}
	return cellNumber
}

// formatOfCode classifies a custom format code: quoted text, escaped
// characters and [bracketed] colours or locales do not count.
func formatOfCode(code string) cellFormat {
	date, percent := false, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++
		case '[':
			if j := strings.IndexByte(code[i:], ']'); j >= 0 {
				i += j
			}
		case '%':
			percent = true
		case 'y', 'Y', 'm', 'M', 'd', 'D', 'h', 'H', 's', 'S':
			date = true
		case 'G', 'g':
			if strings.HasPrefix(strings.ToLower(code[i:]), "general") {
				i += len("general") - 1
			}
		}
	}
	switch {
	case date:
		return cellDate
	case percent:
		return cellPercent
	}
	return cellNumber
}

// value renders a cell as Excel shows it, as far as a ledger needs: text
// as it is, dates as 2006-01-02, percentages with %, other numbers in
// their shortest form.
func (wb *workbook) value(c *sheetCell) string {
	raw := strings.TrimSpace(string(c.value))
	switch c.typ {
	case "s":
		i, err := strconv.Atoi(raw)
		if err != nil {
			return ""
		}
		return wb.shared.get(i)
	case "inlineStr", "str", "e":
		return string(c.value)
	case "b":
		if raw == "1" || raw == "true" {
			return "TRUE"
		}
		return "FALSE"
	case "d":
		if len(raw) >= 10 {
			if _, err := time.Parse(time.DateOnly, raw[:10]); err == nil {
				return raw[:10]
			}
		}
		return raw
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return raw
	}
	format := cellNumber
	if c.style >= 0 && c.style < len(wb.formats) {
		format = wb.formats[c.style]
	}
	switch format {
	case cellDate:
		if s, ok := serialDate(f, wb.date1904); ok {
			return s
		}
	case cellPercent:
		return shortNumber(f*100) + "%"
	}
	return shortNumber(f)
}

// serialDate renders an Excel date serial number.
func serialDate(f float64, date1904 bool) (string, bool) {
	if f < 1 || f > 2958465 { // 9999-12-31
		return "", false
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	t := epoch.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	if secs == 0 {
		return t.Format(time.DateOnly), true
	}
	return t.Format("2006-01-02 15:04"), true
}

// shortNumber writes a number as Excel's General format does, to 15
// significant digits.
func shortNumber(f float64) string {
	s := strconv.FormatFloat(f, 'g', 15, 64)
	if strings.ContainsAny(s, "e") {
		g, _ := strconv.ParseFloat(s, 64)
		s = strconv.FormatFloat(g, 'f', -1, 64)
	}
	return s
}
