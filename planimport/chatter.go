package planimport

import (
	"regexp"
	"strings"
)

// A message pasted as a file ("今天下午三点开会，请准时参加。") is not a plan
// of one task. A document without any numbering is taken for a plan only
// when at least two of its sentences state work to do.

// workVerbRe: the verbs plans state their work with.
var workVerbRe = regexp.MustCompile(`加强|推进|完善|开展|落实|建立|健全|提升|提高|组织|实施|推动|深化|做好|抓好|强化|规范|创建|建设|举办|完成|制定|修订|印发|培训|督导|排查|整治|改造|新建|扩建|改建|招聘|评选|保障|优化|打造|构建|启动|实现|确保|力争|达到|覆盖|配备|建成|出台|部署|迎接|申报|报送`)

// minPlanSentences is how many sentences of work an unnumbered document
// needs to be imported.
const minPlanSentences = 2

// chatter reports a document with no numbering, ledger or table whose
// text holds fewer than minPlanSentences sentences of work.
func (b *builder) chatter() bool {
	if b.root.structured > 0 {
		return false
	}
	n := 0
	for _, k := range b.root.kids {
		if k.marked || len(k.kids) > 0 {
			return false
		}
		for _, s := range strings.FieldsFunc(k.text, func(r rune) bool { return strings.ContainsRune(sentenceEnds, r) }) {
			if runeLen(s) >= 6 && workVerbRe.MatchString(s) {
				n++
				if n >= minPlanSentences {
					return false
				}
			}
		}
	}
	return true
}
