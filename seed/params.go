package seed

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind is a journey archetype: how an account's story ends.
type Kind string

const (
	// KindLost never buys: marketing touches, maybe sales, and it stops
	// somewhere before the contract.
	KindLost Kind = "lost"
	// KindChurned buys, then leaves: negative support cases and reviews,
	// a cancellation, sometimes a refund.
	KindChurned Kind = "churned"
	// KindRetained buys, onboards, adopts and renews, sometimes buys more.
	KindRetained Kind = "retained"
	// KindAdvocate is retained and also recommends the company: positive
	// reviews, shares and referrals.
	KindAdvocate Kind = "advocate"
)

// Kinds lists the archetypes in the order JourneyMix and -mix name them.
var Kinds = []Kind{KindLost, KindChurned, KindRetained, KindAdvocate}

// JourneyMix gives the relative shares of the journey archetypes. Shares are
// weights: they need not add up to 1 (0.4/0.2/0.3/0.1 and 4/2/3/1 are the same mix).
type JourneyMix struct {
	Lost, Churned, Retained, Advocate float64
}

// DefaultMix is a plausible B2B funnel outcome: many prospects never buy.
var DefaultMix = JourneyMix{Lost: 0.35, Churned: 0.15, Retained: 0.35, Advocate: 0.15}

func (m JourneyMix) shares() []float64 { return []float64{m.Lost, m.Churned, m.Retained, m.Advocate} }

// Share returns the fraction of accounts the mix gives to k.
func (m JourneyMix) Share(k Kind) float64 {
	s := m.shares()
	total := s[0] + s[1] + s[2] + s[3]
	for i, kind := range Kinds {
		if kind == k {
			return s[i] / total
		}
	}
	return 0
}

// String formats the mix the way ParseMix reads it.
func (m JourneyMix) String() string {
	s := m.shares()
	parts := make([]string, len(Kinds))
	for i, k := range Kinds {
		parts[i] = string(k) + "=" + strconv.FormatFloat(s[i], 'g', -1, 64)
	}
	return strings.Join(parts, ",")
}

// ParseMix reads "lost=0.35,churned=0.15,retained=0.35,advocate=0.15".
// Archetypes left out get a share of 0.
func ParseMix(s string) (JourneyMix, error) {
	var m JourneyMix
	fields := map[Kind]*float64{KindLost: &m.Lost, KindChurned: &m.Churned, KindRetained: &m.Retained, KindAdvocate: &m.Advocate}
	for _, part := range strings.Split(s, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return JourneyMix{}, fmt.Errorf("mix: %q is not kind=share (kinds: lost, churned, retained, advocate)", part)
		}
		field, known := fields[Kind(strings.ToLower(strings.TrimSpace(name)))]
		if !known {
			return JourneyMix{}, fmt.Errorf("mix: unknown journey kind %q (kinds: lost, churned, retained, advocate)", name)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			return JourneyMix{}, fmt.Errorf("mix: share of %s: %q is not a number", name, value)
		}
		*field = v
	}
	return m, m.validate()
}

func (m JourneyMix) validate() error {
	total := 0.0
	for i, v := range m.shares() {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("mix: share of %s must be a non-negative number, got %v", Kinds[i], v)
		}
		total += v
	}
	if total <= 0 {
		return errors.New("mix: at least one journey kind needs a positive share")
	}
	return nil
}

// Params says what to generate. The same Params always produce the same data.
// Ids depend on the account index only, so a database holds one data set:
// loading another Seed on top would reuse account ids with other contacts.
type Params struct {
	// Seed selects the data set. Account i's journey depends only on Seed
	// and i, never on how many accounts are generated.
	Seed int64
	// Accounts is how many accounts to generate (ids acc-000001 onwards).
	Accounts int
	// ContactsPerAccount is the mean size of a buying committee; each
	// account gets between about 2/3 and 4/3 of it (at least 1), so the
	// largest committee is about twice the smallest.
	ContactsPerAccount int
	// Start and End bound every timestamp. End must not be in the future:
	// touchpoints record what happened.
	Start, End time.Time
	// Mix gives the shares of the journey archetypes.
	Mix JourneyMix
}

// MaxAccounts bounds one run; ids are zero-padded to 6 digits up to a million
// accounts and simply grow beyond.
const MaxAccounts = 10_000_000

// MaxContactsPerAccount keeps buying committees plausible.
const MaxContactsPerAccount = 50

// DefaultParams is a small demo set over a fixed past span, so that the
// defaults produce the same data on any day (and re-running duplicates nothing).
func DefaultParams() Params {
	return Params{
		Seed:               1,
		Accounts:           200,
		ContactsPerAccount: 6,
		Start:              time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		End:                time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Mix:                DefaultMix,
	}
}

// minSpan leaves room for a journey's events at one-second resolution.
const minSpan = 24 * time.Hour

// Validate reports every problem with p at once; now bounds End.
func (p Params) Validate(now time.Time) error {
	var errs []error
	if p.Accounts < 1 || p.Accounts > MaxAccounts {
		errs = append(errs, fmt.Errorf("accounts must be between 1 and %d, got %d", MaxAccounts, p.Accounts))
	}
	if p.ContactsPerAccount < 1 || p.ContactsPerAccount > MaxContactsPerAccount {
		errs = append(errs, fmt.Errorf("contacts per account must be between 1 and %d, got %d", MaxContactsPerAccount, p.ContactsPerAccount))
	}
	switch {
	case p.Start.IsZero() || p.End.IsZero():
		errs = append(errs, errors.New("time span: start and end are required"))
	case p.Start.Year() < 1970:
		errs = append(errs, fmt.Errorf("time span: start %s is before 1970", p.Start.Format(time.DateOnly)))
	case p.End.Sub(p.Start) < minSpan:
		errs = append(errs, fmt.Errorf("time span: end (%s) must be at least %s after start (%s)",
			p.End.Format(time.RFC3339), minSpan, p.Start.Format(time.RFC3339)))
	case p.End.After(now):
		errs = append(errs, fmt.Errorf("time span: end %s is in the future; touchpoints record what happened", p.End.Format(time.RFC3339)))
	}
	if err := p.Mix.validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
