package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/handlers"
	"github.com/duban-bot/duban/ops"
	"github.com/duban-bot/duban/report"
)

// menu is the command menu Telegram shows when "/" is typed, in both
// languages; the handlers answer more commands than these.
var menu = []bot.Command{
	{Name: "due", ZH: "近期到期的任务（可加：本周、下周、本月、天数）", EN: "tasks due soon (add: week, next, month, days)"},
	{Name: "overdue", ZH: "逾期未完成的任务", EN: "tasks past their deadline"},
	{Name: "item", ZH: "事项详情和最近进展：/item 编号", EN: "an item and its latest reports: /item N"},
	{Name: "owner", ZH: "某单位的未完成任务：/owner 单位", EN: "a unit's open tasks: /owner unit"},
	{Name: "search", ZH: "搜索事项和进展：/search 关键词", EN: "search items and reports: /search words"},
	{Name: "plan", ZH: "计划大纲和完成情况", EN: "the plan outline with counts"},
	{Name: "progress", ZH: "报送进展：/progress 编号 进展", EN: "report progress: /progress N text"},
	{Name: "done", ZH: "销号：/done 编号 说明", EN: "close an item: /done N text"},
	{Name: "lights", ZH: "红黄绿灯预警：滞后、临期、逾期的任务", EN: "warning lights: tasks behind, due soon, overdue"},
	{Name: "missing", ZH: "本期还没报送进展的单位和任务", EN: "who has not reported this cycle"},
	{Name: "node", ZH: "事项节点：/node 编号", EN: "an item's milestones: /node N"},
	{Name: "extend", ZH: "申请延期：/extend 编号 新时限 理由", EN: "ask for an extension: /extend N date reason"},
	{Name: "iam", ZH: "登记自己的单位，提醒中会@你：/iam 单位", EN: "register your unit for reminders: /iam unit"},
	{Name: "who", ZH: "本群登记的单位成员", EN: "who is registered to which unit"},
	{Name: "export", ZH: "导出台账（Excel）", EN: "the ledger as an Excel file"},
	{Name: "briefing", ZH: "月度通报（本月至今）", EN: "the monthly briefing so far"},
	{Name: "settings", ZH: "本群提醒时间（管理员）", EN: "this group's reminder times (admins)"},
	{Name: "summary", ZH: "起草工作总结：/summary 本月、/summary 编号、/summary 单位", EN: "draft a work summary: /summary month, /summary N, /summary unit"},
	{Name: "bind", ZH: "在本群启用督办（管理员）", EN: "serve this group (admins)"},
	{Name: "help", ZH: "使用说明", EN: "how to use the bot"},
	{Name: "evidence", ZH: "佐证材料：/evidence 编号（上传：发照片或文件，说明写 #编号）", EN: "evidence: /evidence N (to add: send a file with #N as caption)"},
	{Name: "chart", ZH: "工作进展图（可加：上月、10月）", EN: "the progress chart (add: last, oct)"},
}

// errNoToken explains what to do when there is no token, for people who
// just want to try the bot.
var errNoToken = errors.New("no Telegram bot token: set DUBAN_TELEGRAM_TOKEN (or telegram.token in the config file), " +
	"or try the bot in the terminal first with \"duban console --demo\"")

// runBot is "duban run": the bot in Telegram until SIGINT or SIGTERM. It
// returns once the updates in hand are handled, and Main closes the store
// after it.
func runBot(ctx context.Context, m *Program, args []string) error {
	fs := m.flagSet("run", "run [--db FILE]",
		"Runs the bot in Telegram until SIGINT or SIGTERM, with the reminders, health and metrics and backups\nthe config asks for. The token comes from DUBAN_TELEGRAM_TOKEN.",
		"duban --config /etc/duban/config.yaml run", true)
	if err := fs.Parse(args); err != nil {
		return err
	}
	tg := m.Config.Telegram
	if strings.TrimSpace(tg.Token) == "" {
		return errNoToken
	}
	met := m.newOpsMetrics() // ops_wiring.go
	// A chart font that does not load stops the start, not the 1st's briefing.
	if _, err := m.Charts(); err != nil {
		return err
	}
	// One "duban run" per database: a second would answer every message
	// and send every reminder twice.
	release, err := ops.LockDatabase(m.Config.DB)
	if err != nil {
		return fmt.Errorf("run: %w: stop the other one first, or give this one its own database (db: in the config)", err)
	}
	m.AddCloser(release)
	st, err := m.OpenStore("")
	if err != nil {
		return err
	}
	b, err := bot.New(bot.Options{
		Token:       tg.Token,
		APIURL:      tg.APIURL,
		Mode:        tg.Mode,
		PollTimeout: tg.PollTimeout,
		Workers:     tg.Workers,
		Webhook:     bot.Webhook{Listen: tg.Webhook.Listen, URL: tg.Webhook.URL, SecretToken: tg.Webhook.SecretToken},
		Commands:    menu,
		Metrics:     met,
		SkippedText: report.SkippedText(m.Config.Language),
	}, st, m.Logger.With("component", "bot"))
	if err != nil {
		return err
	}
	stopOps, err := m.startOps(ctx, st, b, met)
	if err != nil {
		return err
	}
	defer stopOps()
	acc := m.Access(st, b)
	// The scheduler runs while Telegram is out of reach: what it writes
	// waits in the outbox and goes out once Telegram answers.
	sched, err := m.newScheduler(st, b, acc)
	if err != nil {
		return err
	}
	sched.Sender().Metrics = met
	if err := sched.Start(ctx); err != nil {
		return err
	}
	defer sched.Stop()
	// A network or proxy outage at boot is waited out (logged, and shown
	// by /healthz); a refused token is not.
	if err := b.ConnectWait(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	deps, err := m.HandlerDeps(st, b, acc)
	if err != nil {
		return err
	}
	deps.Files = b
	deps.BotUsername = b.Username()
	deps.Scheduler, deps.Standards = sched, sched.Standards()
	m.Logger.Info("duban started", "version", version, "bot", "@"+b.Username(), "db", st.Path(), "mode", tg.Mode)
	if err := b.Run(ctx, handlers.New(deps)); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	return nil
}
