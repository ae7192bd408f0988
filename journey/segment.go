package journey

import (
	"errors"
	"time"
)

// The Segment source (package segment) keeps a little state of its own in the
// graph, next to the journeys it writes through the ordinary ingest functions:
// which anonymous ids an identify linked to a user, the last group a user was
// put in, calls waiting for an identify (pending), and calls it could not
// turn into journey data (skipped), each keyed by its messageId so a replay
// changes nothing.

// ErrSegmentCallsTaken says a Segment write was abandoned, nothing written:
// one of its calls was recorded (applied, or its messageId taken) by another
// request since the lookup it was mapped from. Mapped again, the calls find
// their records.
var ErrSegmentCallsTaken = errors.New("segment: a call was recorded by another request meanwhile")

// SegmentLookupQuery names what one Segment call needs to know of the graph.
type SegmentLookupQuery struct {
	UserIDs       []string // contacts, group links
	AnonymousIDs  []string // aliases
	AccountIDs    []string // accounts (groupId, context.groupId)
	Emails        []string // who owns each email
	MessageIDs    []string // settled already: their touchpoint is recorded
	TouchpointIDs []string // the touchpoint id of each message, same order as MessageIDs
	PendingKeys   []string // pending calls to try again
}

// SegmentContact is what the Segment source needs of a stored contact.
type SegmentContact struct {
	Email     string
	AccountID *string
}

// SegmentLookup is the answer to a SegmentLookupQuery.
type SegmentLookup struct {
	Contacts     map[string]SegmentContact // by contact id
	EmailOwners  map[string]string         // email → contact id
	Accounts     map[string]string         // account id → name
	Aliases      map[string]string         // anonymousId → userId
	GroupLinks   map[string]string         // userId → groupId, an existing account
	Settled      map[string]bool           // messageIds whose touchpoint is recorded
	Applied      map[string][]string       // messageId → fingerprints of the calls recorded as applied
	Pending      []SegmentPending          // the pending calls under the asked keys
	PendingTotal int                       // pending calls in the whole graph
}

// SegmentPending is a call kept until an identify ties it to a contact: its
// raw JSON, so it is mapped again, with the mapping of the day, when it can be.
type SegmentPending struct {
	MessageID   string
	Fingerprint string // of the call's content (its mark)
	Key         string // "user:<userId>" or "anon:<anonymousId>"
	Kind        string // track or page
	Name        string // event name or page path
	ReceivedAt  time.Time
	Message     string
}

// SegmentSkip is one call that did not become journey data, and why.
type SegmentSkip struct {
	MessageID   string
	Fingerprint string // of the call's content (see SegmentMark)
	Reason      string
	Kind        string // track, page, identify, group, screen, alias
	Name        string // event name, page path, or the id concerned
	At          time.Time
}

// SegmentWrite is the Segment source's own state written for one call.
type SegmentWrite struct {
	Pending     []SegmentPending
	Skipped     []SegmentSkip
	DropPending []string // messageIds of pending calls skipped now
}

// SegmentMark records that one call was applied. It is written in the
// transaction of the call's effect, so whoever sees the effect (another
// replica too) sees the mark, and a replay of the call is recognised.
type SegmentMark struct {
	MessageID   string
	Fingerprint string // of the call's content
	At          time.Time
}

// ID is the mark's key: the messageId with the content it came with.
func (m SegmentMark) ID() string { return m.MessageID + "|" + m.Fingerprint }

// SegmentProfiles is what a request's group and identify calls change,
// written in one transaction with their marks.
type SegmentProfiles struct {
	Accounts   []AccountInput
	Contacts   []ContactInput
	Aliases    map[string]string // anonymousId → userId
	GroupLinks map[string]string // userId → groupId
	Marks      []SegmentMark
}

// SegmentSkippedCount counts the skipped calls of one reason, kind and name:
// what an admin reads to add mappings.
type SegmentSkippedCount struct {
	Reason    string
	Kind      string
	Name      string
	Count     int
	FirstSeen time.Time
	LastSeen  time.Time
}

// SegmentSkipCountKey keys the count of one reason, call type and name.
func SegmentSkipCountKey(reason, kind, name string) string { return reason + "|" + kind + "|" + name }

// CountedName is the name a skip is counted under: the event name or page
// path of track and page calls; other calls' names are ids (personal data,
// one count each), kept on the call's record only, for its retention.
func (s SegmentSkip) CountedName() string {
	if s.Kind == "track" || s.Kind == "page" {
		return s.Name
	}
	return ""
}
