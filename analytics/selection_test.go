package analytics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// sortedQuantile is the textbook definition, written out for the tests:
// linear interpolation at position q·(n−1) of a sorted copy.
func sortedQuantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	pos := q * float64(len(s)-1)
	lo := int(math.Floor(pos))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[lo] + (pos-float64(lo))*(s[lo+1]-s[lo])
}

func TestQuantilesBySelectionOnHandWorkedInputs(t *testing.T) {
	qs := []float64{0, 0.5, 0.9, 1}
	tests := []struct {
		name string
		xs   []float64
		want []float64 // at qs
	}{
		{"none", nil, []float64{0, 0, 0, 0}},
		{"one", []float64{7}, []float64{7, 7, 7, 7}},
		// sorted 1 3 5: 0.5 → position 1 → 3; 0.9 → 1.8 → 3 + 0.8·2
		{"odd count", []float64{5, 1, 3}, []float64{1, 3, 4.6, 5}},
		// sorted 1 2 3 4: 0.5 → 1.5 → 2.5; 0.9 → 2.7 → 3 + 0.7·1
		{"even count", []float64{4, 1, 3, 2}, []float64{1, 2.5, 3.7, 4}},
		// sorted 2 2 2 2 9: 0.5 → 2 → 2; 0.9 → 3.6 → 2 + 0.6·7
		{"duplicates", []float64{2, 9, 2, 2, 2}, []float64{2, 2, 6.2, 9}},
		{"all equal", []float64{4, 4, 4, 4, 4, 4}, []float64{4, 4, 4, 4}},
		// sorted 10..100: 0.5 → 4.5 → 55; 0.9 → 8.1 → 90 + 0.1·10
		{"ten", []float64{70, 10, 100, 40, 30, 90, 20, 60, 50, 80}, []float64{10, 55, 91, 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := quantilesBySelection(slices.Clone(tt.xs), qs...)
			for i, q := range qs {
				if math.Abs(got[i]-tt.want[i]) > 1e-9 {
					t.Errorf("q=%v: got %v, want %v", q, got[i], tt.want[i])
				}
				// One quantile at a time, on a fresh copy, too.
				if one := quantilesBySelection(slices.Clone(tt.xs), q)[0]; math.Abs(one-tt.want[i]) > 1e-9 {
					t.Errorf("q=%v alone: got %v, want %v", q, one, tt.want[i])
				}
			}
		})
	}
}

func TestQuantilesBySelectionEqualSortingOnRandomInputs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	qs := []float64{0, 0.1, 0.25, 0.5, 0.5, 0.9, 0.99, 1}
	for round := range 2000 {
		n := 1 + r.IntN(300)
		xs := make([]float64, n)
		for i := range xs {
			switch round % 4 {
			case 0: // many duplicates
				xs[i] = float64(r.IntN(5))
			case 1:
				xs[i] = r.NormFloat64() * 1e6
			case 2: // ascending: a poor pivot for naive quickselect
				xs[i] = float64(i)
			default: // descending, with ties
				xs[i] = float64((n - i) / 3)
			}
		}
		got := quantilesBySelection(slices.Clone(xs), qs...)
		for i, q := range qs {
			if want := sortedQuantile(xs, q); got[i] != want {
				t.Fatalf("round %d, n=%d, q=%v: got %v, want exactly %v", round, n, q, got[i], want)
			}
		}
	}
}

func TestSelectRankPlacesEveryRank(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		xs := make([]float64, 1+r.IntN(100))
		for i := range xs {
			xs[i] = float64(r.IntN(20))
		}
		sorted := slices.Sorted(slices.Values(xs))
		k := r.IntN(len(xs))
		got := slices.Clone(xs)
		selectRank(got, 0, k)
		if got[k] != sorted[k] {
			t.Fatalf("rank %d of %v: got %v, want %v", k, xs, got[k], sorted[k])
		}
		for i := range got {
			if (i < k && got[i] > got[k]) || (i > k && got[i] < got[k]) {
				t.Fatalf("rank %d of %v: %v at %d is on the wrong side of %v", k, xs, got[i], i, got[k])
			}
		}
	}
}

// The quantiles asked in any order equal those asked one at a time: a rank
// lower than the one before must not be searched for above it (review
// finding: asked as 0.9 then 0.5, the median came out wrong).
func TestQuantilesBySelectionInAnyOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	for round := range 500 {
		xs := make([]float64, 1+rng.IntN(60))
		for i := range xs {
			xs[i] = float64(rng.IntN(100))
		}
		qs := []float64{0.9, 0.5, 1, 0, 0.25}
		got := quantilesBySelection(slices.Clone(xs), qs...)
		for i, q := range qs {
			if want := quantilesBySelection(slices.Clone(xs), q)[0]; got[i] != want {
				t.Fatalf("round %d, %v: q=%v gave %v asked among %v, %v asked alone", round, xs, q, got[i], qs, want)
			}
		}
	}
}
