package seed_test

import (
	"context"
	"testing"

	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// The 40 touchpoints of "The 40 Critical Touchpoints to Map in the B2B
// Customer Journey" (shared/seeds/000), copied from the article by category.
// Inbound and outbound emails and calls count separately.
var article40 = map[string][]string{
	"SALES":     {"in_person_meeting", "proposal", "inbound_email", "outbound_email", "inbound_call", "outbound_call", "demo"},
	"FINANCE":   {"contract_signature", "cancellation", "purchase_order", "renewal", "upsell", "cross_sell", "invoice", "refund"},
	"SOCIAL":    {"tweet", "online_review", "facebook_post", "posted_question"},
	"MARKETING": {"nurture_email", "email_open", "email_click", "webinar_attendance", "content_download", "website_visit", "survey_completion", "digital_ad_click", "blog_visit", "conference_attendance"},
	"SUPPORT":   {"support_call", "case_opened", "case_closed"},
	"PRODUCT":   {"product_login", "product_logout", "share", "trial_registration", "faq_visit", "role_change", "new_user_added", "product_milestone"},
}

func TestCatalogHoldsTheForty(t *testing.T) {
	db := storetest.New(t, nil)
	if err := db.Store.LoadCatalog(context.Background(), seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	total := 0
	for category, keys := range article40 {
		total += len(keys)
		for _, key := range keys {
			rows := db.Query(`MATCH (t:TouchpointType {key: $key})
				OPTIONAL MATCH (t)-[:IN_CHANNEL]->(c:Channel)
				OPTIONAL MATCH (t)-[:OWNED_BY]->(d:Department)
				RETURN t.category AS category, t.core40 AS core40, t.phase AS phase, c.key AS channel, d.key AS owner`,
				map[string]any{"key": key})
			if len(rows) != 1 {
				t.Errorf("touchpoint %q missing from the catalog", key)
				continue
			}
			r := rows[0]
			if r["category"] != category || r["core40"] != true || r["phase"] == nil || r["channel"] == nil || r["owner"] == nil {
				t.Errorf("%s = %v, want category %s, core40, a phase, a channel and an owner", key, r, category)
			}
		}
	}
	if total != 40 {
		t.Fatalf("the article list in this test has %d entries, not 40", total)
	}
	if n := db.Count(`MATCH (t:TouchpointType {core40: true}) RETURN count(t) AS n`, nil); n != 40 {
		t.Errorf("catalog marks %d types as core40, want 40", n)
	}
	// Extras from the before/during/after-purchase list are there too, not marked core40.
	if n := db.Count(`MATCH (t:TouchpointType {core40: false}) RETURN count(t) AS n`, nil); n < 15 {
		t.Errorf("only %d B2B touchpoints beyond the 40", n)
	}
}

func TestCatalogStagesAreChainedInOrder(t *testing.T) {
	db := storetest.New(t, nil)
	if err := db.Store.LoadCatalog(context.Background(), seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	rows := db.Query(`MATCH p = (first:Stage)-[:NEXT_STAGE*13]->(last:Stage)
		RETURN [s IN nodes(p) | s.key] AS keys`, nil)
	want := []string{"lead", "prospect_1", "prospect_2", "mql", "sql", "opportunity", "quote", "customer",
		"onboarding", "adoption", "renewal", "churn_risk", "churned", "advocate"}
	if len(rows) != 1 {
		t.Fatalf("want exactly one 14-stage path, got %d", len(rows))
	}
	keys := rows[0]["keys"].([]any)
	for i, k := range want {
		if keys[i] != k {
			t.Errorf("stage %d = %v, want %s", i+1, keys[i], k)
		}
	}
}

func TestLoadCatalogIsIdempotent(t *testing.T) {
	db := storetest.New(t, nil)
	ctx := context.Background()
	counts := func() [2]int64 {
		return [2]int64{
			db.Count(`MATCH (n) RETURN count(n) AS n`, nil),
			db.Count(`MATCH ()-[r]->() RETURN count(r) AS n`, nil),
		}
	}
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	first := counts()
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	if second := counts(); second != first {
		t.Errorf("reloading changed (nodes, relationships) from %v to %v", first, second)
	}
	// Worked out from catalog.go and blueprint.go: one node per department,
	// channel, stage, type, vendor, technology and data field, and the
	// catalog's one version node (:CatalogVersion, whose token a load replaces).
	wantNodes := len(seed.Departments) + len(seed.Channels) + len(seed.Stages) + len(seed.TouchpointTypes) + len(seed.Vendors) +
		len(seed.Technologies) + len(seed.DataFields) + 1
	links := 0 // CAPTURES, USED_AT, STORES
	for _, tech := range seed.Technologies {
		links += len(tech.CaptureKeys) + len(tech.StageKeys) + len(tech.FieldKeys)
	}
	for _, d := range seed.TouchpointDesigns {
		links += len(d.DataFields) // CREATES
	}
	for _, d := range seed.StageDesigns {
		links += len(d.Expected) + len(d.MayMoveTo) // EXPECTS, MAY_MOVE_TO
	}
	links += len(seed.Integrations) // INTEGRATES_WITH
	// IN_CHANNEL + OWNED_BY per type, NEXT_STAGE between stages, MADE_BY per technology, and the links above.
	wantRels := 2*len(seed.TouchpointTypes) + len(seed.Stages) - 1 + len(seed.Technologies) + links
	if first != [2]int64{int64(wantNodes), int64(wantRels)} {
		t.Errorf("(nodes, relationships) = %v, want (%d, %d)", first, wantNodes, wantRels)
	}
}
