-- Plans, items, progress reports, chats, users and members.
-- Instants are INTEGER unix milliseconds (UTC); dates are TEXT 'YYYY-MM-DD'.

CREATE TABLE plans (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL UNIQUE,
	year       INTEGER NOT NULL,
	source     TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
);

CREATE TABLE items (
	id             INTEGER PRIMARY KEY,
	plan_id        INTEGER NOT NULL REFERENCES plans (id),
	number         INTEGER NOT NULL UNIQUE,
	code           TEXT    NOT NULL DEFAULT '',
	parent_id      INTEGER REFERENCES items (id),
	top_id         INTEGER REFERENCES items (id), -- top-level section, NULL for top-level nodes
	kind           TEXT    NOT NULL DEFAULT 'task' CHECK (kind IN ('section', 'task')),
	title          TEXT    NOT NULL,
	body           TEXT    NOT NULL DEFAULT '',
	owner          TEXT    NOT NULL DEFAULT '',
	partners       TEXT    NOT NULL DEFAULT '', -- joined with '、'
	deadline       TEXT,                        -- YYYY-MM-DD or NULL
	deadline_text  TEXT    NOT NULL DEFAULT '',
	target         TEXT    NOT NULL DEFAULT '',
	status         TEXT    NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done', 'cancelled')),
	percent        INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
	position       INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL,
	last_report_at INTEGER,
	deleted_at     INTEGER
);

-- Open tasks by deadline: /due and /overdue read a range of this index.
CREATE INDEX items_open_deadline ON items (deadline, owner)
	WHERE status IN ('todo', 'doing') AND deleted_at IS NULL AND kind = 'task' AND deadline IS NOT NULL;
CREATE INDEX items_owner ON items (owner, status, deadline) WHERE deleted_at IS NULL;
CREATE INDEX items_plan ON items (plan_id, position);
CREATE INDEX items_parent ON items (parent_id);
CREATE INDEX items_top ON items (top_id);

-- owners lists the distinct owner names with their item counts, kept by
-- triggers, so that "督导" finds "督导室" without scanning every item.
CREATE TABLE owners (
	name TEXT    PRIMARY KEY,
	n    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER items_owner_insert AFTER INSERT ON items
WHEN NEW.owner <> '' AND NEW.deleted_at IS NULL
BEGIN
	INSERT INTO owners (name, n) VALUES (NEW.owner, 1)
		ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER items_owner_update AFTER UPDATE OF owner, deleted_at ON items
WHEN NEW.owner IS NOT OLD.owner OR NEW.deleted_at IS NOT OLD.deleted_at
BEGIN
	UPDATE owners SET n = n - 1 WHERE name = OLD.owner AND OLD.deleted_at IS NULL;
	DELETE FROM owners WHERE name = OLD.owner AND n <= 0;
	INSERT INTO owners (name, n) SELECT NEW.owner, 1 WHERE NEW.owner <> '' AND NEW.deleted_at IS NULL
		ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;

CREATE TABLE progress (
	id         INTEGER PRIMARY KEY,
	item_id    INTEGER NOT NULL REFERENCES items (id),
	chat_id    INTEGER NOT NULL,
	user_id    INTEGER NOT NULL,
	user_name  TEXT    NOT NULL DEFAULT '',
	text       TEXT    NOT NULL,
	percent    INTEGER CHECK (percent BETWEEN 0 AND 100),
	done       INTEGER NOT NULL DEFAULT 0,
	update_id  INTEGER UNIQUE, -- the Telegram update that carried it: a redelivery records nothing new
	created_at INTEGER NOT NULL
);

CREATE INDEX progress_item ON progress (item_id, id);
CREATE INDEX progress_created ON progress (created_at);

-- Full-text search over CJK bigrams (see search.go). FTS4 is compiled into
-- mattn/go-sqlite3 by default; FTS5 would need a build tag.
CREATE VIRTUAL TABLE items_fts USING fts4 (tokens, tokenize=simple);
CREATE VIRTUAL TABLE progress_fts USING fts4 (tokens, tokenize=simple);

CREATE TABLE chats (
	id         INTEGER PRIMARY KEY,
	type       TEXT    NOT NULL DEFAULT '',
	title      TEXT    NOT NULL DEFAULT '',
	served     INTEGER NOT NULL DEFAULT 0,
	bound_by   INTEGER NOT NULL DEFAULT 0,
	bound_at   INTEGER,
	paused     INTEGER NOT NULL DEFAULT 0,
	settings   TEXT    NOT NULL DEFAULT '{}',
	updated_at INTEGER NOT NULL
);

CREATE TABLE users (
	id          INTEGER PRIMARY KEY,
	name        TEXT    NOT NULL DEFAULT '',
	username    TEXT    NOT NULL DEFAULT '',
	seen_served INTEGER NOT NULL DEFAULT 0,
	last_seen   INTEGER NOT NULL
);

CREATE TABLE members (
	chat_id    INTEGER NOT NULL,
	user_id    INTEGER NOT NULL,
	name       TEXT    NOT NULL DEFAULT '',
	username   TEXT    NOT NULL DEFAULT '',
	department TEXT    NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (chat_id, user_id)
);

CREATE INDEX members_department ON members (chat_id, department);
