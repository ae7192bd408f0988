// Package importer turns the CSV exports users actually have (CRM
// activities, ERP invoices and contracts, marketing-automation activity,
// support tickets) into touchpoints, streaming: rows are read one at a time,
// converted and validated, and recorded in batches through the store, so
// memory is bounded by the batch size, never by the file.
//
// Each export kind has a Mapping: its source system, the columns it reads
// (matched case-insensitively, ignoring spaces, '_', '-' and '.'), which of
// them are required, and the table that turns the export's activity type into
// a touchpoint type. docs/import.md documents every mapping; a test keeps that
// page in step with the code.
package importer

import (
	"fmt"
	"sort"
	"strings"
)

// Column is one column a mapping reads.
type Column struct {
	// Name is the documented header, e.g. "ActivityDate".
	Name string
	// Aliases are other headers accepted for the same column (other exports
	// or languages of the same system), e.g. "Activity Date" is matched by
	// Name already; "StartDateTime" needs an alias.
	Aliases []string
	// Required columns must be in the header.
	Required bool
	// Group: at least one column of each non-empty group must be in the
	// header (e.g. one of the date columns); the first non-empty one in
	// column order is used per row.
	Group string
	// Meaning says what the column becomes (documentation).
	Meaning string
	// Keep copies the raw value into the touchpoint's attributes as well
	// (for columns that classify the row, such as the activity type).
	Keep bool
}

// TypeRule documents one line of a mapping's type table: export values
// (compared case-insensitively, '_' and '-' as spaces) and the touchpoint type
// they become.
type TypeRule struct {
	Values []string
	Type   string
	Note   string // e.g. "inbound_call when CallType is Inbound"
}

// Mapping describes one export kind.
type Mapping struct {
	Kind        string // e.g. "crm-activities"
	Source      string // touchpoint source: the technology key, e.g. "salesforce_sales_cloud"
	Title       string // e.g. "CRM activities (Salesforce Task/Event export)"
	Description string
	Columns     []Column
	TypeColumn  string // the column TypeRules apply to
	TypeRules   []TypeRule
	// IDNote documents how the touchpoint's external id is built.
	IDNote string

	convert func(r *rowContext)
	types   map[string]string // normalised value -> type key
	colPos  map[string]int    // column name -> index in Columns
}

// Kinds lists every mapping by kind, in documentation order.
var Kinds = []*Mapping{crmActivities, erpInvoices, marketingActivity, supportTickets}

// Lookup returns the mapping of a kind.
func Lookup(kind string) (*Mapping, error) {
	for _, m := range Kinds {
		if m.Kind == kind {
			return m, nil
		}
	}
	return nil, fmt.Errorf("unknown import kind %q (want one of %s)", kind, strings.Join(KindNames(), ", "))
}

// KindNames returns the kind names in documentation order.
func KindNames() []string {
	out := make([]string, len(Kinds))
	for i, m := range Kinds {
		out[i] = m.Kind
	}
	return out
}

func (m *Mapping) init() *Mapping {
	m.colPos = make(map[string]int, len(m.Columns))
	for i, c := range m.Columns {
		m.colPos[c.Name] = i
	}
	m.types = map[string]string{}
	for _, r := range m.TypeRules {
		for _, v := range r.Values {
			k := typeKey(v)
			if prev, dup := m.types[k]; dup && prev != r.Type {
				panic(fmt.Sprintf("importer: %s maps %q to both %s and %s", m.Kind, v, prev, r.Type))
			}
			m.types[k] = r.Type
		}
	}
	return m
}

// TypeOf returns the touchpoint type a value of the type column maps to
// through the rules table alone (no direction or channel refinements).
func (m *Mapping) TypeOf(value string) (string, bool) {
	t, ok := m.types[typeKey(value)]
	return t, ok
}

// typeKey normalises an activity type value: lower case, '_' and '-' as
// spaces, runs of spaces collapsed.
func typeKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("_", " ", "-", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// headerKey normalises a header for matching: lower case without spaces,
// '_', '-' and '.', so "Requester email", "RequesterEmail" and
// "requester_email" are the same column.
func headerKey(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '_', '-', '.', '\t':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// binding is a header matched against a mapping.
type binding struct {
	m       *Mapping
	field   []int    // per mapping column: its index in the record, -1 when absent
	header  []string // the record's headers as written (trimmed)
	extra   []int    // record indexes of unmapped columns (attributes)
	keep    []int    // record indexes of mapped columns also kept as attributes
	columns int      // number of fields per record
}

// HeaderError is a header that does not fit the mapping.
type HeaderError struct {
	Kind    string
	Missing []string // one entry per missing column or group, e.g. "ActivityDate (or CreatedDate)"
	Dup     []string // columns that appear more than once
}

func (e *HeaderError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		parts = append(parts, "missing required column "+strings.Join(e.Missing, ", missing required column "))
	}
	if len(e.Dup) > 0 {
		parts = append(parts, "column "+strings.Join(e.Dup, ", ")+" appears more than once")
	}
	return fmt.Sprintf("%s header: %s (see docs/import.md)", e.Kind, strings.Join(parts, "; "))
}

// bind matches a header row to the mapping's columns.
func (m *Mapping) bind(header []string) (*binding, error) {
	b := &binding{m: m, field: make([]int, len(m.Columns)), header: make([]string, len(header)), columns: len(header)}
	for i := range b.field {
		b.field[i] = -1
	}
	byKey := map[string]int{}
	for i, c := range m.Columns {
		byKey[headerKey(c.Name)] = i
		for _, a := range c.Aliases {
			byKey[headerKey(a)] = i
		}
	}
	herr := &HeaderError{Kind: m.Kind}
	for j, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		b.header[j] = h
		i, ok := byKey[headerKey(h)]
		if !ok || headerKey(h) == "" {
			b.extra = append(b.extra, j)
			continue
		}
		if b.field[i] >= 0 {
			herr.Dup = append(herr.Dup, m.Columns[i].Name)
			continue
		}
		b.field[i] = j
		if m.Columns[i].Keep {
			b.keep = append(b.keep, j)
		}
	}
	groups := map[string][]string{}
	present := map[string]bool{}
	var groupOrder []string
	for i, c := range m.Columns {
		if c.Required && b.field[i] < 0 {
			herr.Missing = append(herr.Missing, c.Name)
		}
		if c.Group != "" {
			if _, seen := groups[c.Group]; !seen {
				groupOrder = append(groupOrder, c.Group)
			}
			groups[c.Group] = append(groups[c.Group], c.Name)
			present[c.Group] = present[c.Group] || b.field[i] >= 0
		}
	}
	for _, g := range groupOrder {
		if !present[g] {
			names := groups[g]
			herr.Missing = append(herr.Missing, names[0]+" (or "+strings.Join(names[1:], " or ")+")")
		}
	}
	if len(herr.Missing) > 0 || len(herr.Dup) > 0 {
		return nil, herr
	}
	sort.Ints(b.keep)
	return b, nil
}

// headerOf returns the header a mapping column has in this file, or its
// documented name when the file has no such column.
func (b *binding) headerOf(column string) string {
	if column == "" {
		return ""
	}
	i, ok := b.m.colPos[column]
	if !ok {
		panic("importer: " + b.m.Kind + " has no column " + column)
	}
	if j := b.field[i]; j >= 0 {
		return b.header[j]
	}
	return column
}
