package scalar

import (
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/journeygraph/journeygraph/journey"
)

// MarshalDateTime writes an instant as an RFC 3339 string with nanoseconds
// where it has them.
func MarshalDateTime(t time.Time) graphql.Marshaler { return graphql.MarshalTime(t) }

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
