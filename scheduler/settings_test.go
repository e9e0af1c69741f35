package scheduler

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/duban"
)

func TestParseSettings(t *testing.T) {
	cur := duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 3, WeeklyTime: "10:00"}
	tests := []struct {
		args string
		want duban.ChatSettings
	}{
		{"", cur},
		{"weekly off", duban.ChatSettings{DeadlinesOff: true, WeeklyOff: true, WeeklyDay: 3, WeeklyTime: "10:00"}},
		{"每周提醒 关", duban.ChatSettings{DeadlinesOff: true, WeeklyOff: true, WeeklyDay: 3, WeeklyTime: "10:00"}},
		{"每周提醒关闭", duban.ChatSettings{DeadlinesOff: true, WeeklyOff: true, WeeklyDay: 3, WeeklyTime: "10:00"}},
		{"WEEKLY ON", cur},
		{"deadlines on", duban.ChatSettings{WeeklyDay: 3, WeeklyTime: "10:00"}},
		{"到期提醒 开", duban.ChatSettings{WeeklyDay: 3, WeeklyTime: "10:00"}},
		{"monthly off", duban.ChatSettings{DeadlinesOff: true, MonthlyOff: true, WeeklyDay: 3, WeeklyTime: "10:00"}},
		{"月度通报 关", duban.ChatSettings{DeadlinesOff: true, MonthlyOff: true, WeeklyDay: 3, WeeklyTime: "10:00"}},
		{"weekly 周五 16:00", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 5, WeeklyTime: "16:00"}},
		{"weekly 周五16:00", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 5, WeeklyTime: "16:00"}},
		{"weekly 星期日 8:05", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 7, WeeklyTime: "08:05"}},
		{"weekly 礼拜一 上午9点", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 1, WeeklyTime: "09:00"}},
		{"weekly 周二 下午4点半", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 2, WeeklyTime: "16:30"}},
		{"weekly 16点15分", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 3, WeeklyTime: "16:15"}},
		{"weekly 16：00", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 3, WeeklyTime: "16:00"}},
		{"weekly fri 4pm", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 5, WeeklyTime: "16:00"}},
		{"weekly Friday 12am", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 5, WeeklyTime: "00:00"}},
		{"weekly 5 16:00", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 5, WeeklyTime: "16:00"}},
		{"weekly 周四", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 4, WeeklyTime: "10:00"}},
		{"周五 16:00", duban.ChatSettings{DeadlinesOff: true, WeeklyDay: 5, WeeklyTime: "16:00"}},
		{"weekly 默认", duban.ChatSettings{DeadlinesOff: true}},
		{"reset", duban.ChatSettings{}},
		{"恢复默认", duban.ChatSettings{}},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			got, err := ParseSettings(tt.args, cur, "zh")
			if err != nil || got != tt.want {
				t.Errorf("ParseSettings(%q) = %+v, %v; want %+v", tt.args, got, err, tt.want)
			}
		})
	}
	t.Run("a new weekly time switches weekly back on", func(t *testing.T) {
		got, err := ParseSettings("weekly 周五 9:00", duban.ChatSettings{WeeklyOff: true}, "zh")
		if err != nil || got.WeeklyOff || got.WeeklyDay != 5 {
			t.Errorf("got %+v, %v", got, err)
		}
	})
}

func TestParseSettingsErrors(t *testing.T) {
	cur := duban.ChatSettings{WeeklyDay: 3}
	tests := []struct {
		args, lang, want string
	}{
		{"hourly on", "zh", "不认识“hourly”。可以设置：weekly（每周提醒）"},
		{"weekly", "zh", "请写明每周提醒要开（on）还是关（off），或星期和时间"},
		{"deadlines", "zh", "请写明到期提醒要开（on）还是关（off）。"},
		{"monthly 周五", "zh", "月度通报只能开（on）或关（off），不认识“周五”。"},
		{"weekly 25:00", "zh", "时间“25:00”无效，请用24小时制，如 16:00。"},
		{"weekly 周五 周六", "zh", "只能写一个星期几。"},
		{"weekly 9:00 10:00", "zh", "只能写一个时间。"},
		{"weekly 明天", "zh", "不认识“明天”。请写星期和时间，如“周五 16:00”"},
		{"weekly 下午13点", "zh", "时间“下午13点”无效"},
		{"reset now", "zh", "“reset”后面不需要再写内容。"},
		{"weekly tomorrow", "en", `cannot read "tomorrow"`},
		{"monthly fri", "en", "the monthly briefing can only be on or off"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			got, err := ParseSettings(tt.args, cur, tt.lang)
			if duban.ErrorCode(err) != duban.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			if msg := duban.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q, want %q", msg, tt.want)
			}
			if got != cur {
				t.Errorf("settings changed on error: %+v", got)
			}
		})
	}
}

// FuzzParseSettings: whatever is typed, the answer is valid settings or an
// EINVALID error with a message, and no panic.
func FuzzParseSettings(f *testing.F) {
	for _, s := range []string{"weekly off", "weekly 周五 16:00", "每周提醒关", "weekly 下午4点半", "weekly fri 4:30pm", "reset",
		"weekly 5 16:00", "monthly on", "weekly 16点", "weekly ：", "weekly 1:", "weekly 上午", "weekly 99点99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		got, err := ParseSettings(args, duban.ChatSettings{}, "zh")
		if err != nil {
			if duban.ErrorCode(err) != duban.EINVALID || duban.ErrorMessage(err) == "" {
				t.Fatalf("error %v is not a user error", err)
			}
			return
		}
		if got.WeeklyDay < 0 || got.WeeklyDay > 7 {
			t.Fatalf("weekly day %d", got.WeeklyDay)
		}
		if got.WeeklyTime != "" {
			if h, m, n, ok := scanClock(got.WeeklyTime); !ok || n != len(got.WeeklyTime) || h > 23 || m > 59 || len(got.WeeklyTime) != 5 {
				t.Fatalf("weekly time %q", got.WeeklyTime)
			}
		}
		if _, err := ParseSpec(ChatSpec(Specs{Weekly: "30 8 * * 1"}, Weekly, got)); got.WeeklyOff == false && err != nil {
			t.Fatalf("settings %+v make a bad spec: %v", got, err)
		}
	})
}
