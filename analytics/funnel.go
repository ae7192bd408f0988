package analytics

import (
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// FunnelOptions configures FunnelOf.
type FunnelOptions struct {
	// Stages are the funnel's stage keys in funnel order; entries into other
	// stages are ignored.
	Stages []string
	// Window, when positive, counts a move on from a stage only when it
	// happens at most this long after entering it.
	Window time.Duration
}

// Funnel is the answer of funnel: account journeys through the stages.
type Funnel struct {
	AccountsInScope int
	// AccountsEnteringAnyStage entered at least one of the funnel's stages.
	AccountsEnteringAnyStage int
	// BackwardMoves counts stage entries into a stage earlier in the funnel
	// than the stage entered just before (among the funnel's stages), in
	// AccountsWithBackwardMoves journeys.
	BackwardMoves             int
	AccountsWithBackwardMoves int
	Stages                    []FunnelStage
}

// FunnelStage is one stage of the funnel. For every stage but the last,
// Entered = ConvertedToNext + SkippedAhead + DropOff.
type FunnelStage struct {
	StageKey string
	// NextStageKey is nil for the last stage, and so are the conversion
	// fields.
	NextStageKey *string
	// Entered counts accounts that entered the stage at least once; Entries
	// counts every entry, re-entries included.
	Entered, Entries int
	// ConvertedToNext entered the next stage at or after first entering this
	// one (within the window).
	ConvertedToNext *int
	ConversionRate  *float64
	// SkippedAhead did not enter the next stage that way but entered a later
	// one (within the window).
	SkippedAhead *int
	// DropOff did neither: they stopped here or only went back.
	DropOff     *int
	DropOffRate *float64
	// Skipped never entered this stage but entered a later one.
	Skipped int
	// BackwardMovesFrom counts moves from this stage to an earlier one.
	BackwardMovesFrom int
	// Time from first entering this stage to entering the next, over the
	// converted journeys, in seconds; nil when none converted.
	MedianSecondsInStage, P90SecondsInStage *float64
}

// FunnelOf follows each journey's stage entries through the funnel.
func FunnelOf(js []journey.ObservedJourney, o FunnelOptions) Funnel {
	n := len(o.Stages)
	pos := make(map[string]int, n)
	for i, k := range o.Stages {
		pos[k] = i
	}
	res := Funnel{AccountsInScope: len(js), Stages: make([]FunnelStage, n)}
	converted, skippedAhead := make([]int, n), make([]int, n)
	inStage := make([][]float64, n)
	first := make([]time.Time, n)
	has := make([]bool, n)
	type entry struct {
		pos int
		at  time.Time
	}
	var entries []entry
	within := func(from, at time.Time) bool {
		return !at.Before(from) && (o.Window <= 0 || at.Sub(from) <= o.Window)
	}
	for i := range js {
		entries = entries[:0]
		clear(has)
		backward := false
		for _, e := range js[i].StageEntries {
			p, ok := pos[e.StageKey]
			if !ok {
				continue
			}
			if len(entries) > 0 && p < entries[len(entries)-1].pos {
				res.BackwardMoves++
				res.Stages[entries[len(entries)-1].pos].BackwardMovesFrom++
				backward = true
			}
			entries = append(entries, entry{p, e.At})
			res.Stages[p].Entries++
			if !has[p] {
				has[p], first[p] = true, e.At
			}
		}
		if backward {
			res.AccountsWithBackwardMoves++
		}
		if len(entries) > 0 {
			res.AccountsEnteringAnyStage++
		}
		latest := -1 // the latest funnel position entered
		for _, e := range entries {
			latest = max(latest, e.pos)
		}
		for p := 0; p < n; p++ {
			if !has[p] {
				if p < latest {
					res.Stages[p].Skipped++
				}
				continue
			}
			res.Stages[p].Entered++
			if p == n-1 {
				continue
			}
			var next time.Time
			found, later := false, false
			for _, e := range entries {
				if !within(first[p], e.at) {
					continue
				}
				if e.pos == p+1 && (!found || e.at.Before(next)) {
					next, found = e.at, true
				}
				if e.pos > p+1 {
					later = true
				}
			}
			switch {
			case found:
				converted[p]++
				inStage[p] = append(inStage[p], seconds(first[p], next))
			case later:
				skippedAhead[p]++
			}
		}
	}
	for p := range res.Stages {
		s := &res.Stages[p]
		s.StageKey = o.Stages[p]
		if p == n-1 {
			continue
		}
		next := o.Stages[p+1]
		c, sk := converted[p], skippedAhead[p]
		drop := s.Entered - c - sk
		s.NextStageKey, s.ConvertedToNext, s.SkippedAhead, s.DropOff = &next, &c, &sk, &drop
		s.ConversionRate, s.DropOffRate = rate(c, s.Entered), rate(drop, s.Entered)
		s.MedianSecondsInStage, s.P90SecondsInStage = quantiles(inStage[p])
	}
	return res
}
