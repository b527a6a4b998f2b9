// Package demo embeds the sample corpus that `planmine serve --demo` loads:
// plans, a summary, a scheme and a template written for planmine (not copies
// of the shared test texts), in Simplified and Traditional script, including
// a deliberate near-copy between two clinics' plans.
package demo

import "embed"

// Files holds the sample documents under "files/".
//
//go:embed files
var Files embed.FS

// Dir is the folder inside Files that holds the documents.
const Dir = "files"
