// Command duban is the 督办 bot: it follows a county education bureau's
// work plan in Telegram groups. Everything is in package cli.
package main

import (
	"os"

	"github.com/duban-bot/duban/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:])) }
