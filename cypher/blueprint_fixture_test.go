package cypher

import (
	"context"
	"testing"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// blueprintFixture is the blueprint recipes' (08–22) fixture, the same
// design and observations as the API's blueprint tests
// (server/blueprint_fixture_test.go), written through the store:
//
//	types (catalog order)  category   owner      expected at   ratings imp / perf (internal/customer)  creates
//	call      "Call"       SALES      sales      opp, won      4/2    3/3                               -
//	demo      "Demo"       SALES      sales      opp (MoT)     5/4    4.5/2.5                           email (asked), budget
//	contract  "Contract"   FINANCE    finance    won (MoT)     5/5    4/2                               company
//	review    "Review"     SOCIAL     marketing  advocate      -      -                                 -
//	tweet     "Tweet"      SOCIAL     marketing  -             -      -                                 -
//	form_fill "Form fill"  MARKETING  marketing  lead (MoT)    3/4    4/3.5                             email (asked), company (asked)
//	web_visit "Web visit"  MARKETING  marketing  lead          3/-    -                                 -
//
//	stages: Lead(1) -> Opportunity(2) -> Won(3) -> Advocate(4); designed exception Won -> Opportunity
//
//	technology (name)  key       vendor            SoR  captures                  used at   integrates with
//	Acme CRM           crm       acme "Acme Soft"  yes  call, demo                opp, won  mka [email]
//	Acme Marketing     mka       acme              no   web_visit, form_fill, demo lead     crm [email, company]
//	InkSign            esign     inkco "Ink Co"    no   contract                  won       mka [company]
//	Chirp Social       social    chirp "Chirp"     no   tweet                     -         - (silo)
//	Talk Recorder      recorder  talkco "Talk Co"  no   call, demo                opp       crm [budget]
//
//	a1: lead 01-01, opp 01-10, won 01-20
//	a2: lead 01-05, won 01-15 (not allowed), opp 02-01 (a designed exception)
//
//	t1 a1 web_visit mka       01-02 (lead)    t7  a2 web_visit mka       01-06 (lead)
//	t2 a1 form_fill mka       01-03 (lead)    t8  a2 call      mka       01-07 (lead)
//	t3 a1 demo      crm       01-12 (opp)     t9  a2 contract  esign     01-16 (won)
//	t4 a1 call      crm       01-13 (opp)     t10 a2 review    listening 02-03 (opp)
//	t5 a1 contract  esign     01-21 (won)
//	t6 a1 tweet     listening 01-25 (won)
//
// (all in 2026; "listening" is no technology).
func blueprintFixture(t *testing.T) *storetest.DB {
	db, must := newFixtureDB(t)
	ctx := context.Background()
	f := func(v float64) *float64 { return &v }
	s := func(v string) *string { return &v }
	typ := func(key, name string, cat journey.Category, dept string) journey.TouchpointType {
		return journey.TouchpointType{Key: key, Name: name, Category: cat, Phase: journey.PhaseBeforePurchase,
			SourceSystem: journey.SourceCRM, ChannelKey: "web", DepartmentKey: dept, Description: name}
	}
	tech := func(key, name string, cat journey.TechnologyCategory, vendor string, sor bool, captures, stages, fields []string) journey.Technology {
		return journey.Technology{Key: key, Name: name, Category: cat, VendorKey: vendor, SystemOfRecord: sor,
			CaptureKeys: captures, StageKeys: stages, FieldKeys: fields}
	}
	curious, uncertain := journey.Emotion("CURIOUS"), journey.Emotion("UNCERTAIN")
	must(db.Store.LoadCatalog(ctx, journey.Catalog{
		Departments: []journey.Department{{Key: "sales", Name: "Sales"}, {Key: "finance", Name: "Finance"}, {Key: "marketing", Name: "Marketing"}},
		Channels:    []journey.Channel{{Key: "web", Name: "Web"}},
		Stages: []journey.Stage{{Key: "lead", Name: "Lead", Order: 1}, {Key: "opp", Name: "Opportunity", Order: 2},
			{Key: "won", Name: "Won", Order: 3}, {Key: "advocate", Name: "Advocate", Order: 4}},
		TouchpointTypes: []journey.TouchpointType{
			typ("call", "Call", journey.CategorySales, "sales"), typ("demo", "Demo", journey.CategorySales, "sales"),
			typ("contract", "Contract", journey.CategoryFinance, "finance"), typ("review", "Review", journey.CategorySocial, "marketing"),
			typ("tweet", "Tweet", journey.CategorySocial, "marketing"), typ("form_fill", "Form fill", journey.CategoryMarketing, "marketing"),
			typ("web_visit", "Web visit", journey.CategoryMarketing, "marketing"),
		},
		Vendors: []journey.Vendor{{Key: "acme", Name: "Acme Soft"}, {Key: "inkco", Name: "Ink Co"}, {Key: "chirp", Name: "Chirp"}, {Key: "talkco", Name: "Talk Co"}},
		Technologies: []journey.Technology{
			tech("crm", "Acme CRM", journey.TechCRM, "acme", true, []string{"call", "demo"}, []string{"opp", "won"}, []string{"email", "company", "budget"}),
			tech("mka", "Acme Marketing", journey.TechMarketingAutomation, "acme", false, []string{"web_visit", "form_fill", "demo"}, []string{"lead"}, []string{"email", "company"}),
			tech("esign", "InkSign", journey.TechESignature, "inkco", false, []string{"contract"}, []string{"won"}, []string{"company"}),
			tech("social", "Chirp Social", journey.TechSocialManagement, "chirp", false, []string{"tweet"}, nil, nil),
			tech("recorder", "Talk Recorder", journey.TechConversationIntel, "talkco", false, []string{"call", "demo"}, []string{"opp"}, []string{"budget"}),
		},
		DataFields: []journey.DataField{{Key: "email", Name: "Email"}, {Key: "company", Name: "Company"}, {Key: "budget", Name: "Budget"}},
		TouchpointDesigns: []journey.TouchpointDesignInput{
			{TouchpointType: "call", ImportanceInternal: f(4), ImportanceCustomer: f(2), PerformanceInternal: f(3), PerformanceCustomer: f(3)},
			{TouchpointType: "demo", Team: s("Solution engineering"), Region: s("EMEA"), ImportanceInternal: f(5), ImportanceCustomer: f(4),
				PerformanceInternal: f(4.5), PerformanceCustomer: f(2.5),
				DataFields: []*journey.CollectedFieldInput{{Field: "email", AskedOfCustomer: true}, {Field: "budget"}}},
			{TouchpointType: "contract", ImportanceInternal: f(5), ImportanceCustomer: f(5), PerformanceInternal: f(4), PerformanceCustomer: f(2),
				DataFields: []*journey.CollectedFieldInput{{Field: "company"}}},
			{TouchpointType: "form_fill", ImportanceInternal: f(3), ImportanceCustomer: f(4), PerformanceInternal: f(4), PerformanceCustomer: f(3.5),
				DataFields: []*journey.CollectedFieldInput{{Field: "email", AskedOfCustomer: true}, {Field: "company", AskedOfCustomer: true}}},
			{TouchpointType: "web_visit", ImportanceInternal: f(3)},
		},
		StageDesigns: []journey.StageDesignSeed{
			{StageDesignInput: journey.StageDesignInput{Stage: "lead", Doing: s("Reads"), Feeling: s("Curious"), Wanting: s("Answers"),
				DesiredEmotion: &curious, ObservedEmotion: &uncertain, PainPoints: []string{"Long forms"}},
				Expected: []string{"web_visit", "form_fill"}, MomentsOfTruth: map[string]string{"form_fill": "First answer"}},
			{StageDesignInput: journey.StageDesignInput{Stage: "opp"}, Expected: []string{"demo", "call"}, MomentsOfTruth: map[string]string{"demo": "Demo works"}},
			{StageDesignInput: journey.StageDesignInput{Stage: "won"}, Expected: []string{"contract", "call"},
				MomentsOfTruth: map[string]string{"contract": "Easy signing"}, MayMoveTo: []string{"opp"}},
			{StageDesignInput: journey.StageDesignInput{Stage: "advocate"}, Expected: []string{"review"}},
		},
		Integrations: []journey.Integration{
			{FromKey: "crm", ToKey: "mka", FieldKeys: []string{"email"}}, {FromKey: "mka", ToKey: "crm", FieldKeys: []string{"email", "company"}},
			{FromKey: "esign", ToKey: "mka", FieldKeys: []string{"company"}}, {FromKey: "recorder", ToKey: "crm", FieldKeys: []string{"budget"}},
		},
	}))
	_, err := db.Store.UpsertAccounts(ctx, []journey.AccountInput{{ID: "a1", Name: "A1"}, {ID: "a2", Name: "A2"}})
	must(err)
	tp := func(id, account, typ, source, when string) journey.TouchpointInput {
		return journey.TouchpointInput{Source: source, ExternalID: id, TypeKey: typ, OccurredAt: day(when), AccountID: &account}
	}
	_, err = db.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{
		tp("t1", "a1", "web_visit", "mka", "2026-01-02"), tp("t2", "a1", "form_fill", "mka", "2026-01-03"),
		tp("t3", "a1", "demo", "crm", "2026-01-12"), tp("t4", "a1", "call", "crm", "2026-01-13"),
		tp("t5", "a1", "contract", "esign", "2026-01-21"), tp("t6", "a1", "tweet", "listening", "2026-01-25"),
		tp("t7", "a2", "web_visit", "mka", "2026-01-06"), tp("t8", "a2", "call", "mka", "2026-01-07"),
		tp("t9", "a2", "contract", "esign", "2026-01-16"), tp("t10", "a2", "review", "listening", "2026-02-03"),
	})
	must(err)
	_, err = db.Store.RecordStageChanges(ctx, []journey.StageChangeInput{
		{AccountID: "a1", StageKey: "lead", At: day("2026-01-01")}, {AccountID: "a1", StageKey: "opp", At: day("2026-01-10")},
		{AccountID: "a1", StageKey: "won", At: day("2026-01-20")},
		{AccountID: "a2", StageKey: "lead", At: day("2026-01-05")}, {AccountID: "a2", StageKey: "won", At: day("2026-01-15")},
		{AccountID: "a2", StageKey: "opp", At: day("2026-02-01")},
	})
	must(err)
	return db
}
