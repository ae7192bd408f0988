// Package blueprint analyses the designed journey (journey.Blueprint) against
// the martech stack and the observed journeys: the journey map, coverage,
// gaps, what-if changes, vendor coverage, perception gaps and conformance.
// It is pure computation over a snapshot the store reads in one read
// transaction, so a what-if analysis is the same code run on a changed copy.
package blueprint

import (
	"cmp"
	"math"
	"slices"

	"github.com/journeygraph/journeygraph/journey"
)

// MaxIntegrationHops bounds the integration paths searched from a technology
// to a system of record (the cookbook's INTEGRATES_WITH*1..6).
const MaxIntegrationHops = 6

// JourneyMap assembles the map: stages in order, each with its expected
// touchpoints and their design, and each touchpoint's observed volume.
func JourneyMap(bp *journey.Blueprint, volumes map[string]int) journey.JourneyMap {
	out := journey.JourneyMap{Stages: []journey.JourneyMapStage{}}
	for _, sd := range bp.Stages {
		st := journey.JourneyMapStage{StageDesign: sd, Technologies: usedAt(bp, sd.Stage.Key), Touchpoints: []journey.JourneyMapTouchpoint{}}
		for _, e := range sd.ExpectedTouchpoints {
			st.Touchpoints = append(st.Touchpoints, journey.JourneyMapTouchpoint{
				TouchpointDesign: *bp.Type(e.Type.Key), MomentOfTruth: e.MomentOfTruth, ObservedTouchpoints: volumes[e.Type.Key]})
		}
		out.Stages = append(out.Stages, st)
	}
	return out
}

func usedAt(bp *journey.Blueprint, stage string) []*journey.Technology {
	return technologiesWhere(bp, func(t *journey.Technology) bool { return slices.Contains(t.StageKeys, stage) })
}

func capturers(bp *journey.Blueprint, typeKey string) []*journey.Technology {
	return technologiesWhere(bp, func(t *journey.Technology) bool { return slices.Contains(t.CaptureKeys, typeKey) })
}

func technologiesWhere(bp *journey.Blueprint, keep func(*journey.Technology) bool) []*journey.Technology {
	out := []*journey.Technology{}
	for _, t := range bp.Technologies {
		if keep(t) {
			out = append(out, t)
		}
	}
	return out
}

// Matrix counts, per stage, touchpoint category and technology, the expected
// touchpoint types the technology captures; a cell without technology counts
// those no technology captures. Empty cells are left out.
func Matrix(bp *journey.Blueprint) journey.CoverageMatrix {
	out := journey.CoverageMatrix{Cells: []journey.CoverageCell{}}
	for _, sd := range bp.Stages {
		for _, cat := range journey.Categories {
			var uncaptured []*journey.TouchpointType
			byTech := map[string][]*journey.TouchpointType{}
			for _, e := range sd.ExpectedTouchpoints {
				if e.Type.Category != cat {
					continue
				}
				techs := capturers(bp, e.Type.Key)
				if len(techs) == 0 {
					uncaptured = append(uncaptured, e.Type)
				}
				for _, t := range techs {
					byTech[t.Key] = append(byTech[t.Key], e.Type)
				}
			}
			for _, t := range bp.Technologies {
				if types := byTech[t.Key]; len(types) > 0 {
					out.Cells = append(out.Cells, journey.CoverageCell{Stage: sd.Stage, Category: cat, Technology: t, TouchpointTypes: types, Count: len(types)})
				}
			}
			if len(uncaptured) > 0 {
				out.Cells = append(out.Cells, journey.CoverageCell{Stage: sd.Stage, Category: cat, TouchpointTypes: uncaptured, Count: len(uncaptured)})
			}
		}
	}
	return out
}

