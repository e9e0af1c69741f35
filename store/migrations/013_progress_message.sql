-- The Telegram message a report came in, so that editing the message
-- corrects the report (handlers/edit.go). 0 when not known (a button, the
-- console, an import).
ALTER TABLE progress ADD COLUMN message_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE withdrawn_progress ADD COLUMN message_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX progress_message ON progress (chat_id, message_id) WHERE message_id <> 0;
