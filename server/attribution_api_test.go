package server_test

import (
	"context"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// The hand-built attribution set of analytics/attribution_test.go, written
// through the store's ingest functions (so the maintained journey paths are
// what a real deployment reads) over the read fixture's catalog (A =
// website_visit, MARKETING, channel website; B = sales_email, SALES, channel
// email; C = demo, SALES, channel online_meeting). Day d = 2026-01-01 + d;
// acc-3 and acc-4 are shifted by 100 days as a whole, which changes no
// attribution (only differences of times within a journey matter) but gives
// the cohort and window filters something to separate:
//
//	acc-1 ENTERPRISE ARR 100  A(d0, c-1a) B(d7, c-1b) C(d14, c-1a)  lead d0, opportunity d7, customer d14
//	acc-2 SMB        ARR 300  A(d0) C(d7) (c-2)                     lead d0, customer d7
//	acc-3 ENTERPRISE ARR 80   B(d100) A(d107) B(d114) (c-3)         lead d100
//	acc-4 ENTERPRISE no ARR   B(d100) C(d107) A(d121) (c-4)         lead d100, opportunity d107, customer d114
//	acc-5 SMB        ARR 10   (no touchpoints)                      customer d3
func seedAttributionSet(t *testing.T, api *apitest.API) {
	t.Helper()
	seedCatalog(t, api)
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	str := func(s string) *string { return &s }
	num := func(v float64) *float64 { return &v }
	seg := func(s journey.Segment) *journey.Segment { return &s }
	accounts := []journey.AccountInput{
		{ID: "acc-1", Name: "One", Segment: seg("ENTERPRISE"), ARR: num(100)},
		{ID: "acc-2", Name: "Two", Segment: seg("SMB"), ARR: num(300)},
		{ID: "acc-3", Name: "Three", Segment: seg("ENTERPRISE"), ARR: num(80)},
		{ID: "acc-4", Name: "Four", Segment: seg("ENTERPRISE")},
		{ID: "acc-5", Name: "Five", Segment: seg("SMB"), ARR: num(10)},
	}
	if _, err := api.Store.UpsertAccounts(ctx, accounts); err != nil {
		t.Fatal(err)
	}
	var contacts []journey.ContactInput
	for _, c := range [][2]string{{"c-1a", "acc-1"}, {"c-1b", "acc-1"}, {"c-2", "acc-2"}, {"c-3", "acc-3"}, {"c-4", "acc-4"}} {
		contacts = append(contacts, journey.ContactInput{ID: c[0], Email: c[0] + "@example.com", AccountID: str(c[1])})
	}
	if _, err := api.Store.UpsertContacts(ctx, contacts); err != nil {
		t.Fatal(err)
	}
	var tps []journey.TouchpointInput
	tp := func(ext, typ string, d int, account, contact string) {
		tps = append(tps, journey.TouchpointInput{Source: "test", ExternalID: ext, TypeKey: typ, OccurredAt: day(d),
			AccountID: str(account), ContactID: str(contact)})
	}
	tp("1a", "website_visit", 0, "acc-1", "c-1a")
	tp("1b", "sales_email", 7, "acc-1", "c-1b")
	tp("1c", "demo", 14, "acc-1", "c-1a")
	tp("2a", "website_visit", 0, "acc-2", "c-2")
	tp("2b", "demo", 7, "acc-2", "c-2")
	tp("3a", "sales_email", 100, "acc-3", "c-3")
	tp("3b", "website_visit", 107, "acc-3", "c-3")
	tp("3c", "sales_email", 114, "acc-3", "c-3")
	tp("4a", "sales_email", 100, "acc-4", "c-4")
	tp("4b", "demo", 107, "acc-4", "c-4")
	tp("4c", "website_visit", 121, "acc-4", "c-4")
	if _, err := api.Store.RecordTouchpoints(ctx, tps); err != nil {
		t.Fatal(err)
	}
	var changes []journey.StageChangeInput
	sc := func(account, stage string, d int) {
		changes = append(changes, journey.StageChangeInput{AccountID: account, StageKey: stage, At: day(d)})
	}
	sc("acc-1", "lead", 0)
	sc("acc-1", "opportunity", 7)
	sc("acc-1", "customer", 14)
	sc("acc-2", "lead", 0)
	sc("acc-2", "customer", 7)
	sc("acc-3", "lead", 100)
	sc("acc-4", "lead", 100)
	sc("acc-4", "opportunity", 107)
	sc("acc-4", "customer", 114)
	sc("acc-5", "customer", 3)
	if _, err := api.Store.RecordStageChanges(ctx, changes); err != nil {
		t.Fatal(err)
	}
}

const attributionQuery = `
query($conversion: OutcomeInput!, $models: [AttributionModel!], $weight: AttributionWeight, $lookbackDays: Float,
      $halfLifeDays: Float, $leadStage: String, $scope: AnalysisScope) {
  attribution(conversion: $conversion, models: $models, weight: $weight, lookbackDays: $lookbackDays,
      halfLifeDays: $halfLifeDays, leadStage: $leadStage, scope: $scope) {
    weight journeys conversions unattributedConversions conversionsWithoutValue value totalCredit
    models {
      model
      credits { touchpointType { key } credit share }
      categories { category credit share }
      channels { channel { key name } credit share }
      markov { conversionProbability journeys
        removalEffects { touchpointType { key } removalEffect conversionProbabilityWithout } }
    }
  }
}`

type attributionAnswer struct {
	Attribution struct {
		Weight                                         string
		Journeys, Conversions, UnattributedConversions int
		ConversionsWithoutValue                        int
		Value, TotalCredit                             float64
		Models                                         []struct {
			Model   string
			Credits []struct {
				TouchpointType struct{ Key string }
				Credit, Share  float64
			}
			Categories []struct {
				Category      string
				Credit, Share float64
			}
			Channels []struct {
				Channel       struct{ Key, Name string }
				Credit, Share float64
			}
			Markov *struct {
				ConversionProbability float64
				Journeys              int
				RemovalEffects        []struct {
					TouchpointType               struct{ Key string }
					RemovalEffect                float64
					ConversionProbabilityWithout float64
				}
			}
		}
	}
}

func nearly(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// rows checks one model's credit rows (key, credit pairs, in order) and that
// each share is credit / total.
func (a attributionAnswer) rows(t *testing.T, model int, want ...any) {
	t.Helper()
	m := a.Attribution.Models[model]
	if len(m.Credits) != len(want)/2 {
		t.Fatalf("%s: %+v, want %v", m.Model, m.Credits, want)
	}
	for i := 0; i < len(want); i += 2 {
		got, key, credit := m.Credits[i/2], want[i].(string), want[i+1].(float64)
		if got.TouchpointType.Key != key || !nearly(got.Credit, credit) || !nearly(got.Share, credit/a.Attribution.TotalCredit) {
			t.Errorf("%s row %d = %+v, want %s %v", m.Model, i/2, got, key, credit)
		}
	}
}

func TestAttributionAPIHandBuilt(t *testing.T) {
	api := apitest.New(t, nil)
	seedAttributionSet(t, api)
	api.ForEachJourneySource(t, func(t *testing.T, api *apitest.API) {
		customer := map[string]any{"stage": "customer"}

		var all attributionAnswer
		api.MustDo(t, attributionQuery, map[string]any{"conversion": customer}, &all)
		a := all.Attribution
		// Totals and every model's credits as worked out in analytics/attribution_test.go.
		if a.Weight != "CONVERSIONS" || a.Journeys != 5 || a.Conversions != 3 || a.UnattributedConversions != 1 ||
			a.ConversionsWithoutValue != 1 || a.Value != 400 || a.TotalCredit != 3 || len(a.Models) != 7 {
			t.Fatalf("totals = %+v", a)
		}
		all.rows(t, 0, "website_visit", 2.0, "sales_email", 1.0, "demo", 0.0)               // FIRST_TOUCH
		all.rows(t, 1, "demo", 3.0, "sales_email", 0.0, "website_visit", 0.0)               // LAST_TOUCH
		all.rows(t, 2, "demo", 4.0/3, "sales_email", 5.0/6, "website_visit", 5.0/6)         // LINEAR
		all.rows(t, 3, "demo", 40.0/21, "sales_email", 13.0/21, "website_visit", 10.0/21)   // TIME_DECAY
		all.rows(t, 4, "demo", 1.4, "website_visit", 0.9, "sales_email", 0.7)               // POSITION_BASED
		all.rows(t, 5, "website_visit", 51.0/35, "sales_email", 29.0/30, "demo", 121.0/210) // W_SHAPED
		all.rows(t, 6, "demo", 27.0/22, "sales_email", 21.0/22, "website_visit", 9.0/11)    // MARKOV
		mk := a.Models[6].Markov
		if a.Models[6].Model != "MARKOV" || mk == nil || !nearly(mk.ConversionProbability, 0.75) || mk.Journeys != 4 ||
			len(mk.RemovalEffects) != 3 || mk.RemovalEffects[0].TouchpointType.Key != "demo" || mk.RemovalEffects[0].RemovalEffect != 1 ||
			mk.RemovalEffects[1].TouchpointType.Key != "sales_email" || !nearly(mk.RemovalEffects[1].RemovalEffect, 7.0/9) ||
			!nearly(mk.RemovalEffects[1].ConversionProbabilityWithout, 1.0/6) ||
			mk.RemovalEffects[2].TouchpointType.Key != "website_visit" || !nearly(mk.RemovalEffects[2].RemovalEffect, 2.0/3) {
			t.Errorf("markov = %+v", mk)
		}
		if a.Models[2].Markov != nil {
			t.Errorf("LINEAR has Markov details")
		}
		// LINEAR rollups: SALES = B + C = 13/6, MARKETING = A = 5/6; channels
		// Online meeting 4/3, then Email and Website at 5/6 by key.
		lin := a.Models[2]
		if len(lin.Categories) != 2 || lin.Categories[0].Category != "SALES" || !nearly(lin.Categories[0].Credit, 13.0/6) ||
			!nearly(lin.Categories[0].Share, 13.0/18) || lin.Categories[1].Category != "MARKETING" || !nearly(lin.Categories[1].Credit, 5.0/6) {
			t.Errorf("categories = %+v", lin.Categories)
		}
		if len(lin.Channels) != 3 || lin.Channels[0].Channel.Name != "Online meeting" || !nearly(lin.Channels[0].Credit, 4.0/3) ||
			lin.Channels[1].Channel.Key != "email" || lin.Channels[2].Channel.Key != "website" || !nearly(lin.Channels[2].Share, 5.0/18) {
			t.Errorf("channels = %+v", lin.Channels)
		}

		t.Run("ARR weight", func(t *testing.T) {
			var out attributionAnswer
			api.MustDo(t, attributionQuery, map[string]any{"conversion": customer, "weight": "ARR", "models": []string{"LINEAR", "MARKOV"}}, &out)
			// J1 100 + J2 300 + J4 0 (no ARR).
			if out.Attribution.TotalCredit != 400 || out.Attribution.Weight != "ARR" || len(out.Attribution.Models) != 2 {
				t.Fatalf("totals = %+v", out.Attribution)
			}
			out.rows(t, 0, "demo", 550.0/3, "website_visit", 550.0/3, "sales_email", 100.0/3)
			out.rows(t, 1, "demo", 400*9.0/22, "sales_email", 400*7.0/22, "website_visit", 400*6.0/22)
		})
		t.Run("lookback", func(t *testing.T) {
			// 7 days: J1 B C, J2 A C, J4 C.
			var out attributionAnswer
			api.MustDo(t, attributionQuery, map[string]any{"conversion": customer, "lookbackDays": 7, "models": []string{"FIRST_TOUCH"}}, &out)
			out.rows(t, 0, "demo", 1.0, "sales_email", 1.0, "website_visit", 1.0)
		})
		t.Run("touchpoint type conversion", func(t *testing.T) {
			// Before the first demo: J1 A B, J2 A, J4 B; LAST_TOUCH B 2, A 1.
			var out attributionAnswer
			api.MustDo(t, attributionQuery, map[string]any{"conversion": map[string]any{"touchpointType": "demo"}, "models": []string{"LAST_TOUCH", "MARKOV"}}, &out)
			out.rows(t, 0, "sales_email", 2.0, "website_visit", 1.0)
			out.rows(t, 1, "sales_email", 21.0/13, "website_visit", 18.0/13)
		})
		t.Run("segment", func(t *testing.T) {
			// ENTERPRISE: acc-1, acc-3, acc-4. LINEAR: J1 1/3 each, J4 B 1/2 C 1/2.
			var out attributionAnswer
			api.MustDo(t, attributionQuery, map[string]any{"conversion": customer, "models": []string{"LINEAR"},
				"scope": map[string]any{"segment": []string{"ENTERPRISE"}}}, &out)
			if out.Attribution.Journeys != 3 || out.Attribution.Conversions != 2 {
				t.Fatalf("totals = %+v", out.Attribution)
			}
			out.rows(t, 0, "demo", 5.0/6, "sales_email", 5.0/6, "website_visit", 1.0/3)
		})
		t.Run("exclusions", func(t *testing.T) {
			// Without sales emails: J1 A C, J2 A C, J4 C. FIRST A 2, C 1; LAST C 3.
			var out attributionAnswer
			api.MustDo(t, attributionQuery, map[string]any{"conversion": customer, "models": []string{"FIRST_TOUCH", "LAST_TOUCH"},
				"scope": map[string]any{"excludeTypes": []string{"sales_email"}}}, &out)
			out.rows(t, 0, "website_visit", 2.0, "demo", 1.0)
			out.rows(t, 1, "demo", 3.0, "website_visit", 0.0)
		})
		t.Run("window", func(t *testing.T) {
			// Before d10: J1 A B without its customer entry, J2 A C converting
			// at d7, J3 and J4 empty, J5 converting with nothing to credit.
			// MARKOV: S→A 1; A→B 1/2 (J1), A→C 1/2 (J2); B→NULL; C→CONV.
			// P = 1/2; without A or C nothing converts (effect 1); without B
			// still 1/2 (effect 0): A 1/2, C 1/2, B no row but an effect of 0.
			var out attributionAnswer
			api.MustDo(t, attributionQuery, map[string]any{"conversion": customer, "models": []string{"LINEAR", "MARKOV"},
				"scope": map[string]any{"to": "2026-01-11T00:00:00Z"}}, &out)
			if out.Attribution.Journeys != 5 || out.Attribution.Conversions != 1 || out.Attribution.UnattributedConversions != 1 {
				t.Fatalf("totals = %+v", out.Attribution)
			}
			out.rows(t, 0, "demo", 0.5, "website_visit", 0.5)
			out.rows(t, 1, "demo", 0.5, "website_visit", 0.5)
			mk := out.Attribution.Models[1].Markov
			if !nearly(mk.ConversionProbability, 0.5) || mk.Journeys != 2 || len(mk.RemovalEffects) != 3 ||
				mk.RemovalEffects[2].TouchpointType.Key != "sales_email" || mk.RemovalEffects[2].RemovalEffect != 0 ||
				!nearly(mk.RemovalEffects[2].ConversionProbabilityWithout, 0.5) {
				t.Errorf("markov = %+v", mk)
			}
		})
		t.Run("cohort", func(t *testing.T) {
			// First touch from d50: J3 and J4 (J5 has none). Only J4 converts.
			// MARKOV walks J3 S→B→A→B→NULL, J4 S→B→C→CONV: S→B 1; B→A, B→NULL,
			// B→C 1/3 each; A→B 1; C→CONV. p_B = 1/3·p_A + 1/3, p_A = p_B →
			// p_B = 1/2 = P. Without A: p_B = 1/3, effect 1/3; without B or C: 0,
			// effect 1. Σ 7/3: A 1/7, B 3/7, C 3/7 — A credited although it
			// is on no converting path: it leads back into B.
			var out attributionAnswer
			api.MustDo(t, attributionQuery, map[string]any{"conversion": customer, "models": []string{"LINEAR", "MARKOV"},
				"scope": map[string]any{"cohortFrom": "2026-02-20T00:00:00Z"}}, &out)
			if out.Attribution.Journeys != 2 || out.Attribution.Conversions != 1 {
				t.Fatalf("totals = %+v", out.Attribution)
			}
			out.rows(t, 0, "demo", 0.5, "sales_email", 0.5, "website_visit", 0.0)
			out.rows(t, 1, "demo", 3.0/7, "sales_email", 3.0/7, "website_visit", 1.0/7)
			if mk := out.Attribution.Models[1].Markov; !nearly(mk.ConversionProbability, 0.5) {
				t.Errorf("markov = %+v", mk)
			}
		})
		t.Run("contact level", func(t *testing.T) {
			// Contact journeys: c-1a A C, c-1b B (both convert with acc-1 at
			// d14), c-2 A C, c-3 B A B (never), c-4 B C (A after). FIRST A 2
			// B 2; LAST C 3, B 1.
			var out attributionAnswer
			api.MustDo(t, attributionQuery, map[string]any{"conversion": customer, "models": []string{"FIRST_TOUCH", "LAST_TOUCH"},
				"scope": map[string]any{"level": "CONTACT"}}, &out)
			if out.Attribution.Journeys != 5 || out.Attribution.Conversions != 4 {
				t.Fatalf("totals = %+v", out.Attribution)
			}
			out.rows(t, 0, "sales_email", 2.0, "website_visit", 2.0, "demo", 0.0)
			out.rows(t, 1, "demo", 3.0, "sales_email", 1.0, "website_visit", 0.0)
		})
	})
}

// The attribution arguments follow the one analytics argument behaviour
// (AnalysisScope's description): keys trimmed, unknown stages and types
// BAD_USER_INPUT with a reason, every problem reported at once.
func TestAttributionAPIErrors(t *testing.T) {
	api := apitest.New(t, nil)
	seedAttributionSet(t, api)
	customer := map[string]any{"stage": "customer"}
	tests := []struct {
		name string
		vars map[string]any
		want []problem
	}{
		{"unknown stage", map[string]any{"conversion": map[string]any{"stage": "nirvana"}}, []problem{{"BAD_USER_INPUT", "UNKNOWN_STAGE", "conversion.stage"}}},
		{"unknown type", map[string]any{"conversion": map[string]any{"touchpointType": "telepathy"}}, []problem{{"BAD_USER_INPUT", "UNKNOWN_TOUCHPOINT_TYPE", "conversion.touchpointType"}}},
		{"both", map[string]any{"conversion": map[string]any{"stage": "customer", "touchpointType": "demo"}}, []problem{{"BAD_USER_INPUT", "", "conversion"}}},
		{"half-life", map[string]any{"conversion": customer, "halfLifeDays": 0}, []problem{{"BAD_USER_INPUT", "", "halfLifeDays"}}},
		{"lookback", map[string]any{"conversion": customer, "lookbackDays": -1}, []problem{{"BAD_USER_INPUT", "", "lookbackDays"}}},
		{"twice", map[string]any{"conversion": customer, "models": []string{"LINEAR", "MARKOV", "LINEAR"}}, []problem{{"BAD_USER_INPUT", "", "models[2]"}}},
		{"lead stage", map[string]any{"conversion": customer, "leadStage": "nope"}, []problem{{"BAD_USER_INPUT", "UNKNOWN_STAGE", "leadStage"}}},
		{"scope", map[string]any{"conversion": customer, "scope": map[string]any{"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}}, []problem{{"BAD_USER_INPUT", "", "scope.to"}}},
		{"conversion type excluded by the scope", map[string]any{"conversion": map[string]any{"touchpointType": "demo"}, "scope": map[string]any{"excludeTypes": []string{"demo"}}},
			[]problem{{"BAD_USER_INPUT", "", "conversion.touchpointType"}}},
		{"every problem at once", map[string]any{"conversion": map[string]any{"stage": "nirvana"}, "halfLifeDays": 0, "leadStage": "nope",
			"models": []string{"LINEAR", "LINEAR"}, "scope": map[string]any{"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}},
			[]problem{{"BAD_USER_INPUT", "", "scope.to"}, {"BAD_USER_INPUT", "UNKNOWN_STAGE", "conversion.stage"}, {"BAD_USER_INPUT", "", "models[1]"},
				{"BAD_USER_INPUT", "", "halfLifeDays"}, {"BAD_USER_INPUT", "UNKNOWN_STAGE", "leadStage"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := problems(api.Do(t, attributionQuery, tt.vars)); !slices.Equal(got, tt.want) {
				t.Errorf("errors %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("keys are trimmed", func(t *testing.T) {
		// The same answer as for "customer": 5 journeys, 3 conversions
		// (TestAttributionAPIHandBuilt), with the W_SHAPED lead stage padded too.
		var out attributionAnswer
		api.MustDo(t, attributionQuery, map[string]any{"conversion": map[string]any{"stage": " customer "}, "leadStage": "\tlead ", "models": []string{"W_SHAPED"}}, &out)
		if out.Attribution.Journeys != 5 || out.Attribution.Conversions != 3 {
			t.Errorf("journeys %d, conversions %d, want 5 and 3", out.Attribution.Journeys, out.Attribution.Conversions)
		}
	})
}

const nextBestQuery = `
query($account: ID!, $target: String!, $first: Int, $scope: AnalysisScope) {
  nextBestTouchpoints(accountId: $account, targetStage: $target, first: $first, scope: $scope) {
    account { id } targetStage { key } targetAlreadyReached context contextTouchpointType { key }
    contextObservations referenceJourneys
    candidates { touchpointType { key } probability reachProbability observations reached
      owner { key } capturedBy { name } }
  }
}`

type nextBestAnswer struct {
	NextBestTouchpoints struct {
		Account               struct{ ID string }
		TargetStage           struct{ Key string }
		TargetAlreadyReached  bool
		Context               string
		ContextTouchpointType *struct{ Key string }
		ContextObservations   int
		ReferenceJourneys     int
		Candidates            []candidate
	}
}

type candidate struct {
	TouchpointType                struct{ Key string }
	Probability, ReachProbability float64
	Observations, Reached         int
	Owner                         struct{ Key string }
	CapturedBy                    []struct{ Name string }
}

func cand(key string, p, reach float64, seen, reached int, owner string, techs ...string) candidate {
	c := candidate{Probability: p, ReachProbability: reach, Observations: seen, Reached: reached}
	c.TouchpointType.Key, c.Owner.Key = key, owner
	c.CapturedBy = []struct{ Name string }{}
	for _, n := range techs {
		c.CapturedBy = append(c.CapturedBy, struct{ Name string }{n})
	}
	return c
}

func TestNextBestTouchpointsAPI(t *testing.T) {
	api := apitest.New(t, nil)
	seedAttributionSet(t, api)

	t.Run("last touchpoint", func(t *testing.T) {
		// acc-4 (B C A, already a customer) is left out; context A. After A
		// in the prefixes cut at customer: J1 → B (reached), J2 → C
		// (reached), J3 → B (never). C: 1 of 3, reach 1; B: 2 of 3, reach 1/2.
		var out nextBestAnswer
		api.MustDo(t, nextBestQuery, map[string]any{"account": "acc-4", "target": "customer"}, &out)
		n := out.NextBestTouchpoints
		if n.Account.ID != "acc-4" || n.TargetStage.Key != "customer" || !n.TargetAlreadyReached || n.Context != "LAST_TOUCHPOINT" ||
			n.ContextTouchpointType == nil || n.ContextTouchpointType.Key != "website_visit" || n.ContextObservations != 3 || n.ReferenceJourneys != 4 {
			t.Fatalf("forecast = %+v", n)
		}
		want := []candidate{
			cand("demo", 1.0/3, 1, 1, 1, "sales", "Sales Cloud"),
			cand("sales_email", 2.0/3, 0.5, 2, 1, "sales", "Marketing Hub", "Sales Cloud"),
		}
		if !reflect.DeepEqual(n.Candidates, want) {
			t.Errorf("candidates = %+v\nwant %+v", n.Candidates, want)
		}
	})
	t.Run("exclusion moves the context and backs off", func(t *testing.T) {
		// Without website visits acc-4's last touch is C (demo). Prefixes:
		// J1 B C (r), J2 C (r), J3 B B (never): nothing follows C, so every
		// step counts: B 3 seen 1 reached, C 2 seen 2 reached.
		var out nextBestAnswer
		api.MustDo(t, nextBestQuery, map[string]any{"account": "acc-4", "target": "customer", "first": 1,
			"scope": map[string]any{"excludeCategories": []string{"MARKETING"}}}, &out)
		n := out.NextBestTouchpoints
		if n.Context != "ALL_STEPS" || n.ContextTouchpointType == nil || n.ContextTouchpointType.Key != "demo" || n.ContextObservations != 5 {
			t.Fatalf("forecast = %+v", n)
		}
		want := []candidate{cand("demo", 2.0/5, 1, 2, 2, "sales", "Sales Cloud")}
		if !reflect.DeepEqual(n.Candidates, want) {
			t.Errorf("candidates = %+v\nwant %+v", n.Candidates, want)
		}
	})
	t.Run("journey start, not yet reached", func(t *testing.T) {
		// Before d50 acc-3 has no touchpoint: the first steps of J1 (A, r)
		// and J2 (A, r); J4 and J5 have none in the window. acc-3 is at lead.
		var out nextBestAnswer
		api.MustDo(t, nextBestQuery, map[string]any{"account": "acc-3", "target": "customer",
			"scope": map[string]any{"to": "2026-02-20T00:00:00Z"}}, &out)
		n := out.NextBestTouchpoints
		if n.TargetAlreadyReached || n.Context != "JOURNEY_START" || n.ContextTouchpointType != nil || n.ContextObservations != 2 {
			t.Fatalf("forecast = %+v", n)
		}
		want := []candidate{cand("website_visit", 1, 1, 2, 2, "marketing", "Marketing Hub")}
		if !reflect.DeepEqual(n.Candidates, want) {
			t.Errorf("candidates = %+v\nwant %+v", n.Candidates, want)
		}
	})
	for _, tt := range []struct {
		name string
		vars map[string]any
		want []problem
	}{
		{"unknown account", map[string]any{"account": "acc-9", "target": "customer"}, []problem{{"NOT_FOUND", "", "accountId"}}},
		{"unknown excluded type", map[string]any{"account": "acc-1", "target": "customer", "scope": map[string]any{"excludeTypes": []string{"zzz"}}},
			[]problem{{"BAD_USER_INPUT", "UNKNOWN_TOUCHPOINT_TYPE", "scope.excludeTypes[0]"}}},
		{"unknown stage", map[string]any{"account": "acc-1", "target": "heaven"}, []problem{{"BAD_USER_INPUT", "UNKNOWN_STAGE", "targetStage"}}},
		{"first", map[string]any{"account": "acc-1", "target": "customer", "first": 51}, []problem{{"BAD_USER_INPUT", "", "first"}}},
		{"every argument problem at once", map[string]any{"account": "acc-1", "target": "heaven", "first": 0, "scope": map[string]any{"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}},
			[]problem{{"BAD_USER_INPUT", "", "scope.to"}, {"BAD_USER_INPUT", "", "first"}, {"BAD_USER_INPUT", "UNKNOWN_STAGE", "targetStage"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := problems(api.Do(t, nextBestQuery, tt.vars)); !slices.Equal(got, tt.want) {
				t.Errorf("errors %v, want %v", got, tt.want)
			}
		})
	}
}
