package planimport

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Text files as people save them: UTF-8 with or without a BOM, UTF-16 from
// Notepad's "Unicode", GB18030/GBK from Chinese Windows.

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
