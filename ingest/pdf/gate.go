package pdf

import (
	"unicode"

	"github.com/planmine/planmine/ingest/raw"
)

// quality counts the characters the gate judges by.
type quality struct {
	total, hanN, bad int
}

// Gate thresholds: a text layer that decodes through a font without a
// usable mapping comes out as Latin-1 or private-use garbage, or as
// replacement characters; real Chinese documents are mostly Han.
const (
	maxGarbage = 0.02
	minHan     = 0.2
)

func measure(ps []raw.Para) quality {
	var q quality
	for _, p := range ps {
		q.add(p.Text)
	}
	return q
}

func measureText(s string) quality {
	var q quality
	q.add(s)
	return q
}

func (q *quality) add(s string) {
	{
		for _, r := range s {
			if unicode.IsSpace(r) {
				continue
			}
			q.total++
			switch {
			case unicode.Is(unicode.Han, r):
				q.hanN++
			case isGarbage(r):
				q.bad++
			}
		}
	}
}

// isGarbage reports characters that real text of the genre does not hold
// but failed decoding produces.
func isGarbage(r rune) bool {
	switch {
	case r == unicode.ReplacementChar, unicode.IsControl(r):
		return true
	case r >= 0x80 && r <= 0xFF && r != '·' && r != '×' && r != '÷' && r != '°' && r != '±' && r != '§':
		return true
	case r >= 0xE000 && r <= 0xF8FF: // private use
		return true
	case r >= 0x2E80 && r <= 0x2FDF: // radicals left unfolded
		return true
	}
	return false
}

func (q quality) han() float64 {
	if q.total == 0 {
		return 0
	}
	return float64(q.hanN) / float64(q.total)
}

func (q quality) garbage() float64 {
	if q.total == 0 {
		return 0
	}
	return float64(q.bad) / float64(q.total)
}

func (q quality) ok() bool {
	return q.total > 0 && q.garbage() <= maxGarbage && q.han() >= minHan
}

// better reports whether q is the more plausible text than o.
func (q quality) better(o quality) bool {
	return q.hanN-q.bad > o.hanN-o.bad
}
