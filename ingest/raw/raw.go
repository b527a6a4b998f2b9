// Package raw holds the paragraph type that format readers produce and the
// cleaning and splitting stages consume, before the paragraphs are joined
// into a document's text.
package raw

// Para is one paragraph (or visual line, for PDF) as the container gave it.
type Para struct {
	// Text is the paragraph text without a trailing newline. For DOCX it
	// already starts with the rendered list number ("一、", "（二）", "3.")
	// when the paragraph carries automatic numbering.
	Text string
	// Level is the outline level from a heading style or w:outlineLvl
	// (1 = top), 0 when the container says nothing.
	Level int
	// Style is the container's paragraph style name (e.g. "Heading 1").
	Style string
	// Number is the rendered automatic list number prefixed to Text, or "".
	Number string
	// Page is the 1-based page for PDF input, 0 otherwise.
	Page int
	// InTable marks text from a table cell row.
	InTable bool
}
