package eventlog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/eventlog"
	"github.com/journeygraph/journeygraph/journey"
)

// fakeSource serves one page of one journey, without Neo4j.
type fakeSource struct{ page journey.ExportPage }

func (f fakeSource) ExportJourneys(_ context.Context, _ journey.AnalysisScope, _ int, visit func(journey.ExportPage) error) error {
	return visit(f.page)
}

func (fakeSource) TouchpointTypes(context.Context, *journey.Category, *journey.Phase) ([]journey.TouchpointType, error) {
	return []journey.TouchpointType{{Key: "demo", Name: "Demo <live> & Q&A", Category: journey.CategorySales, ChannelKey: "video", SourceSystem: "CRM"}}, nil
}

func (fakeSource) Stages(context.Context) ([]journey.Stage, error) {
	return []journey.Stage{{Key: "customer", Name: "Customer", Order: 8}}, nil
}

// Text from the data — names with markup characters, quotes, a control
// character XML cannot hold — comes back unchanged from an XML or JSON
// parser (the control character as U+FFFD in XML).
func TestExportsEscapeTheData(t *testing.T) {
	name := `Smith & "Sons" <Ltd> 'x'` + "\x01"
	contact := `c"1`
	at := time.Date(2025, 3, 1, 9, 30, 0, 123e6, time.UTC)
	src := fakeSource{journey.ExportPage{
		Accounts: []journey.Account{{ID: "a&1", Name: name}},
		Contacts: []journey.Contact{{ID: contact, AccountID: ptr("a&1")}},
		Journeys: []journey.ExportJourney{{ID: "a&1", AccountID: "a&1", Touchpoints: []journey.Touchpoint{
			{ID: "crm:<1>", Source: "crm", TypeKey: "demo", Category: journey.CategorySales, OccurredAt: at, AccountID: "a&1", ContactID: ptr(contact)},
		}}},
		StageChanges: map[string][]journey.StageTransition{"a&1": {{ID: "s1", AccountID: "a&1", ToStageKey: "customer", At: at}}},
	}}

	var xesOut bytes.Buffer
	if _, err := eventlog.Write(context.Background(), src, &xesOut, eventlog.Options{Format: eventlog.FormatXES}); err != nil {
		t.Fatal(err)
	}
	type attr struct {
		Key   string `xml:"key,attr"`
		Value string `xml:"value,attr"`
	}
	var log struct {
		Traces []struct {
			Strings []attr `xml:"string"`
			Events  []struct {
				Strings []attr `xml:"string"`
				Dates   []attr `xml:"date"`
			} `xml:"event"`
		} `xml:"trace"`
	}
	if err := xml.Unmarshal(xesOut.Bytes(), &log); err != nil {
		t.Fatalf("XES is not well-formed XML: %v\n%s", err, xesOut.String())
	}
	get := func(as []attr, key string) string {
		for _, a := range as {
			if a.Key == key {
				return a.Value
			}
		}
		return "<missing>"
	}
	if len(log.Traces) != 1 || len(log.Traces[0].Events) != 2 {
		t.Fatalf("%+v", log)
	}
	tr := log.Traces[0]
	tp, stage := tr.Events[0], tr.Events[1]
	for _, c := range []struct{ got, want string }{
		{get(tr.Strings, "concept:name"), "a&1"},
		{get(tr.Strings, "accountName"), `Smith & "Sons" <Ltd> 'x'` + "\uFFFD"},
		{get(tp.Strings, "org:resource"), contact},
		{get(tp.Strings, "touchpointId"), "crm:<1>"},
		{get(tp.Strings, "typeName"), "Demo <live> & Q&A"},
		{get(tp.Strings, "channel"), "video"},
		{get(tp.Strings, "sourceSystem"), "CRM"},
		{get(tp.Dates, "time:timestamp"), "2025-03-01T09:30:00.123Z"},
		{get(stage.Strings, "concept:name"), "stage:customer"},
		{get(stage.Strings, "kind"), "stageChange"},
	} {
		if c.got != c.want {
			t.Errorf("XES value %q, want %q", c.got, c.want)
		}
	}

	var ocelOut bytes.Buffer
	if _, err := eventlog.Write(context.Background(), src, &ocelOut, eventlog.Options{Format: eventlog.FormatOCEL2JSON, TempDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	var ocel struct {
		Objects []struct {
			ID, Type   string
			Attributes []struct {
				Name  string
				Value any
			}
		}
		Events []struct {
			ID, Type, Time string
			Relationships  []struct{ ObjectID, Qualifier string }
		}
	}
	if err := json.Unmarshal(ocelOut.Bytes(), &ocel); err != nil {
		t.Fatalf("OCEL is not JSON: %v\n%s", err, ocelOut.String())
	}
	if len(ocel.Events) != 2 || ocel.Events[0].ID != "touchpoint:crm:<1>" || ocel.Events[0].Time != "2025-03-01T09:30:00.123Z" ||
		len(ocel.Events[0].Relationships) != 2 || ocel.Events[0].Relationships[1].ObjectID != `contact:c"1` {
		t.Errorf("events %+v", ocel.Events)
	}
	// The stage, then the account and the contact, in the order read.
	if len(ocel.Objects) != 3 || ocel.Objects[1].ID != "account:a&1" || ocel.Objects[1].Attributes[0].Value != name {
		t.Errorf("objects %+v", ocel.Objects)
	}
}

func ptr[T any](v T) *T { return &v }
