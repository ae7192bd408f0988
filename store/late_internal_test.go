package store

import (
	"fmt"
	"testing"
)

// spliceSteps replaces exactly the steps of each window's millisecond and
// keeps every other step where it was: worked out by hand per case.
func TestSpliceSteps(t *testing.T) {
	cases := []struct {
		name       string
		keys       []string
		ms         []int64
		windows    []int64
		windowKeys [][]string
		want       string
	}{
		{name: "into a gap", keys: []string{"a", "b", "c"}, ms: []int64{1, 5, 9}, windows: []int64{3}, windowKeys: [][]string{{"x"}},
			want: "[a x b c] [1 3 5 9]"},
		{name: "a millisecond with a stored step, re-read with the new one before it", keys: []string{"a", "b", "c"}, ms: []int64{1, 5, 9},
			windows: []int64{5}, windowKeys: [][]string{{"x", "b"}}, want: "[a x b c] [1 5 5 9]"},
		{name: "before the first and in two gaps", keys: []string{"a", "b", "c"}, ms: []int64{1, 5, 9},
			windows: []int64{0, 2, 7}, windowKeys: [][]string{{"x"}, {"y"}, {"z"}}, want: "[x a y b z c] [0 1 2 5 7 9]"},
		{name: "after the last", keys: []string{"a"}, ms: []int64{1}, windows: []int64{4}, windowKeys: [][]string{{"x", "y"}},
			want: "[a x y] [1 4 4]"},
		{name: "no stored steps", windows: []int64{4}, windowKeys: [][]string{{"x"}}, want: "[x] [4]"},
	}
	for _, c := range cases {
		keys, ms := spliceSteps(c.keys, c.ms, c.windows, c.windowKeys)
		if got := fmt.Sprint(keys, " ", ms); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

// spliceRange replaces exactly the steps from the range's first millisecond
// to its last and keeps every other step where it was: worked out by hand.
func TestSpliceRange(t *testing.T) {
	cases := []struct {
		name      string
		keys      []string
		ms        []int64
		fromMs    int64
		rangeKeys []string
		rangeMs   []int64
		want      string
	}{
		{name: "into one gap", keys: []string{"a", "b", "c"}, ms: []int64{1, 5, 9}, fromMs: 3,
			rangeKeys: []string{"x"}, rangeMs: []int64{3}, want: "[a x b c] [1 3 5 9]"},
		{name: "over two gaps, the stored step between re-read", keys: []string{"a", "b", "c", "d"}, ms: []int64{1, 5, 9, 12},
			fromMs: 3, rangeKeys: []string{"x", "b", "y", "c"}, rangeMs: []int64{3, 5, 7, 9}, want: "[a x b y c d] [1 3 5 7 9 12]"},
		{name: "starting in a stored millisecond shared with earlier steps", keys: []string{"a", "b", "c"}, ms: []int64{5, 5, 9},
			fromMs: 5, rangeKeys: []string{"a", "x", "b"}, rangeMs: []int64{5, 5, 5}, want: "[a x b c] [5 5 5 9]"},
		{name: "before the first", keys: []string{"a", "b"}, ms: []int64{4, 6}, fromMs: 1,
			rangeKeys: []string{"x", "y"}, rangeMs: []int64{1, 2}, want: "[x y a b] [1 2 4 6]"},
		{name: "up to and past the last", keys: []string{"a", "b"}, ms: []int64{4, 6}, fromMs: 5,
			rangeKeys: []string{"x", "b", "y"}, rangeMs: []int64{5, 6, 8}, want: "[a x b y] [4 5 6 8]"},
		{name: "no stored steps", fromMs: 4, rangeKeys: []string{"x"}, rangeMs: []int64{4}, want: "[x] [4]"},
	}
	for _, c := range cases {
		keys, ms := spliceRange(c.keys, c.ms, c.fromMs, c.rangeKeys, c.rangeMs)
		if got := fmt.Sprint(keys, " ", ms); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
