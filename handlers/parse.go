package handlers

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Source says how a message reached an intent.
type Source int

// The sources of an intent.
const (
	SourceNone    Source = iota // nothing for the bot
	SourceCommand               // a /command
	SourceRule                  // a plain-language rule
)

// Intent is what a message asks of the bot: the command to run and its
// arguments, however it was said. Parse produces it without looking at the
// database, so that it can be tested and fuzzed alone.
type Intent struct {
	Command string // canonical command name ("due"); "" when the text is not for the bot
	Args    string // the arguments, as the command's own parser reads them
	Source  Source
	// Mention is set when the text mentions @BotUsername: the message is
	// for the bot even when nothing in it is understood.
	Mention bool
	// Tentative marks a rule match that is only probably for the bot
	// ("查一下营养餐"): in a group the handler stays silent when it finds
	// nothing, so that chatter never gets a "not found". A tentative
	// report ("#5 下周召开部署会") is asked about before it is recorded.
	Tentative bool
	// Aspect is what a question about an item or a topic asks for
	// ("#5是谁负责的": AspectOwner).
	Aspect Aspect
	// Quiet marks a message for the bot that needs no answer: "#5 收到".
	Quiet bool
	// Unknown is a /command addressed to this bot that no entry knows.
	Unknown string
	// Other is set when the text is a /command addressed to another bot.
	Other bool
}

// ForBot reports whether the message is addressed to the bot.
func (in Intent) ForBot() bool { return in.Command != "" || in.Mention || in.Unknown != "" }

// maxParseRunes bounds the text Parse looks at: Telegram messages are at
// most 4096 characters, and a longer text (a console line, a caption) is
// cut rather than scanned without end.
const maxParseRunes = 8192

// Parse reads a message's text: a /command anywhere in it (bare or
// /cmd@botUsername; a command for another bot is ignored), a mention of
// @botUsername, or a plain-language rule. It is a pure function.
func Parse(text, botUsername string) Intent {
	text = cleanText(text)
	rest, mention := stripMention(text, botUsername)
	if in, ok := scanCommand(rest, botUsername); ok {
		in.Mention = mention
		return in
	}
	in := matchRules(rest)
	in.Mention = mention
	return in
}

// isBidiControl reports the explicit direction controls (U+202A–U+202E,
// U+2066–U+2069): stored in a report or a name they would reverse how the
// text around them reads in the group, the ledger and the summaries.
func isBidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

// cleanText makes text safe to store and scan: valid UTF-8, no control
// characters but newlines and tabs, no direction controls, at most
// maxParseRunes runes.
func cleanText(s string) string {
	clean := true
	n := 0
	for i := 0; i < len(s); n++ {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				clean = false
			}
			i++
			continue
		case c >= 0xE4 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			// U+4000–U+9FFF, most of Chinese text: valid, and never a
			// control.
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u200b' || r == '\ufeff' || isBidiControl(r) {
			clean = false
		}
		i += size
	}
	if clean && n <= maxParseRunes {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(len(s))
	n = 0
	for _, r := range s {
		if n == maxParseRunes {
			break
		}
		n++
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f:
			b.WriteByte(' ')
		case r == '\u200b' || r == '\ufeff' || isBidiControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// stripMention removes every "@botUsername" (case-insensitive, not part of
// a longer name) from text and reports whether there was one.
func stripMention(text, bot string) (string, bool) {
	if bot == "" || strings.IndexByte(text, '@') < 0 {
		return text, false
	}
	needle := "@" + strings.ToLower(bot)
	lower := strings.ToLower(text) // ASCII case folding keeps byte offsets for the name
	if len(lower) != len(text) {
		lower = asciiLower(text)
	}
	found := false
	var b strings.Builder
	last := 0
	for i := 0; i < len(lower); {
		j := strings.Index(lower[i:], needle)
		if j < 0 {
			break
		}
		start := i + j
		end := start + len(needle)
		if end < len(lower) && isNameByte(lower[end]) {
			i = end
			continue
		}
		found = true
		b.WriteString(text[last:start])
		b.WriteByte(' ')
		last, i = end, end
	}
	if !found {
		return text, false
	}
	b.WriteString(text[last:])
	return strings.TrimSpace(b.String()), true
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// scanCommand finds the first /command in text that is for this bot: a
// slash at the start or after a space, a name of letters, digits and
// underscores, an optional @bot, then the end or a non-name character.
// Telegram clients put commands first, but people write "麻烦看下 /due 本周".
func scanCommand(text, bot string) (Intent, bool) {
	if strings.IndexByte(text, '/') < 0 && !strings.Contains(text, "／") {
		return Intent{}, false
	}
	var unknown string
	other := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != '/' && r != '／' || (i > 0 && !precedesCommand(text[:i])) {
			i += size
			continue
		}
		j := i + size
		k := j
		for k < len(text) && k-j < 32 && isNameByte(text[k]) {
			k++
		}
		if k == j || (k < len(text) && isNameByte(text[k])) {
			i = k
			continue
		}
		name := asciiLower(text[j:k])
		end := k
		target := ""
		if end < len(text) && text[end] == '@' {
			e := end + 1
			for e < len(text) && isNameByte(text[e]) {
				e++
			}
			target = text[end+1 : e]
			end = e
		}
		if end < len(text) {
			if c, _ := utf8.DecodeRuneInString(text[end:]); c == '/' || c == '@' || isNameByte(byte(c)) && c < utf8.RuneSelf {
				i = end // a path such as /home/x, or an e-mail-like token
				continue
			}
		}
		switch {
		case target != "" && !strings.EqualFold(target, bot):
			other = true
		case commandNames[name] != "":
			return Intent{Command: commandNames[name], Args: strings.TrimSpace(text[end:]), Source: SourceCommand}, true
		case unknown == "" && (target != "" || strings.TrimSpace(text[:i]) == ""):
			unknown = name
		}
		i = end
	}
	if unknown != "" {
		return Intent{Unknown: unknown, Source: SourceCommand}, true
	}
	if other {
		return Intent{Other: true}, true
	}
	return Intent{}, false
}

// precedesCommand reports whether the text before a slash ends where a
// command may start: after a space or an opening punctuation mark.
func precedesCommand(before string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	return unicode.IsSpace(r) || r == '（' || r == '(' || r == '：' || r == ':' || r == '，' || r == ','
}

// fold maps full-width forms to their ASCII ones and ASCII letters to lower
// case, rune for rune, so that rune offsets stay those of the original.
func fold(s string) []rune {
	return foldRunes([]rune(s))
}

// foldRunes folds rs in place (see fold) and returns it.
func foldRunes(rs []rune) []rune {
	for i, r := range rs {
		if r >= 0x4E00 && r <= 0x9FFF {
			continue // a CJK ideograph folds to itself
		}
		if r >= 0xFF01 && r <= 0xFF5E {
			if n := width.LookupRune(r).Narrow(); n != 0 {
				r = n
			}
		}
		if r == '\u3000' {
			r = ' '
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		rs[i] = r
	}
	return rs
}
