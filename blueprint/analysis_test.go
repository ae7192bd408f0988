package blueprint

import (
	"fmt"
	"testing"

	"github.com/journeygraph/journeygraph/journey"
)

// chain builds t0 -> t1 -> … -> tn with tn the only system of record.
func chain(n int) *journey.Blueprint {
	bp := &journey.Blueprint{}
	for i := 0; i <= n; i++ {
		bp.Technologies = append(bp.Technologies, &journey.Technology{Key: fmt.Sprint("t", i), SystemOfRecord: i == n})
		if i > 0 {
			bp.Integrations = append(bp.Integrations, journey.Integration{FromKey: fmt.Sprint("t", i-1), ToKey: fmt.Sprint("t", i)})
		}
	}
	return bp
}

// Integration paths are followed for at most MaxIntegrationHops (6) hops, in
// the direction data flows: t0 is connected over 6 hops and a silo over 7.
func TestSilosFollowAtMostSixHops(t *testing.T) {
	if r := reachesRecord(chain(6)); !r["t0"] || !r["t5"] {
		t.Errorf("6 hops: %v, want t0 and t5 connected", r)
	}
	r := reachesRecord(chain(7))
	if r["t0"] || !r["t1"] || !r["t7"] {
		t.Errorf("7 hops: %v, want t0 cut off, t1 (6 hops) and t7 (the record) connected", r)
	}
	// Against the flow there is no path: the record does not make its sources connected.
	bp := chain(1)
	bp.Integrations[0] = journey.Integration{FromKey: "t1", ToKey: "t0"}
	if r := reachesRecord(bp); r["t0"] {
		t.Errorf("reverse flow counted: %v", r)
	}
}

// A what-if works on a copy: the snapshot it started from is unchanged.
func TestApplyLeavesTheBlueprintAlone(t *testing.T) {
	demo := &journey.TouchpointType{Key: "demo"}
	bp := &journey.Blueprint{
		Types:        []journey.TouchpointDesign{{Type: demo}},
		Vendors:      []journey.Vendor{{Key: "v", Name: "V"}},
		Technologies: []*journey.Technology{{Key: "crm", Name: "CRM", VendorKey: "v", CaptureKeys: []string{"demo"}}},
	}
	bp.Types[0].Technologies = bp.Technologies
	after, err := Apply(bp, []string{"crm"}, []*journey.WhatIfTechnologyInput{{Key: "x", Name: "X", Category: journey.TechCRM, Vendor: "v", Captures: []string{"demo"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(bp.Technologies) != 1 || bp.Technologies[0].Key != "crm" || len(bp.Types[0].Technologies) != 1 || bp.Types[0].Technologies[0].Key != "crm" {
		t.Errorf("original changed: %+v %+v", bp.Technologies, bp.Types[0].Technologies)
	}
	if len(after.Technologies) != 1 || after.Technologies[0].Key != "x" || after.Types[0].Technologies[0].Key != "x" {
		t.Errorf("after: %+v", after.Technologies)
	}
}
