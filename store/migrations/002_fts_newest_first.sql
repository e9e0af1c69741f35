-- Keep the full-text doclists newest first (FTS4 order=DESC). Chat replies
-- show the newest matching reports and items and stop counting at a cap;
-- with doclists in descending docid order SQLite reads them incrementally
-- from the newest end, so "/search 安全" over a million reports reads a
-- few pages instead of decoding every match (measured: ~15 ms -> ~0.3 ms).
-- The indexed token strings are carried over as they are.

CREATE VIRTUAL TABLE items_fts_desc USING fts4 (tokens, tokenize=simple, order=DESC);
INSERT INTO items_fts_desc (docid, tokens) SELECT docid, tokens FROM items_fts;
DROP TABLE items_fts;
ALTER TABLE items_fts_desc RENAME TO items_fts;

CREATE VIRTUAL TABLE progress_fts_desc USING fts4 (tokens, tokenize=simple, order=DESC);
INSERT INTO progress_fts_desc (docid, tokens) SELECT docid, tokens FROM progress_fts;
DROP TABLE progress_fts;
ALTER TABLE progress_fts_desc RENAME TO progress_fts;
