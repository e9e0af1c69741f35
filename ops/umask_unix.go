//go:build unix

package ops

import "syscall"

// RestrictUmask makes every file the process creates from now on readable
// by its owner only (0600 files, 0700 folders), whatever umask it was
// started with: the database, its WAL, backups, ledgers and evidence hold
// the bureau's plan and who reported what. Files that need other modes say
// so with an explicit chmod.
func RestrictUmask() { syscall.Umask(0o077) }
