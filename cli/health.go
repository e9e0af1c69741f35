package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/duban-bot/duban/report"
)

// runHealth is "duban health": GET /healthz on http.listen, the report on
// stdout, an error (exit status 1) unless it answers 200. It lets a
// container check itself without curl in the image.
func runHealth(ctx context.Context, m *Program, args []string) error {
	fs := m.flagSet("health", "health [--addr HOST:PORT]",
		"Asks the running bot's /healthz and prints it; exits 1 unless healthy (Docker's HEALTHCHECK).",
		"duban health --addr 127.0.0.1:9090", false)
	addr := fs.String("addr", "", "`host:port` of the health listener (default: http.listen)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *addr == "" {
		*addr = m.Config.HTTP.Listen
	}
	lang := m.Config.Language
	if *addr == "" {
		return errors.New(report.Tr(lang, "health：配置中的 http.listen 已关闭，没有可查询的健康检查地址",
			"health: http.listen is off in the config"))
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	if host == "" || net.ParseIP(host).IsUnspecified() {
		host = "127.0.0.1" // listening on every address: ask locally
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(m.Stdout, io.LimitReader(resp.Body, 1<<20)); err != nil {
		return fmt.Errorf("health: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(report.Tr(lang, fmt.Sprintf("health：运行状态异常（HTTP %d），原因见上面的报告", resp.StatusCode),
			fmt.Sprintf("health: unhealthy (HTTP %d)", resp.StatusCode)))
	}
	return nil
}
