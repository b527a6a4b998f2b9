-- A document's reuse results get a narrow table of their own. Each batch of
-- new documents changes the score and cover of thousands of older ones, and
-- SQLite rewrites a whole row on any UPDATE: a documents row carries the
-- text twice and the analysis JSON, so at 10,000 documents those updates,
-- reading the rows' overflow pages back from the file, were the largest
-- part of an ingest after the search index.
CREATE TABLE reuse_state (
    id    TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    score REAL NOT NULL DEFAULT 0,
    cover BLOB, -- NULL until the document is aligned (see 0002)
    json  BLOB  -- legacy pairs JSON (SetReuse)
);
INSERT INTO reuse_state(id, score, cover, json) SELECT id, reuse_score, reuse_cover, reuse_json FROM documents;
CREATE INDEX reuse_state_score ON reuse_state(score);
DROP INDEX documents_reuse;
ALTER TABLE documents DROP COLUMN reuse_score;
ALTER TABLE documents DROP COLUMN reuse_cover;
ALTER TABLE documents DROP COLUMN reuse_json;
