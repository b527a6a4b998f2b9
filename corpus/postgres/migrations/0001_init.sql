-- The planmine corpus on PostgreSQL: the same tables as corpus/sqlite, plus
-- the originals' bytes and a change log for the replicas.
--
-- Sorting and matching follow SQLite's: every text column that is sorted,
-- compared or matched is COLLATE "C" (byte order, as SQLite's BINARY and
-- Go's string comparison), whatever the database's default collation; the
-- *_folded columns hold fold.Text of their column for substring filters,
-- matched with ILIKE, which under "C" folds ASCII letters only (SQLite's LIKE).
--
-- Citus (optional; nothing here needs it): the per-document tables are keyed
-- by the document id and would be distributed on it, colocated —
--   SELECT create_distributed_table('documents', 'id');
--   SELECT create_distributed_table('targets', 'doc_id', colocate_with => 'documents');
--   … slogans, people (doc_id) and reuse_pairs (a) the same way;
-- files and originals are keyed by the file's SHA-256 and distributed on it
-- (colocated with each other), which is why documents.file_sha has no
-- foreign key and the store reads a document's file in a second query;
-- changes and schema_migrations are small coordinator tables (reference
-- tables). Every primary key includes its table's distribution column, and
-- the only foreign keys are colocated ones (document id → documents).

CREATE TABLE files (
    sha256     text COLLATE "C" PRIMARY KEY,
    name       text NOT NULL,
    size       bigint NOT NULL,
    created_at timestamptz NOT NULL
);

-- The original bytes, content-addressed: written with ON CONFLICT DO NOTHING,
-- so writers of the same file on several replicas store it once.
CREATE TABLE originals (
    sha256 text COLLATE "C" PRIMARY KEY,
    data   bytea NOT NULL
);

CREATE TABLE documents (
    id            text COLLATE "C" PRIMARY KEY,
    file_sha      text COLLATE "C" NOT NULL,
    part          integer NOT NULL,
    source        text NOT NULL,
    title         text COLLATE "C" NOT NULL,
    title_folded  text COLLATE "C" NOT NULL,
    doc_type      text COLLATE "C" NOT NULL,
    year          integer,
    org           text,
    org_folded    text COLLATE "C",
    date          text,
    script        text NOT NULL,
    text          text NOT NULL,
    text_folded   text COLLATE "C" NOT NULL,
    analysis_json bytea NOT NULL, -- doc.Document as JSON without its text
    reuse_score   double precision NOT NULL DEFAULT 0,
    reuse_json    bytea,
    reuse_cover   bytea,
    placeholders  integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL
);
CREATE INDEX documents_file ON documents(file_sha, part);
CREATE INDEX documents_type_year ON documents(doc_type, year);
CREATE INDEX documents_reuse ON documents(reuse_score);
CREATE INDEX documents_created ON documents(created_at, id);

CREATE TABLE targets (
    doc_id        text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord           integer NOT NULL,
    metric        text NOT NULL,
    metric_folded text COLLATE "C" NOT NULL,
    cmp           text COLLATE "C" NOT NULL,
    value         double precision NOT NULL,
    value_max     double precision,
    unit          text COLLATE "C" NOT NULL,
    period        text COLLATE "C",
    deadline      text,
    kind          text COLLATE "C" NOT NULL,
    section       text NOT NULL, -- JSON array of heading titles
    clause        text NOT NULL,
    start         integer NOT NULL,
    "end"         integer NOT NULL,
    PRIMARY KEY (doc_id, ord)
);
CREATE INDEX targets_value ON targets(value);
CREATE INDEX targets_unit ON targets(unit);

CREATE TABLE slogans (
    doc_id text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord    integer NOT NULL,
    text   text NOT NULL,
    folded text COLLATE "C" NOT NULL,
    kind   text COLLATE "C" NOT NULL,
    count  integer NOT NULL,
    PRIMARY KEY (doc_id, ord)
);
CREATE INDEX slogans_folded ON slogans(folded);

CREATE TABLE people (
    doc_id text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord    integer NOT NULL,
    role   text NOT NULL,
    name   text NOT NULL,
    PRIMARY KEY (doc_id, ord)
);

-- Reuse pairs as the reuse engine reports them; a < b. Only a has a foreign
-- key (colocated with documents); the store checks b and deletes b's rows.
CREATE TABLE reuse_pairs (
    a             text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    b             text COLLATE "C" NOT NULL,
    score         double precision NOT NULL,
    passages_json bytea,
    PRIMARY KEY (a, b)
);
CREATE INDEX reuse_pairs_b ON reuse_pairs(b);
CREATE INDEX reuse_pairs_score ON reuse_pairs(score DESC, a, b);

-- The change log the replicas replay into their derived indexes: one row per
-- document put, deleted or given new reuse results (doc_id NULL: every
-- document's, ReplaceReuse), written in the transaction of the change, in
-- commit order (see logChanges), and announced by
-- pg_notify('planmine_changes', seq).
CREATE TABLE changes (
    seq    bigserial PRIMARY KEY,
    doc_id text COLLATE "C",
    op     text NOT NULL CHECK (op IN ('put', 'delete', 'reuse')),
    at     timestamptz NOT NULL DEFAULT now()
);
