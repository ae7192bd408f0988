// Package stats holds the statistics the benchmark tools report.
package stats

import "slices"

// Median of field over items; 0 without items.
func Median[T any](items []T, field func(T) float64) float64 {
	if len(items) == 0 {
		return 0
	}
	v := make([]float64, len(items))
	for i, it := range items {
		v[i] = field(it)
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
