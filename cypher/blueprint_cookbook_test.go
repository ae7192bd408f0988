package cypher

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/blueprint"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// The blueprint recipes (08–22) are summarised as sorted lines, so that the
// same summary can be computed from the API's analysis of the same graph.

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, fmt.Sprint(x))
	}
	slices.Sort(out)
	return out
}

func round(x float64) float64 { return math.Round(x*100) / 100 }

func joinSorted(lines []string) string {
	slices.Sort(lines)
	return strings.Join(lines, " | ")
}

func summarizeBlueprint(name string, rows []map[string]any) (string, bool) {
	var lines []string
	switch name {
	case "08_journey_map.cypher":
		tps, mots := 0, 0
		for _, r := range rows {
			for _, tp := range r["touchpoints"].([]any) {
				tps++
				if tp.(map[string]any)["momentOfTruth"] != nil {
					mots++
				}
			}
		}
		return fmt.Sprintf("%d stages, %d touchpoints, %d moments of truth", len(rows), tps, mots), true
	case "09_coverage_matrix.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["stage"], "|", r["category"], "|", r["technology"], "|", r["touchpointTypes"]))
		}
	case "10_uncaptured_touchpoints.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["touchpointType"], r["expectedAt"]))
		}
	case "11_overlaps.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["touchpointType"], " ", strs(r["technologies"]), " ", strs(r["vendors"])))
		}
	case "12_silos.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["silo"], " ", strs(r["strandedTouchpointTypes"])))
		}
	case "13_friction.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["field"], " ", strs(r["askedAt"])))
		}
	case "14_silent_technologies.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["technology"], " ", strs(r["silentTouchpointTypes"])))
		}
	case "15_unmapped_sources.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["source"], " ", r["touchpointType"], " ", r["touchpoints"]))
		}
	case "16_vendor_coverage.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["vendor"], " ", r["touchpointTypes"], " ", strs(r["exclusive"])))
		}
	case "17_perception_gaps.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["aspect"], " ", r["touchpointType"], " ", round(r["gap"].(float64))))
		}
	case "18_weak_moments_of_truth.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["stage"], " ", r["touchpointType"], " ", r["customer"]))
		}
	case "19_stages_without_technology.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["stage"]))
		}
	case "20_stage_touchpoints.cypher":
		for _, r := range rows {
			if r["kind"] == "shadow" {
				lines = append(lines, fmt.Sprint(r["stage"], " ", r["touchpointType"], " ", r["touchpoints"], " ", r["accounts"]))
			}
		}
	case "21_dark_touchpoints.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["stage"], " ", r["touchpointType"], " ", r["accountsAffected"]))
		}
	case "22_disallowed_transitions.cypher":
		for _, r := range rows {
			lines = append(lines, fmt.Sprint(r["fromStage"], "->", r["toStage"], " ", r["transitions"], " ", r["accountsAffected"]))
		}
	default:
		return "", false
	}
	return joinSorted(lines), true
}

