package analytics

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// AttributionModel is a rule that shares a conversion among the touchpoints
// that led up to it.
type AttributionModel string

const (
	FirstTouch    AttributionModel = "FIRST_TOUCH"
	LastTouch     AttributionModel = "LAST_TOUCH"
	Linear        AttributionModel = "LINEAR"
	TimeDecay     AttributionModel = "TIME_DECAY"
	PositionBased AttributionModel = "POSITION_BASED"
	WShaped       AttributionModel = "W_SHAPED"
	Markov        AttributionModel = "MARKOV"
)

// AttributionModels lists every model in the order reports use by default.
var AttributionModels = []AttributionModel{FirstTouch, LastTouch, Linear, TimeDecay, PositionBased, WShaped, Markov}

// AttributionWeight is what one conversion is worth.
type AttributionWeight string

const (
	// WeightConversions counts every conversion as 1.
	WeightConversions AttributionWeight = "CONVERSIONS"
	// WeightARR counts a conversion as its account's ARR; accounts without
	// one count 0 (they still count in Conversions).
	WeightARR AttributionWeight = "ARR"
)

// Defaults of AttributionOptions.
const (
	DefaultHalfLife         = 7 * 24 * time.Hour
	DefaultLeadStage        = "lead"
	DefaultOpportunityStage = "opportunity"
)

// AttributionOptions configure Attribute.
type AttributionOptions struct {
	// Conversion is what counts as converting.
	Conversion journey.Outcome
	// Models to compute, in this order; none means AttributionModels.
	Models []AttributionModel
	// Weight is what a conversion is worth; empty means WeightConversions.
	Weight AttributionWeight
	// Lookback, when positive, credits only touchpoints at most this long
	// before the conversion.
	Lookback time.Duration
	// HalfLife of TIME_DECAY; zero means DefaultHalfLife.
	HalfLife time.Duration
	// LeadStage and OpportunityStage anchor W_SHAPED; empty means the defaults.
	LeadStage, OpportunityStage string
}

// AttributionReport is the answer of Attribute: totals and one
// ModelAttribution per model asked for.
type AttributionReport struct {
	Weight AttributionWeight
	// Journeys is how many journeys were in scope.
	Journeys int
	// Conversions counts the converting journeys with at least one credited
	// touchpoint: the conversions the models share out.
	Conversions int
	// UnattributedConversions counts converting journeys with no touchpoint
	// to credit (none before the conversion, or none in the lookback).
	UnattributedConversions int
	// ConversionsWithoutValue counts Conversions whose account has no ARR.
	ConversionsWithoutValue int
	// Value is the ARR of the Conversions' accounts (unknown ARR counts 0).
	Value float64
	// TotalCredit is what every model's credits add up to: Conversions, or
	// Value under WeightARR.
	TotalCredit float64
	Models      []ModelAttribution
}

// ModelAttribution is one model's credits, per touchpoint type and rolled up.
type ModelAttribution struct {
	Model AttributionModel
	// Credits has one row per touchpoint type that any model of the report
	// credits — the types on converting journeys' credited paths and, with
	// MARKOV, the types with a positive removal effect — so every model has
	// the same rows, some possibly at 0; by credit descending, then key.
	Credits    []AttributionCredit
	Categories []CategoryCredit
	Channels   []ChannelCredit
	// Markov is set for the MARKOV model only.
	Markov *MarkovAttribution
}

// AttributionCredit is a touchpoint type's credit under one model.
type AttributionCredit struct {
	TypeKey string
	Credit  float64
	Share   float64
}

// CategoryCredit is the credit of the touchpoint types of one category.
type CategoryCredit struct {
	Category journey.Category
	Credit   float64
	Share    float64
}

// ChannelCredit is the credit of the touchpoint types of one channel.
type ChannelCredit struct {
	ChannelKey string
	Credit     float64
	Share      float64
}

