package blueprint

import (
	"cmp"
	"slices"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// Observe builds the observed side of a conformance check for the window w
// (nil: all time) from the accounts' whole journeys (read without a window)
// and the window's stage moves.
//
// Each account's stage entries cut its time into stage periods: a period
// runs from an entry to the next entry (the last one to the end of time), so
// the stage in force when the window opens comes from an entry before it,
// which is why the journeys must not be windowed. A step belongs to the
// period it falls in (an entry at the very instant of a step already
// counts), one before the first entry to no stage; only steps in [from, to)
// are counted. AccountsInStage counts, per stage, the accounts that were in
// it during the window: entered it in the window, or already in it when the
// window opened.
//
// Deriving the periods here, from the maintained journey paths, instead of
// stamping the stage on each touchpoint at ingest keeps the answer right
// when a stage change arrives late.
func Observe(journeys []journey.ObservedJourney, moves []journey.TransitionObservation, w *journey.ObservationWindow) journey.ConformanceObservations {
	from, to := w.Bounds()
	// This runs for every touchpoint (ten million at the scale of issue
	// 16): the steps in the window are found by binary search (they are in
	// time order), stages are numbered once per entry, and each step costs
	// one lookup of its type's number, its tally a slice index.
	type tally struct{ touchpoints, accounts, lastJourney int }
	var (
		stageAt  = map[string]int{}
		stages   []string
		typeAt   = map[string]int{}
		types    []string
		cells    [][]tally // [stage][type]
		periods  []int     // the current journey's entries, numbered
		inStage  = map[string]int{}
		stageNum = func(k string) int {
			n, ok := stageAt[k]
			if !ok {
				n = len(stages)
				stageAt[k] = n
				stages = append(stages, k)
				cells = append(cells, nil)
			}
			return n
		}
	)
	for ji, j := range journeys {
		for _, e := range stagesDuring(j.StageEntries, from, to) {
			inStage[e]++
		}
		if len(j.StageEntries) == 0 {
			continue // every step is before any stage
		}
		periods = periods[:0]
		for _, e := range j.StageEntries {
			periods = append(periods, stageNum(e.StageKey))
		}
		// The first step at or after from, then the first at or after to.
		steps := j.Steps
		lo, _ := slices.BinarySearchFunc(steps, from, func(s journey.JourneyStep, t time.Time) int { return s.At.Compare(t) })
		hi, _ := slices.BinarySearchFunc(steps[lo:], to, func(s journey.JourneyStep, t time.Time) int { return s.At.Compare(t) })
		period := -1 // index of the entry in force at the current step
		for _, s := range steps[lo : lo+hi] {
			for period+1 < len(j.StageEntries) && !j.StageEntries[period+1].At.After(s.At) {
				period++
			}
			if period < 0 {
				continue
			}
			typ, ok := typeAt[s.TypeKey]
			if !ok {
				typ = len(types)
				typeAt[s.TypeKey] = typ
				types = append(types, s.TypeKey)
			}
			row := cells[periods[period]]
			if typ >= len(row) {
				row = append(row, make([]tally, typ+1-len(row))...)
				cells[periods[period]] = row
			}
			n := &row[typ]
			n.touchpoints++
			if n.lastJourney != ji+1 { // journeys are accounts: count each once
				n.lastJourney = ji + 1
				n.accounts++
			}
		}
	}
	out := journey.ConformanceObservations{ByStage: []journey.StageObservation{}, AccountsInStage: inStage, Transitions: moves}
	for st, row := range cells {
		for typ, n := range row {
			if n.touchpoints > 0 {
				out.ByStage = append(out.ByStage, journey.StageObservation{StageKey: stages[st], TypeKey: types[typ], Touchpoints: n.touchpoints, Accounts: n.accounts})
			}
		}
	}
	slices.SortFunc(out.ByStage, func(a, b journey.StageObservation) int {
		return cmp.Or(cmp.Compare(a.StageKey, b.StageKey), cmp.Compare(a.TypeKey, b.TypeKey))
	})
	return out
}

// stagesDuring returns, each once, the stages an account was in during
// [from, to): the one in force when the window opens (entered before it and
// not left by then) and those entered in it. entries are in time order.
func stagesDuring(entries []journey.StageEntry, from, to time.Time) []string {
	var out []string
	for i, e := range entries {
		inForceAtFrom := e.At.Before(from) && (i+1 == len(entries) || entries[i+1].At.After(from))
		enteredInWindow := !e.At.Before(from) && e.At.Before(to)
		if (inForceAtFrom || enteredInWindow) && !slices.Contains(out, e.StageKey) {
			out = append(out, e.StageKey)
		}
	}
	return out
}
