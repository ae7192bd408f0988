package loaders

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// A batch holding one member of a page fetches the whole page; later batches
// for the other members, even concurrent ones, wait for it instead of
// fetching again. Keys outside any group are fetched as asked.
func TestGroupedFetchesEachPageOnce(t *testing.T) {
	var g groups
	g.add([]string{"a", "b", "c"})
	var mu sync.Mutex
	var fetched [][]string
	release := make(chan struct{})
	fetch := grouped(&g, func(_ context.Context, ids []string) ([]string, []error) {
		mu.Lock()
		fetched = append(fetched, slices.Clone(ids))
		mu.Unlock()
		<-release
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = "v" + id
		}
		return out, nil
	})
	ctx := context.Background()
	waitFetches := func(n int) {
		for {
			mu.Lock()
			got := len(fetched)
			mu.Unlock()
			if got == n {
				return
			}
			runtime.Gosched()
		}
	}
	var wg sync.WaitGroup
	results := make([][]string, 3)
	run := func(i int, batch []string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vs, errs := fetch(ctx, batch)
			if errs != nil {
				t.Errorf("batch %v: %v", batch, errs)
			}
			results[i] = vs
		}()
	}
	run(0, []string{"b"}) // fetches the whole group a, b, c
	waitFetches(1)
	run(1, []string{"c", "x"}) // waits for c, fetches only x
	waitFetches(2)
	run(2, []string{"a"}) // only waits
	close(release)
	wg.Wait()
	if len(fetched) != 2 || !slices.Equal(fetched[0], []string{"a", "b", "c"}) || !slices.Equal(fetched[1], []string{"x"}) {
		t.Errorf("fetches = %v, want [a b c] once and [x] once", fetched)
	}
	want := [][]string{{"vb"}, {"vc", "vx"}, {"va"}}
	for i := range want {
		if !slices.Equal(results[i], want[i]) {
			t.Errorf("batch %d = %v, want %v", i, results[i], want[i])
		}
	}
}

func TestGroupedSharesErrors(t *testing.T) {
	var g groups
	g.add([]string{"a", "b"})
	boom := errors.New("boom")
	calls := 0
	fetch := grouped(&g, func(_ context.Context, ids []string) ([]int, []error) {
		calls++
		return nil, []error{boom}
	})
	_, errs := fetch(context.Background(), []string{"a"})
	_, errs2 := fetch(context.Background(), []string{"b"})
	if calls != 1 || len(errs) != 1 || !errors.Is(errs[0], boom) || len(errs2) != 1 || !errors.Is(errs2[0], boom) {
		t.Errorf("calls %d, errors %v %v", calls, errs, errs2)
	}
}
