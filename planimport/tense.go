package planimport

import (
	"strings"
	"unicode/utf8"
)

// Chinese has no tense, but a bureau's prose shows plainly whether it
// reports what was done ("召开了…会议", "已完成…") or says what will be
// done ("要…", "将…", "力争…"). These helpers read that, so that a
// summary's sections are not imported as open tasks and the date of a past
// meeting is not taken for a deadline.

// pastAt returns the byte offset of the first word in s that reports a
// finished action, or -1: a verb followed by 了 (not 为了, 了解, 除了 …),
// 已/已经 before a verb, or a few fixed report phrases.
func pastAt(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '了':
			if pastLe(s, i, n) {
				return i
			}
		case '已':
			if pastYi(s, i, n) {
				return i
			}
		case '一', '近', '荣', '被':
			for _, w := range pastPhrases {
				if strings.HasPrefix(s[i:], w) {
					return i
				}
			}
		}
		i += n
	}
	return -1
}

// pastPhrases report results whatever follows them.
var pastPhrases = []string{"一年来", "一年以来", "近年来", "近几年来", "荣获", "被评为", "被授予"}

// notPastLe lists the characters that make 了 part of a word rather than
// an aspect marker: before it (为了, 除了, 不了, 明了, 罢了, 一目了然) and
// after it (了解, 了如指掌, 了结).
const (
	notPastLeBefore = "为除不明罢目"
	notPastLeAfter  = "解如结然"
)

func pastLe(s string, i, n int) bool {
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	next, _ := utf8.DecodeRuneInString(s[i+n:])
	if i == 0 || prev < 0x4E00 || prev > 0x9FFF {
		return false // 了 after punctuation or a digit is no verb's marker
	}
	return !strings.ContainsRune(notPastLeBefore, prev) && !strings.ContainsRune(notPastLeAfter, next)
}

// pastYi reads 已 as "already" unless it is part of 而已, 不已, 已知, 已往
// or 已有 (which states what exists, not what was done).
func pastYi(s string, i, n int) bool {
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	next, _ := utf8.DecodeRuneInString(s[i+n:])
	return !strings.ContainsRune("而不", prev) && !strings.ContainsRune("知往有", next)
}

// planAt returns the byte offset of the first word in s that announces
// work to be done (要, 将, 力争, 确保, 计划, 拟, 争取, 务必, 必须), or -1.
// 要 inside 主要, 重要, 要求 … does not count.
func planAt(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '要':
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[i+n:])
			if !strings.ContainsRune("主重需纲摘概只", prev) && !strings.ContainsRune("求点素闻件害领紧", next) {
				return i
			}
		case '将', '拟':
			return i
		case '力', '确', '计', '争', '务', '必':
			for _, w := range intentWords {
				if strings.HasPrefix(s[i:], w) {
					return i
				}
			}
		}
		i += n
	}
	return -1
}

var intentWords = []string{"力争", "确保", "计划", "争取", "务必", "必须"}

// sentenceEnds are the punctuation marks that end a sentence.
const sentenceEnds = "。；;！？!?\n"

// reportShare returns how many of the sentences of text report finished
// work and how many sentences there are. Fragments of fewer than four
// runes are not sentences.
func reportShare(text string) (reports, sentences int) {
	for text != "" {
		i := strings.IndexAny(text, sentenceEnds)
		s := text
		if i >= 0 {
			_, n := utf8.DecodeRuneInString(text[i:])
			s, text = text[:i], text[i+n:]
		} else {
			text = ""
		}
		if runeLen(strings.TrimSpace(s)) < 4 {
			continue
		}
		sentences++
		if p := pastAt(s); p >= 0 {
			if q := planAt(s); q < 0 || p < q {
				reports++
			}
		}
	}
	return reports, sentences
}

// reportContext reports whether the date expression text[at:end] dates
// something that was done: its clause has a report word, or the rest of
// its sentence reports before it plans ("5月20日，教管组组织了…").
func reportContext(text string, at, end int) bool {
	cs := strings.LastIndexAny(text[:at], "，,"+sentenceEnds)
	if cs < 0 {
		cs = 0
	}
	ce := strings.IndexAny(text[end:], "，,"+sentenceEnds)
	if ce < 0 {
		ce = len(text)
	} else {
		ce += end
	}
	if pastAt(text[cs:at]) >= 0 || pastAt(text[end:ce]) >= 0 {
		return true
	}
	se := strings.IndexAny(text[end:], sentenceEnds)
	if se < 0 {
		se = len(text)
	} else {
		se += end
	}
	after := text[end:se]
	p := pastAt(after)
	if p < 0 {
		return false
	}
	q := planAt(after)
	return q < 0 || p < q
}

// taskTitle is splitTitle for a task's wording, except that a task that
// opens with what was done before ("去年9月，区教育局召开了…；今年要举办…")
// is titled by what is to be done; its body then keeps the whole wording.
func taskTitle(text string) (string, string) {
	title, body := splitTitle(text)
	if !isReport(title) {
		return title, body
	}
	rest := text
	for k := 0; k < 8; k++ {
		i := strings.IndexAny(rest, sentenceEnds)
		if i < 0 {
			break
		}
		_, n := utf8.DecodeRuneInString(rest[i:])
		rest = strings.TrimSpace(rest[i+n:])
		if s, _ := splitTitle(rest); s != "" && !isReport(s) && workVerbRe.MatchString(s) {
			return s, text
		}
	}
	return title, body
}

// isReport reports a sentence that tells what was done.
func isReport(s string) bool {
	p := pastAt(s)
	if p < 0 {
		return false
	}
	q := planAt(s)
	return q < 0 || p < q
}
