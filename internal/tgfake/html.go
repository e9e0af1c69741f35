package tgfake

import (
	"fmt"
	"strconv"
	"strings"
)

// allowedTags are the tags of Telegram's HTML parse mode.
var allowedTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "a": true, "code": true, "pre": true,
	"span": true, "tg-spoiler": true, "tg-emoji": true, "blockquote": true,
}

// namedEntities are the only named entities Telegram supports.
var namedEntities = map[string]string{"lt": "<", "gt": ">", "amp": "&", "quot": `"`}

// ParseHTML checks text the way Telegram's HTML parse mode does and returns
// the visible text: only the supported tags, properly nested and closed; a
// '<' or '&' that does not start a tag or a supported entity is an error.
// Tests use it to assert that what the bot sends would be accepted.
func ParseHTML(text string) (string, error) {
	var (
		out   strings.Builder
		stack []string
	)
	for i := 0; i < len(text); {
		switch c := text[i]; c {
		case '<':
			end := strings.IndexByte(text[i:], '>')
			if end < 0 {
				return "", fmt.Errorf("unclosed start tag at byte offset %d", i)
			}
			tag := text[i+1 : i+end]
			closing := strings.HasPrefix(tag, "/")
			tag = strings.TrimPrefix(tag, "/")
			name := tag
			if j := strings.IndexAny(tag, " \t\n"); j >= 0 {
				name = tag[:j]
			}
			name = strings.ToLower(name)
			if !allowedTags[name] {
				return "", fmt.Errorf("unsupported start tag %q at byte offset %d", name, i)
			}
			if closing {
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return "", fmt.Errorf("unexpected end tag at byte offset %d", i)
				}
				stack = stack[:len(stack)-1]
			} else {
				if name == "a" && !strings.Contains(tag, "href=") {
					return "", fmt.Errorf("a tag without href at byte offset %d", i)
				}
				stack = append(stack, name)
			}
			i += end + 1
		case '&':
			end := strings.IndexByte(text[i:], ';')
			if end < 0 || end > 12 {
				return "", fmt.Errorf("unescaped & at byte offset %d", i)
			}
			ent := text[i+1 : i+end]
			if v, ok := namedEntities[ent]; ok {
				out.WriteString(v)
			} else if r, ok := numericEntity(ent); ok {
				out.WriteRune(r)
			} else {
				return "", fmt.Errorf("unsupported entity %q at byte offset %d", ent, i)
			}
			i += end + 1
		default:
			out.WriteByte(c)
			i++
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("can't find end tag corresponding to start tag %q", stack[len(stack)-1])
	}
	return out.String(), nil
}

func numericEntity(ent string) (rune, bool) {
	num, ok := strings.CutPrefix(ent, "#")
	if !ok || num == "" {
		return 0, false
	}
	base := 10
	if h, ok := strings.CutPrefix(num, "x"); ok {
		num, base = h, 16
	}
	n, err := strconv.ParseUint(num, base, 32)
	if err != nil || n > 0x10FFFF {
		return 0, false
	}
	return rune(n), true
}
