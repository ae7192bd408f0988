package journey

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The change feed: every write transaction that records touchpoints or stage
// transitions appends one Change, numbered by a counter in the graph that the
// transaction increments as its last statement. Numbers are dense (a rolled
// back transaction gives its number back) and follow commit order, so a
// reader that has seen change N has every change below N.

// Change is one entry of the feed: what one write transaction recorded. Only
// one of Touchpoints and Stages is set.
type Change struct {
	Seq int64
	At  time.Time // when it was recorded (retention is measured from it)
	// Touchpoints are the touchpoints the transaction created, in the order
	// of the batch.
	Touchpoints []Touchpoint
	// Stages are the transitions it created, each with the stage the account
	// left as it was at the time (a later, earlier-dated transition does not
	// rewrite a delivered event).
	Stages []StageTransition
}

// Len is the number of events in the change.
func (c Change) Len() int { return len(c.Touchpoints) + len(c.Stages) }

// Changes is one read of the feed: the changes after a sequence number, in
// order, and the feed's head (the highest number committed when it was read).
type Changes struct {
	Head    int64
	Changes []Change
}

// FeedPosition is the position of an event in the feed: the Index-th event
// of change Seq. A cursor is the position of the event after the one it was
// given with, so resuming from it skips nothing and repeats nothing.
type FeedPosition struct {
	Seq   int64
	Index int
}

// Before reports whether p comes before q in the feed.
func (p FeedPosition) Before(q FeedPosition) bool {
	return p.Seq < q.Seq || (p.Seq == q.Seq && p.Index < q.Index)
}

// Next is the position after event index of change c.
func (c Change) Next(index int) FeedPosition {
	if index+1 < c.Len() {
		return FeedPosition{Seq: c.Seq, Index: index + 1}
	}
	return FeedPosition{Seq: c.Seq + 1}
}

const feedCursorPrefix = "feed:"

// Cursor is the opaque form clients see.
func (p FeedPosition) Cursor() string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s%d:%d", feedCursorPrefix, p.Seq, p.Index))
}

// ParseFeedCursor reads a cursor given as argument field.
func ParseFeedCursor(field, cursor string) (FeedPosition, error) {
	bad := Invalid(field, "malformed cursor: pass the cursor of an event of this subscription")
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return FeedPosition{}, bad
	}
	seq, index, ok := strings.Cut(strings.TrimPrefix(string(b), feedCursorPrefix), ":")
	if !ok || !strings.HasPrefix(string(b), feedCursorPrefix) {
		return FeedPosition{}, bad
	}
	s, err1 := strconv.ParseInt(seq, 10, 64)
	i, err2 := strconv.Atoi(index)
	if err1 != nil || err2 != nil || s < 1 || i < 0 {
		return FeedPosition{}, bad
	}
	return FeedPosition{Seq: s, Index: i}, nil
}

// CodeCursorExpired: a subscription's `after` cursor points at changes
// already pruned (older than the feed's retention). Resubscribe without it
// and reload what the view shows.
const CodeCursorExpired Code = "CURSOR_EXPIRED"

// CodeSlowConsumer: a subscriber fell further behind than the server buffers;
// it may resubscribe with the last cursor it received.
const CodeSlowConsumer Code = "SLOW_CONSUMER"

// ErrCursorExpired reports a resume position older than the retained feed.
func ErrCursorExpired(field string) *Error {
	return &Error{Code: CodeCursorExpired, Field: field,
		Message: "the cursor is older than the change feed's retention: resubscribe without it and reload"}
}

// TouchpointFeedFilter narrows touchpointRecorded; every given list must
// contain the touchpoint's value (an empty or absent list matches all).
type TouchpointFeedFilter struct {
	AccountIDs []string
	ContactIDs []string
	Categories []Category
	Types      []string
}

// Matches reports whether t passes the filter.
func (f TouchpointFeedFilter) Matches(t Touchpoint) bool {
	contact := ""
	if t.ContactID != nil {
		contact = *t.ContactID
	}
	return anyOrHas(f.AccountIDs, t.AccountID) && (len(f.ContactIDs) == 0 || (t.ContactID != nil && slices.Contains(f.ContactIDs, contact))) &&
		anyOrHas(f.Categories, t.Category) && anyOrHas(f.Types, t.TypeKey)
}

// StageFeedFilter narrows stageChanged: by account and by the stage entered.
type StageFeedFilter struct {
	AccountIDs []string
	Stages     []string
}

// Matches reports whether t passes the filter.
func (f StageFeedFilter) Matches(t StageTransition) bool {
	return anyOrHas(f.AccountIDs, t.AccountID) && anyOrHas(f.Stages, t.ToStageKey)
}

func anyOrHas[T comparable](list []T, v T) bool { return len(list) == 0 || slices.Contains(list, v) }

// TouchpointEvent is one touchpointRecorded event.
type TouchpointEvent struct {
	Cursor     string
	Touchpoint *Touchpoint
}

// StageEvent is one stageChanged event.
type StageEvent struct {
	Cursor     string
	Transition *StageTransition
}

// TouchpointFeedEvent is one touchpointFeed event: a *TouchpointEvent or a
// *FeedProgress.
type TouchpointFeedEvent interface{ isTouchpointFeedEvent() }

// StageFeedEvent is one stageFeed event: a *StageEvent or a *FeedProgress.
type StageFeedEvent interface{ isStageFeedEvent() }

// FeedProgress tells a filtered subscriber the position it has been checked
// up to when nothing matched: resuming from Cursor skips only non-matching
// events.
type FeedProgress struct {
	Cursor string
}

func (*TouchpointEvent) isTouchpointFeedEvent() {}
func (*StageEvent) isStageFeedEvent()           {}
func (*FeedProgress) isTouchpointFeedEvent()    {}
func (*FeedProgress) isStageFeedEvent()         {}
