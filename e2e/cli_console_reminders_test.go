package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConsoleReminderCommands types /iam, /who, /briefing, /export and
// /settings in the demo console and reads the replies as the group would.
func TestConsoleReminderCommands(t *testing.T) {
	today := time.Now().In(shanghaiLoc(t))
	out := t.TempDir()
	ledgerPath := filepath.Join(out, "台账-"+today.Format(time.DateOnly)+".xlsx")
	ledger := "[文件] 已保存到 " + ledgerPath
	tests := []struct {
		name  string
		admin bool
		input string
		want  []string
	}{
		{"who", false, "/who\n", []string{"👥 本群登记的单位成员（共6人）", "督导室：张敏（zhangmin_ddz）",
			"以下牵头单位在本群无人登记（2个），提醒无法@到人：\n人事科、各中小学"}},
		{"iam", false, "/iam\n/iam 人事科\n/who\n", []string{"你在本群登记的单位是：督导室", "✅ 已登记：张敏 — 人事科",
			"人事科：张敏（zhangmin_ddz）", "督导室、各中小学"}},
		{"briefing", false, "/briefing\n", []string{"📊 " + today.Format("2006年1月") + "工作通报（截至", "一、总体情况",
			"全部任务35项", "五、逾期未办结（8项）", "详细情况见台账（附件，含“单位统计”表）。", ledger, "📎 台账（截至"}},
		{"export", false, "/export\n", []string{ledger, "📎 台账：全部计划，共35项任务"}},
		{"settings refused", false, "/settings weekly off\n", []string{"只有本群管理员或计划管理员可以使用 /settings。"}},
		{"settings", true, "/settings weekly 周五 16:00\n/settings deadlines off\n", []string{"✅ 已更新。", "每周提醒：每周五 16:00",
			"到期提醒：已关闭", "月度通报：每月1日 09:00（默认）"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"console", "--demo", "--out", out}
			if tt.admin {
				args = append(args, "--admin")
			}
			got, err := runMain(t, tt.input, args...)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
				if w == ledger {
					if _, err := os.Stat(ledgerPath); err != nil {
						t.Errorf("the ledger named is not there: %v", err)
					}
				}
			}
			if strings.Contains(got, "<b>") || strings.Contains(got, "&lt;") {
				t.Errorf("HTML in the console:\n%s", got)
			}
		})
	}
}
