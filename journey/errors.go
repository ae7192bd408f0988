package journey

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Code is a stable, machine-readable error class. The GraphQL error presenter
// returns it as extensions.code; clients branch on it, so values never change.
type Code string

const (
	// CodeInvalidInput: the request is well-formed GraphQL but a value is
	// unacceptable (malformed email, unknown touchpoint type, ...).
	CodeInvalidInput Code = "BAD_USER_INPUT"
	// CodeNotFound: a referenced entity does not exist.
	CodeNotFound Code = "NOT_FOUND"
	// CodeUnavailable: Neo4j cannot be reached right now; retrying later is safe.
	CodeUnavailable Code = "SERVICE_UNAVAILABLE"
	// CodeTimeout: the request ran out of time; retrying later is safe.
	CodeTimeout Code = "TIMEOUT"
	// CodeInternal: a bug or unexpected failure; details are logged, not returned.
	CodeInternal Code = "INTERNAL"
)

// Reason refines CodeInvalidInput for clients that react to specific
// problems; returned as extensions.reason. Values never change.
type Reason string

const (
	ReasonUnknownTouchpointType   Reason = "UNKNOWN_TOUCHPOINT_TYPE"
	ReasonUnknownAccount          Reason = "UNKNOWN_ACCOUNT"
	ReasonUnknownContact          Reason = "UNKNOWN_CONTACT"
	ReasonUnknownStage            Reason = "UNKNOWN_STAGE"
	ReasonUnknownTouchpoint       Reason = "UNKNOWN_TOUCHPOINT"
	ReasonContactOfAnotherAcct    Reason = "CONTACT_OF_ANOTHER_ACCOUNT"
	ReasonTouchpointOfAnotherAcct Reason = "TOUCHPOINT_OF_ANOTHER_ACCOUNT"
	ReasonNoAccount               Reason = "NO_ACCOUNT"
	ReasonEmailTaken              Reason = "EMAIL_TAKEN"
	ReasonFutureTimestamp         Reason = "FUTURE_TIMESTAMP"
	ReasonBatchTooLarge           Reason = "BATCH_TOO_LARGE"
	ReasonConflictingDuplicateID  Reason = "CONFLICTING_DUPLICATE_ID"
)

// Error is a domain error with a code and, for input errors, the offending
// field path (e.g. "input.email") so a form can highlight it.
type Error struct {
	Code   Code
	Reason Reason // optional refinement of Code
	// Item is the position of the offending item in a batch, or nil. Field is
	// then the path within the item ("type"): the GraphQL error presenter
	// reports it under the batch argument ("inputs[3].type"), the importer
	// at the item's CSV line.
	Item    *int
	Field   string
	Message string
	Err     error // underlying cause; never shown to clients
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Item != nil {
		msg = fmt.Sprintf("item %d: %s", *e.Item, msg)
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Invalid reports a bad input value in field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: CodeInvalidInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound reports a missing entity referenced by field (may be empty).
func NotFound(field, format string, args ...any) *Error {
	return &Error{Code: CodeNotFound, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// CodeInternal when there is none.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Errors is several domain errors found at once, e.g. every bad item of a
// batch. The error presenter reports each one.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Add appends err's domain errors: every one of an Errors, or err itself.
func (es *Errors) Add(err error) {
	var many Errors
	var one *Error
	switch {
	case err == nil:
	case errors.As(err, &many):
		*es = append(*es, many...)
	case errors.As(err, &one):
		*es = append(*es, one)
	default:
		*es = append(*es, &Error{Code: CodeInternal, Message: "internal error", Err: err})
	}
}

// OrNil returns es as an error, or nil when it is empty (never a typed nil).
func (es Errors) OrNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// AtItem marks e as about item i of a batch (its Field being within the
// item) and returns it.
func (e *Error) AtItem(i int) *Error {
	e.Item = &i
	return e
}

// ItemField is e's field path below the argument named arg: arg[3].type for
// an error about item 3 of a batch, arg.type for the item of a single-item
// call (item 0, as the batch functions the single ones call report it).
func (e *Error) ItemField(arg string) string {
	switch {
	case e.Item == nil:
		return e.Field
	case e.Field == "":
		return fmt.Sprintf("%s[%d]", arg, *e.Item)
	default:
		return fmt.Sprintf("%s[%d].%s", arg, *e.Item, e.Field)
	}
}

// SingleItem rewrites the item errors in err, which a batch function
// reported for the one item of a single-item call, as errors about the
// argument named arg ("input.email"); other errors pass unchanged.
func SingleItem(err error, arg string) error {
	var many Errors
	var one *Error
	switch {
	case errors.As(err, &many):
		for _, e := range many {
			e.inSingle(arg)
		}
	case errors.As(err, &one):
		one.inSingle(arg)
	}
	return err
}

func (e *Error) inSingle(arg string) {
	if e.Item != nil {
		e.Field = arg + "." + e.Field
		e.Item = nil
	}
}

// SortByItem orders es by item position, keeping the order of errors about
// the same item (and of errors about no item, which come first).
func (es Errors) SortByItem() {
	slices.SortStableFunc(es, func(a, b *Error) int {
		ai, bi := -1, -1
		if a.Item != nil {
			ai = *a.Item
		}
		if b.Item != nil {
			bi = *b.Item
		}
		return cmp.Compare(ai, bi)
	})
}

// subField is the path of field name below prefix; an empty prefix is the
// item itself.
func subField(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}
