package duban

import "time"

// The kinds of file a message can carry, as Telegram tells them apart.
const (
	AttachPhoto    = "photo"
	AttachVideo    = "video"
	AttachDocument = "document"
)

// Attachment is the file a message carries: a photo (the largest size
// Telegram offers), a video or a document (any file sent as such).
type Attachment struct {
	Kind string // AttachPhoto, AttachVideo or AttachDocument
	// FileID fetches or sends the file again; it is the bot's own and may
	// change over time. UniqueID stays the same for the same file.
	FileID   string
	UniqueID string
	Name     string // the file's name; empty for photos and many videos
	Size     int64  // bytes, 0 when Telegram does not say
	MimeType string
	// Album is the id Telegram gives the photos and videos sent together
	// (media_group_id), whose caption only one of them carries; "" alone.
	Album string
}

// ValidKind reports whether kind is one of the attachment kinds.
func ValidKind(kind string) bool {
	return kind == AttachPhoto || kind == AttachVideo || kind == AttachDocument
}

// Evidence is one piece of 佐证材料: a photo, video or document attached to
// an item to prove the work, with who sent it, when, where and what it says.
type Evidence struct {
	ID         int64
	ItemID     int64
	ItemNumber int
	// Seq is its place among the item's evidence, from 1, oldest first:
	// "/evidence 12 3" names the third.
	Seq int
	Attachment
	Caption   string // the words sent with it, without the item reference
	ChatID    int64
	MessageID int
	UserID    int64
	UserName  string
	CreatedAt time.Time
	// LocalPath is the local copy's path under evidence.dir, "" when none
	// was kept; LocalSize is its size in bytes.
	LocalPath string
	LocalSize int64
}

// MaxCaptionRunes bounds the words kept with a piece of evidence; Telegram
// allows 1024 characters in a caption.
const MaxCaptionRunes = 2000

// RemoteFile is a file Telegram holds already, sent again by its file id
// (a piece of evidence sent back with /evidence).
type RemoteFile struct {
	Kind   string // AttachPhoto, AttachVideo or AttachDocument: how it is sent
	FileID string
	Name   string // shown where the file itself cannot be (the console)
}
