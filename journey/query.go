package journey

import "time"

// AccountOrderField is what accounts are sorted by.
type AccountOrderField string

const (
	AccountOrderName      AccountOrderField = "NAME"
	AccountOrderARR       AccountOrderField = "ARR" // accounts without ARR sort last
	AccountOrderCreatedAt AccountOrderField = "CREATED_AT"
)

// AccountFilter narrows a list of accounts; empty criteria match everything,
// a list matches when the account's value is any of its entries.
type AccountFilter struct {
	Segments      []Segment
	Industries    []string
	Regions       []string
	Tiers         []string
	CurrentStages []string // stage keys, via (:Account)-[:CURRENT_STAGE]->(:Stage)
	NameContains  *string  // case-insensitive
}

// AccountQuery is one page of accounts. Ties on the sort key are broken by
// id in the same direction, so pages never overlap.
type AccountQuery struct {
	Filter     AccountFilter
	OrderField AccountOrderField
	Desc       bool
	First      int
	After      *Cursor
	WithTotal  bool
}

// OrderName names the ordering in cursors, e.g. "NAME:ASC".
func (q AccountQuery) OrderName() string { return AccountOrdering(q.OrderField, q.Desc) }

// AccountOrdering names an account ordering in cursors.
func AccountOrdering(f AccountOrderField, desc bool) string { return string(f) + ":" + dir(desc) }

// CursorOf returns the cursor of a in this ordering.
func (q AccountQuery) CursorOf(a Account) Cursor {
	c := Cursor{Order: q.OrderName(), ID: a.ID}
	switch q.OrderField {
	case AccountOrderARR:
		c.F = a.ARR
	case AccountOrderCreatedAt:
		t := a.CreatedAt
		c.T = &t
	default:
		n := a.Name
		c.S = &n
	}
	return c
}

// ContactFilter narrows a list of contacts.
type ContactFilter struct {
	AccountID *string
	Roles     []BuyingRole
}

// ContactQuery is one page of contacts ordered by id.
type ContactQuery struct {
	Filter    ContactFilter
	First     int
	After     *Cursor
	WithTotal bool
}

// ContactOrder names the (only) contact ordering in cursors.
const ContactOrder = "ID:ASC"

// ContactCursor returns the cursor of c.
func ContactCursor(c Contact) Cursor { return Cursor{Order: ContactOrder, ID: c.ID} }

// JourneyFilter narrows a journey: From is inclusive, To exclusive.
type JourneyFilter struct {
	Categories []Category
	Types      []string
	From       *time.Time
	To         *time.Time
}

// JourneyQuery is one page of a journey (an account's or a contact's
// touchpoints) in (occurredAt, id) order, ascending or descending.
type JourneyQuery struct {
	Filter    JourneyFilter
	Desc      bool
	First     int
	After     *Cursor
	WithTotal bool
}

// JourneyOrderName names a journey ordering in cursors.
func JourneyOrderName(desc bool) string { return "OCCURRED_AT:" + dir(desc) }

// CursorOf returns the cursor of t in this journey's ordering.
func (q JourneyQuery) CursorOf(t Touchpoint) Cursor {
	at := t.OccurredAt
	return Cursor{Order: JourneyOrderName(q.Desc), T: &at, ID: t.ID}
}

func dir(desc bool) string {
	if desc {
		return "DESC"
	}
	return "ASC"
}
