package planimport

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Plans are often copied from document-sharing sites, so the text arrives
// wrapped in their navigation, banners and footers. The tables below list
// what such sites add; a line matching any rule is dropped. They are data,
// not code, so a new site's junk is one more entry.

// noiseLines are whole lines dropped when they equal one of these.
var noiseLines = set(
	"导航", "首页", "下载", "文档下载", "上传", "免费下载", "立即下载", "下载文档", "下载本文",
	"展开阅读全文", "阅读全文", "全文阅读", "收起", "点赞", "收藏", "分享", "打印", "关闭",
	"举报", "评论", "返回顶部", "返回列表", "上一篇", "下一篇", "相关推荐", "相关文章",
	"猜你喜欢", "热门推荐", "热门文章", "推荐阅读", "统计代码", "目录", "正文", "联系我们",
	"关于我们", "网站地图", "免责声明", "手机版", "扫一扫", "登录", "注册", "[NextPage]",
	"word版本可编辑", "word版", "可编辑", "精品文档", "范文", "end",
)

// noisePrefixes drop short lines that start with one of these.
var noisePrefixes = []string{
	"首页", "当前位置", "您的位置", "你的位置", "您现在的位置", "位置:", "位置：",
	"发布时间", "发布日期", "发表时间", "上传时间", "上传者", "上传人", "来源:", "来源：",
	"作者:", "作者：", "编辑:", "编辑：", "责任编辑", "浏览次数", "阅读次数", "点击数", "点击次数",
	"阅读提示", "本篇共有", "本篇共计", "本文共", "全文共", "本文由", "本文来源",
	"上一篇:", "上一篇：", "下一篇:", "下一篇：", "相关文章", "相关推荐", "版权", "Copyright",
	"copyright", "©", "(c)", "联系我们", "关于我们", "免责声明", "原创力文档", "文档下载",
	"免费下载", "下载文档", "下载本文", "下载提示", "温馨提示", "本文档", "该文档",
	"更多相关", "更多精彩", "扫描二维码", "关注公众号", "微信扫一扫", "标签:", "标签：",
	"关键词:", "关键词：", "tags:", "Tags:",
}

// noiseContains drop short lines containing one of these anywhere.
var noiseContains = []string{
	"ICP备", "icp备", "预计阅读时间", "预计看完需要", "用户关注", "人点赞", "word版本可编辑",
	"Word版本可编辑", "版权所有", "All Rights Reserved", "all rights reserved", "下载后可编辑",
	"可编辑修改", "文档下载", "免费下载", "原创力文档", "公网安备", "侵权必删", "如有侵权",
	"仅供参考", "点击下载", "下载地址", "发布时间", "发布日期", "浏览次数", "阅读次数",
}

// noiseTokens are cut out of lines wherever they appear, because sites
// paste them into the middle of paragraphs.
var noiseTokens = []string{
	"[NextPage]", "[nextpage]", "[pagebreak]", "展开阅读全文", "（word版本可编辑）", "(word版本可编辑)",
	"word版本可编辑", "Word版本可编辑", "(可编辑)", "（可编辑）",
}

// noisePatterns drop short lines matching one of these: page markers
// ("第2页", "…docx_第1页", "- 3 -", "第2页 共5页"), breadcrumbs
// ("首页 > 范文 > 工作计划"), bare page numbers, separator rules and bare
// links. need lists characters one of which the line must contain before
// the expression is tried, which keeps the common case cheap.
var noisePatterns = []struct {
	need string
	re   *regexp.Regexp
}{
	{"页", regexp.MustCompile(`第\s*[0-9一二三四五六七八九十]+\s*页(\s*[,，/]?\s*共\s*[0-9一二三四五六七八九十]+\s*页)?\s*$`)},
	{"页", regexp.MustCompile(`^共\s*\d+\s*页`)},
	{"0123456789", regexp.MustCompile(`^[-—–\s]*\d+[-—–\s]*$`)},
	{"/", regexp.MustCompile(`^\d+\s*/\s*\d+$`)},
	{">›»→", regexp.MustCompile(`(\S+\s*[>›»→]\s*){2,}`)},
	{"-—–_=*~·•.。…#+|", regexp.MustCompile(`^[\s\-—–_=*~·•.。…#+|]+$`)},
	{"wW", regexp.MustCompile(`(?i)^(https?://|www\.)\S+$`)},
}

// noiseByFirst and containsByFirst index the prefix and substring rules by
// their first rune, so a line costs one pass instead of one search per rule.
var noiseByFirst, containsByFirst = byFirstRune(noisePrefixes), byFirstRune(noiseContains)

func byFirstRune(words []string) map[rune][]string {
	m := map[rune][]string{}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		m[r] = append(m[r], w)
	}
	return m
}

// maxNoiseRunes bounds the rules above to short lines: a real paragraph
// may mention "下载" or "版权" and must survive.
const maxNoiseRunes = 60

// isNoise reports whether a normalized line is site furniture.
func isNoise(line string) bool {
	if _, ok := noiseLines[line]; ok {
		return true
	}
	if len(line) > 4*maxNoiseRunes || runeLen(line) > maxNoiseRunes {
		return false
	}
	r, _ := utf8.DecodeRuneInString(line)
	for _, p := range noiseByFirst[r] {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	for i, r := range line {
		for _, c := range containsByFirst[r] {
			if strings.HasPrefix(line[i:], c) {
				return true
			}
		}
	}
	for _, p := range noisePatterns {
		if strings.ContainsAny(line, p.need) && p.re.MatchString(line) {
			return true
		}
	}
	// Links to other articles on the site ("教学工作总结大全").
	return strings.HasSuffix(line, "大全") && runeLen(line) <= 20
}

// stripNoiseTokens removes pasted-in markers from inside a line.
func stripNoiseTokens(line string) string {
	for _, t := range noiseTokens {
		if strings.Contains(line, t) {
			line = strings.ReplaceAll(line, t, "")
		}
	}
	return line
}

func set(words ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}
