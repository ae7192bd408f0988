package importer

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
)

var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return testNow }

// parseAll converts a whole CSV text (without Neo4j).
func parseAll(t testing.TB, kind, text string) ([]Pending, []RowError) {
	t.Helper()
	m, err := Lookup(kind)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewParser(strings.NewReader(text), m, fixedNow)
	if err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
	var tps []Pending
	var errs []RowError
	for {
		row, err := p.Next()
		if err == io.EOF {
			return tps, errs
		}
		if err != nil {
			t.Fatal(err)
		}
		tps = append(tps, row.Touchpoints...)
		errs = append(errs, row.Errors...)
	}
}

// describe shows an input's values (not its pointers), attributes aside:
// their keys are the file's own headers.
func describe(in journey.TouchpointInput) string {
	s := func(p *string) string {
		if p == nil {
			return "-"
		}
		return *p
	}
	f := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("%s:%s %s %s account=%s contact=%s email=%s value=%s sentiment=%s", in.Source, in.ExternalID, in.TypeKey,
		in.OccurredAt.Format(time.RFC3339), s(in.AccountID), s(in.ContactID), s(in.ContactEmail), f(in.Value), f(in.Sentiment))
}

// one converts a single row and requires exactly one touchpoint.
func one(t *testing.T, kind, header, row string) journey.TouchpointInput {
	t.Helper()
	tps, errs := parseAll(t, kind, header+"\n"+row+"\n")
	if len(errs) > 0 || len(tps) != 1 {
		t.Fatalf("%s %q: %d touchpoints, errors %+v", kind, row, len(tps), errs)
	}
	return tps[0].Input
}

func TestHeaderVariantsBindTheSameColumns(t *testing.T) {
	for _, tc := range []struct {
		kind    string
		headers []string
		row     string
	}{
		{"crm-activities", []string{
			"Id,ActivityDate,Type,AccountId",
			"ID,activity_date,TYPE,account id",
			" Activity ID , Due Date ,Activity Type,Account-ID",
			"task id,DATE,activity.type,ACCOUNTID",
		}, "00T1,2026-03-02,Demo,acme"},
		{"erp-invoices", []string{
			"DocumentNumber,DocumentType,Date,CustomerId",
			"Document Number,Type,Transaction Date,Customer ID",
			"tran_id,transaction_type,TRANDATE,customer external id",
		}, "INV-1,Invoice,2026-03-02,acme"},
		{"marketing-activity", []string{
			"ActivityId,ActivityType,Timestamp,Email",
			"Event ID,Event Type,Occurred At,Contact Email",
			"marketo_guid,activity type,activity date,email address",
		}, "ev-1,Email Open,2026-03-02,ada@acme.com"},
		{"support-tickets", []string{
			"TicketId,CreatedAt,RequesterEmail",
			"Id,Created at,Requester email",
			"ticket_id,CREATED,requester-email",
		}, "4711,2026-03-02,ada@acme.com"},
	} {
		var first *journey.TouchpointInput
		for _, h := range tc.headers {
			in := one(t, tc.kind, h, tc.row)
			if first == nil {
				first = &in
				continue
			}
			if describe(in) != describe(*first) {
				t.Errorf("%s header %q: %s, want %s", tc.kind, h, describe(in), describe(*first))
			}
		}
	}
}

