-- Original files, keyed by the SHA-256 of their bytes. The bytes live in the
-- content-addressed blob folder (blobs/ab/abcdef…), not in this table.
CREATE TABLE files (
    sha256     TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE documents (
    id               TEXT PRIMARY KEY,
    file_sha         TEXT NOT NULL REFERENCES files(sha256) ON DELETE CASCADE,
    part             INTEGER NOT NULL,
    source           TEXT NOT NULL,
    title            TEXT NOT NULL,
    title_folded     TEXT NOT NULL,
    doc_type         TEXT NOT NULL,
    year             INTEGER,
    org              TEXT,
    org_folded       TEXT,
    date             TEXT,
    script           TEXT NOT NULL,
    text             TEXT NOT NULL,
    text_folded      TEXT NOT NULL,
    analysis_json    BLOB NOT NULL,
    reuse_score      REAL NOT NULL DEFAULT 0,
    reuse_json       BLOB,
    has_placeholders INTEGER NOT NULL DEFAULT 0,
    placeholders     INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    UNIQUE (file_sha, part)
);
CREATE INDEX documents_type_year ON documents(doc_type, year);
CREATE INDEX documents_reuse ON documents(reuse_score);
CREATE INDEX documents_created ON documents(created_at);

CREATE TABLE targets (
    doc_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord           INTEGER NOT NULL,
    metric        TEXT NOT NULL,
    metric_folded TEXT NOT NULL,
    cmp           TEXT NOT NULL,
    value         REAL NOT NULL,
    value_max     REAL,
    unit          TEXT NOT NULL,
    period        TEXT,
    deadline      TEXT,
    kind          TEXT NOT NULL,
    section       TEXT NOT NULL, -- JSON array of heading titles
    clause        TEXT NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ord)
);
CREATE INDEX targets_value ON targets(value);
CREATE INDEX targets_unit ON targets(unit);

CREATE TABLE slogans (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text   TEXT NOT NULL,
    folded TEXT NOT NULL,
    kind   TEXT NOT NULL,
    count  INTEGER NOT NULL
);
CREATE INDEX slogans_doc ON slogans(doc_id);
CREATE INDEX slogans_folded ON slogans(folded);

CREATE TABLE people (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    role   TEXT NOT NULL,
    name   TEXT NOT NULL
);
CREATE INDEX people_doc ON people(doc_id);

-- Reuse pairs as the reuse engine reports them; a < b.
CREATE TABLE reuse_pairs (
    a             TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    b             TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    score         REAL NOT NULL,
    passages_json BLOB,
    PRIMARY KEY (a, b)
);
CREATE INDEX reuse_pairs_b ON reuse_pairs(b);