// MarkovAttribution is what the Markov model's credits come from.
type MarkovAttribution struct {
	// ConversionProbability is the chain's probability of converting from
	// the start.
	ConversionProbability float64
	// Journeys counts the journeys the chain was estimated from.
	Journeys int
	// RemovalEffects has one row per touchpoint type in the chain, by
	// effect descending, then key.
	RemovalEffects []MarkovRemovalEffect
}

// MarkovRemovalEffect is how much of the chain's conversion probability
// depends on one touchpoint type.
type MarkovRemovalEffect struct {
	TypeKey string
	// RemovalEffect is 1 − ConversionProbabilityWithout / ConversionProbability,
	// clamped to [0, 1].
	RemovalEffect float64
	// ConversionProbabilityWithout is the chain's conversion probability
	// when every visit to the type ends the journey unconverted.
	ConversionProbabilityWithout float64
}

// Attribute shares the conversions of journeys among the touchpoint types
// that led to them, under each model of opt.
//
// A journey converts when it reaches opt.Conversion; its credited touchpoints
// are those Outcome.ReachedIn counts before the conversion (for a stage, the
// ones at or before the entry; for a touchpoint type, the ones before its
// first occurrence), and with a Lookback only those at most Lookback before.
// Each converting journey with credited touchpoints hands out its weight (1,
// or its ARR) under every model, so every model's credits add up to
// TotalCredit. The heuristic models give the touchpoints of one journey
// these fractions (n credited touchpoints, in time order):
//
//   - FIRST_TOUCH: all to the first; LAST_TOUCH: all to the last.
//   - LINEAR: 1/n each.
//   - TIME_DECAY: 2^(−Δt/halfLife), Δt the time from touch to conversion,
//     normalised over the journey.
//   - POSITION_BASED: 40% first, 40% last, 20% shared by the middle; one
//     touch gets 100%, two get 50% each.
//   - W_SHAPED: three roles — the first touch, the lead-creation touch (the
//     last credited touch at or before the journey's first entry into
//     LeadStage) and the opportunity-creation touch (the same for
//     OpportunityStage) — carry 30 points each, and the touches holding no
//     role share 10 points. A role is missing when the stage was not
//     entered by the conversion or was entered before the first credited
//     touch; a touch holding several roles gets the points of each; the
//     points are then divided by their sum. So the full case is 30/30/30/10;
//     with no other touches the roles split 100%; with only the first role
//     and three other touches it is 75% and 8⅓% each.
//
// MARKOV is the first-order removal effect: see markovRemovalEffects.
func Attribute(journeys []journey.ObservedJourney, catalog []journey.TouchpointType, opt AttributionOptions) AttributionReport {
	opt = opt.withDefaults()
	rep := AttributionReport{Weight: opt.Weight, Journeys: len(journeys)}
	types := newCatalogIndex(catalog)
	credits := make([][]float64, len(opt.Models))
	credited := []bool{}
	chain := newChainCounts()
	var (
		path     []int32
		weights  = make([]float64, 0, 64)
		roleBits []uint8
	)
	for ji := range journeys {
		j := &journeys[ji]
		at, n, converted := opt.Conversion.ReachedIn(j)
		lo := 0
		if converted && opt.Lookback > 0 {
			earliest := at.Add(-opt.Lookback)
			lo, _ = slices.BinarySearchFunc(j.Steps[:n], earliest, func(s journey.JourneyStep, t time.Time) int {
				return s.At.Compare(t)
			})
		}
		steps := j.Steps[lo:n]
		path = path[:0]
		for _, s := range steps {
			path = append(path, types.id(s.TypeKey))
		}
		chain.add(path, converted)
		if !converted {
			continue
		}
		if len(steps) == 0 {
			rep.UnattributedConversions++
			continue
		}
		rep.Conversions++
		value := 0.0
		if j.ARR != nil {
			value = *j.ARR
		} else {
			rep.ConversionsWithoutValue++
		}
		rep.Value += value
		weight := 1.0
		if opt.Weight == WeightARR {
			weight = value
		}
		for len(credited) < len(types.keys) {
			credited = append(credited, false)
		}
		for _, t := range path {
			credited[t] = true
		}
		weights = slices.Grow(weights[:0], len(steps))[:len(steps)]
		for mi, m := range opt.Models {
			if m == Markov {
				continue
			}
			for len(credits[mi]) < len(types.keys) {
				credits[mi] = append(credits[mi], 0)
			}
			switch m {
			case FirstTouch:
				clear(weights)
				weights[0] = 1
			case LastTouch:
				clear(weights)
				weights[len(weights)-1] = 1
			case Linear:
				for i := range weights {
					weights[i] = 1 / float64(len(weights))
				}
			case TimeDecay:
				timeDecay(weights, steps, opt.HalfLife)
			case PositionBased:
				positionBased(weights)
			case WShaped:
				roleBits = wShapeRoles(roleBits, j, steps, at, opt.LeadStage, opt.OpportunityStage)
				wShaped(weights, roleBits)
			}
			for i, t := range path {
				credits[mi][t] += weight * weights[i]
			}
		}
	}
	if opt.Weight == WeightARR {
		rep.TotalCredit = rep.Value
	} else {
		rep.TotalCredit = float64(rep.Conversions)
	}
	for len(credited) < len(types.keys) {
		credited = append(credited, false)
	}
	byKey := make(map[string]*journey.TouchpointType, len(catalog))
	for i := range catalog {
		byKey[catalog[i].Key] = &catalog[i]
	}
	markov := make([]*MarkovAttribution, len(opt.Models))
	for mi, m := range opt.Models {
		if m == Markov {
			markov[mi], credits[mi] = chain.attribute(types, rep.TotalCredit)
			for t, c := range credits[mi] {
				credited[t] = credited[t] || c > 0
			}
		}
	}
	for mi, m := range opt.Models {
		ma := ModelAttribution{Model: m, Markov: markov[mi]}
		for len(credits[mi]) < len(types.keys) {
			credits[mi] = append(credits[mi], 0)
		}
		ma.Credits, ma.Categories, ma.Channels = creditRows(credits[mi], credited, types, byKey, rep.TotalCredit)
		rep.Models = append(rep.Models, ma)
	}
	return rep
}

