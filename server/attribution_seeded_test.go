package server_test

import (
	"context"
	"io"
	"math"
	"reflect"
	"testing"

	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// Properties through the API on 20 generated accounts: every model's credits
// and rollups add up to totalCredit and none is negative; the Markov removal
// effects lie in [0, 1]; the same query answers identically twice; next-best
// probabilities over all candidates add up to 1.
func TestAttributionAPISeededProperties(t *testing.T) {
	api := apitest.New(t, nil)
	p := seed.DefaultParams()
	p.Accounts = 20
	if _, err := seed.Load(context.Background(), api.Store, p, io.Discard); err != nil {
		t.Fatal(err)
	}
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, b) }
	for _, vars := range []map[string]any{
		{"conversion": map[string]any{"stage": "customer"}},
		{"conversion": map[string]any{"stage": "customer"}, "weight": "ARR", "scope": map[string]any{"level": "CONTACT"}},
		{"conversion": map[string]any{"touchpointType": "contract_signature"}, "lookbackDays": 60,
			"scope": map[string]any{"excludeCategories": []string{"SOCIAL"}}},
	} {
		var first, second attributionAnswer
		api.MustDo(t, attributionQuery, vars, &first)
		api.MustDo(t, attributionQuery, vars, &second)
		if !reflect.DeepEqual(first, second) {
			t.Errorf("%v: two runs differ", vars)
		}
		a := first.Attribution
		if a.Conversions == 0 || a.TotalCredit <= 0 || len(a.Models) != 7 {
			t.Fatalf("%v: totals %+v", vars, a)
		}
		for _, m := range a.Models {
			var credits, shares, cats, chans float64
			for _, c := range m.Credits {
				if c.Credit < 0 {
					t.Errorf("%v %s: negative %+v", vars, m.Model, c)
				}
				credits += c.Credit
				shares += c.Share
			}
			for _, c := range m.Categories {
				cats += c.Credit
			}
			for _, c := range m.Channels {
				chans += c.Credit
			}
			if !close(credits, a.TotalCredit) || !close(shares, 1) || !close(cats, a.TotalCredit) || !close(chans, a.TotalCredit) {
				t.Errorf("%v %s: credits %v shares %v categories %v channels %v, total %v", vars, m.Model, credits, shares, cats, chans, a.TotalCredit)
			}
			if m.Markov != nil {
				for _, e := range m.Markov.RemovalEffects {
					if e.RemovalEffect < 0 || e.RemovalEffect > 1 {
						t.Errorf("%v: removal effect %+v", vars, e)
					}
				}
			}
		}
	}
	var out nextBestAnswer
	api.MustDo(t, nextBestQuery, map[string]any{"account": seed.AccountID(3), "target": "customer", "first": 50}, &out)
	n := out.NextBestTouchpoints
	sum, seen := 0.0, 0
	for _, c := range n.Candidates {
		sum += c.Probability
		seen += c.Observations
	}
	if n.ReferenceJourneys != 19 || len(n.Candidates) == 0 || !close(sum, 1) || seen != n.ContextObservations {
		t.Errorf("forecast = %+v (probabilities add to %v)", n, sum)
	}
}
