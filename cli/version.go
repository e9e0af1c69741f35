package cli

import (
	"context"
	"fmt"
)

// version is set at build time:
// go build -ldflags "-X github.com/duban-bot/duban/cli.version=1.2.0".
var version = "dev"

// runVersion is "duban version".
func runVersion(_ context.Context, m *Program, _ []string) error {
	_, err := fmt.Fprintln(m.Stdout, "duban", version)
	return err
}
