package importer

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/journeygraph/journeygraph/journey"
)

// Reasons of the rejections the importer finds itself. Rejections found by
// validation or by the store carry journey's reasons (UNKNOWN_ACCOUNT,
// UNKNOWN_CONTACT, FUTURE_TIMESTAMP, ...) or, without a reason, its code
// (BAD_USER_INPUT).
const (
	ReasonMissingValue = "MISSING_VALUE"     // a required column is empty in this row
	ReasonBadTimestamp = "BAD_TIMESTAMP"     // not one of the accepted timestamp forms
	ReasonBadAmount    = "BAD_AMOUNT"        // not an amount with '.' decimals
	ReasonUnmappedType = "UNMAPPED_TYPE"     // the activity type is not in the mapping's table
	ReasonFieldCount   = "WRONG_FIELD_COUNT" // the row has more or fewer fields than the header
	ReasonBadCSV       = "BAD_CSV"           // the row is not valid CSV (e.g. a stray quote)
)

// Attribute bounds: unmapped columns become attributes, within these limits,
// so a wide export cannot exceed the touchpoint's 16 KiB attribute limit.
const (
	maxAttributes      = 40           // columns kept per row
	maxAttributeValue  = 1000         // bytes per value (cut at a character boundary)
	maxAttributesBytes = 12 << 10     // worst-case JSON size of all of them
	truncatedAttribute = "_truncated" // set to true when columns were left out
)

// RowError is one line of the error report.
type RowError struct {
	Line       int    // line of the CSV file where the row starts (the header is line 1)
	ExternalID string // the touchpoint's external id, or the row's id column when none was built
	Field      string // the column as written in the file's header, or the touchpoint field
	Reason     string
	Message    string
}

// Pending is a converted, validated touchpoint and where it came from.
type Pending struct {
	Input  journey.TouchpointInput
	Line   int
	origin origin
}

// origin names the column each touchpoint field came from, for error reports.
type origin struct {
	externalID, typ, occurredAt, account, contact, email, value, sentiment string
}

// column returns the column a touchpoint field (as named in journey errors,
// e.g. "accountId") came from, or the field name itself.
func (o *origin) column(field string) string {
	var c string
	switch field {
	case "externalId":
		c = o.externalID
	case "type":
		c = o.typ
	case "occurredAt":
		c = o.occurredAt
	case "accountId":
		c = o.account
	case "contactId":
		c = o.contact
	case "contactEmail":
		c = o.email
	case "value":
		c = o.value
	case "sentiment":
		c = o.sentiment
	}
	if c == "" {
		return field
	}
	return c
}

// Row is what one CSV row became: touchpoints (usually one) and rejections.
// A row is rejected when it has any error; its other touchpoints still count.
type Row struct {
	Line        int
	Touchpoints []Pending
	Errors      []RowError
}

// Parser reads an export row by row. Its memory does not grow with the file:
// the CSV record is reused and each Row is valid until the next call to Next.
type Parser struct {
	cr    *csv.Reader
	b     *binding
	now   func() time.Time
	row   Row
	ctx   rowContext
	attrs []int // record indexes that become attributes, in header order
}

// NewParser reads the header (a UTF-8 byte order mark is skipped) and binds
// it to the mapping. A header that lacks a required column is an error naming
// the column. now bounds future timestamps (nil: time.Now).
func NewParser(r io.Reader, m *Mapping, now func() time.Time) (*Parser, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = 0 // the header's field count, checked for every row
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: the file is empty (want a header row)", m.Kind)
	}
	if err != nil {
		return nil, fmt.Errorf("%s header: %w", m.Kind, err)
	}
	b, err := m.bind(header)
	if err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	p := &Parser{cr: cr, b: b, now: now}
	isAttr := make([]bool, len(header))
	for _, j := range b.extra {
		isAttr[j] = true
	}
	for _, j := range b.keep {
		isAttr[j] = true
	}
	for j, a := range isAttr {
		if a {
			p.attrs = append(p.attrs, j)
		}
	}
	p.ctx.b = b
	p.ctx.p = p
	return p, nil
}

// Next returns the next row, or io.EOF after the last one. Other errors are
// I/O errors reading the input: the import cannot go on.
func (p *Parser) Next() (*Row, error) {
	p.row.Touchpoints = p.row.Touchpoints[:0]
	p.row.Errors = p.row.Errors[:0]
	rec, err := p.cr.Read()
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		return nil, io.EOF
	case errors.As(err, &pe) && errors.Is(err, csv.ErrFieldCount):
		p.row.Line = pe.StartLine
		p.row.Errors = append(p.row.Errors, RowError{Line: pe.StartLine, ExternalID: p.idOf(rec), Reason: ReasonFieldCount,
			Message: fmt.Sprintf("the row has %d fields, the header has %d", len(rec), p.b.columns)})
		return &p.row, nil
	case errors.As(err, &pe):
		p.row.Line = pe.StartLine
		p.row.Errors = append(p.row.Errors, RowError{Line: pe.StartLine, Reason: ReasonBadCSV,
			Message: fmt.Sprintf("not valid CSV at line %d, column %d: %v", pe.Line, pe.Column, pe.Err)})
		return &p.row, nil
	case err != nil:
		return nil, err
	}
	line, _ := p.cr.FieldPos(0)
	p.row.Line = line
	c := &p.ctx
	c.rec, c.now, c.attrs, c.attrsDone = rec, p.now(), nil, false
	p.b.m.convert(c)
	return &p.row, nil
}

