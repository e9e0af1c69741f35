//go:build !unix

package ops

// RestrictUmask does nothing where there is no umask.
func RestrictUmask() {}
