package bot

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Telegram's limits on one message, in UTF-16 code units of the visible
// text (after the HTML markup is parsed), which is how Telegram counts.
const (
	MaxTextLen    = 4096
	MaxCaptionLen = 1024
)

type tokKind uint8

const (
	tText tokKind = iota
	tNewline
	tOpen
	tClose
)

// token is an indivisible piece of Telegram HTML: a tag, an entity, a
// newline or one character. Cutting between tokens never breaks a tag or
// an entity.
type token struct {
	s     string
	name  string // tag name of tOpen and tClose
	vis   int    // visible length in UTF-16 code units
	kind  tokKind
	soft  bool // a space or punctuation after which a long line may be cut
	space bool // white space (a newline too), shown as nothing at a cut
}

// namedEntities are the named entities Telegram knows.
var namedEntities = map[string]bool{"lt": true, "gt": true, "amp": true, "quot": true}

// tokenize splits Telegram HTML into tokens. It never fails: a '<' or '&'
// that starts no tag or entity is a character.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/2)
	eachToken(s, func(t token) { toks = append(toks, t) })
	return toks
}

// eachToken calls fn with the tokens of s in order, allocating nothing.
func eachToken(s string, fn func(token)) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			fn(token{s: "\n", vis: 1, kind: tNewline, space: true})
			i++
			continue
		case c == '<':
			if t, n, ok := readTag(s[i:]); ok {
				fn(t)
				i += n
				continue
			}
		case c == '&':
			if t, n, ok := readEntity(s[i:]); ok {
				fn(t)
				i += n
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		vis := 1
		if r != utf8.RuneError {
			vis = utf16.RuneLen(r)
		}
		fn(token{s: s[i : i+n], vis: vis, kind: tText, soft: isSoftBreak(r), space: unicode.IsSpace(r)})
		i += n
	}
}

// readTag reads a tag at the start of s.
func readTag(s string) (token, int, bool) {
	end := strings.IndexByte(s, '>')
	if end < 2 {
		return token{}, 0, false
	}
	body := s[1:end]
	kind := tOpen
	if strings.HasPrefix(body, "/") {
		kind, body = tClose, body[1:]
	}
	name := body
	if j := strings.IndexAny(body, " \t\n"); j >= 0 {
		name = body[:j]
	}
	if name == "" || strings.ContainsAny(name, "<&\"'=") {
		return token{}, 0, false
	}
	return token{s: s[:end+1], name: strings.ToLower(name), kind: kind}, end + 1, true
}

// readEntity reads an entity (&lt; &#20013; &#x4e2d;) at the start of s.
func readEntity(s string) (token, int, bool) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 12 {
		return token{}, 0, false
	}
	name := s[1:end]
	vis, space := 1, false
	if num, ok := strings.CutPrefix(name, "#"); ok {
		r, ok := parseCodePoint(num)
		if !ok {
			return token{}, 0, false
		}
		vis, space = max(utf16.RuneLen(r), 1), unicode.IsSpace(r)
	} else if !namedEntities[name] {
		return token{}, 0, false
	}
	return token{s: s[:end+1], vis: vis, kind: tText, space: space}, end + 1, true
}

func parseCodePoint(num string) (rune, bool) {
	base := 10
	if h, ok := strings.CutPrefix(num, "x"); ok {
		num, base = h, 16
	}
	if num == "" {
		return 0, false
	}
	var n rune
	for _, c := range num {
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case base == 16 && c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		n = n*rune(base) + d
		if n > utf8.MaxRune {
			return 0, false
		}
	}
	return n, true
}

func isSoftBreak(r rune) bool {
	switch r {
	case ' ', '\t', '，', '。', '；', '、', '！', '？', '：', ',', '.', ';', '!', '?', '）', ')':
		return true
	}
	return false
}

// visibleLen returns the length Telegram counts for HTML text.
func visibleLen(s string) int {
	n := 0
	eachToken(s, func(t token) { n += t.vis })
	return n
}

