-- Access (see package access): plan admins granted in chat, the groups
-- each user was seen writing in (private chats follow that membership),
-- and how many times each inbox update was taken in hand, so that an
-- update that crashed the process twice is skipped, not replayed forever.
CREATE TABLE grants (
	user_id    INTEGER PRIMARY KEY,
	granted_by INTEGER NOT NULL,
	granted_at INTEGER NOT NULL
);

CREATE TABLE user_chats (
	user_id INTEGER NOT NULL,
	chat_id INTEGER NOT NULL,
	seen_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, chat_id)
) WITHOUT ROWID;

-- Registered members were seen in their groups.
INSERT OR IGNORE INTO user_chats (user_id, chat_id, seen_at)
	SELECT user_id, chat_id, updated_at FROM members;

ALTER TABLE inbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
