-- Where each item stands (issue: milestones, 序时进度, lights, extensions,
-- report compliance, the briefing as of the month's end).
--
-- Milestones (节点) are kept on the item as a JSON array, so that every
-- change of them is an item change with its before and after in the audit
-- trail, from which the item's state at any past moment is computed.
ALTER TABLE items ADD COLUMN start TEXT;                                 -- YYYY-MM-DD: its own start of work, or NULL
ALTER TABLE items ADD COLUMN original_deadline TEXT;                     -- the plan's deadline, once moved
ALTER TABLE items ADD COLUMN original_deadline_text TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN milestones TEXT NOT NULL DEFAULT '';        -- JSON array of duban.Milestone
ALTER TABLE items ADD COLUMN done_at INTEGER;                            -- when it was closed (销号)

-- Items closed before: closed when the report that closed them was made,
-- else when they were last changed.
UPDATE items SET done_at = COALESCE(
	(SELECT MAX(created_at) FROM progress r WHERE r.item_id = items.id AND r.done = 1), updated_at)
	WHERE status = 'done';

-- Extension requests (延期申请): a new deadline asked for with a reason;
-- an admin approves or refuses it.
CREATE TABLE extensions (
	id           INTEGER PRIMARY KEY,
	item_id      INTEGER NOT NULL REFERENCES items (id),
	chat_id      INTEGER NOT NULL,
	user_id      INTEGER NOT NULL,
	user_name    TEXT    NOT NULL DEFAULT '',
	deadline     TEXT    NOT NULL,              -- asked for, YYYY-MM-DD
	deadline_text TEXT   NOT NULL DEFAULT '',
	reason       TEXT    NOT NULL DEFAULT '',
	old_deadline TEXT,                          -- the deadline when asked
	late         INTEGER NOT NULL DEFAULT 0,    -- asked after the deadline had passed
	state        TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'refused')),
	decided_by   INTEGER,
	decided_at   INTEGER,
	created_at   INTEGER NOT NULL
);

CREATE INDEX extensions_item ON extensions (item_id, id);
CREATE INDEX extensions_decided ON extensions (decided_at) WHERE state = 'approved';
CREATE INDEX progress_item_created ON progress (item_id, created_at);
