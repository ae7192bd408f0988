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
