package fingerprint

// cnNumerals are the Chinese numerals used in heading ordinals (一、 （十二）).
var cnNumerals = runeSet("〇零一二三四五六七八九十百两壹贰叁肆伍陆柒捌玖拾")

// closers end a bracketed ordinal: （一） (1) 〔二〕.
var closers = runeSet(")）〕]")

// ordinalSep may follow a bracketed ordinal: （一）、 is a common slip.
var ordinalSep = runeSet("、.．")

// sentenceEnd marks where a new sentence (and so possibly an inline
// ordinal such as "。2、") may begin.
var sentenceEnd = runeSet("。；;！？!?：:")

func runeSet(s string) map[rune]bool {
	m := make(map[rune]bool, len(s))
	for _, r := range s {
		m[r] = true
	}
	return m
}
