package eventlog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/eventlog"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

type ocelRel struct{ ObjectID, Qualifier string }

type ocelDocument struct {
	ObjectTypes []struct{ Name string }
	EventTypes  []struct{ Name string }
	Objects     []struct {
		ID, Type   string
		Attributes []struct {
			Name  string
			Value any
		}
		Relationships []ocelRel
	}
	Events []struct {
		ID, Type      string
		Relationships []ocelRel
	}
}

// checkOCELStrictly reads a whole OCEL 2.0 JSON log and reports every object
// or event id listed twice, every object or event of an undeclared type and
// every relationship (event to object, object to object) to an object the
// log does not list.
func checkOCELStrictly(t *testing.T, doc []byte) ocelDocument {
	t.Helper()
	var log ocelDocument
	if err := json.Unmarshal(doc, &log); err != nil {
		t.Fatalf("OCEL: %v", err)
	}
	declared := func(types []struct{ Name string }) map[string]bool {
		out := map[string]bool{}
		for _, ty := range types {
			out[ty.Name] = true
		}
		return out
	}
	objectTypes, eventTypes := declared(log.ObjectTypes), declared(log.EventTypes)
	objects, events := map[string]int{}, map[string]int{}
	for _, o := range log.Objects {
		if objects[o.ID]++; objects[o.ID] == 2 {
			t.Errorf("OCEL: object %s listed more than once", o.ID)
		}
		if !objectTypes[o.Type] {
			t.Errorf("OCEL: object %s of undeclared type %q", o.ID, o.Type)
		}
	}
	for _, e := range log.Events {
		if events[e.ID]++; events[e.ID] == 2 {
			t.Errorf("OCEL: event %s listed more than once", e.ID)
		}
		if !eventTypes[e.Type] {
			t.Errorf("OCEL: event %s of undeclared type %q", e.ID, e.Type)
		}
		for _, r := range e.Relationships {
			if objects[r.ObjectID] == 0 {
				t.Errorf("OCEL: event %s relates to %s (%s), which is not an object of the log", e.ID, r.ObjectID, r.Qualifier)
			}
		}
	}
	for _, o := range log.Objects {
		for _, r := range o.Relationships {
			if objects[r.ObjectID] == 0 {
				t.Errorf("OCEL: object %s relates to %s (%s), which is not an object of the log", o.ID, r.ObjectID, r.Qualifier)
			}
		}
	}
	if len(log.Events) == 0 {
		t.Error("OCEL: no event to check")
	}
	return log
}

