package bot

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/duban-bot/duban/internal/tgfake"
)

func TestSplitHTML(t *testing.T) {
	line := func(i int) string {
		return "<b>#" + strings.Repeat("1", i%3+1) + "</b> 完善营养餐管理 &amp; 校舍安全"
	}
	var lines []string
	for i := range 700 {
		lines = append(lines, line(i))
	}
	many := strings.Join(lines, "\n")
	tests := []struct {
		name  string
		in    string
		limit int
		want  []string // exact chunks when set; otherwise only the invariants are checked
		count int      // number of chunks when want is nil
	}{
		{name: "short", in: "<b>#12</b> 营养餐", limit: 4096, want: []string{"<b>#12</b> 营养餐"}},
		{name: "at line boundaries", in: "第一行\n第二行\n第三行", limit: 7, want: []string{"第一行\n第二行", "第三行"}},
		{name: "tag spanning the cut is closed and reopened", in: "<b>一二三\n四五六</b>\n七", limit: 5,
			want: []string{"<b>一二三</b>", "<b>四五六</b>\n七"}},
		{name: "link reopened with its attributes", in: `<a href="https://x.cn/a?b=1&amp;c=2">一二三四五六七八</a>`, limit: 4,
			want: []string{`<a href="https://x.cn/a?b=1&amp;c=2">一二三四</a>`, `<a href="https://x.cn/a?b=1&amp;c=2">五六七八</a>`}},
		{name: "entity never cut", in: "ab&amp;&lt;cd", limit: 3, want: []string{"ab&amp;", "&lt;cd"}},
		{name: "long line cut after punctuation", in: "一二三，四五六七", limit: 6, want: []string{"一二三，", "四五六七"}},
		{name: "long line cut at a space", in: "abc def ghij", limit: 8, want: []string{"abc def", "ghij"}},
		{name: "blank lines dropped at cuts", in: "一\n\n\n\n二", limit: 2, want: []string{"一", "二"}},
		{name: "emoji count twice", in: "😀😀😀", limit: 4, want: []string{"😀😀", "😀"}},
		{name: "pre block across lines", in: "<pre>a1\na2\na3</pre>", limit: 5, want: []string{"<pre>a1\na2</pre>", "<pre>a3</pre>"}},
		{name: "700 lines", in: many, limit: MaxTextLen, count: 4},
		{name: "10000-character single line", in: strings.Repeat("督", 10000), limit: MaxTextLen, count: 3},
		{name: "10000 characters in bold", in: "<b>" + strings.Repeat("办", 10000) + "</b>", limit: MaxTextLen, count: 3},
		{name: "empty", in: "", limit: 10, count: 0},
		{name: "only spaces", in: " \n \n", limit: 10, count: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitHTML(tt.in, tt.limit)
			if tt.want != nil {
				if strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Fatalf("split = %q\nwant    %q", got, tt.want)
				}
			} else if len(got) != tt.count {
				t.Fatalf("split into %d chunks, want %d", len(got), tt.count)
			}
			checkChunks(t, tt.in, got, tt.limit)
		})
	}
}

// checkChunks asserts what every split must give: each chunk is HTML that
// Telegram accepts, within the limit, and together they show the input's
// text in order (white space at the cuts aside).
func checkChunks(t *testing.T, in string, chunks []string, limit int) {
	t.Helper()
	wantText, err := tgfake.ParseHTML(in)
	if err != nil {
		t.Fatalf("test input is not valid HTML: %v", err)
	}
	var all strings.Builder
	for i, c := range chunks {
		text, err := tgfake.ParseHTML(c)
		if err != nil {
			t.Fatalf("chunk %d is invalid HTML: %v\n%q", i, err, c)
		}
		if n := len(utf16.Encode([]rune(text))); n > limit {
			t.Fatalf("chunk %d has %d units, limit %d", i, n, limit)
		}
		if strings.TrimSpace(text) == "" {
			t.Fatalf("chunk %d is blank", i)
		}
		all.WriteString(text)
	}
	if noSpace(all.String()) != noSpace(wantText) {
		t.Fatalf("text changed by splitting:\n got %q\nwant %q", all.String(), wantText)
	}
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func FuzzSplitHTML(f *testing.F) {
	f.Add("<b>#12</b> 营养餐\n<i>进度</i> 60%", 10)
	f.Add("<pre>a\nb\nc</pre>&amp;&#20013;&#x1F600;", 3)
	f.Add(`<a href="x">一二三</a>，四五六 七八`, 4)
	f.Add(strings.Repeat("督办 ", 50), 17)
	f.Fuzz(func(t *testing.T, in string, limit int) {
		if limit < 2 || limit > 5000 {
			return
		}
		if _, err := tgfake.ParseHTML(in); err != nil || !utf8.ValidString(in) {
			return // Send makes the text valid UTF-8 first; the fake checks the HTML
		}
		checkChunks(t, in, splitHTML(in, limit), limit)
	})
}

func TestVisibleLen(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"<b>#12</b>", 3},
		{"a &amp; b", 5},
		{"中文", 2},
		{"😀", 2},
		{"&#x1F600;", 2},
		{"a < b", 5},
	}
	for _, tt := range tests {
		if got := visibleLen(tt.in); got != tt.want {
			t.Errorf("visibleLen(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
