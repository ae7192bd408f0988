package golden

import (
	"strings"
	"testing"
)

func TestFirstDifference(t *testing.T) {
	for _, c := range []struct{ want, got, diff string }{
		{"a\nb\n", "a\nb\n", ""},
		{"a\nb\n", "a\nc\n", "line 2:\n  want \"b\"\n  got  \"c\""},
		{"a\n", "a\nb\n", "line 2:\n  want \"\"\n  got  \"b\""},
		{"a\nb\n", "a\n", "line 2:\n  want \"b\"\n  got  \"\""},
	} {
		d := firstDifference([]byte(c.want), []byte(c.got))
		if (c.diff == "") != (d == "") || !strings.HasPrefix(d, c.diff) {
			t.Errorf("%q vs %q: %q, want it to start with %q", c.want, c.got, d, c.diff)
		}
	}
}