// reachesRecord reports, per technology key, whether a directed integration
// path of at most MaxIntegrationHops leads from it to a system of record
// (systems of record reach themselves).
func reachesRecord(bp *journey.Blueprint) map[string]bool {
	next := map[string][]string{}
	for _, in := range bp.Integrations {
		next[in.FromKey] = append(next[in.FromKey], in.ToKey)
	}
	isRecord := map[string]bool{}
	for _, t := range bp.Technologies {
		isRecord[t.Key] = t.SystemOfRecord
	}
	out := map[string]bool{}
	for _, t := range bp.Technologies {
		if t.SystemOfRecord {
			out[t.Key] = true
			continue
		}
		seen := map[string]bool{t.Key: true}
		frontier := []string{t.Key}
		for hop := 0; hop < MaxIntegrationHops && len(frontier) > 0 && !out[t.Key]; hop++ {
			var grown []string
			for _, k := range frontier {
				for _, n := range next[k] {
					if isRecord[n] {
						out[t.Key] = true
					}
					if !seen[n] {
						seen[n] = true
						grown = append(grown, n)
					}
				}
			}
			frontier = grown
		}
	}
	return out
}

// Gaps is the gap analysis. observed lists the (type, source) pairs seen in
// the window (see store.ObservedSources; count the pairs CountUnmapped says).
func Gaps(bp *journey.Blueprint, observed []journey.SourceVolume) journey.CoverageGaps {
	g := journey.CoverageGaps{
		SystemsOfRecord: []*journey.Technology{}, UncapturedTypes: []journey.UncapturedType{},
		StagesWithoutTechnology: []*journey.Stage{}, Overlaps: []journey.Overlap{}, RetirementCandidates: []*journey.Technology{},
		Silos: []journey.Silo{}, Friction: []journey.Friction{}, SilentTechnologies: []journey.SilentTechnology{},
		UnmappedSources: []journey.UnmappedSource{},
	}
	for _, t := range bp.Technologies {
		if t.SystemOfRecord {
			g.SystemsOfRecord = append(g.SystemsOfRecord, t)
		}
	}
	for _, d := range bp.Types {
		techs := capturers(bp, d.Type.Key)
		switch {
		case len(techs) == 0:
			g.UncapturedTypes = append(g.UncapturedTypes, journey.UncapturedType{Type: d.Type, ExpectedAt: expectedAt(bp, d.Type.Key)})
		case len(techs) >= 2:
			o := journey.Overlap{Type: d.Type, Technologies: techs, Vendors: []*journey.Vendor{}}
			for _, t := range techs {
				if v := bp.Vendor(t.VendorKey); v != nil && !slices.Contains(o.Vendors, v) {
					o.Vendors = append(o.Vendors, v)
				}
			}
			g.Overlaps = append(g.Overlaps, o)
		}
	}
	for _, sd := range bp.Stages {
		if len(usedAt(bp, sd.Stage.Key)) > 0 {
			continue
		}
		if !slices.ContainsFunc(sd.ExpectedTouchpoints, func(e journey.ExpectedTouchpoint) bool { return len(capturers(bp, e.Type.Key)) > 0 }) {
			g.StagesWithoutTechnology = append(g.StagesWithoutTechnology, sd.Stage)
		}
	}
	for _, t := range bp.Technologies {
		// A system of record is never a candidate: the others' data flows into
		// it. One that captures nothing is a candidate too: retiring it loses
		// no touchpoint type.
		if !t.SystemOfRecord && !slices.ContainsFunc(t.CaptureKeys, func(k string) bool { return len(capturers(bp, k)) == 1 }) {
			g.RetirementCandidates = append(g.RetirementCandidates, t)
		}
	}
	reaches := reachesRecord(bp)
	for _, t := range bp.Technologies {
		if reaches[t.Key] {
			continue
		}
		s := journey.Silo{Technology: t, StrandedTouchpointTypes: []*journey.TouchpointType{}}
		for _, d := range bp.Types {
			if !slices.Contains(t.CaptureKeys, d.Type.Key) {
				continue
			}
			if !slices.ContainsFunc(capturers(bp, d.Type.Key), func(o *journey.Technology) bool { return reaches[o.Key] }) {
				s.StrandedTouchpointTypes = append(s.StrandedTouchpointTypes, d.Type)
			}
		}
		g.Silos = append(g.Silos, s)
	}
	for _, f := range bp.DataFields {
		var asked []*journey.TouchpointType
		for _, d := range bp.Types {
			if slices.ContainsFunc(d.DataFields, func(c journey.CollectedField) bool {
				return c.AskedOfCustomer && c.Field != nil && c.Field.Key == f.Key
			}) {
				asked = append(asked, d.Type)
			}
		}
		if len(asked) > 1 {
			g.Friction = append(g.Friction, journey.Friction{Field: bp.DataField(f.Key), TouchpointTypes: asked})
		}
	}
	seen := map[[2]string]bool{}
	for _, o := range observed {
		seen[[2]string{o.TypeKey, o.Source}] = true
	}
	for _, t := range bp.Technologies {
		st := journey.SilentTechnology{Technology: t, SilentTouchpointTypes: []*journey.TouchpointType{}}
		for _, d := range bp.Types {
			if slices.Contains(t.CaptureKeys, d.Type.Key) && !seen[[2]string{d.Type.Key, t.Key}] {
				st.SilentTouchpointTypes = append(st.SilentTouchpointTypes, d.Type)
			}
		}
		if len(st.SilentTouchpointTypes) > 0 {
			st.CompletelySilent = len(st.SilentTouchpointTypes) == len(t.CaptureKeys)
			g.SilentTechnologies = append(g.SilentTechnologies, st)
		}
	}
	for _, o := range observed {
		if mapped(bp, o.TypeKey, o.Source) {
			continue
		}
		d := bp.Type(o.TypeKey)
		if d == nil {
			continue
		}
		g.UnmappedSources = append(g.UnmappedSources, journey.UnmappedSource{Source: o.Source, Technology: bp.Technology(o.Source), Type: d.Type, Touchpoints: o.Touchpoints})
	}
	slices.SortStableFunc(g.UnmappedSources, func(a, b journey.UnmappedSource) int {
		return cmp.Or(cmp.Compare(b.Touchpoints, a.Touchpoints), cmp.Compare(a.Source, b.Source), cmp.Compare(a.Type.Key, b.Type.Key))
	})
	return g
}

