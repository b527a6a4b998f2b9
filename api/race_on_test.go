//go:build race

package api

// raceSlowdown stretches waits on background jobs under the race detector,
// which slows ingest by an order of magnitude.
const raceSlowdown = 4
