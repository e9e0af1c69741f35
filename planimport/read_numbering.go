package planimport

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/duban-bot/duban/zhnum"
)

// numbering holds Word's list definitions and the running counters, so
// that automatic numbers are rendered as the reader saw them.
type numbering struct {
	abstract map[string]*[9]numLevel // abstractNumId -> levels
	nums     map[string]*numInstance // numId -> instance
	counters map[string]*[9]int      // abstractNumId -> current value per level (0 = not started)
}

type numLevel struct {
	start   int
	format  string
	text    string
	defined bool
}

type numInstance struct {
	abstract string
	override map[int]numLevel // lvlOverride with a full level or a startOverride
	started  bool
}

func readNumbering(p *ooxmlPackage, name string) (*numbering, error) {
	n := &numbering{abstract: map[string]*[9]numLevel{}, nums: map[string]*numInstance{}, counters: map[string]*[9]int{}}
	d, c, ok, err := p.xml(name)
	if !ok || err != nil {
		return n, err
	}
	defer c.Close()
	var (
		abs      *[9]numLevel
		inst     *numInstance
		lvl      *numLevel
		lvlIndex int
		ovIndex  = -1
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "abstractNum":
				abs = &[9]numLevel{}
				n.abstract[attr(t, "abstractNumId")] = abs
			case "num":
				inst = &numInstance{override: map[int]numLevel{}}
				n.nums[attr(t, "numId")] = inst
			case "abstractNumId":
				if inst != nil {
					inst.abstract = attr(t, "val")
				}
			case "lvlOverride":
				ovIndex = atoiRange(attr(t, "ilvl"), 0, 8)
			case "startOverride":
				if inst != nil && ovIndex >= 0 {
					l := inst.override[ovIndex]
					l.start = atoiRange(attr(t, "val"), 0, 1<<20)
					inst.override[ovIndex] = l
				}
			case "lvl":
				lvlIndex = atoiRange(attr(t, "ilvl"), 0, 8)
				lvl = &numLevel{start: 1, format: "decimal", defined: true}
			case "start":
				if lvl != nil {
					lvl.start = atoiRange(attr(t, "val"), 0, 1<<20)
				}
			case "numFmt":
				if lvl != nil {
					lvl.format = attr(t, "val")
				}
			case "lvlText":
				if lvl != nil {
					lvl.text = attr(t, "val")
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "lvl":
				if lvl != nil {
					switch {
					case inst != nil && ovIndex >= 0:
						inst.override[ovIndex] = *lvl
					case abs != nil:
						abs[lvlIndex] = *lvl
					}
				}
				lvl = nil
			case "lvlOverride":
				ovIndex = -1
			case "abstractNum":
				abs = nil
			case "num":
				inst = nil
			}
		}
	}
}

// level returns the definition of a level of a list instance.
func (n *numbering) level(inst *numInstance, ilvl int) numLevel {
	l := numLevel{start: 1, format: "decimal", text: "%" + strconv.Itoa(ilvl+1) + "."}
	if abs := n.abstract[inst.abstract]; abs != nil && abs[ilvl].defined {
		l = abs[ilvl]
	}
	if o, ok := inst.override[ilvl]; ok {
		if o.defined {
			l = o
		} else {
			l.start = o.start
		}
	}
	return l
}

// next advances the counter of (numID, ilvl) and returns the marker and the
// rendered label ("（三）"). Instances of one abstract list share counters,
// as in Word, unless they override the start.
func (n *numbering) next(numID string, ilvl int) (*marker, string) {
	inst, ok := n.nums[numID]
	if !ok {
		return nil, ""
	}
	c := n.counters[inst.abstract]
	if c == nil {
		c = &[9]int{}
		n.counters[inst.abstract] = c
	}
	if !inst.started {
		inst.started = true
		for lv, o := range inst.override {
			if !o.defined || o.start > 0 {
				c[lv] = 0
			}
		}
	}
	lvl := n.level(inst, ilvl)
	if c[ilvl] == 0 {
		c[ilvl] = max(lvl.start, 0)
	} else {
		c[ilvl]++
	}
	for k := ilvl + 1; k < 9; k++ {
		c[k] = 0
	}
	if lvl.format == "none" || lvl.text == "" {
		return nil, ""
	}
	label := lvl.text
	for k := 8; k >= 0; k-- { // %10 does not exist, but go high to low anyway
		ph := "%" + strconv.Itoa(k+1)
		if !strings.Contains(label, ph) {
			continue
		}
		kl := n.level(inst, k)
		v := c[k]
		if v == 0 {
			v = max(kl.start, 1)
		}
		label = strings.ReplaceAll(label, ph, formatNumber(v, kl.format))
	}
	style := "w:" + inst.abstract + ":" + strconv.Itoa(ilvl)
	m := &marker{style: style, value: c[ilvl], rank: ilvl + 1, seg: segText(label)}
	if lvl.format == "bullet" {
		m.value, m.seg = 0, ""
	}
	return m, label
}

// formatNumber renders v in one of Word's number formats.
func formatNumber(v int, format string) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
		"ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital":
		return cnString(v)
	case "chineseLegalSimplified":
		return legalString(v)
	case "ideographTraditional":
		if v >= 1 && v <= 10 {
			return string([]rune("甲乙丙丁戊己庚辛壬癸")[v-1])
		}
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if v >= 1 && v <= 20 {
			return string(rune('①' + v - 1))
		}
	case "decimalEnclosedParen":
		if v >= 1 && v <= 20 {
			return string(rune('⑴' + v - 1))
		}
	case "decimalEnclosedFullstop":
		if v >= 1 && v <= 20 {
			return string(rune('⒈' + v - 1))
		}
	case "upperLetter", "lowerLetter":
		s := letters(v)
		if format == "lowerLetter" {
			s = strings.ToLower(s)
		}
		return s
	case "upperRoman", "lowerRoman":
		s := roman(v)
		if format == "lowerRoman" {
			s = strings.ToLower(s)
		}
		return s
	case "decimalZero":
		if v < 10 {
			return "0" + strconv.Itoa(v)
		}
	case "bullet":
		return ""
	}
	return strconv.Itoa(v)
}

func legalString(v int) string {
	big := []rune("零壹贰叁肆伍陆柒捌玖")
	s := []rune(cnString(v))
	for i, r := range s {
		if d := zhnum.CnDigit(r); d >= 0 {
			s[i] = big[d]
		} else if r == '十' {
			s[i] = '拾'
		}
	}
	return string(s)
}

// letters renders 1→A … 26→Z, 27→AA as Word does.
func letters(v int) string {
	if v < 1 {
		return strconv.Itoa(v)
	}
	return strings.Repeat(string(rune('A'+(v-1)%26)), (v-1)/26+1)
}

func roman(v int) string {
	if v < 1 || v > 3999 {
		return strconv.Itoa(v)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, n := range vals {
		for v >= n {
			b.WriteString(syms[i])
			v -= n
		}
	}
	return b.String()
}
