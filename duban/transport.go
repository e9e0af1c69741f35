package duban

import "time"

// InboxUpdate is a Telegram update as received, kept in the inbox until it
// is handled.
type InboxUpdate struct {
	ID     int64  // Telegram's update_id
	ChatID int64  // the chat whose order it follows; 0 when it has none
	Raw    []byte // the update's JSON as received
}

// OutboxMessage is one pending scheduled message, as the sender reads it.
type OutboxMessage struct {
	ID  int64
	Run string // job:chat:period that wrote it
	// Msg is the message to send. When it carries a file, Msg.File has the
	// name only; OutboxFile loads the data when the message is sent, so
	// that a batch of ledgers does not sit in memory.
	Msg       Outgoing
	FileID    int64 // 0 when there is no file
	Attempts  int   // failed attempts so far
	NextAt    time.Time
	CreatedAt time.Time
}

// OutboxStats describes the outbox for health checks and metrics.
type OutboxStats struct {
	Pending int           // messages waiting to be sent
	Dead    int           // messages given up on
	Oldest  time.Duration // age of the oldest pending message, 0 when none
}
