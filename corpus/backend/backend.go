// Package backend opens a corpus from a database URL: the embedded store
// (SQLite and originals in a data directory, "sqlite:DIR" or a bare path)
// or a PostgreSQL database shared by replicas ("postgres://…"), whose
// search index each replica keeps in a data directory of its own.
package backend

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/postgres"
	"github.com/planmine/planmine/corpus/search"
	"github.com/planmine/planmine/corpus/sqlite"
)

// Target says where a corpus lives.
type Target struct {
	// DSN is the PostgreSQL connection string; empty for the embedded store.
	DSN string
	// Dir is the data directory: the whole corpus on the embedded store,
	// the replica's search index on PostgreSQL.
	Dir string
}

// Postgres reports whether t is a PostgreSQL database.
func (t Target) Postgres() bool { return t.DSN != "" }

// String names t for messages, without a password.
func (t Target) String() string {
	if t.Postgres() {
		return Redact(t.DSN)
	}
	return t.Dir
}

// ErrURL is returned for a database URL Parse does not understand.
var ErrURL = errors.New("无效的数据库地址 (invalid database URL)")

// Parse resolves a database URL and a data directory into a Target.
// dbURL "" or "sqlite:DIR" or a bare path is the embedded store (in DIR,
// else in dataDir); "postgres://…" or "postgresql://…" is PostgreSQL, with
// the search index in dataDir, or when dataDir is "" in a folder per
// database under the user's cache directory.
func Parse(dbURL, dataDir string) (Target, error) {
	dbURL = strings.TrimSpace(dbURL)
	switch {
	case dbURL == "":
		if dataDir == "" {
			return Target{}, fmt.Errorf("%w: 需要 --db 或 --data (needs --db or --data)", ErrURL)
		}
		return Target{Dir: dataDir}, nil
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		u, err := url.Parse(dbURL)
		if err != nil {
			return Target{}, fmt.Errorf("%w: %s: %v", ErrURL, Redact(dbURL), err)
		}
		if strings.Trim(u.Path, "/") == "" && u.Query().Get("dbname") == "" {
			return Target{}, fmt.Errorf("%w: 缺少数据库名 (no database name): %s", ErrURL, Redact(dbURL))
		}
		if dataDir == "" {
			cache, err := os.UserCacheDir()
			if err != nil {
				return Target{}, fmt.Errorf("找不到缓存目录，请用 --data 指定索引目录 (no cache directory; name the index directory with --data): %w", err)
			}
			dataDir = filepath.Join(cache, "planmine", shortHash(Redact(dbURL)))
		}
		return Target{DSN: dbURL, Dir: dataDir}, nil
	case strings.HasPrefix(dbURL, "sqlite:"):
		dir := strings.TrimPrefix(strings.TrimPrefix(dbURL, "sqlite:"), "//")
		if dir == "" {
			return Target{}, fmt.Errorf("%w: sqlite: 后缺少目录 (no directory after sqlite:)", ErrURL)
		}
		return embedded(dir, dataDir)
	case strings.Contains(dbURL, "://"):
		return Target{}, fmt.Errorf("%w: 只支持 postgres://、postgresql://、sqlite:目录 或目录路径 (only postgres://, postgresql://, sqlite:DIR or a directory): %s", ErrURL, Redact(dbURL))
	default:
		return embedded(dbURL, dataDir)
	}
}

func embedded(dir, dataDir string) (Target, error) {
	if dataDir != "" && filepath.Clean(dataDir) != filepath.Clean(dir) {
		return Target{}, fmt.Errorf("%w: --db %s 与 --data %s 指向不同目录 (name two different directories)", ErrURL, dir, dataDir)
	}
	return Target{Dir: dir}, nil
}

// shortHash names a database's index folder.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// Redact returns a database URL without its password.
func Redact(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil || u.User == nil {
		return dbURL
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Options returns the corpus hooks of t.
func Options(t Target, logger *slog.Logger, progress func(done, total int)) corpus.Options {
	open := sqlite.OpenStore
	if t.Postgres() {
		dsn := t.DSN
		open = func(ctx context.Context, _ string) (corpus.Store, error) {
			return postgres.Open(ctx, dsn)
		}
	}
	return corpus.Options{
		OpenStore: open,
		OpenIndex: search.OpenIndex,
		Logger:    logger,
		Progress:  progress,
	}
}

// Open opens the corpus of t with its search index (built or repaired
// from the store when needed; on PostgreSQL also caught up from the change
// log and then kept current from it until Close).
func Open(ctx context.Context, t Target, logger *slog.Logger, progress func(done, total int)) (*corpus.Corpus, error) {
	return corpus.Open(ctx, t.Dir, Options(t, logger, progress))
}

// OpenStore opens the corpus of t with its store only (corpus.OpenStore).
func OpenStore(ctx context.Context, t Target, logger *slog.Logger) (*corpus.Corpus, error) {
	return corpus.OpenStore(ctx, t.Dir, Options(t, logger, nil))
}
