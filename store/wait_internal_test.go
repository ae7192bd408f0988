package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/journeygraph/journeygraph/journey"
)

// A request's calls share one waiting budget, charged by the clock: three
// calls that wait 200 ms side by side spend 200 ms of it, not 600 ms, and a
// call after them still has the rest.
func TestParallelWaitingIsChargedOnceByTheClock(t *testing.T) {
	s := &Store{maxWait: 400 * time.Millisecond}
	ctx := s.WithWaitBudget(context.Background())
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := startWaitLimit(ctx, s.maxWait, false)
			time.Sleep(200 * time.Millisecond)
			w.stop()
		}()
	}
	wg.Wait()
	w := startWaitLimit(ctx, s.maxWait, false)
	defer w.stop()
	if w.exhausted || w.left > 200*time.Millisecond || w.left < 100*time.Millisecond {
		t.Errorf("after 200 ms of parallel waiting the next call may wait %s (exhausted %v), want about 200 ms", w.left, w.exhausted)
	}
}

// Waits one after another add up: a call after two 150 ms waits of a 400 ms
// budget has at most 100 ms.
func TestSequentialWaitingAddsUp(t *testing.T) {
	s := &Store{maxWait: 400 * time.Millisecond}
	ctx := s.WithWaitBudget(context.Background())
	for range 2 {
		w := startWaitLimit(ctx, s.maxWait, false)
		time.Sleep(150 * time.Millisecond)
		w.stop()
	}
	w := startWaitLimit(ctx, s.maxWait, false)
	defer w.stop()
	if w.left > 100*time.Millisecond {
		t.Errorf("after 300 ms of waiting the next call may wait %s, want at most 100 ms", w.left)
	}
}

// A request that has spent its budget fails its next call as unavailable
// without asking Neo4j (the store here has no driver at all), and does not
// put the store into recovering mode for other requests: Neo4j may serve.
func TestSpentBudgetFailsWithoutTakingNeo4jForDown(t *testing.T) {
	s := &Store{maxWait: 50 * time.Millisecond}
	ctx := s.WithWaitBudget(context.Background())
	w := startWaitLimit(ctx, s.maxWait, false)
	time.Sleep(60 * time.Millisecond)
	w.stop()
	ran := false
	err := s.execute(ctx, "ping", neo4j.AccessModeRead, func(context.Context, neo4j.ManagedTransaction) error {
		ran = true
		return nil
	})
	if journey.ErrorCode(err) != journey.CodeUnavailable || ran {
		t.Errorf("err %v (code %s), ran %v; want SERVICE_UNAVAILABLE without running", err, journey.ErrorCode(err), ran)
	}
	if s.recovering.Load() {
		t.Error("a spent request budget set the store-wide recovering flag")
	}
}
