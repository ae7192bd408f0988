package bulkload

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
)

// One account's journey, arriving out of order with a replay and a tie,
// gives the files worked out by hand below: chains in (occurredAt, id)
// order, JourneyPaths in the store's encoding (varint bytes computed by
// hand), and the stage history.
func TestOneJourneyByHand(t *testing.T) {
	cat := journey.Catalog{
		TouchpointTypes: []journey.TouchpointType{{Key: "demo", Category: journey.CategorySales}, {Key: "web", Category: journey.CategoryMarketing}},
		Stages:          []journey.Stage{{Key: "lead"}, {Key: "sql"}},
	}
	at := func(sec int) time.Time { return time.Unix(int64(sec), 0).UTC() }
	str := func(s string) *string { return &s }
	five := 5.0
	a1 := "a1"
	tp := func(ext, typ string, sec int, contact *string) journey.TouchpointInput {
		return journey.TouchpointInput{Source: "crm", ExternalID: ext, TypeKey: typ, OccurredAt: at(sec), AccountID: &a1, ContactID: contact}
	}
	t2a := tp("2a", "web", 11, nil)
	t2a.Value = &five
	src := "seed"
	j := seed.AccountJourney{
		Account: journey.AccountInput{ID: "a1", Name: "A One"},
		Contacts: []journey.ContactInput{{ID: "c1", Email: "c1@x.com", AccountID: &a1},
			{ID: "c2", Email: "c2@x.com", AccountID: &a1}},
		Touchpoints: []journey.TouchpointInput{tp("3", "demo", 12, str("c1")), tp("1", "web", 10, str("c2")),
			tp("2b", "demo", 11, str("c1")), t2a, tp("1", "web", 10, str("c2"))},
		StageChanges: []journey.StageChangeInput{
			{ID: str("s2"), AccountID: "a1", StageKey: "sql", At: at(12), Source: &src, TriggeredByID: str("crm:3")},
			{ID: str("s1"), AccountID: "a1", StageKey: "lead", At: at(10), Source: &src, TriggeredByID: str("crm:1")},
			{ID: str("s1"), AccountID: "a1", StageKey: "lead", At: at(10), Source: &src, TriggeredByID: str("crm:1")},
		},
	}
	dir := t.TempDir()
	w, err := Create(dir, cat, at(100))
	if err != nil {
		t.Fatal(err)
	}
	part := w.Part() // the path the command takes
	if err := part.Add(j); err != nil {
		t.Fatal(err)
	}
	if err := w.Append(part); err != nil {
		t.Fatal(err)
	}
	if err := w.Append(part); err != nil { // an emptied part adds nothing
		t.Fatal(err)
	}
	stats, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	// Relationships: WORKS_AT 2, OF_TYPE 4, FOR_ACCOUNT 4, BY_CONTACT 3,
	// NEXT_FOR_ACCOUNT 3, NEXT_FOR_CONTACT 1, HAD_TRANSITION 2, TO_STAGE 2,
	// TRIGGERED_BY 2, FROM_STAGE 1, CURRENT_STAGE 1.
	if want := (Stats{Accounts: 1, Contacts: 2, Touchpoints: 4, StageTransitions: 2, JourneyPaths: 3, Relationships: 25}); stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}

	rows := func(name string) []string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		got := lines[1:]
		slices.Sort(got)
		return got
	}
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"relationships-NEXT_FOR_ACCOUNT.csv", []string{
			`"crm:1","crm:2a","NEXT_FOR_ACCOUNT"`, `"crm:2a","crm:2b","NEXT_FOR_ACCOUNT"`, `"crm:2b","crm:3","NEXT_FOR_ACCOUNT"`}},
		{"relationships-NEXT_FOR_CONTACT.csv", []string{`"crm:2b","crm:3","NEXT_FOR_CONTACT"`}},
		{"relationships-BY_CONTACT.csv", []string{
			`"crm:1","c2","BY_CONTACT"`, `"crm:2b","c1","BY_CONTACT"`, `"crm:3","c1","BY_CONTACT"`}},
		{"relationships-WORKS_AT.csv", []string{`"c1","a1","WORKS_AT"`, `"c2","a1","WORKS_AT"`}},
		// Times 10, 11, 11, 12 s = 10,000 ms then deltas 1,000, 0, 1,000;
		// zig-zag varints: 20,000 = 0xA0 0x9C 0x01, 2,000 = 0xD0 0x0F, 0 = 0x00,
		// written as signed bytes.
		{"nodes-JourneyPath.csv", []string{
			`"ACCOUNT:a1","JourneyPath","ACCOUNT","a1","web web demo demo",-96;-100;1;-48;15;0;-48;15,4`,
			`"CONTACT:c1","JourneyPath","CONTACT","c1","demo demo",-16;-85;1;-48;15,2`, // 11,000 ms: 22,000 = 0xF0 0xAB 0x01
			`"CONTACT:c2","JourneyPath","CONTACT","c2","web",-96;-100;1,1`}},
		{"nodes-StageTransition.csv", []string{
			`"s1","StageTransition","a1","lead",1970-01-01T00:00:10Z[UTC],"seed","crm:1","bulkload",`,
			`"s2","StageTransition","a1","sql",1970-01-01T00:00:12Z[UTC],"seed","crm:3","bulkload","lead"`}},
		{"relationships-FROM_STAGE.csv", []string{`"s2","lead","FROM_STAGE"`}},
		{"relationships-CURRENT_STAGE.csv", []string{`"a1","sql","CURRENT_STAGE",1970-01-01T00:00:12Z[UTC]`}},
		{"relationships-TRIGGERED_BY.csv", []string{`"s1","crm:1","TRIGGERED_BY"`, `"s2","crm:3","TRIGGERED_BY"`}},
		{"nodes-Touchpoint.csv", []string{
			`"crm:1","Touchpoint","crm","1","web","MARKETING",1970-01-01T00:00:10Z[UTC],"a1","c2",,,,1970-01-01T00:01:40Z[UTC],"bulkload"`,
			`"crm:2a","Touchpoint","crm","2a","web","MARKETING",1970-01-01T00:00:11Z[UTC],"a1",,5,,,1970-01-01T00:01:40Z[UTC],"bulkload"`,
			`"crm:2b","Touchpoint","crm","2b","demo","SALES",1970-01-01T00:00:11Z[UTC],"a1","c1",,,,1970-01-01T00:01:40Z[UTC],"bulkload"`,
			`"crm:3","Touchpoint","crm","3","demo","SALES",1970-01-01T00:00:12Z[UTC],"a1","c1",,,,1970-01-01T00:01:40Z[UTC],"bulkload"`}},
		{"nodes-TouchpointType.csv", []string{`"demo","TouchpointType"`, `"web","TouchpointType"`}},
	} {
		if got := rows(tc.file); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.file, got, tc.want)
		}
	}
}