func mapped(bp *journey.Blueprint, typeKey, source string) bool {
	t := bp.Technology(source)
	return t != nil && slices.Contains(t.CaptureKeys, typeKey)
}

// CountUnmapped is the count predicate for store.ObservedSources: only
// unmapped sources are reported with their number of touchpoints.
func CountUnmapped(bp *journey.Blueprint) func(typeKey, source string) bool {
	return func(typeKey, source string) bool { return !mapped(bp, typeKey, source) }
}

func expectedAt(bp *journey.Blueprint, typeKey string) []*journey.Stage {
	out := []*journey.Stage{}
	for _, sd := range bp.Stages {
		if slices.ContainsFunc(sd.ExpectedTouchpoints, func(e journey.ExpectedTouchpoint) bool { return e.Type.Key == typeKey }) {
			out = append(out, sd.Stage)
		}
	}
	return out
}

// Summary counts the headline figures of a gap analysis.
func Summary(bp *journey.Blueprint, g journey.CoverageGaps) journey.CoverageSummary {
	s := journey.CoverageSummary{
		Technologies: len(bp.Technologies), UncapturedTouchpointTypes: len(g.UncapturedTypes),
		CapturedTouchpointTypes: len(bp.Types) - len(g.UncapturedTypes), StagesWithoutTechnology: len(g.StagesWithoutTechnology),
		OverlappingTouchpointTypes: len(g.Overlaps), Silos: len(g.Silos),
	}
	vendors := map[string]bool{}
	for _, t := range bp.Technologies {
		vendors[t.VendorKey] = true
	}
	s.Vendors = len(vendors)
	stranded := map[string]bool{}
	for _, silo := range g.Silos {
		for _, t := range silo.StrandedTouchpointTypes {
			stranded[t.Key] = true
		}
	}
	s.StrandedTouchpointTypes = len(stranded)
	return s
}

