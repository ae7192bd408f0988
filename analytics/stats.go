package analytics

import (
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