// blank reports whether HTML text shows nothing but white space.
func blank(s string) bool {
	b := true
	eachToken(s, func(t token) {
		if t.vis > 0 && !t.space {
			b = false
		}
	})
	return b
}

// splitHTML cuts HTML text into messages of at most limit visible units.
// It cuts at the last line break that fits; a line longer than a message is
// cut after a space or punctuation, else between two characters. A tag
// open at a cut is closed at the end of one message and opened again at the
// start of the next, so each message is valid HTML on its own. Messages
// that would hold only white space are left out.
func splitHTML(s string, limit int) []string {
	// Most replies are short. A character never counts more UTF-16 units
	// than it has UTF-8 bytes, so a text of at most limit bytes fits.
	if len(s) <= limit {
		if blank(s) {
			return nil
		}
		return []string{s}
	}
	var (
		out    []string
		prefix []token // tags re-opened at the start of the current message
		cur    []token
		vis    int
	)
	for _, t := range tokenize(s) {
		for t.vis > 0 && vis > 0 && vis+t.vis > limit {
			i, skip := cutPoint(cur)
			if t.kind == tNewline {
				// The line ends exactly here: the best cut of all.
				i, skip = len(cur), 0
				t = token{kind: tNewline} // dropped, as the cut replaces it
			}
			head, tail := cur[:i], cur[i+skip:]
			for len(head) > 0 && isSpaceToken(head[len(head)-1]) {
				head = head[:len(head)-1]
			}
			open := openTags(prefix, head)
			if msg, ok := render(prefix, head, open); ok {
				out = append(out, msg)
			}
			prefix = open
			// White space at the start of a message is not shown anyway.
			for len(tail) > 0 && isSpaceToken(tail[0]) {
				tail = tail[1:]
			}
			cur = append([]token(nil), tail...)
			vis = 0
			for _, t := range cur {
				vis += t.vis
			}
		}
		if t.kind == tNewline && t.vis == 0 {
			continue
		}
		if vis == 0 && isSpaceToken(t) && len(out) > 0 {
			continue
		}
		cur = append(cur, t)
		vis += t.vis
	}
	if msg, ok := render(prefix, cur, openTags(prefix, cur)); ok {
		out = append(out, msg)
	}
	return out
}

// cutPoint chooses where to end a message that is full: at its last line
// break (dropped), else after its last soft break (a dropped space or a
// kept punctuation mark), else at the end. Only places with visible text
// before them count, so that every cut makes progress.
func cutPoint(cur []token) (at, skip int) {
	firstText := -1
	for i, t := range cur {
		if t.vis > 0 && !t.space {
			firstText = i
			break
		}
	}
	if firstText < 0 {
		return len(cur), 0
	}
	for i := len(cur) - 1; i > firstText; i-- {
		if cur[i].kind == tNewline {
			return i, 1
		}
	}
	for i := len(cur) - 1; i >= firstText; i-- {
		if t := cur[i]; t.soft {
			if t.space {
				if i > firstText {
					return i, 1
				}
				continue
			}
			return i + 1, 0
		}
	}
	return len(cur), 0
}

func isSpaceToken(t token) bool { return t.space }

// openTags returns the tags still open after prefix and toks.
func openTags(prefix, toks []token) []token {
	var stack []token
	for _, seq := range [][]token{prefix, toks} {
		for _, t := range seq {
			switch t.kind {
			case tOpen:
				stack = append(stack, t)
			case tClose:
				for j := len(stack) - 1; j >= 0; j-- {
					if stack[j].name == t.name {
						stack = stack[:j]
						break
					}
				}
			}
		}
	}
	return stack
}

// render writes one message: the re-opened tags, the tokens and closing
// tags for the tags left open. ok is false when it has no visible text.
func render(prefix, toks, open []token) (string, bool) {
	var b strings.Builder
	blank := true
	for _, t := range prefix {
		b.WriteString(t.s)
	}
	for _, t := range toks {
		b.WriteString(t.s)
		if t.vis > 0 && !t.space {
			blank = false
		}
	}
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteString("</" + open[i].name + ">")
	}
	return b.String(), !blank
}
