package analytics

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// minStepsPerWorker keeps small scopes on one goroutine: below it, starting
// and merging workers costs more than it saves.
const minStepsPerWorker = 200_000

// workersFor returns how many goroutines one analysis of js uses: one per
// processor Go may run on at most (GOMAXPROCS), fewer for small scopes, so a
// request never starts more goroutines than there are processors.
func workersFor(js []journey.ObservedJourney) int {
	return max(1, min(runtime.GOMAXPROCS(0), stepCount(js)/minStepsPerWorker))
}

func stepCount(js []journey.ObservedJourney) int {
	n := 0
	for i := range js {
		n += len(js[i].Steps)
	}
	return n
}

// span is the journeys js[lo:hi].
type span struct{ lo, hi int }

// spansOf cuts js into at most n contiguous spans of about equal step
// counts, in order; fewer when there are fewer journeys, and one (possibly
// empty) for none.
func spansOf(js []journey.ObservedJourney, n int) []span {
	n = max(1, min(n, len(js)))
	total := stepCount(js)
	spans := make([]span, 0, n)
	lo, steps := 0, 0
	for i := range js {
		steps += len(js[i].Steps)
		// Close the span once it holds its share of the steps, leaving at
		// least one journey for each span still to come.
		if len(spans) < n-1 && steps*n >= total*(len(spans)+1) && len(js)-(i+1) >= n-1-len(spans) {
			spans = append(spans, span{lo, i + 1})
			lo = i + 1
		}
	}
	return append(spans, span{lo, len(js)})
}

// inParallel runs f(0), …, f(n−1) on n goroutines (the caller's is one of
// them) and returns when all have returned. A panic in any of them is raised
// again on the caller's goroutine once all have stopped, as a workerPanic,
// rather than ending the process: the server recovers and logs it there.
func inParallel(n int, f func(i int)) {
	if n == 1 {
		f(0)
		return
	}
	panics := make([]*workerPanic, n)
	run := func(i int) {
		defer func() {
			if v := recover(); v != nil {
				panics[i] = &workerPanic{value: v, stack: debug.Stack()}
			}
		}()
		f(i)
	}
	var wg sync.WaitGroup
	for i := 1; i < n; i++ {
		wg.Go(func() { run(i) })
	}
	run(0)
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
}

// workerPanic is a panic of one of inParallel's goroutines, with that
// goroutine's stack, which the one it is raised again on does not show.
type workerPanic struct {
	value any
	stack []byte
}

func (p *workerPanic) String() string {
	return fmt.Sprintf("%v\n\nin a worker goroutine:\n%s", p.value, p.stack)
}

// Step ids and gaps take one element per step, ~120 MB per request at 10M
// touchpoints: allocated afresh each time, they would have the garbage
// collector mark the whole journey cache every few requests. Pooled, they
// are reused; a sync.Pool frees what stays unused for two collections.
var (
	stepIDBuffers bufferPool[int32]
	gapBuffers    bufferPool[time.Duration]
)

// bufferPool hands out slices of a length, reusing those put back; their
// contents are left over, for callers that overwrite every element.
type bufferPool[T any] struct{ pool sync.Pool }

func (b *bufferPool[T]) get(n int) []T {
	if s, ok := b.pool.Get().(*[]T); ok && cap(*s) >= n {
		return (*s)[:n]
	}
	return make([]T, n)
}

func (b *bufferPool[T]) put(s []T) {
	if cap(s) > 0 {
		b.pool.Put(&s)
	}
}
