//go:build unix

package ops

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// ErrLocked is returned by LockDatabase when another process holds the lock.
var ErrLocked = errors.New("the database is in use by another duban run")

// LockDatabase takes an exclusive lock on the file db+".lock", so that a
// second "duban run" on the same database refuses to start instead of
// answering every message twice and sending every reminder twice. The lock
// is the kernel's (flock): it goes with the process, a crash included, so
// a stale file never blocks a start. The file records the holder's pid for
// the error message. release drops the lock.
func LockDatabase(db string) (release func() error, err error) {
	path := db + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		data, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if pid := strings.TrimSpace(string(data)); pid != "" {
				return nil, fmt.Errorf("%w (pid %s, lock file %s)", ErrLocked, pid, path)
			}
			return nil, fmt.Errorf("%w (lock file %s)", ErrLocked, path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() error {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return f.Close()
	}, nil
}

// DatabaseLocked reports whether a "duban run" holds the lock of db now.
func DatabaseLocked(db string) bool {
	f, err := os.Open(db + ".lock")
	if err != nil {
		return false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return errors.Is(err, syscall.EWOULDBLOCK)
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}
