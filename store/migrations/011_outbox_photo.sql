-- An outbox attachment may be a photo (the monthly briefing's chart),
-- sent with sendPhoto and shown inline, rather than a document.
ALTER TABLE outbox ADD COLUMN photo INTEGER NOT NULL DEFAULT 0;
