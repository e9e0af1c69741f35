-- Scheduled jobs and the outbox they write to (see store/outbox.go).
-- A job marks its period done in runs and writes its messages to outbox in
-- one transaction; a sender drains outbox at the pace Telegram allows.

-- runs records that a job ran for a chat in a period ("weekly", -100123,
-- "2026-W48"): a second run of the same period writes nothing.
CREATE TABLE runs (
	job      TEXT    NOT NULL,
	chat_id  INTEGER NOT NULL,
	period   TEXT    NOT NULL,
	messages INTEGER NOT NULL,
	done_at  INTEGER NOT NULL,
	PRIMARY KEY (job, period, chat_id)
) WITHOUT ROWID;

CREATE INDEX runs_chat ON runs (chat_id);
CREATE INDEX runs_done ON runs (done_at);

-- outbox_files holds attachments once however many chats they go to: the
-- monthly ledger is the same file for every group.
CREATE TABLE outbox_files (
	id   INTEGER PRIMARY KEY,
	hash TEXT    NOT NULL UNIQUE, -- sha256 of data, hex
	data BLOB    NOT NULL
);

CREATE TABLE outbox (
	id         INTEGER PRIMARY KEY,
	run        TEXT    NOT NULL, -- job:chat:period, e.g. weekly:-100123:2026-W48
	chat_id    INTEGER NOT NULL,
	text       TEXT    NOT NULL,
	reply_to   INTEGER NOT NULL DEFAULT 0,
	buttons    TEXT    NOT NULL DEFAULT '', -- JSON, '' for none
	file_name  TEXT    NOT NULL DEFAULT '',
	file_id    INTEGER REFERENCES outbox_files (id),
	state      TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead', 'dropped')),
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_at    INTEGER NOT NULL,
	last_error TEXT    NOT NULL DEFAULT '',
	message_id INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	done_at    INTEGER
);

-- The sender reads the head of each chat's queue that is ready to go.
CREATE INDEX outbox_ready ON outbox (next_at, id) WHERE state = 'pending';
CREATE INDEX outbox_chat ON outbox (chat_id, id) WHERE state = 'pending';
CREATE INDEX outbox_done ON outbox (done_at) WHERE state <> 'pending';
