package journey

import (
	"reflect"
	"testing"
	"time"
)

// FuzzDecodeCursor: any string a client sends as `after` is either refused
// with BAD_USER_INPUT or decodes to a cursor of the asked ordering that
// survives a round trip. Never a panic.
func FuzzDecodeCursor(f *testing.F) {
	s, fl, at := "Acme", 12.5, time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	for _, c := range []Cursor{{Order: "NAME:ASC", S: &s, ID: "acc-1"}, {Order: "ARR:DESC", F: &fl, ID: "a"}, {Order: "AT:ASC", T: &at, ID: "t"}, {Order: "ID", ID: "x"}} {
		f.Add(c.Encode(), c.Order)
	}
	for _, junk := range []string{"", "=", "e30", "eyJpZCI6IiJ9", "!!!", "eyJvIjoiTkFNRTpBU0MiLCJpZCI6MX0", "bnVsbA"} {
		f.Add(junk, "NAME:ASC")
	}
	f.Fuzz(func(t *testing.T, after, order string) {
		c, err := DecodeCursor("after", &after, order)
		if err != nil {
			if ErrorCode(err) != CodeInvalidInput {
				t.Fatalf("error %v has code %s", err, ErrorCode(err))
			}
			return
		}
		if c == nil || c.Order != order || c.ID == "" {
			t.Fatalf("accepted %q as %+v for order %q", after, c, order)
		}
		enc := c.Encode()
		again, err := DecodeCursor("after", &enc, order)
		if err != nil || !reflect.DeepEqual(normal(again), normal(c)) {
			t.Fatalf("round trip of %+v: %+v, %v", c, again, err)
		}
	})
}

// normal compares instants, not time zone representations.
func normal(c *Cursor) Cursor {
	out := *c
	if c.T != nil {
		u := c.T.UTC()
		out.T = &u
	}
	return out
}
