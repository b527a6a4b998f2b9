package corpus

import "errors"

// ErrStoreLost is returned when a data directory's database is missing,
// empty or truncated while its originals (blobs) or its search index are
// still there: opening it would start an empty corpus and wipe the index
// to match, so the store refuses and points to `planmine recover`.
var ErrStoreLost = errors.New("数据库丢失 (store lost)")

// ErrStoreDamaged is returned when the database fails its integrity check
// at open (damaged pages): serving it would answer "database disk image is
// malformed" on the first query that touches the damage.
var ErrStoreDamaged = errors.New("数据库已损坏 (store damaged)")