func TestMissingRequiredColumnIsNamed(t *testing.T) {
	for _, tc := range []struct{ kind, header, want string }{
		{"crm-activities", "Subject,ActivityDate,Type", "missing required column Id"},
		{"crm-activities", "Id,Type,AccountId", "missing required column ActivityDateTime (or ActivityDate or CreatedDate)"},
		{"crm-activities", "Id,CreatedDate,AccountId", "missing required column Type (or Subtype or Subject)"},
		{"crm-activities", "Id,Activity ID,CreatedDate,Type", "column Id appears more than once"},
		{"erp-invoices", "DocumentNumber,DocumentType,Date,Amount", "missing required column CustomerId"},
		{"erp-invoices", "Number,Date", "missing required column DocumentType, missing required column CustomerId"},
		{"marketing-activity", "ActivityId,Timestamp,Email", "missing required column ActivityType"},
		{"support-tickets", "Id,Requester email,Solved at", "missing required column CreatedAt"},
	} {
		m, _ := Lookup(tc.kind)
		_, err := NewParser(strings.NewReader(tc.header+"\n"), m, fixedNow)
		var herr *HeaderError
		if !errors.As(err, &herr) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %q: err = %v, want a HeaderError containing %q", tc.kind, tc.header, err, tc.want)
		}
	}
	if _, err := NewParser(strings.NewReader(""), crmActivities, fixedNow); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: err = %v", err)
	}
	if _, err := Lookup("salesforce"); err == nil || !strings.Contains(err.Error(), "crm-activities, erp-invoices, marketing-activity, support-tickets") {
		t.Errorf("unknown kind: err = %v", err)
	}
}

// Every value of every type table becomes its documented type, and every
// type is in the catalog.
func TestTypeTablesMapToCatalogTypes(t *testing.T) {
	catalog := map[string]bool{}
	for _, tt := range seed.TouchpointTypes {
		catalog[tt.Key] = true
	}
	techs := map[string]bool{}
	for _, tech := range seed.Technologies {
		techs[tech.Key] = true
	}
	rows := map[string]struct{ header, row string }{
		"crm-activities":     {"Id,ActivityDate,Type,AccountId", "x1,2026-03-02,%s,acme"},
		"erp-invoices":       {"DocumentNumber,DocumentType,Date,CustomerId", "x1,%s,2026-03-02,acme"},
		"marketing-activity": {"ActivityId,ActivityType,Timestamp,Email", "x1,%s,2026-03-02,ada@acme.com"},
		"support-tickets":    {"TicketId,Channel,CreatedAt,AccountId", "x1,%s,2026-03-02,acme"},
	}
	n := 0
	for _, m := range Kinds {
		if !techs[m.Source] {
			t.Errorf("%s: source %q is not a technology of the seed catalog", m.Kind, m.Source)
		}
		for _, r := range m.TypeRules {
			if !catalog[r.Type] {
				t.Errorf("%s: type %q is not in the catalog", m.Kind, r.Type)
			}
			for _, v := range r.Values {
				for _, variant := range []string{v, strings.ToUpper(v), strings.ReplaceAll(strings.ToLower(v), " ", "_")} {
					in := one(t, m.Kind, rows[m.Kind].header, fmt.Sprintf(rows[m.Kind].row, variant))
					if in.TypeKey != r.Type || in.Source != m.Source {
						t.Errorf("%s %q: type %s source %s, want %s %s", m.Kind, variant, in.TypeKey, in.Source, r.Type, m.Source)
					}
					n++
				}
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d values checked", n)
	}
}

func TestCRMTypeFromDirectionSubtypeAndSubject(t *testing.T) {
	const h = "Id,ActivityDate,Type,TaskSubtype,Subject,CallType,AccountId"
	for _, tc := range []struct{ row, want string }{
		{"a,2026-03-02,Call,,,,acme", "outbound_call"},
		{"a,2026-03-02,Call,,,Inbound,acme", "inbound_call"},
		{"a,2026-03-02,Call,,,incoming,acme", "inbound_call"},
		{"a,2026-03-02,Email,,,Outbound,acme", "outbound_email"},
		{"a,2026-03-02,Email,,,INBOUND,acme", "inbound_email"},
		{"a,2026-03-02,Meeting,,,Inbound,acme", "in_person_meeting"}, // direction only turns calls and emails
		{"a,2026-03-02,,Email,,,acme", "outbound_email"},
		{"a,2026-03-02,Other,Call,,,acme", "outbound_call"},
		{"a,2026-03-02,,,Call with Ada,,acme", "outbound_call"},
		{"a,2026-03-02,,,Email: pricing,Inbound,acme", "inbound_email"},
		{"a,2026-03-02,,,Product demo for Acme,,acme", "demo"},
		{"a,2026-03-02,,,In-person meeting at HQ,,acme", "in_person_meeting"},
		{"a,2026-03-02,Other,,Networking event dinner,,acme", "networking_event"},
	} {
		if in := one(t, "crm-activities", h, tc.row); in.TypeKey != tc.want {
			t.Errorf("%q: type %s, want %s", tc.row, in.TypeKey, tc.want)
		}
	}
	_, errs := parseAll(t, "crm-activities", h+"\na,2026-03-02,Other,,Lunch,,acme\n")
	if len(errs) != 1 || errs[0].Reason != ReasonUnmappedType || errs[0].Field != "Type" || errs[0].Line != 2 || errs[0].ExternalID != "a" {
		t.Errorf("unmapped type: %+v", errs)
	}
}

func TestCRMDateFallsBackInColumnOrder(t *testing.T) {
	const h = "Id,ActivityDateTime,ActivityDate,CreatedDate,Type,AccountId"
	for _, tc := range []struct {
		row  string
		want time.Time
	}{
		{"a,2026-03-02T10:00:00Z,2026-03-01,2026-02-01,Call,acme", time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)},
		{"a,,2026-03-01,2026-02-01T08:00:00Z,Call,acme", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"a,,,2026-02-01T08:00:00Z,Call,acme", time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)},
	} {
		if in := one(t, "crm-activities", h, tc.row); !in.OccurredAt.Equal(tc.want) {
			t.Errorf("%q: %v, want %v", tc.row, in.OccurredAt, tc.want)
		}
	}
	_, errs := parseAll(t, "crm-activities", h+"\na,,,,Call,acme\n")
	if len(errs) != 1 || errs[0].Reason != ReasonMissingValue || errs[0].Field != "ActivityDate" {
		t.Errorf("no date: %+v", errs)
	}
}

