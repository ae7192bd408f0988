// Package segment is JourneyGraph's event source for the Segment Spec: it
// reads track, identify, group and page calls as the Segment HTTP Tracking API
// receives them (one call, or a /v1/batch of them) and writes them through the
// store's ordinary ingest functions — group → Account, identify → Contact,
// track and page → Touchpoint — see docs/segment-source.md.
package segment

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// Limits of the HTTP Tracking API.
const (
	MaxCallBytes  = 32 << 10  // one call, and each call of a batch
	MaxBatchBytes = 500 << 10 // one /v1/batch request
	// MaxFutureSkew is how far after its receipt an event may claim to have
	// happened, after the clock-skew correction: the ingest path's own bound.
	MaxFutureSkew = journey.MaxFutureSkew
)

// Message is one call of the Segment Spec, as far as JourneyGraph reads it.
type Message struct {
	Type              string         `json:"type"`
	MessageID         string         `json:"messageId"`
	UserID            flexibleID     `json:"userId"`
	AnonymousID       flexibleID     `json:"anonymousId"`
	GroupID           flexibleID     `json:"groupId"`
	Event             string         `json:"event"`
	Name              string         `json:"name"`
	Properties        map[string]any `json:"properties"`
	Traits            map[string]any `json:"traits"`
	Context           map[string]any `json:"context"`
	Timestamp         *time.Time     `json:"timestamp"`
	OriginalTimestamp *time.Time     `json:"originalTimestamp"`
	SentAt            *time.Time     `json:"sentAt"`

	// OccurredAt is the event time after the clock-skew correction.
	OccurredAt time.Time `json:"-"`
	// Raw is the call as received (kept for pending calls).
	Raw json.RawMessage `json:"-"`
}

// flexibleID reads an id sent as a string or a number (the libraries coerce
// numbers, older callers do not).
type flexibleID string

func (f *flexibleID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexibleID(strings.TrimSpace(s))
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("must be a string")
	}
	*f = flexibleID(n.String())
	return nil
}

// Problem is one reason a request is refused, for the response body.
type Problem struct {
	Index   *int   `json:"index,omitempty"` // position in the batch
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// BadRequest refuses a whole request: nothing of it is written.
type BadRequest struct {
	Code     string // INVALID_JSON, INVALID_MESSAGE, TOO_LARGE, FUTURE_TIMESTAMP
	Problems []Problem
}

func (e *BadRequest) Error() string {
	if len(e.Problems) == 0 {
		return e.Code
	}
	return e.Code + ": " + e.Problems[0].Message
}

// Types the source reads; the others of the spec (screen, alias) are counted
// as skipped.
var knownTypes = map[string]bool{"track": true, "identify": true, "group": true, "page": true, "screen": true, "alias": true}

// ParseCall reads the body of /v1/<kind> (track, identify, group, page).
func ParseCall(kind string, body []byte, receivedAt time.Time) (Message, error) {
	if len(body) > MaxCallBytes {
		return Message{}, &BadRequest{Code: "TOO_LARGE", Problems: []Problem{{Message: fmt.Sprintf("a call must be at most %d bytes (32 KB); this one is %d", MaxCallBytes, len(body))}}}
	}
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		return Message{}, &BadRequest{Code: "INVALID_JSON", Problems: []Problem{{Message: "the body is not a JSON call: " + err.Error()}}}
	}
	if m.Type == "" {
		m.Type = kind
	}
	m.Raw = append(json.RawMessage(nil), body...)
	if p := m.prepare(kind, nil, receivedAt); p != nil {
		return Message{}, &BadRequest{Code: p.code, Problems: []Problem{p.Problem}}
	}
	return m, nil
}

