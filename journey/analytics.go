package journey

import (
	"slices"
	"strconv"
	"time"
)

// JourneyLevel says whose journeys an analysis follows: the account's, with
// the whole buying committee's touchpoints interleaved (the B2B view), or
// each contact's own.
type JourneyLevel string

const (
	LevelAccount JourneyLevel = "ACCOUNT"
	LevelContact JourneyLevel = "CONTACT"
)

// Valid reports whether l is a known level.
func (l JourneyLevel) Valid() bool { return l == LevelAccount || l == LevelContact }

// AnalysisScope selects the journeys, and the touchpoints in them, that an
// analysis looks at. Every analytics query takes one; the zero value (after
// Normalize) is every account journey with every touchpoint.
type AnalysisScope struct {
	Level JourneyLevel
	// Segments, Industries and Regions narrow the accounts; a list matches
	// when the account's value is any of its entries.
	Segments   []Segment
	Industries []string
	Regions    []string
	// From (inclusive) and To (exclusive) bound the touchpoints and stage
	// entries considered.
	From *time.Time
	To   *time.Time
	// CohortFrom (inclusive) and CohortTo (exclusive) keep the journeys whose
	// first touchpoint, before any exclusion or window, falls between them.
	CohortFrom *time.Time
	CohortTo   *time.Time
	// ExcludeCategories and ExcludeTypes drop touchpoints (e.g. email opens)
	// from the journeys; the journeys themselves stay.
	ExcludeCategories []Category
	ExcludeTypes      []string
}

// Normalize defaults the level, trims and checks the lists and the time
// bounds; field prefixes every error's field, e.g. "scope".
func (s *AnalysisScope) Normalize(field string) error {
	if s.Level == "" {
		s.Level = LevelAccount
	}
	var errs Errors
	if !s.Level.Valid() {
		errs = append(errs, Invalid(field+".level", "must be ACCOUNT or CONTACT"))
	}
	for i, seg := range s.Segments {
		if !seg.Valid() {
			errs = append(errs, Invalid(listField(field+".segment", i), "is not a known segment"))
		}
	}
	for i, c := range s.ExcludeCategories {
		if !slices.Contains(Categories, c) {
			errs = append(errs, Invalid(listField(field+".excludeCategories", i), "is not a known category"))
		}
	}
	trim := func(name string, list []string) {
		for i := range list {
			list[i] = TrimID(list[i])
			errs.Add(ValidateKey(listField(field+"."+name, i), list[i]))
		}
	}
	trim("industry", s.Industries)
	trim("region", s.Regions)
	trim("excludeTypes", s.ExcludeTypes)
	checkRange := func(from, to *time.Time, fromName, toName string) {
		if from != nil {
			*from = from.UTC()
		}
		if to != nil {
			*to = to.UTC()
		}
		if from != nil && to != nil && !from.Before(*to) {
			errs = append(errs, Invalid(field+"."+toName, "must be after %s", fromName))
		}
	}
	checkRange(s.From, s.To, "from", "to")
	checkRange(s.CohortFrom, s.CohortTo, "cohortFrom", "cohortTo")
	return errs.OrNil()
}

// Excludes reports whether touchpoints of this type and category are left out.
func (s *AnalysisScope) Excludes(typeKey string, c Category) bool {
	return slices.Contains(s.ExcludeTypes, typeKey) || slices.Contains(s.ExcludeCategories, c)
}

// ObservedJourney is one journey in an analysis scope, in time order: an
// account's (all its contacts' touchpoints interleaved) or one contact's.
type ObservedJourney struct {
	// ID is the account id at ACCOUNT level, the contact id at CONTACT level.
	ID        string
	AccountID string
	// ARR is the account's annual recurring revenue, the value that
	// value-weighted attribution credits; nil when unknown.
	ARR *float64
	// Steps are the touchpoints in scope in (At, touchpoint id) order.
	Steps []JourneyStep
	// StageEntries are the account's stage transitions in scope, in time
	// order (at CONTACT level, those of the contact's account).
	StageEntries []StageEntry
}

// JourneyStep is one touchpoint of a journey, reduced to what analyses need.
type JourneyStep struct {
	TypeKey string
	At      time.Time
}

// StageEntry is an account entering a stage.
type StageEntry struct {
	StageKey string
	At       time.Time
}

// ReachedAt returns when the journey first entered stage, if it did.
func (j *ObservedJourney) ReachedAt(stage string) (time.Time, bool) {
	for _, e := range j.StageEntries {
		if e.StageKey == stage {
			return e.At, true
		}
	}
	return time.Time{}, false
}

func listField(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }

// Outcome is what a journey converts on: entering a stage (StageKey) or a
// touchpoint of a type (TypeKey), e.g. "customer" or "contract_signature".
// Exactly one is set.
type Outcome struct {
	StageKey string
	TypeKey  string
}

// Normalize trims the keys and checks that exactly one is given.
func (o *Outcome) Normalize(field string) error {
	o.StageKey, o.TypeKey = TrimID(o.StageKey), TrimID(o.TypeKey)
	if (o.StageKey == "") == (o.TypeKey == "") {
		return Invalid(field, "give exactly one of stage and touchpointType")
	}
	if o.StageKey != "" {
		return ValidateKey(field+".stage", o.StageKey)
	}
	return ValidateKey(field+".touchpointType", o.TypeKey)
}

// ReachedIn returns when j first reached the outcome and how many of its
// steps lead up to it: for a stage, the steps at or before its entry (the
// touchpoint that triggered a change shares its time); for a touchpoint type,
// the steps before the first one of that type.
func (o Outcome) ReachedIn(j *ObservedJourney) (at time.Time, stepsBefore int, ok bool) {
	if o.TypeKey != "" {
		for i, s := range j.Steps {
			if s.TypeKey == o.TypeKey {
				return s.At, i, true
			}
		}
		return time.Time{}, len(j.Steps), false
	}
	at, ok = j.ReachedAt(o.StageKey)
	if !ok {
		return time.Time{}, len(j.Steps), false
	}
	n, _ := slices.BinarySearchFunc(j.Steps, at, func(s JourneyStep, t time.Time) int {
		if s.At.After(t) {
			return 1
		}
		return -1 // steps at t count as before
	})
	return at, n, true
}

// AccountPath is one account's path from its first touchpoint to entering
// a stage; its steps are read page by page from the account's journey.
type AccountPath struct {
	AccountID string
	StageKey  string
	// ReachedAt is when the account first entered the stage.
	ReachedAt time.Time
	// FirstTouchAt is the account's first touchpoint, nil when it had none
	// by ReachedAt; ElapsedSeconds is the time from it to ReachedAt.
	FirstTouchAt   *time.Time
	ElapsedSeconds *float64
	// StepCount counts the account's touchpoints at or before ReachedAt.
	StepCount int
}