func TestTimestampForms(t *testing.T) {
	plus2 := time.FixedZone("", 2*3600)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2026-03-01T09:30:00Z", time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"2026-03-01T09:30:00.250Z", time.Date(2026, 3, 1, 9, 30, 0, 250e6, time.UTC)},
		{"2026-03-01T09:30:00+02:00", time.Date(2026, 3, 1, 9, 30, 0, 0, plus2)},
		{"2026-03-01T09:30:00", time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"2026-03-01 09:30:00", time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"2026-03-01 09:30:00.5", time.Date(2026, 3, 1, 9, 30, 0, 5e8, time.UTC)},
		{"2026-03-01 09:30:00+02:00", time.Date(2026, 3, 1, 9, 30, 0, 0, plus2)},
		{"2026-03-01 09:30:00 +0200", time.Date(2026, 3, 1, 9, 30, 0, 0, plus2)},
		{"2026-03-01 09:30:00 UTC", time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"2026-03-01 09:30", time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"2026-03-01", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
	} {
		got, err := parseTime(tc.in)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		// Through a mapping the instant is kept and stored in UTC.
		in := one(t, "marketing-activity", "ActivityId,ActivityType,Timestamp,Email", "e,Email Open,"+tc.in+",ada@acme.com")
		if !in.OccurredAt.Equal(tc.want) || in.OccurredAt.Location() != time.UTC {
			t.Errorf("%q through the mapping: %v", tc.in, in.OccurredAt)
		}
	}
	for _, bad := range []string{"", "03/01/2026", "01.03.2026", "2026-3-1", "2026-03-01T25:00:00Z", "2026-02-30", "yesterday", "1709285400", "2026-03-01X09:30"} {
		if _, err := parseTime(bad); err == nil {
			t.Errorf("parseTime(%q) accepted", bad)
		}
	}
	_, errs := parseAll(t, "marketing-activity", "ActivityId,ActivityType,Timestamp,Email\ne,Email Open,03/01/2026,ada@acme.com\n")
	if len(errs) != 1 || errs[0].Reason != ReasonBadTimestamp || errs[0].Field != "Timestamp" || !strings.Contains(errs[0].Message, "RFC 3339") {
		t.Errorf("bad timestamp: %+v", errs)
	}
	// In the future (beyond clock skew): journey's FUTURE_TIMESTAMP.
	_, errs = parseAll(t, "marketing-activity", "ActivityId,ActivityType,Timestamp,Email\ne,Email Open,2027-01-01,ada@acme.com\n")
	if len(errs) != 1 || errs[0].Reason != string(journey.ReasonFutureTimestamp) || errs[0].Field != "Timestamp" {
		t.Errorf("future timestamp: %+v", errs)
	}
}