// ParseBatch reads the body of /v1/batch: {"batch": [...], "sentAt": ...}.
// Any bad call refuses the whole batch, every problem reported.
func ParseBatch(body []byte, receivedAt time.Time) ([]Message, error) {
	if len(body) > MaxBatchBytes {
		return nil, &BadRequest{Code: "TOO_LARGE", Problems: []Problem{{Message: fmt.Sprintf("a batch must be at most %d bytes (500 KB); this one is %d", MaxBatchBytes, len(body))}}}
	}
	var b struct {
		Batch   []json.RawMessage `json:"batch"`
		SentAt  *time.Time        `json:"sentAt"`
		Context map[string]any    `json:"context"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, &BadRequest{Code: "INVALID_JSON", Problems: []Problem{{Message: "the body is not a JSON batch: " + err.Error()}}}
	}
	if b.Batch == nil {
		return nil, &BadRequest{Code: "INVALID_MESSAGE", Problems: []Problem{{Field: "batch", Message: "a batch needs a \"batch\" list of calls"}}}
	}
	out := make([]Message, 0, len(b.Batch))
	bad := &BadRequest{}
	for i, raw := range b.Batch {
		at := i
		if len(raw) > MaxCallBytes {
			bad.add("TOO_LARGE", Problem{Index: &at, Message: fmt.Sprintf("a call must be at most %d bytes (32 KB); this one is %d", MaxCallBytes, len(raw))})
			continue
		}
		var m Message
		if err := json.Unmarshal(raw, &m); err != nil {
			bad.add("INVALID_MESSAGE", Problem{Index: &at, Message: "not a call: " + err.Error()})
			continue
		}
		m.Raw = raw
		if m.Context == nil && b.Context != nil {
			m.Context = b.Context
		}
		if p := m.prepare("", b.SentAt, receivedAt); p != nil {
			p.Index = &at
			bad.add(p.code, p.Problem)
			continue
		}
		out = append(out, m)
	}
	if len(bad.Problems) > 0 {
		return nil, bad
	}
	return out, nil
}

func errorMessage(err error) string {
	var e *journey.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

func (e *BadRequest) add(code string, p Problem) {
	// The first code names the request's failure; every problem is listed.
	if e.Code == "" {
		e.Code = code
	}
	e.Problems = append(e.Problems, p)
}

type problem struct {
	Problem
	code string
}

func invalid(field, format string, args ...any) *problem {
	return &problem{Problem: Problem{Field: field, Message: fmt.Sprintf(format, args...)}, code: "INVALID_MESSAGE"}
}

// prepare checks what every call needs and computes its event time: the
// spec's clock-skew correction timestamp − (sentAt − receivedAt), when the
// sender says when it sent the call (its own sentAt, else the batch's).
func (m *Message) prepare(kind string, batchSentAt *time.Time, receivedAt time.Time) *problem {
	m.Type = strings.ToLower(strings.TrimSpace(m.Type))
	switch {
	case kind != "" && m.Type != kind:
		return invalid("type", "a call to /v1/%s must be of type %q, not %q", kind, kind, m.Type)
	case !knownTypes[m.Type]:
		return invalid("type", "unknown call type %q (want track, identify, group, page, screen or alias)", m.Type)
	}
	m.MessageID = strings.TrimSpace(m.MessageID)
	if err := journey.ValidateID("messageId", m.MessageID); err != nil {
		return invalid("messageId", "messageId is required (it makes the call idempotent): %s", errorMessage(err))
	}
	if m.UserID == "" && m.AnonymousID == "" {
		return invalid("userId", "a call needs a userId or an anonymousId")
	}
	for field, id := range map[string]flexibleID{"userId": m.UserID, "anonymousId": m.AnonymousID, "groupId": m.GroupID} {
		if id != "" {
			if err := journey.ValidateID(field, string(id)); err != nil {
				return invalid(field, "%s", errorMessage(err))
			}
		}
	}
	switch m.Type {
	case "track":
		if m.Event = strings.TrimSpace(m.Event); m.Event == "" {
			return invalid("event", "a track call needs an event name")
		}
	case "group":
		if m.GroupID == "" {
			return invalid("groupId", "a group call needs a groupId")
		}
	}
	m.OccurredAt = eventTime(m, batchSentAt, receivedAt)
	if m.OccurredAt.After(receivedAt.Add(MaxFutureSkew)) {
		return &problem{Problem: Problem{Field: "timestamp", Message: fmt.Sprintf(
			"the event time %s is more than %s after the call was received (%s), even after the clock-skew correction; journeys record what happened",
			m.OccurredAt.Format(time.RFC3339), MaxFutureSkew, receivedAt.UTC().Format(time.RFC3339))}, code: "FUTURE_TIMESTAMP"}
	}
	if m.OccurredAt.Year() < 1970 {
		return invalid("timestamp", "the event time %s is implausibly old", m.OccurredAt.Format(time.RFC3339))
	}
	return nil
}

// eventTime is the spec's corrected event time. Without a timestamp the event
// happened when it was sent (or received).
func eventTime(m *Message, batchSentAt *time.Time, receivedAt time.Time) time.Time {
	ts := m.Timestamp
	if ts == nil {
		ts = m.OriginalTimestamp
	}
	sentAt := m.SentAt
	if sentAt == nil {
		sentAt = batchSentAt
	}
	switch {
	case ts == nil:
		return receivedAt.UTC()
	case sentAt == nil:
		return ts.UTC()
	default:
		return ts.Add(-sentAt.Sub(receivedAt)).UTC().Truncate(time.Millisecond)
	}
}
