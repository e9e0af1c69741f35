-- audit records every change with who, when, before and after: imports,
-- edits, progress reports, closing, deletes, bindings, settings and
-- department registrations. before/after are JSON snapshots (NULL when the
-- thing did not exist before, or no longer exists after).
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	user_id   INTEGER NOT NULL DEFAULT 0,
	user_name TEXT    NOT NULL DEFAULT '',
	chat_id   INTEGER NOT NULL DEFAULT 0,
	via       TEXT    NOT NULL DEFAULT '',  -- telegram, console, cli, scheduler
	action    TEXT    NOT NULL,
	item_id   INTEGER,                      -- the item it is about, if any
	subject   TEXT    NOT NULL DEFAULT '',  -- what else it is about: a plan, a chat
	before    TEXT,
	after     TEXT
);

CREATE INDEX audit_item ON audit (item_id, id) WHERE item_id IS NOT NULL;
CREATE INDEX audit_at ON audit (at);
