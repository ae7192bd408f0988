package journey

import (
	"encoding/base64"
	"encoding/json"
	"time"
)

// Page sizes the read API accepts.
const (
	MaxListPage    = 100 // accounts, contacts
	MaxJourneyPage = 500 // a journey's touchpoints
)

// Page is one page of a keyset-paginated list. Total is the number of items
// matching the query in all pages; it is nil when it was not asked for.
type Page[T any] struct {
	Items   []T
	HasNext bool
	Total   *int
	// Partial items carry only the properties one selection asked for, so
	// they must not be shared with other fields (entity loaders).
	Partial bool
}

// Cursor is a keyset position: the sort key of the last item seen and its id
// as tie-breaker. Order names the ordering it belongs to (e.g. "NAME:ASC"), so
// a cursor from one ordering is refused by another instead of silently
// skipping items. Exactly one of S, F, T carries the key; none does when the
// ordering is by id alone or when the key is null (ARR sorts nulls last).
type Cursor struct {
	Order string     `json:"o"`
	S     *string    `json:"s,omitempty"`
	F     *float64   `json:"f,omitempty"`
	T     *time.Time `json:"t,omitempty"`
	ID    string     `json:"id"`
}

// Encode returns the opaque form clients see.
func (c Cursor) Encode() string {
	b, err := json.Marshal(c)
	if err != nil {
		panic("journey: cursor cannot be encoded: " + err.Error()) // only plain fields: impossible
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor parses an opaque cursor given as argument field and checks it
// belongs to order. A nil or empty after means "from the start".
func DecodeCursor(field string, after *string, order string) (*Cursor, error) {
	if after == nil {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*after)
	if err != nil || len(b) == 0 {
		return nil, Invalid(field, "malformed cursor")
	}
	var c Cursor
	if err := json.Unmarshal(b, &c); err != nil || c.ID == "" {
		return nil, Invalid(field, "malformed cursor")
	}
	if c.Order != order {
		return nil, Invalid(field, "cursor belongs to another ordering (%s), not %s", c.Order, order)
	}
	return &c, nil
}

// PageSize validates a `first` argument: nil means def, otherwise it must lie
// in 1..max.
func PageSize(field string, first *int, def, max int) (int, error) {
	if first == nil {
		return def, nil
	}
	if *first < 1 || *first > max {
		return 0, Invalid(field, "must be between 1 and %d, got %d", max, *first)
	}
	return *first, nil
}
