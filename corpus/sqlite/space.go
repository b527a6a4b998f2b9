package sqlite

import (
	"errors"
	"fmt"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/planmine/planmine/corpus"
)

// noSpace wraps err with corpus.ErrNoSpace when it says the disk is full:
// ENOSPC from writing a blob, or SQLITE_FULL from SQLite (its unix VFS
// turns a short write with ENOSPC into SQLITE_FULL).
func noSpace(err error) error {
	if err == nil || errors.Is(err, corpus.ErrNoSpace) {
		return err
	}
	var se *sqlite.Error
	if errors.Is(err, syscall.ENOSPC) || (errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_FULL) {
		return fmt.Errorf("%w: %w", corpus.ErrNoSpace, err)
	}
	return err
}
