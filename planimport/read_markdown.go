package planimport

import (
	"regexp"
	"strconv"
	"strings"
)

// textBlocks returns plain text as one block; build splits it into lines.
func textBlocks(text string) []block {
	return []block{{text: text}}
}

var (
	mdHeading   = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	mdTableSep  = regexp.MustCompile(`^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$`)
	mdImage     = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink      = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdHTML      = regexp.MustCompile(`</?[a-zA-Z][^>]{0,200}>`)
	mdEmphasis  = strings.NewReplacer("**", "", "__", "", "`", "", "~~", "")
	mdCheckbox  = regexp.MustCompile(`^\[[ xX]\]\s*`)
	mdListStart = regexp.MustCompile(`^([-*+])\s+`)
)

// markdownBlocks reads Markdown: headings keep their level, list nesting
// by indentation becomes outline nesting, tables become tables, and the
// markup itself is dropped.
func markdownBlocks(text string) []block {
	var out []block
	var table [][]string
	flush := func() {
		if table != nil {
			out = append(out, block{rows: table})
			table = nil
		}
	}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	inFence, inFront := false, false
	for i, raw := range lines {
		line := strings.TrimRight(strings.ReplaceAll(raw, "\r", ""), " \t")
		trimmed := strings.TrimSpace(line)
		switch {
		case i == 0 && trimmed == "---":
			inFront = true
			continue
		case inFront:
			if trimmed == "---" || trimmed == "..." {
				inFront = false
			}
			continue
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			inFence = !inFence
			continue
		case inFence:
			continue
		}
		if strings.HasPrefix(trimmed, "|") {
			if mdTableSep.MatchString(trimmed) {
				continue
			}
			table = append(table, tableCells(trimmed))
			continue
		}
		flush()
		trimmed = strings.TrimSpace(strings.TrimLeft(trimmed, ">"))
		trimmed = mdInline(trimmed)
		if trimmed == "" {
			continue
		}
		if m := mdHeading.FindStringSubmatch(trimmed); m != nil {
			out = append(out, block{text: m[2], heading: len(m[1])})
			continue
		}
		out = append(out, listBlock(line, trimmed))
	}
	flush()
	return out
}

// listBlock turns a list item into a block whose marker style includes its
// indentation, so nested lists nest.
func listBlock(line, trimmed string) block {
	indent := 0
	for _, r := range line {
		if r == ' ' {
			indent++
		} else if r == '\t' {
			indent += 4
		} else {
			break
		}
	}
	level := indent / 2
	if m := mdListStart.FindStringSubmatch(trimmed); m != nil {
		rest := mdCheckbox.ReplaceAllString(trimmed[len(m[0]):], "")
		if _, _, ok := parseMarker(rest); ok {
			// "- 一、…": the number is the marker, the dash is decoration.
			return block{text: rest}
		}
		mk := marker{style: styleBullet + "md" + strconv.Itoa(level), rank: rankBullet + level}
		return block{text: rest, num: &mk}
	}
	if level > 0 {
		if m, rest, ok := parseMarker(trimmed); ok {
			m.style += "@" + strconv.Itoa(level)
			m.family = ""
			return block{text: rest, num: &m}
		}
	}
	return block{text: trimmed}
}

func mdInline(s string) string {
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdHTML.ReplaceAllString(s, "")
	return mdEmphasis.Replace(s)
}

// tableCells splits a Markdown table row.
func tableCells(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	line = strings.TrimSuffix(line, "|")
	cells := strings.Split(line, "|")
	for i, c := range cells {
		cells[i] = mdInline(strings.TrimSpace(c))
	}
	return cells
}
