-- Evidence (佐证材料): photos, videos and documents attached to items. The
-- file stays in Telegram (file_id sends it again); local_path is the copy
-- kept under evidence.dir, '' when none. A redelivered update records
-- nothing new (update_id), nor does the same file sent twice for one item
-- (unique_id, which Telegram keeps for the same file).
CREATE TABLE evidence (
	id         INTEGER PRIMARY KEY,
	item_id    INTEGER NOT NULL REFERENCES items (id),
	kind       TEXT    NOT NULL CHECK (kind IN ('photo', 'video', 'document')),
	file_id    TEXT    NOT NULL,
	unique_id  TEXT    NOT NULL,
	name       TEXT    NOT NULL DEFAULT '',
	size       INTEGER NOT NULL DEFAULT 0,
	mime       TEXT    NOT NULL DEFAULT '',
	caption    TEXT    NOT NULL DEFAULT '',
	chat_id    INTEGER NOT NULL,
	message_id INTEGER NOT NULL DEFAULT 0,
	user_id    INTEGER NOT NULL,
	user_name  TEXT    NOT NULL DEFAULT '',
	update_id  INTEGER UNIQUE,
	local_path TEXT    NOT NULL DEFAULT '',
	local_size INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	UNIQUE (item_id, unique_id)
);

CREATE INDEX evidence_item ON evidence (item_id, id);
