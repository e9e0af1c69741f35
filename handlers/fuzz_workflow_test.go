package handlers

import (
	"strings"
	"testing"
)

// FuzzWorkflowCommands sends arbitrary arguments to the 督办 loop's
// commands as a plan admin in the served group: each gets a reply, and
// never the apology that a failure (or a recovered panic) gets.
func FuzzWorkflowCommands(f *testing.F) {
	for _, s := range []string{"6", "6 2027年1月15日前 场地改造", "6 1 完成", "6 9月底前 完成招标", "4 请本周办结", "督导室 @zhangsan",
		"督导室 @zhangsan 取消", "3 缺少材料", "分管", "", "#6", "第六项 下月底前 理由", "99999999999999999999 x", "6 \xff\xfe", "0", "-1 x",
		"6 " + strings.Repeat("很长的理由", 300)} {
		f.Add(s)
	}
	e := newTestEnv(f, "zh")
	f.Fuzz(func(t *testing.T, args string) {
		for _, cmd := range []string{"/node", "/extend", "/urge", "/leader", "/return", "/mine", "/review", "/done"} {
			replies := e.say(t, e.msg(servedGroup, adminID, cmd+" "+args))
			if len(replies) == 0 {
				t.Fatalf("%s %q: no reply", cmd, args)
			}
			for _, r := range replies {
				if strings.Contains(r, "出了点问题") {
					t.Fatalf("%s %q: %s", cmd, args, r)
				}
			}
		}
	})
}
