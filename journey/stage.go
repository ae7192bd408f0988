package journey

import (
	"time"
)

// StageTransition records an account entering a stage.
type StageTransition struct {
	ID           string
	AccountID    string
	ToStageKey   string  // the stage entered
	FromStageKey *string // the stage left; nil for the account's first stage
	At           time.Time
	Source       *string
	// TriggeredByID is the id of the touchpoint that caused the change, if known.
	TriggeredByID *string
}

// StageChangeInput records that an account entered a stage at a time.
type StageChangeInput struct {
	// ID is an optional external id; by default the account, stage and time
	// identify the change, so replays are idempotent.
	ID            *string
	AccountID     string
	StageKey      string
	At            time.Time
	Source        *string
	TriggeredByID *string // touchpoint id (source:externalId)
}

// TransitionID is the id the transition will have.
func (in *StageChangeInput) TransitionID() string {
	if in.ID != nil {
		return *in.ID
	}
	return in.AccountID + "|" + in.StageKey + "|" + in.At.UTC().Format(time.RFC3339Nano)
}

// Normalize checks everything that needs no database, relative to now.
func (in *StageChangeInput) Normalize(prefix string, now time.Time) error {
	in.AccountID = TrimID(in.AccountID)
	if err := ValidateID(prefix+".accountId", in.AccountID); err != nil {
		return err
	}
	in.StageKey = TrimID(in.StageKey)
	if err := ValidateKey(prefix+".stage", in.StageKey); err != nil {
		return err
	}
	if in.At.IsZero() {
		return Invalid(prefix+".at", "is required")
	}
	if in.At.After(now.Add(MaxFutureSkew)) {
		return &Error{Code: CodeInvalidInput, Reason: ReasonFutureTimestamp, Field: prefix + ".at", Message: "is in the future"}
	}
	if in.At.Year() < 1970 {
		return Invalid(prefix+".at", "is implausibly old")
	}
	in.At = in.At.UTC()
	if in.ID != nil {
		if err := ValidateID(prefix+".id", *in.ID); err != nil {
			return err
		}
	}
	if in.Source != nil {
		if err := ValidateKey(prefix+".source", *in.Source); err != nil {
			return err
		}
	}
	if in.TriggeredByID != nil {
		if *in.TriggeredByID == "" || len(*in.TriggeredByID) > maxTouchpointIDLength {
			return Invalid(prefix+".triggeredByTouchpointId", "is not a touchpoint id (source:externalId)")
		}
		if err := validateText(prefix+".triggeredByTouchpointId", *in.TriggeredByID); err != nil {
			return err
		}
		if err := validateVisible(prefix+".triggeredByTouchpointId", *in.TriggeredByID); err != nil {
			return err
		}
	}
	return nil
}
