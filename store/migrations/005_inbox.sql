-- The inbox keeps every Telegram update from the moment it is received
-- until it is handled (see store/inbox.go): the poller writes a batch here
-- before the next getUpdates confirms it to Telegram, so a crash loses
-- nothing; at start the pending rows are handled first, in update order.
CREATE TABLE inbox (
	update_id   INTEGER PRIMARY KEY,
	chat_id     INTEGER NOT NULL,           -- the chat that orders its handling; 0 when none
	raw         TEXT    NOT NULL,           -- the update's JSON as Telegram sent it
	received_at INTEGER NOT NULL,
	done_at     INTEGER                     -- NULL while pending
);

CREATE INDEX inbox_pending ON inbox (update_id) WHERE done_at IS NULL;
CREATE INDEX inbox_done ON inbox (done_at) WHERE done_at IS NOT NULL;
