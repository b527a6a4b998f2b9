//go:build race

package backend_test

// followLimit is how long a replica may take to show another's write: the
// goal is 2 s; the race detector slows indexing several times over.
const followLimit = 20e9
