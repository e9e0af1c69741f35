-- Reports can be withdrawn (/undo), and partner units (配合单位) looked up.

-- Each report keeps the item's status and percent from just before it, so
-- that withdrawing it can put the item back; note marks a report saying
-- that work has not started, which does not start the item.
ALTER TABLE progress ADD COLUMN before_status TEXT;
ALTER TABLE progress ADD COLUMN before_percent INTEGER;
ALTER TABLE progress ADD COLUMN note INTEGER NOT NULL DEFAULT 0;

-- Earlier reports: the state before each is in the audit entry it wrote.
UPDATE progress SET (before_status, before_percent) = (
	SELECT json_extract(a.before, '$.status'), json_extract(a.before, '$.percent')
	FROM audit a
	WHERE a.item_id = progress.item_id AND a.action IN ('progress', 'done') AND a.at >= progress.created_at
		AND COALESCE(json_extract(a.after, '$.report'), '') = progress.text
	ORDER BY a.at, a.id LIMIT 1);

-- A withdrawn report leaves progress (and with it every list, search,
-- summary and ledger) and is kept here as it was; the audit trail has a
-- "withdraw" entry for it.
CREATE TABLE withdrawn_progress (
	id                INTEGER PRIMARY KEY, -- the report's own id
	item_id           INTEGER NOT NULL,
	chat_id           INTEGER NOT NULL,
	user_id           INTEGER NOT NULL,
	user_name         TEXT    NOT NULL DEFAULT '',
	text              TEXT    NOT NULL,
	percent           INTEGER,
	done              INTEGER NOT NULL DEFAULT 0,
	note              INTEGER NOT NULL DEFAULT 0,
	update_id         INTEGER,
	created_at        INTEGER NOT NULL,
	withdrawn_at      INTEGER NOT NULL,
	withdrawn_by      INTEGER NOT NULL DEFAULT 0,
	withdrawn_by_name TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX withdrawn_progress_update ON withdrawn_progress (update_id) WHERE update_id IS NOT NULL;

-- Reports by their author, newest first: /undo finds someone's last one.
CREATE INDEX progress_user ON progress (user_id, created_at);

-- Done tasks, for the counts of /count: open ones are in items_owner_open.
CREATE INDEX items_done ON items (plan_id) WHERE status = 'done' AND deleted_at IS NULL AND kind = 'task';

-- item_partners lists the partner units of each live item, one row each,
-- written with the item (store/search.go indexItem); partner_names counts
-- them, as owners counts lead units, so that "交警" finds "县交警大队".
CREATE TABLE item_partners (
	name    TEXT    NOT NULL,
	item_id INTEGER NOT NULL REFERENCES items (id),
	PRIMARY KEY (name, item_id)
) WITHOUT ROWID;

CREATE INDEX item_partners_item ON item_partners (item_id);

-- Open tasks by id, small and covering: a partner's open tasks are found
-- by probing it with the partner's item ids (store/partner.go). On 100,000
-- items "督导室" supports 3,662, 305 of them open: probing this index
-- instead of the table rows takes the list from about 4 ms to 0.7 ms.
CREATE INDEX items_open_id ON items (id, deadline, number)
	WHERE status IN ('todo', 'doing') AND deleted_at IS NULL AND kind = 'task';

CREATE TABLE partner_names (
	name TEXT    PRIMARY KEY,
	n    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER item_partners_insert AFTER INSERT ON item_partners
BEGIN
	INSERT INTO partner_names (name, n) VALUES (NEW.name, 1)
		ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER item_partners_delete AFTER DELETE ON item_partners
BEGIN
	UPDATE partner_names SET n = n - 1 WHERE name = OLD.name;
	DELETE FROM partner_names WHERE name = OLD.name AND n <= 0;
END;

-- A deleted item no longer counts as anyone's task.
CREATE TRIGGER items_partners_deleted AFTER UPDATE OF deleted_at ON items
WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL
BEGIN
	DELETE FROM item_partners WHERE item_id = NEW.id;
END;

-- The partners of the items there are now, split on '、' as they are stored.
INSERT OR IGNORE INTO item_partners (name, item_id)
	WITH RECURSIVE split (item_id, name, rest) AS (
		SELECT id, '', partners || '、' FROM items WHERE partners <> '' AND deleted_at IS NULL
		UNION ALL
		SELECT item_id, trim(substr(rest, 1, instr(rest, '、') - 1)), substr(rest, instr(rest, '、') + 1)
		FROM split WHERE rest <> ''
	)
	SELECT name, item_id FROM split WHERE name <> '';
