// Package doc defines the one document type that crosses every layer of
// planmine: ingest fills the text and structure hints, nlp fills the analysis
// fields, corpus stores and indexes it, api serves it. JSON tags follow
// SPEC.md §2.
//
// All offsets (Start, End) are Unicode code-point offsets into Document.Text,
// half-open [start, end).
package doc

// Document types (SPEC §2 doc_type).
const (
	TypePlan       = "plan"
	TypeSummary    = "summary"
	TypeScheme     = "scheme"
	TypeExperience = "experience"
	TypeReport     = "report"
	TypeNotice     = "notice"
	TypeOther      = "other"
)

// Scripts (SPEC §2 script).
const (
	ScriptSimplified  = "simplified"
	ScriptTraditional = "traditional"
)

// Target kinds.
const (
	KindPlan     = "plan"
	KindAchieved = "achieved"
)

// Document is one analysed document. A file may yield several (Part 1..n).
type Document struct {
	ID      string  `json:"id"`
	Source  string  `json:"source"`
	Part    int     `json:"part"`
	Title   string  `json:"title"`
	DocType string  `json:"doc_type"`
	Year    *int    `json:"year"`
	Org     *string `json:"org"`
	Date    *string `json:"date"`
	Script  string  `json:"script"`
	Text    string  `json:"text"`

	Sections     []Section     `json:"sections"`
	Targets      []Target      `json:"targets"`
	Slogans      []Slogan      `json:"slogans"`
	Citations    []Citation    `json:"citations"`
	Placeholders []Placeholder `json:"placeholders"`
	People       []Person      `json:"people"`
	Schedule     []Phase       `json:"schedule"`

	// Format is the container the text came from: txt, docx, pdf, doc, html.
	Format string `json:"format,omitempty"`
	// Encoding is the detected character encoding of a text file.
	Encoding string `json:"encoding,omitempty"`
	// SHA256 is the hex digest of the original file bytes (shared by all parts).
	SHA256 string `json:"sha256,omitempty"`
	// Hints are structure hints from the container (DOCX heading styles,
	// outline levels, list numbering) with offsets into Text.
	Hints []Hint `json:"hints,omitempty"`
	// Warnings are non-fatal problems met while reading (e.g. "pdftotext fallback").
	Warnings []string `json:"warnings,omitempty"`
	// Chrome lists the lines (as clean.LineKey) that reading dropped as
	// site chrome recurring across the batch the file was read with. It is
	// no analysis and never in JSON: the store keeps it beside the original
	// so that `planmine recover` reads the file again exactly as it was read.
	Chrome []string `json:"-"`
}

// Section is one heading of the outline tree.
type Section struct {
	Level  int    `json:"level"`
	Number string `json:"number"`
	// Marker is the numbering as written, decoration included ("（一）",
	// "1.", "第二部分"), so outline paths can show the heading as the
	// document does; "" for a styled heading without a number.
	Marker   string    `json:"marker,omitempty"`
	Title    string    `json:"title"`
	Start    int       `json:"start"`
	End      int       `json:"end"`
	Children []Section `json:"children"`
}

// Target is one quantitative commitment or reported figure.
type Target struct {
	Text     string   `json:"text"`
	Metric   string   `json:"metric"`
	Cmp      string   `json:"cmp"`
	Value    float64  `json:"value"`
	ValueMax *float64 `json:"value_max"`
	Unit     string   `json:"unit"`
	Period   *string  `json:"period"`
	Deadline *string  `json:"deadline"`
	Kind     string   `json:"kind"`
	Section  []string `json:"section"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
}

// Slogan is a quoted phrase or numbered formula with its count in the document.
type Slogan struct {
	Text  string `json:"text"`
	Kind  string `json:"kind"` // quoted|formula
	Count int    `json:"count"`
}

// Citation is a title cited in 《》.
type Citation struct {
	Text string `json:"text"`
}

// Placeholder is an unfilled template slot such as 20XX年.
type Placeholder struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Person is someone named in a leadership group.
type Person struct {
	Role string `json:"role"`
	Name string `json:"name"`
}

// Phase is one stage of an implementation schedule; From/To are "YYYY-MM" or "".
type Phase struct {
	Phase string `json:"phase"`
	Title string `json:"title"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// Hint marks a paragraph of Text that the container styled as a heading or
// numbered list item. Level is the outline level (1 = top) when the style
// says so, 0 otherwise. Number is the rendered list number ("一、", "（二）",
// "3."), already present at the start of the paragraph text, or "".
type Hint struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Level  int    `json:"level"`
	Style  string `json:"style,omitempty"`
	Number string `json:"number,omitempty"`
}

// IntPtr returns a pointer to v.
func IntPtr(v int) *int { return &v }

// StrPtr returns a pointer to s, or nil for "".
func StrPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// FloatPtr returns a pointer to v.
func FloatPtr(v float64) *float64 { return &v }
