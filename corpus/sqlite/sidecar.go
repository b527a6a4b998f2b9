package sqlite

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/planmine/planmine/doc"
)

// FileMeta is what the store keeps beside each original, in
// blobs/ab/<sha256>.json: everything but the bytes that the database rows of
// the file hold and re-reading cannot give back. With it the blob folder
// alone is enough to rebuild the store (planmine recover): the documents
// are read and analysed again from the bytes, under the same name, with
// the same upload time.
//
// It is written durably (temp file, fsync, rename) before the file's rows
// commit, like the blob, so a committed file always has one.
type FileMeta struct {
	// Name is the file name the original was stored under (the documents'
	// source, e.g. 计划.docx or a.zip/folder/member.docx).
	Name string `json:"name"`
	// CreatedAt is the upload time as the files and documents rows hold it
	// (RFC 3339, UTC); lists and targets are ordered by it.
	CreatedAt string `json:"created_at"`
	// Size is the original's length in bytes.
	Size int64 `json:"size"`
	// Parts is how many documents reading the file gave when it was stored.
	Parts int `json:"parts"`
	// DeletedParts are parts deleted since (the file stays while a part is
	// left); a recovery leaves them out.
	DeletedParts []int `json:"deleted_parts,omitempty"`
	// Chrome is the recurring site chrome the batch's reading dropped from
	// the file (doc.Document.Chrome); a recovery drops the same lines.
	Chrome []string `json:"chrome,omitempty"`
	// Recovered says the name or time were not known for this original
	// when the store was rebuilt (an original stored before sidecars were
	// kept) and what they were taken from.
	Recovered string `json:"recovered,omitempty"`
}

// metaPath is the sidecar of a blob.
func metaPath(blobs, sha string) string {
	return filepath.Join(blobs, sha[:2], sha+".json")
}

// ReadFileMeta reads the sidecar of the original with this SHA-256 in the
// data dir; an error wrapping fs.ErrNotExist means it has none.
func ReadFileMeta(dir, sha string) (FileMeta, error) {
	var m FileMeta
	b, err := os.ReadFile(metaPath(filepath.Join(dir, "blobs"), sha))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("原文件信息已损坏 (sidecar unreadable) %s: %w", sha, err)
	}
	return m, nil
}

// WriteFileMeta writes the sidecar of the original with this SHA-256 in
// the data dir, durably.
func WriteFileMeta(dir, sha string, m FileMeta) error {
	p := metaPath(filepath.Join(dir, "blobs"), sha)
	if err := writeMeta(p, m); err != nil {
		return err
	}
	return syncDir(filepath.Dir(p))
}

// writeMeta writes a sidecar through a synced temp file; the caller syncs
// the folder.
func writeMeta(path string, m FileMeta) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := writeSynced(path, b); err != nil {
		return fmt.Errorf("保存原文件信息失败 (write sidecar): %w", err)
	}
	return nil
}

// writeSynced writes data to path through a temp file in the same folder,
// fsynced before the rename, so path is never seen half-written.
func writeSynced(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
	}
	return werr
}

// chromeOf is the union of the chrome lines dropped from a file's parts.
func chromeOf(docs []doc.Document) []string {
	var out []string
	for _, d := range docs {
		for _, k := range d.Chrome {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// Blob is one original in a data dir's blob folder.
type Blob struct {
	SHA  string
	Path string
	Size int64
}

// Blobs lists the originals in the data dir's blob folder, by SHA-256
// (temp files and sidecars are not originals).
func Blobs(dir string) ([]Blob, error) {
	var out []Blob
	err := walkBlobs(filepath.Join(dir, "blobs"), func(b Blob) error {
		out = append(out, b)
		return nil
	})
	return out, err
}

// errEnough stops a blob walk early.
var errEnough = errors.New("enough")

// walkBlobs calls fn for each original under root (blobs/ab/<sha256>), in
// name order; a missing root has none.
func walkBlobs(root string, fn func(Blob) error) error {
	subs, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, s := range subs {
		if !s.IsDir() || len(s.Name()) != 2 {
			continue
		}
		es, err := os.ReadDir(filepath.Join(root, s.Name()))
		if err != nil {
			return err
		}
		for _, e := range es {
			name := e.Name()
			if !e.Type().IsRegular() || !isSHA(name) || !strings.HasPrefix(name, s.Name()) {
				continue
			}
			info, err := e.Info()
			if err != nil {
				return err
			}
			if err := fn(Blob{SHA: name, Path: filepath.Join(root, s.Name(), name), Size: info.Size()}); err != nil {
				return err
			}
		}
	}
	return nil
}

func isSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}
