-- Pages of reuse pairs, best first (GET /reuse/pairs), and their count are
-- read from this index alone instead of scanning every pair row with its
-- passages JSON.
CREATE INDEX IF NOT EXISTS reuse_pairs_score ON reuse_pairs(score DESC, a, b);