// What online ingest would refuse is refused, by table.
func TestAddRefusesWhatIngestRefuses(t *testing.T) {
	cat := journey.Catalog{TouchpointTypes: []journey.TouchpointType{{Key: "demo"}}, Stages: []journey.Stage{{Key: "lead"}}}
	a1, nobody := "a1", "nobody"
	good := func(account string) seed.AccountJourney {
		return seed.AccountJourney{Account: journey.AccountInput{ID: account, Name: "A"},
			Contacts: []journey.ContactInput{{ID: "c-" + account, Email: account + "@x.com", AccountID: &account}},
			Touchpoints: []journey.TouchpointInput{{Source: "crm", ExternalID: account, TypeKey: "demo",
				OccurredAt: time.Unix(10, 0), AccountID: &account}}}
	}
	for _, tc := range []struct {
		name   string
		change func(*seed.AccountJourney)
		want   string
	}{
		{"unknown type", func(j *seed.AccountJourney) { j.Touchpoints[0].TypeKey = "nope" }, "unknown touchpoint type"},
		{"another account's touchpoint", func(j *seed.AccountJourney) { j.Touchpoints[0].AccountID = &a1 }, "is not its journey's account"},
		{"unknown contact", func(j *seed.AccountJourney) { j.Touchpoints[0].ContactID = &nobody }, "is not a contact of account"},
		{"conflicting duplicate", func(j *seed.AccountJourney) {
			d := j.Touchpoints[0]
			d.TypeKey = "other"
			j.Touchpoints = append(j.Touchpoints, d)
		}, "two different touchpoints"},
		{"unknown stage", func(j *seed.AccountJourney) {
			j.StageChanges = []journey.StageChangeInput{{AccountID: "a2", StageKey: "nope", At: time.Unix(10, 0)}}
		}, "unknown stage"},
		{"unknown trigger", func(j *seed.AccountJourney) {
			j.StageChanges = []journey.StageChangeInput{{AccountID: "a2", StageKey: "lead", At: time.Unix(10, 0), TriggeredByID: &nobody}}
		}, "no touchpoint of account"},
		{"contact of no account", func(j *seed.AccountJourney) { j.Contacts[0].AccountID = nil }, "accountId to be its journey's account"},
		{"the same account twice", func(j *seed.AccountJourney) { *j = good("a1") }, "added twice"},
		{"line break", func(j *seed.AccountJourney) { j.Account.Name = "A\nB" }, "line break"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Create(t.TempDir(), cat, time.Unix(100, 0))
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			if err := w.Add(good("a1")); err != nil {
				t.Fatalf("an unchanged journey: %v", err)
			}
			j := good("a2")
			tc.change(&j)
			if err := w.Add(j); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Add = %v, want an error about %q", err, tc.want)
			}
		})
	}
}
