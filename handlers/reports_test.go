package handlers

import (
	"slices"
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

// A unit reports on several items in one message: each part is read as if
// sent alone, the answers come back in one reply, and a redelivered update
// records nothing twice.
func TestReportsOnSeveralItems(t *testing.T) {
	e := newTestEnv(t, "zh")
	texts := func(n int) []string { return e.reportTexts(t, n) }

	m := e.msg(servedGroup, memberID, "本周工作情况：#3 已发放资助资金，进度60%；#4 招标文件已编制，进度30%")
	got := e.say(t, m)
	if len(got) != 1 || !strings.Contains(got[0], "#3 进度更新为60%") || !strings.Contains(got[0], "#4 进度更新为30%") {
		t.Fatalf("replies: %q", got)
	}
	if a, b := texts(3), texts(4); !slices.Equal(a, []string{"已发放资助资金，进度60%"}) || !slices.Equal(b, []string{"招标文件已编制，进度30%"}) {
		t.Fatalf("recorded: #3 %q, #4 %q", a, b)
	}
	if it := e.item(t, 4); it.Percent != 30 {
		t.Errorf("#4 at %d%%", it.Percent)
	}
	// Telegram delivers the same update again: nothing new.
	e.say(t, m)
	if len(texts(3)) != 1 || len(texts(4)) != 1 {
		t.Errorf("a redelivered update recorded again: #3 %q, #4 %q", texts(3), texts(4))
	}

	// A numbered list, one item a line.
	e.say(t, e.msg(servedGroup, memberID, "1.#3 第二批资金已拨付\n2.#4 已发布招标公告\n（3）#7 已完成自评"))
	if a, b := texts(3), texts(4); len(a) != 2 || a[0] != "第二批资金已拨付" || len(b) != 2 || b[0] != "已发布招标公告" {
		t.Errorf("list: #3 %q, #4 %q", a, b)
	}

	// One part refused, the others still recorded, all in one reply.
	got = e.say(t, e.msg(servedGroup, memberID, "#3 进度150%；#99 已完成；#4 开标时间已确定"))
	all := strings.Join(got, "\n")
	if len(got) != 1 || !strings.Contains(all, "进度要在0%到100%之间") || !strings.Contains(all, "#99") || !strings.Contains(all, "已记录 #4 的进展") {
		t.Errorf("mixed parts: %q", got)
	}
	if a, b := texts(3), texts(4); len(a) != 2 || len(b) != 3 {
		t.Errorf("mixed parts recorded: #3 %q, #4 %q", a, b)
	}

	// Questions are answered, not recorded.
	got = e.say(t, e.msg(servedGroup, memberID, "#3进展如何；#4呢？"))
	if all := strings.Join(got, "\n"); !strings.Contains(all, "落实学生资助政策") || !strings.Contains(all, "营养餐") {
		t.Errorf("questions: %q", got)
	}
	if a, b := texts(3), texts(4); len(a) != 2 || len(b) != 3 {
		t.Errorf("questions recorded: #3 %q, #4 %q", a, b)
	}

	// "撤回" takes the whole of the last message back, in one reply.
	e.say(t, e.msg(servedGroup, memberID, "#3 第三批资金已拨付；#4 评标结束"))
	got = e.say(t, e.msg(servedGroup, memberID, "撤回"))
	if a, b := texts(3), texts(4); len(got) != 1 || len(a) != 2 || len(b) != 3 || !strings.Contains(got[0], "#3") || !strings.Contains(got[0], "#4") {
		t.Errorf("撤回 after two parts: #3 %q, #4 %q\n%q", a, b, got)
	}

	// A #N inside a sentence starts no part: one report on #3, nothing
	// on #4.
	e.say(t, e.msg(servedGroup, memberID, "#3 已同#4 合并推进，进度70%"))
	if a, b := texts(3), texts(4); len(a) != 3 || a[0] != "已同#4 合并推进，进度70%" || len(b) != 3 {
		t.Errorf("a #N inside a sentence: #3 %q, #4 %q", a, b)
	}

	// One report for the items named first: each gets it.
	got = e.say(t, e.msg(servedGroup, memberID, "#3、#4 均已完成阶段验收，进度90%"))
	if a, b := texts(3), texts(4); len(got) != 1 || len(a) != 4 || len(b) != 4 || a[0] != "均已完成阶段验收，进度90%" || e.item(t, 4).Percent != 90 {
		t.Errorf("a shared report: #3 %q, #4 %q\n%q", a, b, got)
	}
}

func TestSplitReports(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"#3 推进中；#4 已完成", []string{"#3 推进中", "#4 已完成"}},
		{"本周：#3 推进中。#4 已完成。", []string{"#3 推进中", "#4 已完成"}},
		{"#3 推进中，#4 也完成了", []string{"#3 推进中", "#4 也完成了"}},
		{"1、#3 推进中\n2、#4 已完成", []string{"#3 推进中", "#4 已完成"}},
		{"＃3 推进中；＃4 已完成", []string{"＃3 推进中", "＃4 已完成"}},
		{"#3 推进中；#3 又开了一次会", nil}, // one item: an ordinary report
		{"#3 已同#4 合并推进", nil},
		{"#3 与#4 合并推进", []string{"#3 合并推进", "#4 合并推进"}},
		{"#3 推进中", nil},
		{"关于上周局务会议上提到的需要各科室共同推进落实的几项重点工作的情况说明：#3 推进中；#4 已完成", nil},
		{"#3 推进中；#", nil},
		// One report shared by the items named first.
		{"#3、#4 均已完成", []string{"#3 均已完成", "#4 均已完成"}},
		{"#5和#6 进度80%", []string{"#5 进度80%", "#6 进度80%"}},
		{"＃3，＃4，#3 已启动", []string{"#3 已启动", "#4 已启动"}},
		{"#3、#4", nil},
		{"#3 推进中；# 4 完成", []string{"#3 推进中", "# 4 完成"}},
	} {
		if got := splitReports(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("splitReports(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// FuzzSplitReports: there are two to maxReportParts parts or none; each
// starts with its #N, a number the message names, and says something
// after it; parts cut from the message come in its order, or all share
// one report.
func FuzzSplitReports(f *testing.F) {
	for _, s := range []string{"本周：#3 推进中；#4 已完成", "1.#3 a\n2.#4 b", "#3 与#4", "＃1；＃2；＃3", "#1；#", "；#9，#99999999999", "#3、#4 均已完成"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		parts := splitReports(text)
		if parts == nil {
			return
		}
		if len(parts) < 2 || len(parts) > maxReportParts {
			t.Fatalf("%d parts", len(parts))
		}
		from, inOrder := 0, true
		for _, p := range parts {
			if !strings.HasPrefix(p, "#") && !strings.HasPrefix(p, "＃") {
				t.Fatalf("part %q does not start with its number", p)
			}
			num := strings.TrimLeft(strings.TrimLeft(p, "#＃"), " ")
			if i := strings.IndexFunc(num, func(r rune) bool { return r < '0' || r > '9' }); i > 0 {
				num = num[:i]
			}
			if num == "" || !strings.Contains(text, num) {
				t.Fatalf("part %q names no number of %q", p, text)
			}
			if i := strings.Index(text[from:], p); i < 0 {
				inOrder = false
			} else {
				from += i + len(p)
			}
		}
		if !inOrder {
			rest := func(p string) string { _, r, _ := strings.Cut(p, " "); return r }
			for _, p := range parts[1:] {
				if rest(p) != rest(parts[0]) || strings.TrimSpace(rest(p)) == "" {
					t.Fatalf("parts %q neither cut from %q in order nor one shared report", parts, text)
				}
			}
		}
	})
}

// A rate the work measures is recorded in words and neither sets the
// task's percent nor closes it; progress said in tenths does.
func TestReportRatesAndTenths(t *testing.T) {
	e := newTestEnv(t, "zh")
	got := e.group(t, "#4 排查覆盖率100%，整改率95%")
	if it := e.item(t, 4); it.Percent != 0 || it.Status == duban.StatusDone || it.Review != 0 || !strings.Contains(got, "已记录 #4 的进展") {
		t.Fatalf("rates: %+v\n%s", it, got)
	}
	got = e.group(t, "#4 目前进度大概七成")
	if it := e.item(t, 4); it.Percent != 70 || !strings.Contains(got, "#4 进度更新为70%") {
		t.Fatalf("七成: %d%%\n%s", it.Percent, got)
	}
}
