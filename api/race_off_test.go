//go:build !race

package api

// raceSlowdown stretches waits on background jobs under the race detector.
const raceSlowdown = 1
