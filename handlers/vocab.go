package handlers

import (
	"sort"
	"strings"
	"unicode"
)

// Plain-language rules are recognised by vocabulary, not by a model: a
// message matches an intent when it says one of the intent's key words and
// every other part of it is a word the intent knows ("本周到期的任务有哪些"
// = window + 到期 + 的 + 任务 + 有哪些). Whole-message coverage is what keeps
// chatter out: "下周完成材料报送" leaves "材料报送" unexplained and gets no
// reply, however many deadline words it holds.

// vocab is a set of words for segmenting a message.
type vocab struct {
	words   []string          // longest first
	byFirst map[byte][]string // words by their first byte, longest first
	keys    []string          // at least one of these must occur
}

// newVocab builds a vocabulary from key words and filler lists.
func newVocab(keys []string, fillers ...[]string) vocab {
	seen := map[string]bool{}
	var words []string
	add := func(ws []string) {
		for _, w := range ws {
			if w != "" && !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	add(keys)
	for _, f := range fillers {
		add(f)
	}
	words = sortedLongestFirst(words)
	byFirst := map[byte][]string{}
	for _, w := range words {
		byFirst[w[0]] = append(byFirst[w[0]], w)
	}
	return vocab{words: words, byFirst: byFirst, keys: keys}
}

// sortedLongestFirst sorts words by length, longest first, so that a
// prefix or suffix match takes the longest word that fits.
func sortedLongestFirst(words []string) []string {
	sort.SliceStable(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	return words
}

// maxVocabBytes bounds the texts the vocabulary rules read (40 Chinese
// characters): questions to the bot are short, and a long text is never
// made only of a rule's words.
const maxVocabBytes = 120

// covers reports whether s is a sequence of the vocabulary's words and
// holds at least one key word (when keys are set).
func (v vocab) covers(s string) bool {
	if s == "" || len(s) > maxVocabBytes {
		return false
	}
	if len(v.keys) > 0 {
		found := false
		for _, k := range v.keys {
			if strings.Contains(s, k) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return v.segments(s)
}

// segments reports whether s splits into the vocabulary's words, whatever
// the keys.
func (v vocab) segments(s string) bool {
	if s == "" {
		return true
	}
	if len(s) > maxVocabBytes {
		return false
	}
	reach := make([]bool, len(s)+1)
	reach[0] = true
	for i := 0; i < len(s); i++ {
		if !reach[i] {
			continue
		}
		for _, w := range v.byFirst[s[i]] {
			if strings.HasPrefix(s[i:], w) {
				reach[i+len(w)] = true
			}
		}
	}
	return reach[len(s)]
}

// bare returns the folded text without spaces, punctuation and symbols
// (emoji included): what the vocabulary rules read.
func bare(rs []rune) string { return bareUpTo(rs, -1) }

// bareUpTo is bare that stops once it holds more than max bytes (max < 0:
// no limit).
func bareUpTo(rs []rune, max int) string {
	var b strings.Builder
	for _, r := range rs {
		if max >= 0 && b.Len() > max {
			break
		}
		if r >= 0x4E00 && r <= 0x9FFF { // a CJK ideograph: always kept
			b.WriteRune(r)
			continue
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.Is(unicode.Mn, r) ||
			unicode.Is(unicode.Cf, r) || r == '\ufffd' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Word lists shared by the rules.
var (
	// politeWords carry no meaning for any rule.
	politeWords = []string{"请问", "请", "帮我", "帮忙", "麻烦", "一下", "下", "吗", "呢", "了", "啊", "呀", "吧", "哦", "么", "嘛", "哈", "您好", "你好", "老师", "谢谢"}
	// askWords ask for a list.
	askWords = []string{"有哪些", "哪些", "有什么", "什么", "啥", "都有", "还有", "有没有", "有", "多少", "几个", "几项", "几件",
		"清单", "列表", "是", "就", "查", "查看", "查询", "查一下", "查查", "看", "看看", "看下", "看一下", "列出", "列一下", "列举",
		"所有", "全部", "我们", "咱们", "我", "给我", "发", "发一下", "统计", "一共", "共", "个", "项", "件", "些", "哪", "那些",
		"这些", "目前", "现在", "当前", "都", "还", "的", "任务", "事项", "工作", "事", "事情", "内容", "安排", "待办", "情况"}
)
