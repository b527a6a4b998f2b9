//go:build !race

package backend_test

// followLimit is how long a replica may take to show another's write (the
// goal of the replicas' design).
const followLimit = 2e9