// VendorCoverage lists, per vendor by name, what its products cover.
func VendorCoverage(bp *journey.Blueprint) []journey.VendorCoverage {
	out := []journey.VendorCoverage{}
	for i := range bp.Vendors {
		v := &bp.Vendors[i]
		vc := journey.VendorCoverage{Vendor: v, Technologies: []*journey.Technology{}, TouchpointTypes: []*journey.TouchpointType{},
			ExclusiveTouchpointTypes: []*journey.TouchpointType{}, Categories: []journey.Category{}, Stages: []*journey.Stage{}}
		for _, t := range bp.Technologies {
			if t.VendorKey == v.Key {
				vc.Technologies = append(vc.Technologies, t)
			}
		}
		ours := func(t *journey.Technology) bool { return t.VendorKey == v.Key }
		for _, d := range bp.Types {
			techs := capturers(bp, d.Type.Key)
			if !slices.ContainsFunc(techs, ours) {
				continue
			}
			vc.TouchpointTypes = append(vc.TouchpointTypes, d.Type)
			if !slices.ContainsFunc(techs, func(t *journey.Technology) bool { return !ours(t) }) {
				vc.ExclusiveTouchpointTypes = append(vc.ExclusiveTouchpointTypes, d.Type)
			}
		}
		for _, c := range journey.Categories {
			if slices.ContainsFunc(vc.TouchpointTypes, func(t *journey.TouchpointType) bool { return t.Category == c }) {
				vc.Categories = append(vc.Categories, c)
			}
		}
		for _, sd := range bp.Stages {
			used := slices.ContainsFunc(vc.Technologies, func(t *journey.Technology) bool { return slices.Contains(t.StageKeys, sd.Stage.Key) })
			covers := slices.ContainsFunc(sd.ExpectedTouchpoints, func(e journey.ExpectedTouchpoint) bool {
				return slices.ContainsFunc(vc.TouchpointTypes, func(t *journey.TouchpointType) bool { return t.Key == e.Type.Key })
			})
			if used || covers {
				vc.Stages = append(vc.Stages, sd.Stage)
			}
		}
		out = append(out, vc)
	}
	return out
}

// PerceptionGaps lists the touchpoints with the largest differences between
// internal and customer ratings of importance and of performance, and the
// moments of truth customers rate below weakBelow. Equal ratings are no gap
// and are left out. A list holds the first `first` differences, largest
// first and equal ones by type key, and then the rest of a tie at the limit:
// cutting through a tie would rank equal gaps as if one mattered less.
func PerceptionGaps(bp *journey.Blueprint, first int, weakBelow float64) journey.PerceptionGaps {
	gaps := func(rating func(journey.TouchpointDesign) journey.Rating) []journey.RatingGap {
		out := []journey.RatingGap{}
		for _, d := range bp.Types {
			r := rating(d)
			if g := r.Gap(); g != nil && *g != 0 {
				out = append(out, journey.RatingGap{Type: d.Type, Internal: *r.Internal, Customer: *r.Customer, Gap: *g})
			}
		}
		slices.SortStableFunc(out, func(a, b journey.RatingGap) int {
			return cmp.Or(cmp.Compare(math.Abs(b.Gap), math.Abs(a.Gap)), cmp.Compare(a.Type.Key, b.Type.Key))
		})
		n := min(first, len(out))
		for n > 0 && n < len(out) && math.Abs(out[n].Gap) == math.Abs(out[n-1].Gap) {
			n++
		}
		return out[:n]
	}
	pg := journey.PerceptionGaps{
		Importance:         gaps(func(d journey.TouchpointDesign) journey.Rating { return d.Importance }),
		Performance:        gaps(func(d journey.TouchpointDesign) journey.Rating { return d.Performance }),
		WeakMomentsOfTruth: []journey.WeakMomentOfTruth{},
	}
	for _, sd := range bp.Stages {
		for _, e := range sd.ExpectedTouchpoints {
			if e.MomentOfTruth == nil {
				continue
			}
			perf := bp.Type(e.Type.Key).Performance
			if perf.Customer != nil && *perf.Customer < weakBelow {
				pg.WeakMomentsOfTruth = append(pg.WeakMomentsOfTruth, journey.WeakMomentOfTruth{Stage: sd.Stage, Type: e.Type, MomentOfTruth: *e.MomentOfTruth, Performance: perf})
			}
		}
	}
	slices.SortStableFunc(pg.WeakMomentsOfTruth, func(a, b journey.WeakMomentOfTruth) int {
		return cmp.Compare(*a.Performance.Customer, *b.Performance.Customer)
	})
	return pg
}

