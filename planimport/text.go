package planimport

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeText returns data as UTF-8. Files written on Chinese Windows are
// often GB18030/GBK (ANSI) or UTF-16 ("Unicode" in Notepad), so those are
// recognised too; anything else is refused rather than imported as mojibake.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		data = data[len(utf8BOM):]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data, unicode.LittleEndian)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data, unicode.BigEndian)
	}
	if looksBinary(data) {
		return "", ErrText
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	// A few stray bytes in an otherwise UTF-8 file (a truncated copy, one
	// pasted symbol) should not turn the whole file into GB18030 mojibake.
	if bad, multi := utf8Stats(data); multi > 0 && bad <= max(3, len(data)/2000) {
		return strings.ToValidUTF8(string(data), "\uFFFD"), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", fail(ErrEncoding, err)
	}
	s := string(out)
	if n := strings.Count(s, "\uFFFD"); n > max(3, utf8.RuneCountInString(s)/100) {
		return "", ErrEncoding
	}
	return s, nil
}

func decodeUTF16(data []byte, order unicode.Endianness) (string, error) {
	out, err := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return "", fail(ErrEncoding, err)
	}
	return string(out), nil
}

// looksBinary reports NUL bytes near the start: no text encoding we accept
// (without a UTF-16 BOM) contains them, while images and archives do.
func looksBinary(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return false
	}
	head := data[:min(len(data), 8192)]
	return bytes.IndexByte(head, 0) >= 0
}

// utf8Stats counts invalid bytes and valid multi-byte sequences.
func utf8Stats(data []byte) (bad, multi int) {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		} else {
			multi++
		}
		i += size
	}
	return bad, multi
}

// splitLines splits text into lines on every line-ending convention
// (\r\n, \r, \n, form feed, Unicode line and paragraph separators).
func splitLines(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '\n', '\r', '\f', '\v', '\u2028', '\u2029', '\u0085':
			return true
		}
		return false
	})
}

// normalize cleans one line: zero-width characters go, full-width digits
// and letters become ASCII (so "１．" numbers and "９５％" targets parse the
// same as their half-width forms), every kind of space becomes one ASCII
// space and the ends are trimmed. Chinese punctuation is left alone: it is
// part of the text users read.
func normalize(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\uFEFF' || r == '\u00AD' || r == '\u2060':
			continue
		case r == '\t' || r == ' ' || r == '\u3000' || r == '\u00A0' || (r >= '\u2000' && r <= '\u200A') || r == '\u202F' || r == '\u205F':
			space = true
			continue
		case r < ' ' || r == '\uFFFD':
			continue
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			r -= 0xFEE0
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// clean reports whether normalize would return s unchanged, so that the
// common line costs one scan and no allocation.
func clean(s string) bool {
	prevSpace := true // a leading space needs trimming
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case r < ' ', r == '\u00A0', r == '\u3000', r == '\uFEFF', r == '\uFFFD',
			r >= '\u2000' && r <= '\u200D', r == '\u202F', r == '\u205F', r == '\u2060',
			r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r == '\u00AD':
			return false
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// clip returns at most n runes of s, so that the date and owner scanners
// never see a pathological multi-megabyte paragraph in one piece.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// hasColon reports an ASCII or full-width colon. (strings.ContainsAny with
// a non-ASCII set decodes every rune of s; these scans run per item.)
func hasColon(s string) bool {
	return strings.IndexByte(s, ':') >= 0 || strings.Contains(s, "：")
}

// hasDigit reports an ASCII digit in s.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// runeLen is utf8.RuneCountInString under a shorter name.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
