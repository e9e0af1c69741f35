package planimport

import (
	"strings"
	"testing"
)

func TestBracketOwner(t *testing.T) {
	for _, tt := range []struct {
		text, rest, owner, partners string
	}{
		{"完成食堂食品安全专项检查（后勤科负责）", "完成食堂食品安全专项检查", "后勤科", ""},
		{"开展教师全员轮训。（教师发展中心）", "开展教师全员轮训", "教师发展中心", ""},
		{"组织学生体质健康监测（体卫艺科、各学校）", "组织学生体质健康监测", "体卫艺科", "各学校"},
		{"落实就业政策(区人力资源和社会保障局牵头)", "落实就业政策", "区人力资源和社会保障局", ""},
		{"推进集团化办学（各学校）。", "推进集团化办学", "各学校", ""},
		{"开展督导评估（督导室牵头，基教科配合）", "开展督导评估", "督导室", "基教科"},
		// Brackets that qualify the work, not name who does it.
		{"开展民办学校年检（含幼儿园）", "", "", ""},
		{"完善考核办法（试行）", "", "", ""},
		{"落实课后服务（2027年）", "", "", ""},
		{"建设智慧校园（幼儿园）", "", "", ""},
		{"没有括号的任务", "", "", ""},
		{"（）", "", "", ""},
	} {
		rest, owner, ps, ok := bracketOwner(tt.text)
		if tt.owner == "" {
			if ok || rest != tt.text {
				t.Errorf("bracketOwner(%q) = %q, %q, %v; want no owner and the text kept", tt.text, rest, owner, ps)
			}
			continue
		}
		if !ok || rest != tt.rest || owner != tt.owner || strings.Join(ps, "、") != tt.partners {
			t.Errorf("bracketOwner(%q) = %q, %q, %v, %v; want %q, %q, %q", tt.text, rest, owner, ps, ok, tt.rest, tt.owner, tt.partners)
		}
	}
}

func TestTrimDeadlineClause(t *testing.T) {
	for _, tt := range []struct{ title, words, want string }{
		{"修订安全应急预案，3月10日前完成", "3月10日前", "修订安全应急预案"},
		{"9月底前，完成校舍安全隐患排查", "9月底前", "完成校舍安全隐患排查"},
		{"编制年度经费预算，确保于6月30日前全部完成", "6月30日前", "编制年度经费预算"},
		{"完成教师职称评审，年底前", "年底前", "完成教师职称评审"},
		// The clause says more than the deadline: it stays.
		{"开展教师能力培训，力争年内完成全员轮训", "年内", "开展教师能力培训，力争年内完成全员轮训"},
		{"端午节前完成食堂检查", "端午节前", "端午节前完成食堂检查"},
		// What is left would be too short to be a title.
		{"评估，9月底前完成", "9月底前", "评估，9月底前完成"},
		// The words are not in the title (a 时限 column).
		{"修订安全应急预案，按期完成", "3月10日前", "修订安全应急预案，按期完成"},
		{"修订安全应急预案，3月10日前完成", "", "修订安全应急预案，3月10日前完成"},
	} {
		if got := trimDeadlineClause(tt.title, tt.words); got != tt.want {
			t.Errorf("trimDeadlineClause(%q, %q) = %q, want %q", tt.title, tt.words, got, tt.want)
		}
	}
}

// A plan whose tasks close with their owner in brackets and state their
// deadline in a clause of their own: titles without either, both read.
func TestDecodeBracketOwnersAndDeadlineClauses(t *testing.T) {
	text := "某区教育局2027年工作要点\n\n一、办好人民满意的教育\n" +
		"1.修订中小学安全应急预案，3月10日前完成。（安全科）\n" +
		"2.9月底前，完成全区校舍隐患排查整治。（基建科负责）\n" +
		"3.组织学生体质健康监测，力争年内实现全覆盖。（体卫艺科、各学校）\n" +
		"4.开展民办学校年度检查（含幼儿园），11月底前完成。\n"
	doc := decodeBytes(t, []byte(text), "plan.txt", Options{})
	for _, w := range []struct{ title, owner, partners, deadline string }{
		{"修订中小学安全应急预案", "安全科", "", "2027-03-10"},
		{"完成全区校舍隐患排查整治", "基建科", "", "2027-09-30"},
		{"组织学生体质健康监测，力争年内实现全覆盖", "体卫艺科", "各学校", "2027-12-31"},
		{"开展民办学校年度检查（含幼儿园）", "", "", "2027-11-30"},
	} {
		it := find(t, doc, w.title)
		if it.Owner != w.owner || strings.Join(it.Partners, "、") != w.partners || it.Deadline.String() != w.deadline {
			t.Errorf("%s: owner %q partners %v deadline %s; want %q %q %s\n%s", w.title, it.Owner, it.Partners, it.Deadline, w.owner, w.partners, w.deadline, doc.Outline())
		}
	}
}
