// Package pdf extracts the text layer of a PDF as paragraphs.
package pdf

import (
	"context"
	"fmt"

	"github.com/planmine/planmine/ingest/raw"
	"github.com/planmine/planmine/ingest/readerr"
)

// Extract returns the paragraphs of a PDF's text layer.
// Placeholder until the line-rebuilding reader lands.
func Extract(ctx context.Context, data []byte) ([]raw.Para, error) {
	return nil, fmt.Errorf("PDF: %w", readerr.ErrUnsupported)
}
