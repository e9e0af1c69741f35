package main

import (
	"context"
	"fmt"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.0".
var version = "dev"

func init() {
	register(command{name: "version", help: "print the version", noConfig: true,
		run: func(_ context.Context, m *Main, _ []string) error {
			_, err := fmt.Fprintln(m.Stdout, "duban", version)
			return err
		}})
}
