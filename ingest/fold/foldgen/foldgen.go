// Package foldgen builds fold's single-rune tables from OpenCC (hk2s for
// Traditional → Simplified, s2hk to mark Simplified-only runes), the way
// fold built them at every start before they were compiled into the
// binary. `go generate ./ingest/fold/` writes them; a test checks the
// committed file against a fresh build.
package foldgen

import (
	"encoding/binary"
	"strings"

	"github.com/longbridgeapp/opencc"

	"github.com/planmine/planmine/ingest/fold"
)

// Build returns the table file: for each rune from fold.TableLo to
// fold.TableHi, a little-endian u32 with the Simplified rune it folds to on
// its own (0 when it is not Traditional-only), then a bitmap marking the
// Simplified-only runes (those that change when converted to Traditional).
func Build() ([]byte, error) {
	t2s, err := opencc.New("hk2s")
	if err != nil {
		return nil, err
	}
	s2t, err := opencc.New("s2hk")
	if err != nil {
		return nil, err
	}
	var all []rune
	for _, rg := range fold.HanRanges {
		for r := rg[0]; r <= rg[1]; r++ {
			all = append(all, r)
		}
	}
	// One batched conversion per direction: joining with a separator the
	// dictionaries never match keeps the runes aligned.
	conv := func(cc *opencc.OpenCC) ([]rune, error) {
		var b strings.Builder
		for _, r := range all {
			b.WriteRune(r)
			b.WriteByte('\n')
		}
		out, err := cc.Convert(b.String())
		if err != nil {
			return nil, err
		}
		lines := strings.Split(out, "\n")
		res := make([]rune, len(all))
		for i := range all {
			res[i] = all[i]
			if i < len(lines) {
				if rs := []rune(lines[i]); len(rs) == 1 {
					res[i] = rs[0]
				}
			}
		}
		return res, nil
	}
	ts, err := conv(t2s)
	if err != nil {
		return nil, err
	}
	st, err := conv(s2t)
	if err != nil {
		return nil, err
	}
	n := fold.TableHi - fold.TableLo + 1
	out := make([]byte, 4*n+(n+7)/8)
	bits := out[4*n:]
	for i, r := range all {
		k := int(r - fold.TableLo)
		if ts[i] != r {
			binary.LittleEndian.PutUint32(out[4*k:], uint32(ts[i]))
		}
		if st[i] != r {
			bits[k/8] |= 1 << (k % 8)
		}
	}
	return out, nil
}
