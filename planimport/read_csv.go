package planimport

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// maxCols is the widest row kept; wider rows are cut. A ledger has a dozen
// columns.
const maxCols = 64

// maxLineFields is the most separators one line of a CSV may have:
// encoding/csv builds a whole record before returning it, and a line of
// ten million commas would cost gigabytes.
const maxLineFields = 4096

// readCSV reads a CSV (or tab/semicolon separated) ledger in any encoding
// decodeText accepts.
func readCSV(data []byte, lim *limits) ([][]string, error) {
	text, err := decodeText(data)
	if err != nil {
		if errors.Is(err, ErrText) {
			return nil, ErrCSV
		}
		return nil, err
	}
	comma := sniffDelimiter(text)
	if wideLine(text, comma) {
		return nil, tooComplex(errComplex{"csv fields"})
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = comma
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(rows) > 0 {
				break // keep what was readable; the rest is damaged
			}
			return nil, fail(ErrCSV, err)
		}
		if !lim.para() {
			break
		}
		if len(rec) > maxCols {
			rec = rec[:maxCols]
		}
		rows = append(rows, stripQuotePrefixes(rec))
	}
	if len(rows) == 0 {
		return nil, ErrEmpty
	}
	return rows, nil
}

// wideLine reports a line with more than maxLineFields separators.
func wideLine(text string, comma rune) bool {
	n := 0
	for _, r := range text {
		switch r {
		case comma:
			if n++; n > maxLineFields {
				return true
			}
		case '\n':
			n = 0
		}
	}
	return false
}

// sniffDelimiter picks the separator used most on the first lines: Excel
// in some locales saves "CSV" with semicolons, and people rename .tsv.
func sniffDelimiter(text string) rune {
	head := text[:min(len(text), 4096)]
	best, bestN := ',', strings.Count(head, ",")
	for _, d := range []rune{'\t', ';'} {
		if n := strings.Count(head, string(d)); n > bestN {
			best, bestN = d, n
		}
	}
	return best
}

// stripQuotePrefixes undoes the formula guard of an exported ledger in
// place: see unguard.
func stripQuotePrefixes(rec []string) []string {
	for i, c := range rec {
		rec[i] = unguard(c)
	}
	return rec
}

// unguard strips the apostrophe that an exported ledger puts before a
// cell starting with = + - @ tab or CR, so that a spreadsheet program does
// not run it as a formula ("'=SUM(A1)" is the text "=SUM(A1)"). Exactly one
// apostrophe goes, and only before those characters: "'可编辑" and
// "”=x" keep theirs.
func unguard(cell string) string {
	if len(cell) >= 2 && cell[0] == '\'' && strings.IndexByte("=+-@\t\r", cell[1]) >= 0 {
		return cell[1:]
	}
	return cell
}
