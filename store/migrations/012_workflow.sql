-- The 督办 loop: closing requests reviewed (申请办结 → 销号 / 退回), 分管领导
-- added in chat, every 催办 on record, and 签收 of assigned items.

-- The pending closing request of an item (closings.id), 0 when none: the
-- item shows 待审核 while it is set.
ALTER TABLE items ADD COLUMN review_id INTEGER NOT NULL DEFAULT 0;

CREATE TABLE closings (
	id           INTEGER PRIMARY KEY,
	item_id      INTEGER NOT NULL REFERENCES items (id),
	progress_id  INTEGER NOT NULL DEFAULT 0,
	chat_id      INTEGER NOT NULL DEFAULT 0,
	user_id      INTEGER NOT NULL DEFAULT 0,
	user_name    TEXT    NOT NULL DEFAULT '',
	text         TEXT    NOT NULL DEFAULT '',
	prev_status  TEXT    NOT NULL,
	prev_percent INTEGER NOT NULL,
	state        TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'returned', 'withdrawn')),
	reason       TEXT    NOT NULL DEFAULT '',
	decided_by   INTEGER NOT NULL DEFAULT 0,
	decided_name TEXT    NOT NULL DEFAULT '',
	decided_at   INTEGER,
	reminded_at  INTEGER,
	created_at   INTEGER NOT NULL
);
CREATE INDEX closings_item ON closings (item_id, id);
CREATE INDEX closings_pending ON closings (created_at) WHERE state = 'pending';

-- 分管领导 added with /leader, beside those of the configuration.
CREATE TABLE unit_leaders (
	unit       TEXT    NOT NULL,
	user_id    INTEGER NOT NULL,
	user_name  TEXT    NOT NULL DEFAULT '',
	added_by   INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (unit, user_id)
);

-- Every 催办: an escalation step (once per item, step and deadline: the
-- key) or an admin's /urge (once per item and day: the key is the day).
CREATE TABLE urges (
	id           INTEGER PRIMARY KEY,
	item_id      INTEGER NOT NULL REFERENCES items (id),
	kind         TEXT    NOT NULL,
	key          TEXT    NOT NULL,
	serial       TEXT    NOT NULL DEFAULT '',
	owner        TEXT    NOT NULL DEFAULT '',
	deadline     TEXT,
	days_overdue INTEGER NOT NULL DEFAULT 0,
	by_user      INTEGER NOT NULL DEFAULT 0,
	by_name      TEXT    NOT NULL DEFAULT '',
	note         TEXT    NOT NULL DEFAULT '',
	failed       TEXT    NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	UNIQUE (item_id, kind, key)
);
CREATE INDEX urges_created ON urges (created_at);

-- 签收: an item assigned to a unit (imported, added or given a new lead
-- unit) and when a member of it acknowledged it.
CREATE TABLE assignments (
	id         INTEGER PRIMARY KEY,
	item_id    INTEGER NOT NULL REFERENCES items (id),
	unit       TEXT    NOT NULL,
	batch      INTEGER NOT NULL DEFAULT 0, -- the assignments sent in one message share the first one's id
	chat_id    INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	acked_at   INTEGER,
	acked_by   INTEGER NOT NULL DEFAULT 0,
	acked_name TEXT    NOT NULL DEFAULT '',
	UNIQUE (item_id, unit)
);
CREATE INDEX assignments_open ON assignments (created_at) WHERE acked_at IS NULL;
CREATE INDEX assignments_batch ON assignments (batch);