// A contact who moved from account acc-a (retail) to acc-b (software), with a
// touchpoint at each. Worked out by hand: at either level the log's objects
// are both accounts (with their attributes) and the contact once, related to
// acc-b, where it works now (the Stage objects aside); t1 relates to acc-a
// and the contact, t2 to acc-b and the contact. At CONTACT level the
// contact's journey is in acc-b's page, and acc-a is an object only because
// t1 relates to it (it used to be missing). With industry=retail, acc-a's
// journey is the only one, and acc-b is an object because the contact works
// there. Whatever the page size: the contact used to be listed in both
// accounts' pages.
func TestOCELMovedContact(t *testing.T) {
	api := apitest.New(t, nil)
	ctx := context.Background()
	if err := api.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	for id, industry := range map[string]string{"acc-a": "retail", "acc-b": "software"} {
		if _, _, err := api.Store.UpsertAccount(ctx, journey.AccountInput{ID: id, Name: "Name of " + id, Industry: ptr(industry)}); err != nil {
			t.Fatal(err)
		}
	}
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, account := range []string{"acc-a", "acc-b"} {
		if _, _, err := api.Store.UpsertContact(ctx, journey.ContactInput{ID: "c1", Email: "c1@example.com", AccountID: ptr(account)}); err != nil {
			t.Fatal(err)
		}
		tp := journey.TouchpointInput{Source: "crm", ExternalID: fmt.Sprintf("t%d", i+1), TypeKey: "demo", OccurredAt: day.Add(time.Duration(i) * time.Hour), ContactID: ptr("c1")}
		if _, err := api.Store.RecordTouchpoints(ctx, []journey.TouchpointInput{tp}); err != nil {
			t.Fatal(err)
		}
	}
	wantEvents := map[string][]string{
		"touchpoint:crm:t1": {"account:acc-a account", "contact:c1 contact"},
		"touchpoint:crm:t2": {"account:acc-b account", "contact:c1 contact"},
	}
	cases := []struct {
		name     string
		level    journey.JourneyLevel
		industry []string
		page     int
		events   []string
	}{
		{"account level, one account a page", journey.LevelAccount, nil, 1, []string{"touchpoint:crm:t1", "touchpoint:crm:t2"}},
		{"account level, default page", journey.LevelAccount, nil, 0, []string{"touchpoint:crm:t1", "touchpoint:crm:t2"}},
		{"contact level, one account a page", journey.LevelContact, nil, 1, []string{"touchpoint:crm:t1", "touchpoint:crm:t2"}},
		{"contact level, default page", journey.LevelContact, nil, 0, []string{"touchpoint:crm:t1", "touchpoint:crm:t2"}},
		{"account level, the old account's industry", journey.LevelAccount, []string{"retail"}, 1, []string{"touchpoint:crm:t1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := journey.AnalysisScope{Level: c.level, Industries: c.industry}
			if err := sc.Normalize("scope"); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if _, err := eventlog.Write(ctx, api.Store, &buf, eventlog.Options{Format: eventlog.FormatOCEL2JSON, Scope: sc, PageAccounts: c.page, TempDir: t.TempDir()}); err != nil {
				t.Fatal(err)
			}
			log := checkOCELStrictly(t, buf.Bytes())
			var objects []string
			for _, o := range log.Objects {
				if o.Type == "Stage" {
					continue
				}
				line := o.ID
				for _, a := range o.Attributes {
					line += fmt.Sprintf(" %s=%v", a.Name, a.Value)
				}
				for _, r := range o.Relationships {
					line += " → " + r.ObjectID + " " + r.Qualifier
				}
				objects = append(objects, line)
			}
			slices.Sort(objects)
			wantObjects := []string{
				"account:acc-a name=Name of acc-a industry=retail",
				"account:acc-b name=Name of acc-b industry=software",
				"contact:c1 → account:acc-b works at",
			}
			if !slices.Equal(objects, wantObjects) {
				t.Errorf("objects\n%q\nwant\n%q", objects, wantObjects)
			}
			var events []string
			for _, e := range log.Events {
				if e.Type == "demo" {
					events = append(events, e.ID)
					var rels []string
					for _, r := range e.Relationships {
						rels = append(rels, r.ObjectID+" "+r.Qualifier)
					}
					if !slices.Equal(rels, wantEvents[e.ID]) {
						t.Errorf("event %s relates to %q, want %q", e.ID, rels, wantEvents[e.ID])
					}
				}
			}
			slices.Sort(events)
			if !slices.Equal(events, c.events) {
				t.Errorf("touchpoint events %v, want %v", events, c.events)
			}
		})
	}
}

// The strict check over whole logs of the hand-worked fixture and of seeded
// data (12 accounts), at both levels, with pages of one account, of three
// and of the default size: ids unique, every relationship resolved. The
// interop tests run it on every log they hand to pm4py as well.
func TestOCELIsStrictlyValidOnFixtureAndSeed(t *testing.T) {
	seeded := func(t *testing.T) *apitest.API {
		api := apitest.New(t, nil)
		p := seed.DefaultParams()
		p.Accounts = 12
		if _, err := seed.Load(context.Background(), api.Store, p, nil); err != nil {
			t.Fatal(err)
		}
		return api
	}
	// One data set at a time: each empties the test database.
	for name, load := range map[string]func(*testing.T) *apitest.API{"fixture": fixtureAPI, "seeded": seeded} {
		t.Run(name, func(t *testing.T) {
			api := load(t)
			for _, level := range []journey.JourneyLevel{journey.LevelAccount, journey.LevelContact} {
				for _, page := range []int{1, 3, 0} {
					t.Run(fmt.Sprintf("%s page %d", level, page), func(t *testing.T) {
						checkOCELStrictly(t, exportBytes(t, api.Store, eventlog.FormatOCEL2JSON, level, page))
					})
				}
			}
		})
	}
}
