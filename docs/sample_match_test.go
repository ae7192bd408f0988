package docs_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSampleMatching(t *testing.T) {
	live := `{"n": 7, "share": 0.06569, "list": [{"k": "a"}, {"k": "b"}, {"k": "c"}, {"k": "d"}], "s": "x", "ok": true, "none": null}`
	for _, c := range []struct {
		sample string
		fails  string // "" when it matches, else a part of the reason
	}{
		{`{"n": 7, "share": 0.0657, "list": [{"k": "a"}, {"k": "b"}, {"k": "c"}, {"k": "d"}], "s": "x", "ok": true, "none": null}`, ""},
		{`{"n": 7, ...}`, ""},
		{`{"share": 0.066, "…"}`, ""},
		{`{"n": 7}`, "6 fields"},
		{`{"n": 8, ...}`, "$.n"},
		{`{"share": 0.0656, ...}`, "$.share"},
		{`{"missing": 1, ...}`, `no "missing"`},
		{`{"list": [{"k": "a"}, {"k": "b"}, ...], ...}`, ""},
		{`{"list": [{"k": "a"}, "…", {"k": "d"}], ...}`, ""},
		{`{"list": [{"k": "a"}, ...
		  {"k": "d"}], ...}`, ""},
		{`{"list": [{"k": "a"}, ... 4 items], ...}`, ""},
		{`{"list": [{"k": "a"}, ... 5 items], ...}`, "says 5"},
		{`{"list": [{"k": "b"}, ...], ...}`, "$.list[0].k"},
		{`{"list": [..., {"k": "c"}], ...}`, "$.list"},
		{`{"list": [{"k": "a"}, {"k": "b"}], ...}`, "without an ellipsis"},
		{`{"list": [{"k": "a"}, {"k": "b"}, {"k": "c"}, {"k": "d"}, ...], ...}`, "no more elements"},
		{`{"list": [{"k": "a", ...}, ..., {"k": "c"}, {"k": "d"}], ...}`, ""},
		{`{"s": "y", ...}`, "$.s"},
		{`{"ok": false, ...}`, "$.ok"},
		{`{"none": 0, ...}`, "$.none"},
	} {
		want, err := parseSample(c.sample)
		if err != nil {
			t.Fatalf("%s: %v", c.sample, err)
		}
		dec := json.NewDecoder(strings.NewReader(live))
		dec.UseNumber()
		var got any
		if err := dec.Decode(&got); err != nil {
			t.Fatal(err)
		}
		d := matchSample(want, got, "$")
		if c.fails == "" && d != "" || c.fails != "" && !strings.Contains(d, c.fails) {
			t.Errorf("%s: %q, want failure containing %q", c.sample, d, c.fails)
		}
	}
}