func (opt AttributionOptions) withDefaults() AttributionOptions {
	if len(opt.Models) == 0 {
		opt.Models = AttributionModels
	}
	if opt.Weight == "" {
		opt.Weight = WeightConversions
	}
	if opt.HalfLife <= 0 {
		opt.HalfLife = DefaultHalfLife
	}
	if opt.LeadStage == "" {
		opt.LeadStage = DefaultLeadStage
	}
	if opt.OpportunityStage == "" {
		opt.OpportunityStage = DefaultOpportunityStage
	}
	return opt
}

// timeDecay sets w[i] ∝ 2^(−Δt_i/halfLife), Δt_i the time from touch i to
// the conversion. Exponents are taken relative to the latest touch (which
// gets 2^0 before normalising; the common factor cancels) so that old
// journeys and short half-lives cannot underflow every weight to zero.
func timeDecay(w []float64, steps []journey.JourneyStep, halfLife time.Duration) {
	latest := steps[len(steps)-1].At
	sum := 0.0
	for i, s := range steps {
		w[i] = math.Exp2(-float64(latest.Sub(s.At)) / float64(halfLife))
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
}

// positionBased sets the U-shaped 40/20/40 fractions.
func positionBased(w []float64) {
	n := len(w)
	switch n {
	case 1:
		w[0] = 1
	case 2:
		w[0], w[1] = 0.5, 0.5
	default:
		for i := range w {
			w[i] = 0.2 / float64(n-2)
		}
		w[0], w[n-1] = 0.4, 0.4
	}
}

// W-shaped roles, as bits of one touch.
const (
	roleFirst uint8 = 1 << iota
	roleLead
	roleOpportunity
)

// wShapeRoles marks, for each credited step, the W-shaped roles it holds.
func wShapeRoles(roles []uint8, j *journey.ObservedJourney, steps []journey.JourneyStep, at time.Time, lead, opportunity string) []uint8 {
	roles = roles[:0]
	for range steps {
		roles = append(roles, 0)
	}
	roles[0] |= roleFirst
	mark := func(stage string, bit uint8) {
		entered, ok := j.ReachedAt(stage)
		if !ok || entered.After(at) {
			return
		}
		// The last credited touch at or before the entry.
		k, _ := slices.BinarySearchFunc(steps, entered, func(s journey.JourneyStep, t time.Time) int {
			if s.At.After(t) {
				return 1
			}
			return -1
		})
		if k > 0 {
			roles[k-1] |= bit
		}
	}
	mark(lead, roleLead)
	mark(opportunity, roleOpportunity)
	return roles
}

// wShaped sets the W-shaped fractions from the roles: 30 points a role held,
// the touches with no role share 10, all divided by the total.
func wShaped(w []float64, roles []uint8) {
	others := 0
	for _, r := range roles {
		if r == 0 {
			others++
		}
	}
	sum := 0.0
	for i, r := range roles {
		if r == 0 {
			w[i] = 10 / float64(others)
		} else {
			w[i] = 30 * float64(bitsSet(r))
		}
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
}

func bitsSet(r uint8) int {
	n := 0
	for ; r != 0; r &= r - 1 {
		n++
	}
	return n
}

// creditRows turns per-type credits into sorted rows and category and
// channel rollups, over the credited types.
func creditRows(credit []float64, credited []bool, types *typeIndex, byKey map[string]*journey.TouchpointType, total float64) ([]AttributionCredit, []CategoryCredit, []ChannelCredit) {
	share := func(c float64) float64 {
		if total == 0 {
			return 0
		}
		return c / total
	}
	rows := []AttributionCredit{}
	byCategory := map[journey.Category]float64{}
	byChannel := map[string]float64{}
	for t, ok := range credited {
		if !ok {
			continue
		}
		key := types.keys[t]
		rows = append(rows, AttributionCredit{TypeKey: key, Credit: credit[t], Share: share(credit[t])})
		if tt := byKey[key]; tt != nil {
			byCategory[tt.Category] += credit[t]
			byChannel[tt.ChannelKey] += credit[t]
		}
	}
	slices.SortFunc(rows, func(a, b AttributionCredit) int {
		return cmp.Or(cmp.Compare(b.Credit, a.Credit), cmp.Compare(a.TypeKey, b.TypeKey))
	})
	categories := make([]CategoryCredit, 0, len(byCategory))
	for c, v := range byCategory {
		categories = append(categories, CategoryCredit{Category: c, Credit: v, Share: share(v)})
	}
	slices.SortFunc(categories, func(a, b CategoryCredit) int {
		return cmp.Or(cmp.Compare(b.Credit, a.Credit), cmp.Compare(a.Category, b.Category))
	})
	channels := make([]ChannelCredit, 0, len(byChannel))
	for c, v := range byChannel {
		channels = append(channels, ChannelCredit{ChannelKey: c, Credit: v, Share: share(v)})
	}
	slices.SortFunc(channels, func(a, b ChannelCredit) int {
		return cmp.Or(cmp.Compare(b.Credit, a.Credit), cmp.Compare(a.ChannelKey, b.ChannelKey))
	})
	return rows, categories, channels
}

// newCatalogIndex numbers touchpoint type keys densely, the catalog's first
// in catalog order, so every model returns the same set of rows.
func newCatalogIndex(catalog []journey.TouchpointType) *typeIndex {
	x := newTypeIndex()
	for _, t := range catalog {
		x.id(t.Key)
	}
	return x
}
