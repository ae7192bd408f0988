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
// call after them still has the rest. The bounds come from the wall time the
// parallel waits actually took (a loaded machine stretches the sleeps), with a
// budget large enough that charging each call would show as a wider gap.
func TestParallelWaitingIsChargedOnceByTheClock(t *testing.T) {
	s := &Store{maxWait: 2 * time.Second}
	ctx := s.WithWaitBudget(context.Background())
	var wg sync.WaitGroup
	start := time.Now()
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
	elapsed := time.Since(start)
	w := startWaitLimit(ctx, s.maxWait, false)
	defer w.stop()
	// Charged once: between the 200 ms each call waited and the wall time
	// of all three. Charged per call, at least 600 ms would be gone.
	if most, least := s.maxWait-200*time.Millisecond, s.maxWait-elapsed; w.exhausted || w.left > most || w.left < least {
		t.Errorf("after %s of three parallel 200 ms waits the next call may wait %s (exhausted %v), want %s to %s",
			elapsed, w.left, w.exhausted, least, most)
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
