package journey

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxTouchpointBatch is the largest batch recordTouchpoints accepts. A batch
// is one transaction: all of it is written, or none of it.
const MaxTouchpointBatch = 1000

// MaxFutureSkew is how far in the future a touchpoint may claim to be; more
// than clock skew means a wrong timestamp.
const MaxFutureSkew = 5 * time.Minute

// maxAttributesBytes bounds a touchpoint's free properties.
const maxAttributesBytes = 16 << 10

var sourcePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// maxTouchpointIDLength is the longest source:externalId.
const maxTouchpointIDLength = 64 + 1 + MaxIDLength

// Touchpoint is one observed event in an account's journey.
type Touchpoint struct {
	// ID is Source + ":" + ExternalID: unique across source systems.
	ID         string
	Source     string
	ExternalID string
	TypeKey    string
	Category   Category
	OccurredAt time.Time
	AccountID  string
	ContactID  *string
	Value      *float64
	Sentiment  *float64
	Attributes map[string]any
	RecordedAt time.Time
	// PrefetchedType is the touchpoint's catalog entry when the read that
	// returned the touchpoint attached it (see AccountSelection); nil
	// otherwise. It is shared with other reads: never modify it.
	PrefetchedType *TouchpointType
}

// TouchpointID builds a touchpoint's id from its source and external id.
func TouchpointID(source, externalID string) string { return source + ":" + externalID }

// TouchpointInput records one observed touchpoint. The account comes from
// AccountID or from the contact; the contact from ContactID or ContactEmail.
type TouchpointInput struct {
	Source       string
	ExternalID   string
	TypeKey      string
	OccurredAt   time.Time
	AccountID    *string
	ContactID    *string
	ContactEmail *string
	Value        *float64
	Sentiment    *float64
	Attributes   map[string]any
}

// ID is the id the touchpoint will have.
func (in *TouchpointInput) ID() string { return TouchpointID(in.Source, in.ExternalID) }

// Normalize checks everything that needs no database, relative to now.
// Field paths are prefixed with prefix ("input"); an empty prefix leaves them
// relative to the touchpoint ("type"), as a batch item's errors are.
func (in *TouchpointInput) Normalize(prefix string, now time.Time) error {
	field := func(name string) string { return subField(prefix, name) }
	in.Source = strings.ToLower(TrimID(in.Source))
	if !sourcePattern.MatchString(in.Source) {
		return Invalid(field("source"), "%q is not a source system key (lower-case letters, digits, '_', '.', '-'; up to 64)", in.Source)
	}
	in.ExternalID = TrimID(in.ExternalID)
	if err := ValidateID(field("externalId"), in.ExternalID); err != nil {
		return err
	}
	in.TypeKey = TrimID(in.TypeKey)
	if err := ValidateKey(field("type"), in.TypeKey); err != nil {
		return err
	}
	if in.OccurredAt.IsZero() {
		return Invalid(field("occurredAt"), "is required")
	}
	if in.OccurredAt.After(now.Add(MaxFutureSkew)) {
		return &Error{Code: CodeInvalidInput, Reason: ReasonFutureTimestamp, Field: field("occurredAt"),
			Message: "is in the future (" + in.OccurredAt.UTC().Format(time.RFC3339) + "); touchpoints record what happened"}
	}
	if in.OccurredAt.Year() < 1970 {
		return Invalid(field("occurredAt"), "is implausibly old")
	}
	in.OccurredAt = in.OccurredAt.UTC()
	for name, v := range map[string]**string{"accountId": &in.AccountID, "contactId": &in.ContactID} {
		if *v == nil {
			continue
		}
		s := TrimID(**v)
		if err := ValidateID(field(name), s); err != nil {
			return err
		}
		*v = &s
	}
	if in.ContactEmail != nil {
		email, err := NormalizeEmail(field("contactEmail"), *in.ContactEmail)
		if err != nil {
			return err
		}
		in.ContactEmail = &email
	}
	if in.AccountID == nil && in.ContactID == nil && in.ContactEmail == nil {
		return Invalid(field("accountId"), "one of accountId, contactId or contactEmail is required")
	}
	if in.Value != nil && (math.IsNaN(*in.Value) || math.IsInf(*in.Value, 0)) {
		return Invalid(field("value"), "must be a finite number")
	}
	if in.Sentiment != nil && (*in.Sentiment < -1 || *in.Sentiment > 1 || math.IsNaN(*in.Sentiment)) {
		return Invalid(field("sentiment"), "must be between -1 and 1")
	}
	if in.Attributes != nil {
		// JSON encoding would replace invalid UTF-8 without a word.
		if !validUTF8(in.Attributes) {
			return Invalid(field("attributes"), "must be valid UTF-8")
		}
		b, err := json.Marshal(in.Attributes)
		if err != nil {
			return Invalid(field("attributes"), "cannot be encoded as JSON")
		}
		if len(b) > maxAttributesBytes {
			return Invalid(field("attributes"), "must be at most %d bytes of JSON", maxAttributesBytes)
		}
		// Numbers arrive as written (1e700 too); one beyond float64 would be
		// stored but could never be read back (found by FuzzJSONScalar).
		var back map[string]any
		if err := json.Unmarshal(b, &back); err != nil {
			return Invalid(field("attributes"), "numbers must fit a 64-bit floating-point number")
		}
	}
	return nil
}

// RecordResult says, per distinct input touchpoint (first occurrence order),
// what is stored and whether this call created it.
type RecordResult struct {
	Touchpoints []Touchpoint
	Created     []bool
}

// validUTF8 reports whether every string in a JSON-like value, map keys
// included, is valid UTF-8.
func validUTF8(v any) bool {
	switch v := v.(type) {
	case string:
		return utf8.ValidString(v)
	case map[string]any:
		for k, e := range v {
			if !utf8.ValidString(k) || !validUTF8(e) {
				return false
			}
		}
	case []any:
		for _, e := range v {
			if !validUTF8(e) {
				return false
			}
		}
	}
	return true
}

// SameTouchpoint reports whether two inputs describe the same touchpoint in
// every field: the same one twice in a batch is recorded once, while the same
// id with other content is a client bug.
func SameTouchpoint(a, b TouchpointInput) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// ConflictingDuplicate is the error of batch item i, whose touchpoint id
// stands earlier in the batch with other content.
func ConflictingDuplicate(i int, id string) *Error {
	return (&Error{Code: CodeInvalidInput, Reason: ReasonConflictingDuplicateID, Field: "externalId",
		Message: fmt.Sprintf("touchpoint %q appears earlier in this batch with different content", id)}).AtItem(i)
}
