package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
	"github.com/journeygraph/journeygraph/store/storetest"
)

func TestObservedJourneysApplyTheScope(t *testing.T) {
	db := journeyFixture(t)
	ctx := context.Background()
	enterprise, smb := journey.SegmentEnterprise, journey.SegmentSMB
	for _, a := range []journey.AccountInput{
		{ID: "acme", Name: "Acme", Segment: &enterprise, ARR: ptr(1000.0)},
		{ID: "globex", Name: "Globex", Segment: &smb},
	} {
		if _, _, err := db.Store.UpsertAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	// acme: website_visit@10 (ada), email_open@20 (bob), demo@30 (ada), invoice@40;
	// globex: email_click@15 (cy), proposal@50 (cy). Recorded out of order.
	if _, err := db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{
		tpAt("a3", "demo", 30, "acme", "ada"),
		tpAt("g2", "proposal", 50, "globex", "cy"),
		tpAt("a1", "website_visit", 10, "acme", "ada"),
		tpAt("a4", "invoice", 40, "acme", ""),
		tpAt("g1", "email_click", 15, "globex", "cy"),
		tpAt("a2", "email_open", 20, "acme", "bob"),
	}); err != nil {
		t.Fatal(err)
	}
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	for _, c := range []journey.StageChangeInput{
		{AccountID: "acme", StageKey: "opportunity", At: at(35)},
		{AccountID: "acme", StageKey: "lead", At: at(25)},
		{AccountID: "globex", StageKey: "lead", At: at(12)},
	} {
		if _, _, err := db.Store.RecordStageChange(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		scope journey.AnalysisScope
		want  []string
	}{
		{"everything", journey.AnalysisScope{}, []string{
			"acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35",
			"globex/globex: email_click@15 proposal@50 | lead@12",
		}},
		// invoice is FINANCE; the journeys stay even when steps go.
		{"exclusions", journey.AnalysisScope{ExcludeTypes: []string{"email_open"}, ExcludeCategories: []journey.Category{journey.CategoryFinance}}, []string{
			"acme/acme[1000]: website_visit@10 demo@30 | lead@25 opportunity@35",
			"globex/globex: email_click@15 proposal@50 | lead@12",
		}},
		// [20, 40): invoice@40 and lead@12 fall out; globex keeps an empty journey.
		{"window", journey.AnalysisScope{From: ptr(at(20)), To: ptr(at(40))}, []string{
			"acme/acme[1000]: email_open@20 demo@30 | lead@25 opportunity@35",
			"globex/globex: |",
		}},
		// First touches: acme 10, globex 15.
		{"cohort from 12", journey.AnalysisScope{CohortFrom: ptr(at(12))}, []string{
			"globex/globex: email_click@15 proposal@50 | lead@12",
		}},
		{"cohort to 15", journey.AnalysisScope{CohortTo: ptr(at(15))}, []string{
			"acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35",
		}},
		{"segment", journey.AnalysisScope{Segments: []journey.Segment{journey.SegmentEnterprise}}, []string{
			"acme/acme[1000]: website_visit@10 email_open@20 demo@30 invoice@40 | lead@25 opportunity@35",
		}},
		// Contacts' own touchpoints (a4 has no contact), their account's stages.
		{"contacts", journey.AnalysisScope{Level: journey.LevelContact}, []string{
			"ada/acme[1000]: website_visit@10 demo@30 | lead@25 opportunity@35",
			"bob/acme[1000]: email_open@20 | lead@25 opportunity@35",
			"cy/globex: email_click@15 proposal@50 | lead@12",
		}},
		// Contact first touches: ada 10, bob 20, cy 15.
		{"contact cohort", journey.AnalysisScope{Level: journey.LevelContact, CohortFrom: ptr(at(12))}, []string{
			"bob/acme[1000]: email_open@20 | lead@25 opportunity@35",
			"cy/globex: email_click@15 proposal@50 | lead@12",
		}},
	}
	// Bulk reads pack 100 rows per record; with 1 every row is a record of
	// its own, so the rows must be put back together in order.
	for _, perRecord := range []int{100, 1} {
		restore := store.SetRowsPerRecord(perRecord)
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/%d per record", tt.name, perRecord), func(t *testing.T) {
				scope := tt.scope
				if err := scope.Normalize("scope"); err != nil {
					t.Fatal(err)
				}
				js, err := db.Store.ObservedJourneys(ctx, scope)
				if err != nil {
					t.Fatal(err)
				}
				if got := storetest.DescribeJourneys(js, t0); got != strings.Join(tt.want, "\n") {
					t.Errorf("got\n%s\nwant\n%s", got, strings.Join(tt.want, "\n"))
				}
			})
		}
		restore()
	}
}
