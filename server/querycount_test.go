package server_test

import (
	"context"
	"slices"
	"sync"
	"time"
)

// queryCounter is a store observer that records the name of every query the
// store runs (one name = one Neo4j round trip).
type queryCounter struct {
	mu  sync.Mutex
	got []string
}

func newQueryCounter() *queryCounter { return &queryCounter{} }

func (c *queryCounter) observe(_ context.Context, query string, _ time.Duration, _ error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, query)
}

func (c *queryCounter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = nil
}

// names returns the queries run since the last reset, sorted.
func (c *queryCounter) names() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := slices.Clone(c.got)
	slices.Sort(out)
	if out == nil {
		out = []string{}
	}
	return out
}
