package main

import (
	"testing"

	"github.com/planmine/planmine/internal/pgtest"
)

// TestMain stops the throw-away PostgreSQL the tests that need one start.
func TestMain(m *testing.M) { pgtest.Main(m) }
