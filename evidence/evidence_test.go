package evidence

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// sent is 2026-12-05 15:30:12 in Shanghai.
var sent = time.Date(2026, 12, 5, 7, 30, 12, 0, time.UTC)

func piece(kind, name, mime, caption string) duban.Evidence {
	return duban.Evidence{ItemNumber: 12, CreatedAt: sent, Caption: caption,
		Attachment: duban.Attachment{Kind: kind, FileID: "f", UniqueID: "u", Name: name, MimeType: mime}}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		name string
		ev   duban.Evidence
		want string
	}{
		{"photo with caption", piece(duban.AttachPhoto, "", "image/jpeg", "整改前后照片"), "20261205-153012_整改前后照片.jpg"},
		{"document keeps its extension", piece(duban.AttachDocument, "验收报告.PDF", "application/pdf", "验收报告"), "20261205-153012_验收报告.pdf"},
		{"no caption: the file's name", piece(duban.AttachDocument, "食堂检查记录.docx", "", ""), "20261205-153012_食堂检查记录.docx"},
		{"nothing: what it is", piece(duban.AttachVideo, "", "", ""), "20261205-153012_视频.mp4"},
		{"type gives the extension", piece(duban.AttachDocument, "scan", "image/png", "扫描件"), "20261205-153012_扫描件.png"},
		{"odd extension dropped", piece(duban.AttachDocument, "a.p/df", "", "报告"), "20261205-153012_报告"},
		{"path in the caption", piece(duban.AttachPhoto, "", "", "../../etc/passwd"), "20261205-153012__._etc_passwd.jpg"},
		{"lines and controls", piece(duban.AttachPhoto, "", "", "第一批\n整改\t照片\x00\u202e"), "20261205-153012_第一批 整改 照片.jpg"},
		{"a hidden name", piece(duban.AttachDocument, "..bashrc", "", ""), "20261205-153012_文件.bashrc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FileName(tt.ev, shanghai); got != tt.want {
				t.Errorf("FileName = %q, want %q", got, tt.want)
			}
		})
	}
	long := FileName(piece(duban.AttachPhoto, "", "", strings.Repeat("整改", 200)), shanghai)
	if len(long) > 200 || !strings.HasSuffix(long, "整改.jpg") {
		t.Errorf("long caption gave %q (%d bytes)", long, len(long))
	}
}

func TestItemFolder(t *testing.T) {
	if got := ItemFolder(12, "开展校园安全隐患排查/整治"); got != "#12 开展校园安全隐患排查_整治" {
		t.Errorf("folder %q", got)
	}
	if got := ItemFolder(3, " .. "); got != "#3" {
		t.Errorf("folder of an empty title %q", got)
	}
}

// checkName fails unless name is one safe file name.
func checkName(t *testing.T, name string, maxBytes int) {
	t.Helper()
	switch {
	case len(name) > maxBytes:
		t.Fatalf("%q is %d bytes, more than %d", name, len(name), maxBytes)
	case !utf8.ValidString(name):
		t.Fatalf("%q is not UTF-8", name)
	case strings.ContainsAny(name, `/\:*?"<>|`), strings.Contains(name, ".."):
		t.Fatalf("%q holds a separator or ..", name)
	case strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.HasPrefix(name, " ") || strings.HasSuffix(name, " "):
		t.Fatalf("%q starts or ends with a dot or space", name)
	case name != "" && !filepath.IsLocal(name):
		t.Fatalf("%q is not a local name", name)
	}
	for _, r := range name {
		if unicode.IsControl(r) || isInvisible(r) || r != ' ' && unicode.IsSpace(r) {
			t.Fatalf("%q holds %U", name, r)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"整改前后照片", "../../x", "a..b", " .hidden. ", "C:\\Windows\\x", "\u202egpj.exe", strings.Repeat("验收", 100), "\xff\xfe", "a\x00b"} {
		f.Add(s, 150)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = max%300 + 1
		if max < 1 {
			max = -max + 1
		}
		got := Sanitize(s, max)
		checkName(t, got, max)
		if Sanitize(got, max) != got {
			t.Fatalf("Sanitize(%q) = %q is not stable", s, got)
		}
		name := FileName(duban.Evidence{Caption: s, CreatedAt: sent, Attachment: duban.Attachment{Kind: duban.AttachDocument, Name: s}}, time.UTC)
		checkName(t, name, 255)
	})
}

func TestSave(t *testing.T) {
	root := filepath.Join(t.TempDir(), "evidence")
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	d := New(root, shanghai)
	ev := piece(duban.AttachPhoto, "", "image/jpeg", "整改前后照片")
	rel, err := d.Save(ev, []byte("jpeg-1"))
	if err != nil {
		t.Fatal(err)
	}
	if rel != "12/20261205-153012_整改前后照片.jpg" {
		t.Errorf("saved as %q", rel)
	}
	// The same name again is kept beside it, never over it.
	rel2, err := d.Save(ev, []byte("jpeg-2"))
	if err != nil || rel2 != "12/20261205-153012_整改前后照片-2.jpg" {
		t.Fatalf("second save %q, %v", rel2, err)
	}
	for rel, want := range map[string]string{rel: "jpeg-1", rel2: "jpeg-2"} {
		path, err := d.Path(rel)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil || string(data) != want {
			t.Errorf("%s holds %q, %v", rel, data, err)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", rel, fi.Mode().Perm())
		}
	}
	for _, dir := range []string{root, filepath.Join(root, "12")} {
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s mode %v, %v, want 0700", dir, fi.Mode().Perm(), err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(root, "12"))
	if len(entries) != 2 {
		t.Errorf("folder holds %d files (temporary ones left?)", len(entries))
	}
	if err := d.Remove(rel2); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "12", "20261205-153012_整改前后照片-2.jpg")); !os.IsNotExist(err) {
		t.Errorf("removed copy still there: %v", err)
	}
	for _, bad := range []string{"", "../x", "/etc/passwd", "12/../../x"} {
		if _, err := d.Path(bad); err == nil {
			t.Errorf("Path(%q) accepted", bad)
		}
	}
}

// Copies saved at once under the same name all survive.
func TestSaveConcurrently(t *testing.T) {
	d := New(t.TempDir(), shanghai)
	ev := piece(duban.AttachPhoto, "", "", "现场照片")
	var wg sync.WaitGroup
	names := make([]string, 8)
	for i := range names {
		wg.Go(func() {
			rel, err := d.Save(ev, []byte(fmt.Sprint(i)))
			if err != nil {
				t.Error(err)
			}
			names[i] = rel
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
	}
	if len(seen) != len(names) {
		t.Errorf("names %v", names)
	}
}
