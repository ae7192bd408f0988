package importer_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/importer"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

var now = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// fixture is the catalog, accounts acme (acme.com) and globex (globex.com),
// and contacts ada and bob at acme, cy at globex.
func fixture(t *testing.T) *storetest.DB {
	t.Helper()
	db := storetest.New(t, nil)
	ctx := context.Background()
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Store.UpsertAccounts(ctx, []journey.AccountInput{
		{ID: "acme", Name: "Acme", Domain: ptr("acme.com")},
		{ID: "globex", Name: "Globex", Domain: ptr("globex.com")},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Store.UpsertContacts(ctx, []journey.ContactInput{
		{ID: "ada", Email: "ada@acme.com", AccountID: ptr("acme")},
		{ID: "bob", Email: "bob@acme.com", AccountID: ptr("acme")},
		{ID: "cy", Email: "cy@globex.com", AccountID: ptr("globex")},
	}); err != nil {
		t.Fatal(err)
	}
	return db
}

// run imports text (or a testdata file) and returns the summary and the report.
func run(t *testing.T, db *storetest.DB, kind, text string, batch int) (importer.Summary, string) {
	t.Helper()
	m, err := importer.Lookup(kind)
	if err != nil {
		t.Fatal(err)
	}
	var report bytes.Buffer
	sum, err := importer.Import(context.Background(), strings.NewReader(text), m, db.Store,
		importer.Options{BatchSize: batch, Errors: &report, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatalf("import %s: %v", kind, err)
	}
	return sum, report.String()
}

func testdata(t *testing.T, kind string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + kind + ".csv")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// touchpoints lists every touchpoint as "id type account contact value sentiment occurredAt",
// read back through the graph's relationships.
func touchpoints(t *testing.T, db *storetest.DB) []string {
	t.Helper()
	rows := db.Query(`MATCH (t:Touchpoint)-[:FOR_ACCOUNT]->(a:Account), (t)-[:OF_TYPE]->(ty:TouchpointType)
		OPTIONAL MATCH (t)-[:BY_CONTACT]->(c:Contact)
		RETURN t.id AS id, ty.key AS type, a.id AS account, c.id AS contact, t.value AS value, t.sentiment AS sentiment,
		       t.occurredAt AS at ORDER BY id`, nil)
	out := make([]string, len(rows))
	for i, r := range rows {
		show := func(v any) string {
			if v == nil {
				return "-"
			}
			return fmt.Sprint(v)
		}
		out[i] = fmt.Sprintf("%s %s %s %s %s %s %s", r["id"], r["type"], r["account"], show(r["contact"]), show(r["value"]),
			show(r["sentiment"]), r["at"].(time.Time).UTC().Format(time.RFC3339))
	}
	return out
}

// graphCounts counts every node label and relationship type.
func graphCounts(t *testing.T, db *storetest.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, r := range db.Query(`MATCH (n) UNWIND labels(n) AS l RETURN l AS k, count(*) AS n`, nil) {
		out[r["k"].(string)] = r["n"].(int64)
	}
	for _, r := range db.Query(`MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n`, nil) {
		out[r["k"].(string)] = r["n"].(int64)
	}
	return out
}

// wantCounts derives the journey relationships from a hand-written list of
// touchpoints: each touchpoint has FOR_ACCOUNT and OF_TYPE, BY_CONTACT when it
// has a contact, and each account's (contact's) touchpoints form one chain.
func wantCounts(tps []string) map[string]int64 {
	accounts, contacts := map[string]bool{}, map[string]bool{}
	var withContact int64
	for _, tp := range tps {
		f := strings.Fields(tp)
		accounts[f[2]] = true
		if f[3] != "-" {
			contacts[f[3]] = true
			withContact++
		}
	}
	n := int64(len(tps))
	// The files fit in one batch: one transaction, one change feed entry.
	// The feed's counter node exists already: the fixture's account and
	// contact upserts bumped its profile counter (see store.DataVersion).
	var changes int64
	if n > 0 {
		changes = 1
	}
	return map[string]int64{"Touchpoint": n, "FOR_ACCOUNT": n, "OF_TYPE": n, "BY_CONTACT": withContact,
		"NEXT_FOR_ACCOUNT": n - int64(len(accounts)), "NEXT_FOR_CONTACT": withContact - int64(len(contacts)),
		// One maintained JourneyPath per account and per contact with touchpoints.
		"JourneyPath": int64(len(accounts) + len(contacts)),
		"Change":      changes, "ChangeSequence": 0}
}

func TestImportEachKind(t *testing.T) {
	forms := importer.TimeForms
	for _, tc := range []struct {
		kind   string
		want   importer.Summary
		tps    []string
		report []string
	}{
		{
			kind: "crm-activities",
			want: importer.Summary{Rows: 8, Created: 5, Rejected: 3, Errors: 3},
			tps: []string{
				"salesforce_sales_cloud:00T001 outbound_call acme ada - - 2026-03-02T00:00:00Z",
				"salesforce_sales_cloud:00T002 inbound_call acme bob - - 2026-03-03T00:00:00Z",
				"salesforce_sales_cloud:00T003 outbound_email acme ada - - 2026-03-04T00:00:00Z", // email only
				"salesforce_sales_cloud:00U004 in_person_meeting globex cy - - 2026-03-05T14:00:00Z",
				"salesforce_sales_cloud:00U008 demo globex cy - - 2026-03-09T14:00:00Z", // email only; type from Subject
			},
			report: []string{
				`7,00T006,Type,UNMAPPED_TYPE,"activity type ""Other"" (subtype """", subject ""Lunch"") maps to no touchpoint type; see the crm-activities table in docs/import.md"`,
				`8,00T007,ActivityDate,BAD_TIMESTAMP,"""03/08/2026"" is not a timestamp; use ` + forms + `"`,
				// Rejected by the store in the middle of the batch; the others of the batch are recorded.
				`6,00T005,AccountId,UNKNOWN_ACCOUNT,"no account has id ""nobody"""`,
			},
		},
		{
			kind: "erp-invoices",
			want: importer.Summary{Rows: 8, Created: 5, Rejected: 3, Errors: 3},
			tps: []string{
				"netsuite:contract_signature/CT-4001 contract_signature globex - - - 2026-01-05T09:30:00Z",
				"netsuite:invoice/INV-1001 invoice acme - 12000 - 2026-01-31T00:00:00Z",
				"netsuite:purchase_order/SO-3001 purchase_order globex - 8000 - 2026-01-10T00:00:00Z",
				"netsuite:refund/CM-2001 refund acme - -500.5 - 2026-02-15T00:00:00Z",
				"netsuite:renewal/REN-6001 renewal acme - 13000 - 2026-06-30T00:00:00Z",
			},
			report: []string{
				`7,INV-1003,Amount,BAD_AMOUNT,"""1,200.00"" is not an amount; use '.' for decimals and no thousands separators (1234.50)"`,
				`8,JE-5001,Type,UNMAPPED_TYPE,"document type ""Journal Entry"" maps to no touchpoint type; see the erp-invoices table in docs/import.md"`,
				`6,invoice/INV-1002,Customer ID,UNKNOWN_ACCOUNT,"no account has id ""initech"""`,
			},
		},
		{
			kind: "marketing-activity",
			want: importer.Summary{Rows: 8, Created: 5, Rejected: 3, Errors: 3},
			tps: []string{ // every row identifies its contact by email only
				"hubspot_marketing_hub:ev-1 email_open acme ada - - 2026-02-01T08:00:00Z",
				"hubspot_marketing_hub:ev-2 email_click acme ada - - 2026-02-01T08:05:00Z",
				"hubspot_marketing_hub:ev-3 contact_us_form acme bob - - 2026-02-02T09:00:00Z",
				"hubspot_marketing_hub:ev-4 webinar_attendance globex cy - - 2026-02-03T16:00:00Z",
				"hubspot_marketing_hub:ev-8 digital_ad_click acme bob - - 2026-02-06T11:00:00Z",
			},
			report: []string{
				`7,ev-6,Event Type,UNMAPPED_TYPE,"activity type ""Email Bounced"" maps to no touchpoint type; see the marketing-activity table in docs/import.md"`,
				`8,ev-7,Email,BAD_USER_INPUT,"""not-an-email"" is not a valid email address"`,
				`6,ev-5,Email,UNKNOWN_CONTACT,"no contact has email ""stranger@example.com"""`,
			},
		},
		{
			kind: "support-tickets",
			want: importer.Summary{Rows: 6, Created: 6, Rejected: 3, Errors: 3},
			tps: []string{
				"zendesk_suite:4711/opened case_opened acme ada - - 2026-03-01T09:00:00Z",
				"zendesk_suite:4711/solved case_closed acme ada - 1 2026-03-02T10:00:00Z",
				"zendesk_suite:4712/opened support_call acme bob - - 2026-03-03T11:00:00Z",
				"zendesk_suite:4713/opened case_opened globex - - - 2026-03-04T08:00:00Z",
				"zendesk_suite:4713/solved case_closed globex - - -1 2026-03-04T12:30:00Z",
				"zendesk_suite:4716/opened case_opened acme ada - - 2026-03-07T08:00:00Z", // its closing is rejected
			},
			report: []string{
				`7,4716/solved,Solved at,BAD_TIMESTAMP,"""yesterday"" is not a timestamp; use ` + forms + `"`,
				`5,4714/opened,Requester email,CONTACT_OF_ANOTHER_ACCOUNT,"contact ""cy"" does not work at account ""acme"""`,
				`6,4715/opened,Requester email,UNKNOWN_CONTACT,"no contact has email ""dan@initech.com"""`,
			},
		},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			db := fixture(t)
			before := graphCounts(t, db)
			text := testdata(t, tc.kind)
			wantReport := "line,external_id,field,reason,message\n" + strings.Join(tc.report, "\n") + "\n"

			sum, report := run(t, db, tc.kind, text, 0)
			t.Logf("%s: %d rows in %v (%.0f rows/s)", tc.kind, sum.Rows, sum.Elapsed, sum.RowsPerSecond())
			if got := strip(sum); got != tc.want {
				t.Errorf("summary = %+v, want %+v", got, tc.want)
			}
			if report != wantReport {
				t.Errorf("report:\n%s\nwant:\n%s", report, wantReport)
			}
			if got := touchpoints(t, db); strings.Join(got, "\n") != strings.Join(tc.tps, "\n") {
				t.Errorf("touchpoints:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.tps, "\n"))
			}
			after := graphCounts(t, db)
			for k, n := range wantCounts(tc.tps) {
				if after[k]-before[k] != n {
					t.Errorf("%s: %d new, want %d", k, after[k]-before[k], n)
				}
			}
			for k := range after {
				if _, journeyPart := wantCounts(nil)[k]; !journeyPart && after[k] != before[k] {
					t.Errorf("%s changed from %d to %d", k, before[k], after[k])
				}
			}

			// A re-run creates nothing, reports the same rows and changes no count.
			again, report := run(t, db, tc.kind, text, 0)
			want := tc.want
			want.AlreadyPresent, want.Created = want.Created, 0
			if got := strip(again); got != want {
				t.Errorf("re-run summary = %+v, want %+v", got, want)
			}
			if report != wantReport {
				t.Errorf("re-run report:\n%s", report)
			}
			if c := graphCounts(t, db); fmt.Sprint(c) != fmt.Sprint(after) {
				t.Errorf("re-run changed the graph: %v, was %v", c, after)
			}
		})
	}
}

// strip drops what varies between runs.
func strip(s importer.Summary) importer.Summary {
	s.Elapsed, s.Batches = 0, 0
	return s
}

// Rows the store rejects in the middle of a batch (unknown contacts, a
// conflicting duplicate id) are reported and the rest of their batch is
// recorded; a repeated row in a later batch is already present.
func TestRejectedRowsDoNotBlockTheirBatch(t *testing.T) {
	db := fixture(t)
	var b strings.Builder
	b.WriteString("ActivityId,ActivityType,Timestamp,Email\n")
	var first string
	for i := 1; i <= 30; i++ {
		id, typ, email := fmt.Sprintf("ev-%02d", i), "Email Open", []string{"ada@acme.com", "bob@acme.com"}[i%2]
		switch i {
		case 5, 14, 15:
			email = fmt.Sprintf("ghost%d@acme.com", i)
		case 23:
			id, typ = "ev-22", "Email Click" // same id as the row before, other content
		}
		line := fmt.Sprintf("%s,%s,2026-02-01 08:%02d:00,%s\n", id, typ, i, email)
		if i == 1 {
			first = line
		}
		b.WriteString(line)
	}
	b.WriteString(first) // line 32, in a fourth batch: already present
	sum, report := run(t, db, "marketing-activity", b.String(), 10)
	want := importer.Summary{Rows: 31, Created: 26, AlreadyPresent: 1, Rejected: 4, Errors: 4, Batches: 4}
	if sum.Elapsed = 0; sum != want {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}
	wantReport := `line,external_id,field,reason,message
6,ev-05,Email,UNKNOWN_CONTACT,"no contact has email ""ghost5@acme.com"""
15,ev-14,Email,UNKNOWN_CONTACT,"no contact has email ""ghost14@acme.com"""
16,ev-15,Email,UNKNOWN_CONTACT,"no contact has email ""ghost15@acme.com"""
24,ev-22,ActivityId,CONFLICTING_DUPLICATE_ID,"touchpoint ""hubspot_marketing_hub:ev-22"" appears earlier in this batch with different content (first at line 23)"
`
	if report != wantReport {
		t.Errorf("report:\n%s\nwant:\n%s", report, wantReport)
	}
	var ids []string
	for _, r := range db.Query(`MATCH (t:Touchpoint) RETURN t.externalId AS id, t.type AS type`, nil) {
		ids = append(ids, r["id"].(string))
		if r["id"] == "ev-22" && r["type"] != "email_open" {
			t.Errorf("ev-22 is %v, want the first row's email_open", r["type"])
		}
	}
	sort.Strings(ids)
	var wantIDs []string
	for i := 1; i <= 30; i++ {
		if i != 5 && i != 14 && i != 15 && i != 23 {
			wantIDs = append(wantIDs, fmt.Sprintf("ev-%02d", i))
		}
	}
	if fmt.Sprint(ids) != fmt.Sprint(wantIDs) {
		t.Errorf("stored %v\nwant   %v", ids, wantIDs)
	}
	// The accounts' journeys are chained through the whole import.
	if n := db.Count(`MATCH (:Touchpoint)-[r:NEXT_FOR_ACCOUNT]->() RETURN count(r) AS n`, nil); n != 25 {
		t.Errorf("%d NEXT_FOR_ACCOUNT links, want 25 (26 touchpoints of acme)", n)
	}
}

// Nothing is recorded when the header does not fit, and the error names the column.
func TestHeaderErrorRecordsNothing(t *testing.T) {
	db := fixture(t)
	m, _ := importer.Lookup("erp-invoices")
	_, err := importer.Import(context.Background(), strings.NewReader("Number,Type,Date\nINV-1,Invoice,2026-01-01\n"), m, db.Store, importer.Options{})
	if err == nil || !strings.Contains(err.Error(), "missing required column CustomerId") {
		t.Errorf("err = %v", err)
	}
	if n := db.Count(`MATCH (t:Touchpoint) RETURN count(t) AS n`, nil); n != 0 {
		t.Errorf("%d touchpoints recorded", n)
	}
}

// One batch mixing rows refused while parsing (a future timestamp, an
// unmapped activity type) with rows the store refuses (an unknown email, a
// conflicting duplicate): the report has every one, and the good rows are
// recorded.
func TestEveryBadRowOfAMixedBatchIsReported(t *testing.T) {
	db := fixture(t)
	text := `ActivityId,ActivityType,Timestamp,Email
ev-1,Email Open,2026-02-01 08:00:00,ada@acme.com
ev-2,Email Open,2099-01-01 08:00:00,ada@acme.com
ev-3,Email Open,2026-02-01 08:02:00,ghost@acme.com
ev-4,Carrier Pigeon,2026-02-01 08:03:00,ada@acme.com
ev-1,Email Click,2026-02-01 08:04:00,ada@acme.com
ev-6,Email Open,2026-02-01 08:05:00,bob@acme.com
`
	sum, report := run(t, db, "marketing-activity", text, 10)
	if sum.Rejected != 4 || sum.Created != 2 || sum.Errors != 4 {
		t.Errorf("summary = %+v, want 4 rejected (4 errors) and 2 created", sum)
	}
	got := reportCells(t, report, 0, 1, 2, 3)
	sort.Strings(got)
	want := []string{
		"3 ev-2 Timestamp FUTURE_TIMESTAMP",
		"4 ev-3 Email UNKNOWN_CONTACT",
		"5 ev-4 ActivityType UNMAPPED_TYPE",
		"6 ev-1 ActivityId CONFLICTING_DUPLICATE_ID",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("report rows = %q\nwant          %q", got, want)
	}
}

// An id or email with an invisible character, and a free-text column that is
// not valid UTF-8, are reported on their columns; free text with an
// invisible character is kept as written.
func TestImportRefusesInvisibleIDsAndInvalidUTF8(t *testing.T) {
	db := fixture(t)
	text := "ActivityId,ActivityType,Timestamp,Email,Campaign\n" +
		"ev-1\u200b,Email Open,2026-02-01 08:00:00,ada@acme.com,Q1\n" +
		"ev-2,Email Open,2026-02-01 08:01:00,ada@acme.com,Q1 \xff\n" +
		"ev-3,Email Open,2026-02-01 08:02:00,ada\u2060@acme.com,Q1\n" +
		"ev-4\x1b,Email Open,2026-02-01 08:03:00,ada@acme.com,Q1\n" +
		"ev-5,Email Open,2026-02-01 08:04:00,ada@acme.com,Q1\u200b launch\n"
	sum, report := run(t, db, "marketing-activity", text, 10)
	if sum.Rejected != 4 || sum.Created != 1 {
		t.Errorf("summary = %+v, want 4 rejected and 1 created", sum)
	}
	got := reportCells(t, report, 0, 2, 3)
	want := []string{"2 ActivityId BAD_USER_INPUT", "3 attributes BAD_USER_INPUT", "4 Email BAD_USER_INPUT", "5 ActivityId BAD_USER_INPUT"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("report rows = %q\nwant          %q", got, want)
	}
	campaign := db.Query(`MATCH (t:Touchpoint {externalId: 'ev-5'}) RETURN t.attributes AS a`, nil)
	if len(campaign) != 1 || !strings.Contains(campaign[0]["a"].(string), "Q1\u200b launch") {
		t.Errorf("ev-5's attributes = %v, want the campaign as written", campaign)
	}
}

// reportCells returns, per line of an error report after its header, the
// given columns joined by spaces.
func reportCells(t *testing.T, report string, columns ...int) []string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(report)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("report is not CSV with a header (%v):\n%s", err, report)
	}
	var out []string
	for _, r := range rows[1:] {
		cells := make([]string, len(columns))
		for i, c := range columns {
			cells[i] = r[c]
		}
		out = append(out, strings.Join(cells, " "))
	}
	return out
}
