package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/planmine/planmine/doc"
)

// DocID is the id of a part of a file whose reader set none: the first 16
// hex digits of the file's SHA-256 and the part number, so it is the same
// whenever and wherever the same bytes are stored.
func DocID(sha string, part int) string {
	return fmt.Sprintf("%s-%d", sha[:16], part)
}

// Prepare checks one file before a store keeps it and fills its
// documents' defaults, the same for every backend: part numbers 1, 2, … in
// order where unset, the id from the file's SHA-256 and the part (DocID),
// the file name as the source, the SHA-256. It returns the hex SHA-256 and
// a copy of docs with those filled (docs is not changed). An empty file or
// a file without documents is ErrInvalid.
func Prepare(original []byte, name string, docs []doc.Document) (string, []doc.Document, error) {
	if len(original) == 0 {
		return "", nil, fmt.Errorf("%w: 空文件 (empty file) %s", ErrInvalid, name)
	}
	if len(docs) == 0 {
		return "", nil, fmt.Errorf("%w: 没有文档 (no documents) %s", ErrInvalid, name)
	}
	sum := sha256.Sum256(original)
	sha := hex.EncodeToString(sum[:])
	out := slices.Clone(docs)
	for i := range out {
		d := &out[i]
		if d.Part <= 0 {
			d.Part = i + 1
		}
		if d.ID == "" {
			d.ID = DocID(sha, d.Part)
		}
		if d.Source == "" {
			d.Source = name
		}
		d.SHA256 = sha
	}
	return sha, out, nil
}