func TestAmounts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{
		{"12000.00", 12000}, {"-500.50", -500.5}, {"+0.75", 0.75}, {"8000", 8000}, {"0", 0}, {"007.5", 7.5},
	} {
		got, err := parseAmount(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseAmount(%q) = %v, %v", tc.in, got, err)
		}
	}
	for _, bad := range []string{"", "-", "1,200.00", "12,5", "1e3", "€12", "12 EUR", ".5", "5.", "1.2.3", "NaN", "Inf", "0x10", "1 000"} {
		if _, err := parseAmount(bad); err == nil {
			t.Errorf("parseAmount(%q) accepted", bad)
		}
	}
	const h = "DocumentNumber,DocumentType,Date,CustomerId,Amount"
	if in := one(t, "erp-invoices", h, "CM-1,Credit Memo,2026-03-02,acme,-20.25"); in.Value == nil || *in.Value != -20.25 || in.ExternalID != "refund/CM-1" {
		t.Errorf("credit memo: %+v", in)
	}
	if in := one(t, "erp-invoices", h, "C-1,Contract,2026-03-02,acme,"); in.Value != nil {
		t.Errorf("empty amount: value %v, want none", *in.Value)
	}
	_, errs := parseAll(t, "erp-invoices", h+"\nINV-1,Invoice,2026-03-02,acme,\"1,200.00\"\n")
	if len(errs) != 1 || errs[0].Reason != ReasonBadAmount || errs[0].Field != "Amount" || errs[0].ExternalID != "INV-1" {
		t.Errorf("bad amount: %+v", errs)
	}
}