// idOf returns the row's id column, if any, for error reports.
func (p *Parser) idOf(rec []string) string {
	if j := p.b.field[0]; j >= 0 && j < len(rec) { // every mapping's first column is its id
		return strings.TrimSpace(rec[j])
	}
	return ""
}

// rowContext is what a mapping's convert function works with.
type rowContext struct {
	p         *Parser
	b         *binding
	rec       []string
	now       time.Time
	attrs     map[string]any
	attrsDone bool
}

// get returns a column's trimmed value, "" when the file has no such column.
func (c *rowContext) get(column string) string {
	i, ok := c.b.m.colPos[column]
	if !ok {
		panic("importer: " + c.b.m.Kind + " has no column " + column)
	}
	if j := c.b.field[i]; j >= 0 {
		return strings.TrimSpace(c.rec[j])
	}
	return ""
}

// first returns the first non-empty value among columns, and its column.
func (c *rowContext) first(columns ...string) (string, string) {
	for _, col := range columns {
		if v := c.get(col); v != "" {
			return v, col
		}
	}
	return "", ""
}

// fail records a rejection of the row.
func (c *rowContext) fail(column, externalID, reason, format string, args ...any) {
	r := &c.p.row
	r.Errors = append(r.Errors, RowError{Line: r.Line, ExternalID: externalID, Field: c.b.headerOf(column),
		Reason: reason, Message: fmt.Sprintf(format, args...)})
}

// time parses a timestamp column's value, recording a rejection when it is
// not one.
func (c *rowContext) time(column, value, externalID string) (time.Time, bool) {
	t, err := parseTime(value)
	if err != nil {
		c.fail(column, externalID, ReasonBadTimestamp, "%q is not a timestamp; use %s", value, TimeForms)
		return time.Time{}, false
	}
	return t, true
}

// require returns a column's value, recording a rejection when it is empty.
func (c *rowContext) require(column, externalID string) (string, bool) {
	v := c.get(column)
	if v == "" {
		c.fail(column, externalID, ReasonMissingValue, "is empty; %s needs it in every row", c.b.m.Kind)
	}
	return v, v != ""
}

// optional returns a pointer to a column's value, nil when empty.
func (c *rowContext) optional(column string) *string {
	if v := c.get(column); v != "" {
		return &v
	}
	return nil
}

// attributes returns the row's attributes: unmapped columns and the mapped
// ones marked Keep, non-empty, bounded. Built once per row and shared by the
// row's touchpoints (nobody modifies them).
func (c *rowContext) attributes() map[string]any {
	if c.attrsDone {
		return c.attrs
	}
	c.attrsDone = true
	budget := maxAttributesBytes
	for _, j := range c.p.attrs {
		v := strings.TrimSpace(c.rec[j])
		if v == "" {
			continue
		}
		key := c.b.header[j]
		if key == "" {
			key = "column_" + strconv.Itoa(j+1)
		}
		key = truncate(key, 200)
		v = truncate(v, maxAttributeValue)
		cost := jsonCost(key) + jsonCost(v) + 6
		if c.attrs == nil {
			c.attrs = make(map[string]any, min(len(c.p.attrs), maxAttributes))
		}
		if len(c.attrs) >= maxAttributes || cost > budget {
			c.attrs[truncatedAttribute] = true
			break
		}
		if _, dup := c.attrs[key]; dup {
			continue // the first of two same-named columns wins
		}
		budget -= cost
		c.attrs[key] = v
	}
	return c.attrs
}

// emit validates a touchpoint (journey's Normalize) and adds it to the row,
// or records why it is rejected, naming the column the bad value came from.
func (c *rowContext) emit(in journey.TouchpointInput, o origin) {
	r := &c.p.row
	if err := in.Normalize("", c.now); err != nil {
		var je *journey.Error
		if !errors.As(err, &je) {
			je = &journey.Error{Code: journey.CodeInvalidInput, Message: err.Error()}
		}
		r.Errors = append(r.Errors, RowError{Line: r.Line, ExternalID: in.ExternalID, Field: o.column(je.Field),
			Reason: reasonOf(je), Message: je.Message})
		return
	}
	r.Touchpoints = append(r.Touchpoints, Pending{Input: in, Line: r.Line, origin: o})
}

func reasonOf(e *journey.Error) string {
	if e.Reason != "" {
		return string(e.Reason)
	}
	return string(e.Code)
}

// truncate cuts s to at most n bytes at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// jsonCost is an upper bound of a string's size in JSON: escaped characters
// (control and HTML-sensitive characters, quotes, U+2028/9) and invalid UTF-8
// bytes take 6 bytes, other characters their UTF-8 length.
func jsonCost(s string) int {
	n := 2
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, r < 0x20, r == '<', r == '>', r == '&', r == '"', r == '\\', r == 0x2028, r == 0x2029:
			n += 6
		default:
			n += size
		}
		i += size
	}
	return n
}
