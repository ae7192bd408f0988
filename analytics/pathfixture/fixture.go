// Package pathfixture is the small hand-built journey set the path, linkage
// and funnel analyses are tested on: the pure tests read it as observed
// journeys, the API tests write it into Neo4j, so both check the same
// hand-derived numbers (see the tests for the derivations).
package pathfixture

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// T0 is day 0 of the fixture.
var T0 = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)

// Day returns the instant d days after T0.
func Day(d float64) time.Time { return T0.Add(time.Duration(d * float64(24*time.Hour))) }

// Account is one fixture journey. Steps read "type@day" or "type@day/contact"
// ("-" for no contact; the default is the account's contact "<id>-c");
// Stages read "stage@day". Offset shifts every time of the journey by days.
type Account struct {
	ID      string
	Segment journey.Segment
	Offset  float64
	Steps   []string
	Stages  []string
}

// Short names of the fixture's types: W website_visit, E email_open and B
// webinar_attendance (marketing), D demo, P proposal and C contract_signature
// (sales), I invoice (finance).
var short = map[string]string{
	"W": "website_visit", "E": "email_open", "B": "webinar_attendance",
	"D": "demo", "P": "proposal", "C": "contract_signature", "I": "invoice",
}

// Departments maps the fixture's types to their owners in the seed catalog.
var Departments = map[string]string{
	"website_visit": "marketing", "email_open": "marketing", "webinar_attendance": "marketing",
	"demo": "sales", "proposal": "sales", "contract_signature": "sales", "invoice": "finance",
}

// Accounts are the eight fixture journeys.
var Accounts = []Account{
	{ID: "a1", Segment: journey.SegmentEnterprise,
		Steps:  []string{"W@0/a1-x", "E@1/a1-y", "W@2/a1-x", "D@5/a1-y", "P@8/a1-y", "C@10/a1-y", "I@12/-"},
		Stages: []string{"lead@0", "mql@2", "opportunity@5", "customer@10"}},
	{ID: "a2", Steps: []string{"W@0", "B@3", "D@4", "C@9"},
		Stages: []string{"lead@0", "mql@3", "sql@4", "opportunity@4.5", "customer@9"}},
	{ID: "a3", Steps: []string{"B@0", "D@2", "P@6", "D@8"},
		Stages: []string{"lead@0", "mql@2", "sql@6", "mql@7"}},
	{ID: "a4", Steps: []string{"W@0", "W@1", "D@3", "C@40"},
		Stages: []string{"lead@0", "customer@40"}},
	{ID: "a5", Steps: []string{"W@0", "B@2", "D@5"},
		Stages: []string{"lead@0"}},
	{ID: "a6", Steps: []string{"I@1/-"},
		Stages: []string{"customer@0"}},
	{ID: "a7", Offset: 100, Steps: []string{"W@0", "D@1", "C@2", "I@3/-"},
		Stages: []string{"lead@0", "opportunity@1", "customer@2"}},
	{ID: "a8", Offset: 100, Steps: []string{"W@0", "D@1", "C@2", "P@3"},
		Stages: []string{"lead@0", "mql@1", "opportunity@2"}},
}

type step struct {
	typeKey, contact string
	day              float64
}

func parse(s string) (key string, day float64, contact string) {
	key, rest, _ := strings.Cut(s, "@")
	at, contact, _ := strings.Cut(rest, "/")
	d, err := strconv.ParseFloat(at, 64)
	if err != nil {
		panic(fmt.Sprintf("pathfixture: %q: %v", s, err))
	}
	if k, ok := short[key]; ok {
		key = k
	}
	return key, d, contact
}

func (a Account) steps() []step {
	out := make([]step, len(a.Steps))
	for i, s := range a.Steps {
		k, d, c := parse(s)
		switch c {
		case "":
			c = a.ID + "-c"
		case "-":
			c = ""
		}
		out[i] = step{k, c, d + a.Offset}
	}
	return out
}

// Journeys returns the fixture as account-level observed journeys with
// every touchpoint in scope, ordered by id.
func Journeys() []journey.ObservedJourney {
	out := make([]journey.ObservedJourney, len(Accounts))
	for i, a := range Accounts {
		j := journey.ObservedJourney{ID: a.ID, AccountID: a.ID}
		for _, s := range a.steps() {
			j.Steps = append(j.Steps, journey.JourneyStep{TypeKey: s.typeKey, At: Day(s.day)})
		}
		j.StageEntries = stageEntries(a)
		out[i] = j
	}
	return out
}

