package analytics

import (
	"testing"
	"time"
)

func TestQuantile(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		q    float64
		want float64
	}{
		{"none", nil, 0.5, 0},
		{"one", []float64{7}, 0.9, 7},
		{"odd median", []float64{5, 1, 3}, 0.5, 3},
		// sorted 1 2 3 4: position 1.5 → (2+3)/2
		{"even median", []float64{4, 1, 3, 2}, 0.5, 2.5},
		// sorted 10..100 step 10: position 0.9·9 = 8.1 → 90 + 0.1·10
		{"p90", []float64{100, 90, 80, 70, 60, 50, 40, 30, 20, 10}, 0.9, 91},
		{"max", []float64{1, 2}, 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Quantile(tt.xs, tt.q); got != tt.want {
				t.Errorf("Quantile(%v, %v) = %v, want %v", tt.xs, tt.q, got, tt.want)
			}
		})
	}
}

func TestDurationQuantiles(t *testing.T) {
	// 1h, 2h, 3h: median 2h = 7200 s; p90 at position 1.8 → 2h + 0.8h = 10080 s.
	med, p90 := DurationQuantiles([]time.Duration{3 * time.Hour, time.Hour, 2 * time.Hour})
	if med != 7200 || p90 != 10080 {
		t.Errorf("got median %v p90 %v, want 7200 10080", med, p90)
	}
}