// blueprintAnswers computes the summaries of the blueprint recipes from the
// API's analysis (store snapshot + package blueprint) of db.
func blueprintAnswers(t *testing.T, db *storetest.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	bp, err := db.Store.Blueprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(bp.Types))
	for i, d := range bp.Types {
		keys[i] = d.Type.Key
	}
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	observed, err := db.Store.ObservedSources(ctx, keys, &journey.ObservationWindow{From: &from, To: &to}, blueprint.CountUnmapped(&bp))
	if err != nil {
		t.Fatal(err)
	}
	journeys, err := db.Store.ObservedJourneys(ctx, journey.AnalysisScope{Level: journey.LevelAccount})
	if err != nil {
		t.Fatal(err)
	}
	moves, err := db.Store.StageMoves(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	obs := blueprint.Observe(journeys, moves, nil)
	gaps := blueprint.Gaps(&bp, observed)
	conf := blueprint.Conformance(&bp, obs)
	out := map[string]string{}
	typeKeys := func(ts []*journey.TouchpointType) []string {
		var ks []string
		for _, t := range ts {
			ks = append(ks, t.Key)
		}
		slices.Sort(ks)
		return ks
	}
	names := func(ts []*journey.Technology) []string {
		var ns []string
		for _, t := range ts {
			ns = append(ns, t.Name)
		}
		slices.Sort(ns)
		return ns
	}

	m := blueprint.JourneyMap(&bp, nil)
	tps, mots := 0, 0
	for _, s := range m.Stages {
		for _, tp := range s.Touchpoints {
			tps++
			if tp.MomentOfTruth != nil {
				mots++
			}
		}
	}
	out["08_journey_map.cypher"] = fmt.Sprintf("%d stages, %d touchpoints, %d moments of truth", len(m.Stages), tps, mots)

	var lines []string
	for _, c := range blueprint.Matrix(&bp).Cells {
		tech := "(none)"
		if c.Technology != nil {
			tech = c.Technology.Name
		}
		lines = append(lines, fmt.Sprint(c.Stage.Name, "|", c.Category, "|", tech, "|", c.Count))
	}
	out["09_coverage_matrix.cypher"] = joinSorted(lines)

	lines = nil
	for _, u := range gaps.UncapturedTypes {
		var stages []string
		for _, s := range u.ExpectedAt {
			stages = append(stages, s.Name)
		}
		lines = append(lines, fmt.Sprint(u.Type.Key, fmt.Sprint(stagesOrEmpty(stages))))
	}
	out["10_uncaptured_touchpoints.cypher"] = joinSorted(lines)

	lines = nil
	for _, o := range gaps.Overlaps {
		var vendors []string
		for _, v := range o.Vendors {
			vendors = append(vendors, v.Name)
		}
		slices.Sort(vendors)
		lines = append(lines, fmt.Sprint(o.Type.Key, " ", names(o.Technologies), " ", vendors))
	}
	out["11_overlaps.cypher"] = joinSorted(lines)

	lines = nil
	for _, s := range gaps.Silos {
		lines = append(lines, fmt.Sprint(s.Technology.Name, " ", typeKeys(s.StrandedTouchpointTypes)))
	}
	out["12_silos.cypher"] = joinSorted(lines)

	lines = nil
	for _, f := range gaps.Friction {
		lines = append(lines, fmt.Sprint(f.Field.Key, " ", typeKeys(f.TouchpointTypes)))
	}
	out["13_friction.cypher"] = joinSorted(lines)

	lines = nil
	for _, s := range gaps.SilentTechnologies {
		lines = append(lines, fmt.Sprint(s.Technology.Name, " ", typeKeys(s.SilentTouchpointTypes)))
	}
	out["14_silent_technologies.cypher"] = joinSorted(lines)

	lines = nil
	for _, u := range gaps.UnmappedSources {
		lines = append(lines, fmt.Sprint(u.Source, " ", u.Type.Key, " ", u.Touchpoints))
	}
	out["15_unmapped_sources.cypher"] = joinSorted(lines)

	lines = nil
	for _, v := range blueprint.VendorCoverage(&bp) {
		if len(v.Technologies) > 0 {
			lines = append(lines, fmt.Sprint(v.Vendor.Name, " ", len(v.TouchpointTypes), " ", typeKeys(v.ExclusiveTouchpointTypes)))
		}
	}
	out["16_vendor_coverage.cypher"] = joinSorted(lines)

	pg := blueprint.PerceptionGaps(&bp, len(bp.Types), 3)
	lines = nil
	for _, g := range pg.Importance {
		lines = append(lines, fmt.Sprint("importance ", g.Type.Key, " ", round(g.Gap)))
	}
	for _, g := range pg.Performance {
		lines = append(lines, fmt.Sprint("performance ", g.Type.Key, " ", round(g.Gap)))
	}
	out["17_perception_gaps.cypher"] = joinSorted(lines)

	lines = nil
	for _, w := range pg.WeakMomentsOfTruth {
		lines = append(lines, fmt.Sprint(w.Stage.Name, " ", w.Type.Key, " ", *w.Performance.Customer))
	}
	out["18_weak_moments_of_truth.cypher"] = joinSorted(lines)

	lines = nil
	for _, s := range gaps.StagesWithoutTechnology {
		lines = append(lines, s.Name)
	}
	out["19_stages_without_technology.cypher"] = joinSorted(lines)

	lines = nil
	for _, s := range conf.ShadowTouchpoints {
		lines = append(lines, fmt.Sprint(s.Stage.Name, " ", s.Type.Key, " ", s.Touchpoints, " ", s.AccountsAffected))
	}
	out["20_stage_touchpoints.cypher"] = joinSorted(lines)

	lines = nil
	for _, d := range conf.DarkTouchpoints {
		lines = append(lines, fmt.Sprint(d.Stage.Name, " ", d.Type.Key, " ", d.AccountsAffected))
	}
	out["21_dark_touchpoints.cypher"] = joinSorted(lines)

	lines = nil
	for _, d := range conf.DisallowedTransitions {
		lines = append(lines, fmt.Sprint(d.From.Name, "->", d.To.Name, " ", d.Transitions, " ", d.AccountsAffected))
	}
	out["22_disallowed_transitions.cypher"] = joinSorted(lines)
	return out
}

func stagesOrEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