func stageEntries(a Account) []journey.StageEntry {
	out := make([]journey.StageEntry, len(a.Stages))
	for i, s := range a.Stages {
		k, d, _ := parse(s)
		out[i] = journey.StageEntry{StageKey: k, At: Day(d + a.Offset)}
	}
	return out
}

// Inputs returns what to write to a store: accounts, contacts, touchpoints
// and stage changes.
func Inputs() ([]journey.AccountInput, []journey.ContactInput, []journey.TouchpointInput, []journey.StageChangeInput) {
	var (
		accounts []journey.AccountInput
		contacts []journey.ContactInput
		tps      []journey.TouchpointInput
		changes  []journey.StageChangeInput
	)
	seen := map[string]bool{}
	for _, a := range Accounts {
		seg := journey.SegmentSMB
		if a.Segment != "" {
			seg = a.Segment
		}
		accounts = append(accounts, journey.AccountInput{ID: a.ID, Name: strings.ToUpper(a.ID), Segment: &seg})
		for i, s := range a.steps() {
			in := journey.TouchpointInput{Source: "fixture", ExternalID: fmt.Sprintf("%s-%d", a.ID, i+1),
				TypeKey: s.typeKey, OccurredAt: Day(s.day), AccountID: ptr(a.ID)}
			if s.contact != "" {
				in.ContactID = ptr(s.contact)
				if !seen[s.contact] {
					seen[s.contact] = true
					contacts = append(contacts, journey.ContactInput{ID: s.contact, Email: s.contact + "@" + a.ID + ".example", AccountID: ptr(a.ID)})
				}
			}
			tps = append(tps, in)
		}
		for _, e := range stageEntries(a) {
			changes = append(changes, journey.StageChangeInput{AccountID: a.ID, StageKey: e.StageKey, At: e.At})
		}
	}
	return accounts, contacts, tps, changes
}

func ptr[T any](v T) *T { return &v }

// Rounded renders v (a value, or JSON as []byte or json.RawMessage) as JSON
// with every number rounded to 6 decimals and every object key starting in
// lower case, so Go results, API answers and expectations written as their
// derivations give them compare as strings.
func Rounded(v any) (string, error) {
	raw, ok := v.([]byte)
	if m, isRaw := v.(json.RawMessage); isRaw {
		raw, ok = m, true
	}
	if !ok {
		var err error
		if raw, err = json.Marshal(v); err != nil {
			return "", err
		}
	}
	var x any
	if err := json.Unmarshal(raw, &x); err != nil {
		return "", fmt.Errorf("%w: %s", err, raw)
	}
	out, err := json.Marshal(round(x))
	return string(out), err
}

func round(v any) any {
	switch v := v.(type) {
	case float64:
		return strconv.FormatFloat(v, 'f', 6, 64)
	case []any:
		for i := range v {
			v[i] = round(v[i])
		}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[strings.ToLower(k[:1])+k[1:]] = round(e)
		}
		return out
	}
	return v
}

// Writer is what Write writes the fixture through: the store's ingestion
// functions, so the maintained journey paths are what a real database holds.
type Writer interface {
	UpsertAccount(context.Context, journey.AccountInput) (journey.Account, bool, error)
	UpsertContact(context.Context, journey.ContactInput) (journey.Contact, bool, error)
	RecordTouchpoints(context.Context, []journey.TouchpointInput) (journey.RecordResult, error)
	RecordStageChange(context.Context, journey.StageChangeInput) (journey.StageTransition, bool, error)
}

// Write writes the fixture's accounts, contacts, touchpoints and stage changes.
func Write(ctx context.Context, w Writer) error {
	accounts, contacts, tps, changes := Inputs()
	for _, a := range accounts {
		if _, _, err := w.UpsertAccount(ctx, a); err != nil {
			return err
		}
	}
	for _, c := range contacts {
		if _, _, err := w.UpsertContact(ctx, c); err != nil {
			return err
		}
	}
	if _, err := w.RecordTouchpoints(ctx, tps); err != nil {
		return err
	}
	for _, c := range changes {
		if _, _, err := w.RecordStageChange(ctx, c); err != nil {
			return err
		}
	}
	return nil
}
