package scalar_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/scalar"
)

// FuzzDateTimeScalar: any DateTime value a client sends is refused with
// BAD_USER_INPUT or read as an instant that marshals back to the same
// instant. Never a panic.
func FuzzDateTimeScalar(f *testing.F) {
	for _, s := range []string{"2026-03-01T14:30:00Z", "2026-03-01T14:30:00+02:00", "2026-03-01T14:30:00.123456789-07:00",
		"2026-03-01", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-02-30T00:00:00Z", "", "null", "\x00", "2026-03-01T25:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := scalar.UnmarshalDateTime(s)
		if err != nil {
			if journey.ErrorCode(err) != journey.CodeInvalidInput {
				t.Fatalf("%q: %v is not BAD_USER_INPUT", s, err)
			}
			return
		}
		var buf bytes.Buffer
		scalar.MarshalDateTime(tm).MarshalGQL(&buf)
		var out string
		if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
			t.Fatalf("%q marshals to %s, not a JSON string", s, buf.String())
		}
		back, err := scalar.UnmarshalDateTime(out)
		if err != nil || !back.Equal(tm) {
			t.Fatalf("%q → %v → %q → %v, %v", s, tm, out, back, err)
		}
	})
}

// FuzzJSONScalar: any JSON a client sends as touchpoint attributes is
// refused with BAD_USER_INPUT or accepted and stored as JSON that decodes to
// the same value. Never a panic.
func FuzzJSONScalar(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, `{"note":"x'}) MATCH (n) DETACH DELETE n //"}`, `{"nul":"\u0000"}`,
		`{"deep":{"deep":{"deep":[[[[{"x":null}]]]]}}}`, `[1,2]`, `"s"`, `1e400`, `{"n":1e308}`, `{"a":"\ud800"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber() // as the transport decodes variables
		var v any
		if dec.Decode(&v) != nil {
			return
		}
		m, err := scalar.UnmarshalJSONObject(v)
		if err != nil {
			if _, isObject := v.(map[string]any); isObject || journey.ErrorCode(err) != journey.CodeInvalidInput {
				t.Fatalf("%s: %v", data, err)
			}
			return
		}
		in := journey.TouchpointInput{Source: "crm", ExternalID: "e", TypeKey: "demo", AccountID: ptr("a"),
			OccurredAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Attributes: m}
		if err := in.Normalize("input", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			if journey.ErrorCode(err) != journey.CodeInvalidInput {
				t.Fatalf("attributes %s: %v", data, err)
			}
			return
		}
		b, err := json.Marshal(in.Attributes)
		if err != nil {
			t.Fatalf("accepted attributes do not encode: %v", err)
		}
		var back map[string]any
		if err := json.Unmarshal(b, &back); err != nil || len(back) != len(m) {
			t.Fatalf("attributes %s stored as %s: %v", data, b, err)
		}
	})
}

func ptr(s string) *string { return &s }
