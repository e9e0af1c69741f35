package planimport

// What one Decode may build. A county plan has tens to hundreds of items
// and a ledger hundreds of rows; the limits are far above that and far
// below what would hold 100 MB: an outline node with its item costs about
// 2 KB while it is built. What lies beyond them is left out, and the
// document gets a doubt saying so, so that the preview asks before
// importing a part of a file.
const (
	maxParagraphs = 30_000   // lines, paragraphs and table rows read
	maxItems      = 20_000   // outline nodes built
	maxTextBytes  = 16 << 20 // text kept from a .docx
	maxParaBytes  = 1 << 20  // text kept from one .docx paragraph or cell
)

// limits is the allowance of one Decode, shared by its reader and its
// builder.
type limits struct {
	paras int
	items int
	text  int
	// cut is set when something was left out.
	cut bool
}

func newLimits() *limits {
	return &limits{paras: maxParagraphs, items: maxItems, text: maxTextBytes}
}

// para takes one paragraph or row from the allowance; false when it is
// spent, and the paragraph is to be left out.
func (l *limits) para() bool {
	if l.paras <= 0 {
		l.cut = true
		return false
	}
	l.paras--
	return true
}

// takeItems takes n nodes from the allowance, or none and false when
// fewer than n are left.
func (l *limits) takeItems(n int) bool {
	if n > l.items {
		l.cut = true
		return false
	}
	l.items -= n
	return true
}

// itemsLeft reports whether another node may be built; when not, the
// document is marked cut.
func (l *limits) itemsLeft() bool {
	if l.items <= 0 {
		l.cut = true
		return false
	}
	return true
}
