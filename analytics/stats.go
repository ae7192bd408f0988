package analytics

import (
	"cmp"
	"math/bits"
	"slices"
	"time"
)

// Quantile returns the q-quantile (0 ≤ q ≤ 1) of xs by linear interpolation
// between closest ranks (numpy's default): position q·(n−1) in sorted order,
// so the median of an even count is the mean of the middle two. It sorts xs in
// place and returns 0 for none.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	pos := q * float64(len(xs)-1)
	lo := int(pos)
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	frac := pos - float64(lo)
	return xs[lo] + frac*(xs[lo+1]-xs[lo])
}

// DurationQuantiles returns the median and 90th percentile of ds in seconds.
func DurationQuantiles(ds []time.Duration) (median, p90 float64) {
	xs := make([]float64, len(ds))
	for i, d := range ds {
		xs[i] = d.Seconds()
	}
	return Quantile(xs, 0.5), Quantile(xs, 0.9)
}

// quantilesBySelection returns the q-quantiles of xs for each of qs (fastest
// in ascending order) exactly as Quantile would, but finds the two ranks each
// needs by selection rather than sorting all of xs: O(n) expected instead of
// O(n log n). It reorders xs in place and returns zeros for none.
func quantilesBySelection(xs []float64, qs ...float64) []float64 {
	return selectQuantiles(xs, func(x float64) float64 { return x }, qs)
}

// durationQuantilesBySelection is quantilesBySelection over the durations in
// seconds: exactly Quantile of their Seconds(). The selection compares the
// integer durations; only the few it picks are converted. That gives the same
// answer because Seconds() never reverses the order of two durations, so the
// element of each rank converts to the element of that rank of the seconds.
func durationQuantilesBySelection(ds []time.Duration, qs ...float64) []float64 {
	return selectQuantiles(ds, time.Duration.Seconds, qs)
}

func selectQuantiles[T cmp.Ordered](xs []T, value func(T) float64, qs []float64) []float64 {
	out := make([]float64, len(qs))
	n := len(xs)
	if n == 0 {
		return out
	}
	// Every selection leaves xs[:from] ≤ xs[from] ≤ xs[from+1:], so the next,
	// higher rank is searched for in xs[from:] only.
	from := 0
	for i, q := range qs {
		pos := q * float64(n-1)
		lo := int(pos)
		if lo >= n-1 {
			out[i] = value(slices.Max(xs[from:]))
			continue
		}
		if lo < from {
			from = 0 // a lower rank than the last: search everything again
		}
		selectRank(xs, from, lo)
		from = lo
		at, next := value(xs[lo]), value(slices.Min(xs[lo+1:])) // the rank lo and lo+1 elements
		frac := pos - float64(lo)
		out[i] = at + frac*(next-at)
	}
	return out
}

// selectRank reorders xs[from:] so that xs[k] holds the element of rank k in
// sorted order, with nothing greater before it and nothing smaller after it
// (Hoare's quickselect with a median-of-three pivot). Past a depth where the
// pivots have been poor it sorts the remaining range, so the worst case stays
// O(n log n).
func selectRank[T cmp.Ordered](xs []T, from, k int) {
	lo, hi := from, len(xs)-1
	for depth := 2 * bits.Len(uint(hi-lo+1)); hi > lo; depth-- {
		if depth == 0 {
			slices.Sort(xs[lo : hi+1])
			return
		}
		mid := lo + (hi-lo)/2
		// Order xs[lo], xs[mid], xs[hi] so the median of the three is at mid.
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for pivot < xs[j] {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		// Now xs[lo:j+1] ≤ pivot ≤ xs[i:hi+1], and xs[j+1:i] == pivot.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}