func TestTicketGivesOpeningAndClosing(t *testing.T) {
	const h = "Id,Requester email,Organization external id,Via,Created at,Solved at,Satisfaction Score,Status"
	tps, errs := parseAll(t, "support-tickets", h+`
1,ada@acme.com,acme,Web form,2026-03-01 09:00:00,2026-03-02 10:00:00,Good,solved
2,ada@acme.com,,Phone call (incoming),2026-03-03 09:00:00,,Offered,open
3,,acme,voice,2026-03-03 09:00:00,2026-03-03 09:10:00,bad,closed
4,,acme,Chat,2026-03-04 09:00:00,2026-03-04 09:10:00,Offered,closed
`)
	if len(errs) != 0 {
		t.Fatalf("errors: %+v", errs)
	}
	var got []string
	for _, p := range tps {
		s := "none"
		if p.Input.Sentiment != nil {
			s = fmt.Sprint(*p.Input.Sentiment)
		}
		got = append(got, fmt.Sprintf("%d %s %s %s %s", p.Line, p.Input.ExternalID, p.Input.TypeKey, p.Input.OccurredAt.Format(time.RFC3339), s))
	}
	want := []string{
		"2 1/opened case_opened 2026-03-01T09:00:00Z none",
		"2 1/solved case_closed 2026-03-02T10:00:00Z 1",
		"3 2/opened support_call 2026-03-03T09:00:00Z none",
		"4 3/opened support_call 2026-03-03T09:00:00Z none",
		"4 3/solved case_closed 2026-03-03T09:10:00Z -1",
		"5 4/opened case_opened 2026-03-04T09:00:00Z none",
		"5 4/solved case_closed 2026-03-04T09:10:00Z none",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("touchpoints:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if a := tps[0].Input.Attributes; fmt.Sprint(a) != "map[Satisfaction Score:Good Status:solved Via:Web form]" {
		t.Errorf("attributes = %v", a)
	}
}

func TestUnmappedColumnsBecomeBoundedAttributes(t *testing.T) {
	in := one(t, "crm-activities", "Id,ActivityDate,Type,AccountId,Status,,OwnerId,Empty",
		"a,2026-03-02,Call,acme, Completed ,x,005A1,")
	if fmt.Sprint(in.Attributes) != "map[OwnerId:005A1 Status:Completed Type:Call column_6:x]" {
		t.Errorf("attributes = %v", in.Attributes)
	}
	// 100 wide columns of 1 KB: bounded, marked truncated, and still valid.
	var h, r strings.Builder
	h.WriteString("Id,ActivityDate,Type,AccountId")
	r.WriteString("a,2026-03-02,Call,acme")
	for i := range 100 {
		fmt.Fprintf(&h, ",Extra%d", i)
		r.WriteString("," + strings.Repeat("<", 2000))
	}
	in = one(t, "crm-activities", h.String(), r.String())
	if len(in.Attributes) > maxAttributes+1 || in.Attributes[truncatedAttribute] != true {
		t.Errorf("%d attributes, truncated=%v", len(in.Attributes), in.Attributes[truncatedAttribute])
	}
	if v, _ := in.Attributes["Extra0"].(string); len(v) != maxAttributeValue {
		t.Errorf("Extra0 has %d bytes, want %d", len(v), maxAttributeValue)
	}
}

func TestBadRowsAreReportedAndParsingGoesOn(t *testing.T) {
	text := "ActivityId,ActivityType,Timestamp,Email\n" +
		"e1,Email Open,2026-03-01,ada@acme.com\n" +
		"e2,Email Open,2026-03-01\n" + // too few fields
		"e3,Email Open,2026-03-01,ada@acme.com,extra\n" + // too many
		"e4,Email \"Open,2026-03-01,ada@acme.com\n" + // bare quote
		",Email Open,2026-03-01,ada@acme.com\n" + // no id
		"e6,Email Open,2026-03-01,\n" + // no identity at all
		"e7,\"Email\nOpen\",2026-03-01,bob@acme.com\n" + // quoted newline (spaces in types collapse): the row starts on line 8
		"e8,Email Open,2026-03-01,ada@acme.com\n"
	tps, errs := parseAll(t, "marketing-activity", text)
	var got []string
	for _, p := range tps {
		got = append(got, fmt.Sprintf("%d:%s", p.Line, p.Input.ExternalID))
	}
	if fmt.Sprint(got) != "[2:e1 8:e7 10:e8]" {
		t.Errorf("touchpoints %v", got)
	}
	var gotErrs []string
	for _, e := range errs {
		gotErrs = append(gotErrs, fmt.Sprintf("%d|%s|%s|%s", e.Line, e.ExternalID, e.Field, e.Reason))
	}
	want := []string{
		"3|e2||WRONG_FIELD_COUNT",
		"4|e3||WRONG_FIELD_COUNT",
		"5|||BAD_CSV",
		"6||ActivityId|MISSING_VALUE",
		"7|e6|AccountId|BAD_USER_INPUT", // one of accountId, contactId or contactEmail is required
	}
	if strings.Join(gotErrs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(gotErrs, "\n"), strings.Join(want, "\n"))
	}
}

func TestByteOrderMarkIsSkipped(t *testing.T) {
	in := one(t, "support-tickets", "\ufeffTicketId,CreatedAt,RequesterEmail", "9,2026-03-02,ada@acme.com")
	if in.ExternalID != "9/opened" || in.ContactEmail == nil || *in.ContactEmail != "ada@acme.com" {
		t.Errorf("%+v", in)
	}
}

func TestSpreadsheetSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "plain": "plain", "": "", "a=b": "a=b",
	} {
		if got := spreadsheetSafe(in); got != want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
