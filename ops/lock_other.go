//go:build !unix

package ops

import "errors"

// ErrLocked is returned by LockDatabase when another process holds the lock.
var ErrLocked = errors.New("the database is in use by another duban run")

// LockDatabase does nothing where there is no flock.
func LockDatabase(string) (func() error, error) { return func() error { return nil }, nil }

// DatabaseLocked reports false where there is no flock.
func DatabaseLocked(string) bool { return false }
