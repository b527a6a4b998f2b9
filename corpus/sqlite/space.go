package sqlite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
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

// dropBlobIfFull removes the blob (and sidecar) of a file Put refused because the disk
// is full, so the refused file leaves nothing behind and its bytes are free
// again. Other failures keep the old rule (at most an orphan blob, reused
// by the next Put of the same bytes): a failed commit other than
// SQLITE_FULL may still be in the WAL. It runs under db.mu, and Put writes
// a blob only when no row refers to its hash, so no stored file loses its
// original.
//
// A store being rebuilt from its originals (recover, restore) never drops
// one: there the blob and its sidecar are the only copy.
func (db *DB) dropBlobIfFull(sha string, err error) {
	if db.restore || err == nil || !errors.Is(noSpace(err), corpus.ErrNoSpace) {
		return
	}
	removed := os.Remove(db.blobPath(sha)) == nil
	removed = os.Remove(metaPath(db.blobs, sha)) == nil || removed
	if removed {
		_ = syncDir(filepath.Dir(db.blobPath(sha)))
	}
}
