package evidence

import (
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/duban-bot/duban/duban"
)

// Bounds of the names made here, in bytes: file systems allow 255 for a
// name, and a Chinese character takes 3.
const (
	maxDescBytes  = 150 // the description in a file name: 50 characters
	maxTitleBytes = 120 // an item's title in a folder name: 40 characters
	maxExtBytes   = 10
)

// FileName is the name a piece of evidence is kept and exported under:
// the time it was sent (in loc), its caption (else its file's name, else
// what it is) and an extension from its file name or type, sanitised:
//
//	20261205-153012_整改前后照片.jpg
func FileName(ev duban.Evidence, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	ext := extension(ev)
	desc := Sanitize(ev.Caption, maxDescBytes)
	if desc == "" {
		desc = Sanitize(strings.TrimSuffix(ev.Name, filepath.Ext(ev.Name)), maxDescBytes)
	}
	if desc == "" {
		desc = kindWords[ev.Kind]
	}
	if desc == "" {
		desc = "佐证材料"
	}
	return ev.CreatedAt.In(loc).Format("20060102-150405") + "_" + desc + ext
}

// kindWords name what a piece is when nothing else does.
var kindWords = map[string]string{duban.AttachPhoto: "照片", duban.AttachVideo: "视频", duban.AttachDocument: "文件"}

// mimeExtensions are the extensions of the types evidence usually has;
// Telegram sends photos as JPEG and most videos as MP4.
var mimeExtensions = map[string]string{
	"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp", "image/heic": ".heic",
	"video/mp4": ".mp4", "video/quicktime": ".mov", "application/pdf": ".pdf",
	"application/msword": ".doc", "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
	"application/vnd.ms-excel": ".xls", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
	"application/zip": ".zip", "text/plain": ".txt",
}

// extension is the file's own extension when it is a plain one, else one
// for its type or kind, else none.
func extension(ev duban.Evidence) string {
	if ext := strings.ToLower(filepath.Ext(ev.Name)); len(ext) > 1 && len(ext) <= maxExtBytes && isPlainExt(ext[1:]) {
		return ext
	}
	if ext, ok := mimeExtensions[strings.ToLower(ev.MimeType)]; ok {
		return ext
	}
	switch ev.Kind {
	case duban.AttachPhoto:
		return ".jpg"
	case duban.AttachVideo:
		return ".mp4"
	}
	return ""
}

func isPlainExt(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// ItemFolder is the export's folder of an item: "#12 开展校园安全隐患排查",
// the title sanitised and shortened.
func ItemFolder(number int, title string) string {
	name := "#" + strconv.Itoa(number)
	if t := Sanitize(title, maxTitleBytes); t != "" {
		name += " " + t
	}
	return name
}

// Sanitize makes s safe as one file or folder name on Linux, macOS and
// Windows, at most maxBytes long (cut on a character): no path separators
// or other characters Windows refuses (replaced by "_"), no "..", no
// control, zero-width or direction characters, runs of spaces made one,
// no dots or spaces at either end (hidden files, Windows). It may return
// "" when nothing is left.
func Sanitize(s string, maxBytes int) string {
	var b strings.Builder
	b.Grow(min(len(s), maxBytes+8))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r) && !unicode.IsSpace(r), isInvisible(r):
			continue // dropped
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case strings.ContainsRune(`/\:*?"<>|`, r):
			r = '_'
		case r == '.' && strings.HasSuffix(b.String(), ".") && !space:
			continue // ".." would name a parent folder
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if b.Len()+utf8.RuneLen(r) > maxBytes {
			break
		}
		b.WriteRune(r)
	}
	return strings.Trim(b.String(), ". ")
}

// isInvisible reports the characters that change how a name reads without
// showing: zero-width ones, direction controls, the byte order mark.
func isInvisible(r rune) bool {
	return r >= '\u200b' && r <= '\u200f' || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' ||
		r == '\ufeff' || r == '\u00ad'
}
