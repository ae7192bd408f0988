package segment

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Names are kept to 200 bytes, cut at a character boundary (é is 2 bytes).
func TestTruncateKeepsWholeCharacters(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct{ in, want string }{
		{a(200), a(200)},
		{a(250), a(200)},
		{a(199) + strings.Repeat("é", 10), a(199)},       // the cut would split the first é
		{a(198) + strings.Repeat("é", 10), a(198) + "é"}, // the first é ends at byte 200
		{"Demo Requested", "Demo Requested"},
	}
	for _, tc := range tests {
		got := truncate(tc.in)
		if got != tc.want || !utf8.ValidString(got) {
			t.Errorf("truncate(%d bytes) = %d bytes %q…, want %d bytes", len(tc.in), len(got), got[max(0, len(got)-4):], len(tc.want))
		}
	}
}
