// Package evidence keeps the local copies of evidence (佐证材料) on disk,
// under evidence.dir: one folder per item ("12/"), each file written
// atomically (a temporary file, then a link to a name nobody holds) under a
// sanitised name such as "20261205-153012_整改前后照片.jpg", folders 0700 and
// files 0600 whatever the umask. It also names the folders and files of the
// year-end export (duban export --evidence DIR). It is an adapter: only cli
// knows it, and hands it to the handlers as their EvidenceFiles.
package evidence

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/duban"
)

// Dir is the folder of local copies (evidence.dir).
type Dir struct {
	Root string
	// Loc is the time zone of the time in file names.
	Loc *time.Location
}

// New returns the folder of local copies at root; nothing is created
// before the first copy.
func New(root string, loc *time.Location) *Dir {
	if loc == nil {
		loc = time.UTC
	}
	return &Dir{Root: root, Loc: loc}
}

// Save writes data as the local copy of ev, in the folder of its item
// under FileName(ev) (with "-2", "-3"… when that name is taken), and
// returns its path relative to Root, as the store keeps it.
func (d *Dir) Save(ev duban.Evidence, data []byte) (string, error) {
	if err := makePrivateDir(d.Root); err != nil {
		return "", fmt.Errorf("evidence dir: %w", err)
	}
	folder := strconv.Itoa(ev.ItemNumber)
	name, err := WriteFile(filepath.Join(d.Root, folder), FileName(ev, d.Loc), bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("save evidence of #%d: %w", ev.ItemNumber, err)
	}
	return folder + "/" + name, nil
}

// Remove deletes the local copy at rel (a path Save returned); one already
// gone is no error.
func (d *Dir) Remove(rel string) error {
	path, err := d.Path(rel)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove evidence copy: %w", err)
	}
	return nil
}

// Path returns the file of the local copy at rel, refusing a path that
// would lead out of Root.
func (d *Dir) Path(rel string) (string, error) {
	local := filepath.FromSlash(rel)
	if rel == "" || !filepath.IsLocal(local) {
		return "", fmt.Errorf("evidence copy %q: not a path under the evidence folder", rel)
	}
	return filepath.Join(d.Root, local), nil
}

// WriteFile writes r into folder (created 0700 when missing) as a new file
// named name, or name with "-2", "-3"… before its extension when that is
// taken: never over an existing file. The file is complete before it
// appears under its name, and readable by its owner only. It returns the
// name used.
func WriteFile(folder, name string, r io.Reader) (string, error) {
	if err := makePrivateDir(folder); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(folder, ".tmp-*") // 0600
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name()) // the name linked stays
	if _, err := io.Copy(tmp, r); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i <= maxSameName; i++ {
		try := name
		if i > 1 {
			try = base + "-" + strconv.Itoa(i) + ext
		}
		final := filepath.Join(folder, try)
		// A hard link fails when the name exists, so that two copies
		// saved at once never overwrite each other.
		err := os.Link(tmp.Name(), final)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			// No hard links here (some mounted file systems): the name is
			// checked, then taken by a rename.
			if _, serr := os.Lstat(final); serr == nil {
				continue
			}
			if err := os.Rename(tmp.Name(), final); err != nil {
				return "", err
			}
		}
		syncDir(folder)
		return try, nil
	}
	return "", fmt.Errorf("%d files named %s already", maxSameName, name)
}

// maxSameName bounds the "-N" suffixes tried for one name.
const maxSameName = 1000

// makePrivateDir creates dir (and its parents) when missing and makes it
// readable by its owner only.
func makePrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.Chmod(dir, 0o700)
}

// syncDir makes a new name in dir durable; a failure only risks the name
// after a power cut, so it is not reported.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}
