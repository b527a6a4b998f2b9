-- Upload jobs shared by the replicas: any replica's worker claims a queued
-- job (or one whose lease expired: its replica died) with
-- SELECT … FOR UPDATE SKIP LOCKED, writes its progress as files finish and
-- extends its lease while it runs; every replica answers its status.
CREATE TABLE jobs (
    id          text COLLATE "C" PRIMARY KEY,
    state       text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    total       integer NOT NULL,
    done        integer NOT NULL DEFAULT 0,
    failed      integer NOT NULL DEFAULT 0,
    results     jsonb NOT NULL DEFAULT '[]', -- the results so far, in upload order
    created_ids text[] NOT NULL DEFAULT '{}', -- documents stored by any attempt
    owner       text,
    lease_until timestamptz,
    lease_secs  double precision NOT NULL DEFAULT 0,
    attempt     integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_claim ON jobs(created_at, id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_finished ON jobs(updated_at) WHERE state IN ('done', 'failed');

-- The uploaded files' bytes, apart from the job row that every progress
-- report rewrites; dropped when the job finishes.
CREATE TABLE job_files (
    job_id    text COLLATE "C" NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    ord       integer NOT NULL,
    name      text NOT NULL,
    data      bytea NOT NULL,
    too_large boolean NOT NULL DEFAULT false,
    PRIMARY KEY (job_id, ord)
);
