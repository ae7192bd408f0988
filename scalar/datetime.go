package scalar

import (
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/journeygraph/journeygraph/journey"
)

// MarshalDateTime writes an instant as an RFC 3339 string with nanoseconds
// where it has them. Also the zero instant, 0001-01-01T00:00:00Z, which a
// client may send: gqlgen's stock marshaller writes null for it, which would
// not read back as what was sent.
func MarshalDateTime(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.Format(time.RFC3339Nano)))
	})
}

// UnmarshalDateTime reads an RFC 3339 date-time string with a time zone
// offset, e.g. 2026-03-01T14:30:00Z.
func UnmarshalDateTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, journey.Invalid("", "a DateTime must be a string such as 2026-03-01T14:30:00Z, got %s", kind(v))
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, journey.Invalid("", "%q is not an RFC 3339 date-time such as 2026-03-01T14:30:00Z", clip(s))
	}
	return t, nil
}
