package duban

import (
	"context"
	"fmt"
	"time"
)

// Chat types, as Telegram names them.
const (
	ChatPrivate    = "private"
	ChatGroup      = "group"
	ChatSupergroup = "supergroup"
)

// Message is one incoming message or button press, reduced to what the
// handlers need. The bot adapter builds it from a Telegram update; the
// terminal console builds it from a line of input.
type Message struct {
	UpdateID  int64
	ChatID    int64
	ChatType  string
	ChatTitle string
	MessageID int
	UserID    int64
	UserName  string // display name: first + last name
	Username  string // @handle without the @, may be empty
	Text      string // text, or the caption of a document
	Time      time.Time

	// ReplyTo is the message this one answers, when it is a reply.
	ReplyTo *Reply
	// Document is an attached file, or the file of the replied-to message.
	Document *Document
	// Attachment is the photo, video or document the message itself
	// carries (evidence), nil when none.
	Attachment *Attachment
	// Callback is set when the update is a button press.
	Callback *Callback
	// SenderChatID is the chat a message was posted on behalf of: the
	// group itself for an anonymous group admin, 0 for a person.
	SenderChatID int64
	// Member is set when the update reports a change of someone's
	// standing in the chat (joined, left, promoted, demoted).
	Member *MemberChange
	// Edited is set when the update is a new version of message
	// MessageID, edited by its author: a report it recorded is corrected.
	Edited bool
}

// IsGroup reports whether the message came from a group chat.
func (m Message) IsGroup() bool { return m.ChatType == ChatGroup || m.ChatType == ChatSupergroup }

// Reply is what is known of a replied-to message.
type Reply struct {
	MessageID int
	FromBot   bool // written by this bot
	Text      string
	// The author of the replied-to message (0 when unknown): an admin
	// replying "/iam 督导室" to someone registers that person.
	UserID   int64
	UserName string
	Username string
	// Attachment is the replied-to message's photo, video or document.
	Attachment *Attachment
}

// Document is a file sent to the bot.
type Document struct {
	FileID   string
	FileName string
	Size     int64
	MimeType string
}

// Callback is a press of an inline button.
type Callback struct {
	ID   string
	Data string
}

// Outgoing is one message to send.
type Outgoing struct {
	ChatID  int64
	Text    string // HTML; user-supplied strings already escaped
	ReplyTo int    // message id to reply to, 0 for none
	Buttons [][]Button
	File    *File // uploaded with Text as caption when set: a document, or a photo (File.Photo)
	// Remote is a file Telegram holds, sent by its file id with Text as
	// caption when set (and File is not).
	Remote *RemoteFile
}

// Button is an inline keyboard button.
type Button struct {
	Text string
	Data string
}

// File is an attachment to send.
type File struct {
	Name string
	Data []byte
	// Photo sends the file as a photo, which Telegram shows inline in the
	// chat (a chart), rather than as a document to open. Telegram takes
	// JPEG and PNG photos up to 10 MB, width plus height at most 10,000
	// pixels.
	Photo bool
}

// Sender delivers outgoing messages. The Telegram adapter and the terminal
// console implement it; handlers and the scheduler write through it.
type Sender interface {
	// Send delivers m and returns the id of the (first) message sent.
	Send(ctx context.Context, m Outgoing) (int, error)
}

// Delivery errors a Sender returns so that callers can decide without
// knowing the transport.

// RetryAfterError says the transport asked to wait before sending again (429).
type RetryAfterError struct{ After time.Duration }

// Error implements error.
func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("too many requests: retry after %s", e.After)
}

// ChatGoneError says the chat can no longer be written to (the bot was
// removed or blocked, the chat was deleted): stop sending there.
type ChatGoneError struct{ Reason string }

// Error implements error.
func (e *ChatGoneError) Error() string { return "chat gone: " + e.Reason }

// ChatMigratedError says a group became a supergroup with a new id.
type ChatMigratedError struct{ NewChatID int64 }

// Error implements error.
func (e *ChatMigratedError) Error() string { return fmt.Sprintf("chat migrated to %d", e.NewChatID) }

// PermanentError says the message itself was refused (a bad request):
// sending it again will not help.
type PermanentError struct{ Reason string }

// Error implements error.
func (e *PermanentError) Error() string { return "message refused: " + e.Reason }