// Conformance compares the design with observed journeys: dark touchpoints
// (expected in a stage, never observed there), shadow touchpoints (observed
// in a stage that does not expect them) and stage moves the design does not
// allow, each with the accounts it affects.
func Conformance(bp *journey.Blueprint, obs journey.ConformanceObservations) journey.Conformance {
	out := journey.Conformance{DarkTouchpoints: []journey.DarkTouchpoint{}, ShadowTouchpoints: []journey.ShadowTouchpoint{}, DisallowedTransitions: []journey.DisallowedTransition{}}
	observed := map[[2]string]journey.StageObservation{}
	for _, o := range obs.ByStage {
		observed[[2]string{o.StageKey, o.TypeKey}] = o
	}
	order := map[string]int{}
	for i, sd := range bp.Stages {
		order[sd.Stage.Key] = i
	}
	for _, sd := range bp.Stages {
		for _, e := range sd.ExpectedTouchpoints {
			if observed[[2]string{sd.Stage.Key, e.Type.Key}].Touchpoints == 0 {
				out.DarkTouchpoints = append(out.DarkTouchpoints, journey.DarkTouchpoint{Stage: sd.Stage, Type: e.Type, AccountsAffected: obs.AccountsInStage[sd.Stage.Key]})
			}
		}
	}
	for _, o := range obs.ByStage {
		sd, d := bp.Stage(o.StageKey), bp.Type(o.TypeKey)
		if sd == nil || d == nil || slices.ContainsFunc(sd.ExpectedTouchpoints, func(e journey.ExpectedTouchpoint) bool { return e.Type.Key == o.TypeKey }) {
			continue
		}
		out.ShadowTouchpoints = append(out.ShadowTouchpoints, journey.ShadowTouchpoint{Stage: sd.Stage, Type: d.Type, Touchpoints: o.Touchpoints, AccountsAffected: o.Accounts})
	}
	slices.SortFunc(out.ShadowTouchpoints, func(a, b journey.ShadowTouchpoint) int {
		return cmp.Or(cmp.Compare(order[a.Stage.Key], order[b.Stage.Key]), cmp.Compare(b.AccountsAffected, a.AccountsAffected), cmp.Compare(a.Type.Key, b.Type.Key))
	})
	for _, o := range obs.Transitions {
		from, to := bp.Stage(o.FromKey), bp.Stage(o.ToKey)
		if from == nil || to == nil || slices.ContainsFunc(from.AllowedNextStages, func(s *journey.Stage) bool { return s.Key == o.ToKey }) {
			continue
		}
		out.DisallowedTransitions = append(out.DisallowedTransitions, journey.DisallowedTransition{From: from.Stage, To: to.Stage, Transitions: o.Transitions, AccountsAffected: o.Accounts})
	}
	slices.SortFunc(out.DisallowedTransitions, func(a, b journey.DisallowedTransition) int {
		return cmp.Or(cmp.Compare(b.AccountsAffected, a.AccountsAffected), cmp.Compare(order[a.From.Key], order[b.From.Key]), cmp.Compare(order[a.To.Key], order[b.To.Key]))
	})
	return out
}
