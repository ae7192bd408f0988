package eventlog_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/eventlog"
	"github.com/journeygraph/journeygraph/journey"
)

// xesAttr is any typed attribute element (<string>, <date>, <float>, …).
type xesAttr struct {
	XMLName xml.Name
	Key     string `xml:"key,attr"`
}

type xesDocument struct {
	XMLName    xml.Name `xml:"log"`
	Extensions []struct {
		Prefix string `xml:"prefix,attr"`
	} `xml:"extension"`
	Globals []struct {
		Scope string    `xml:"scope,attr"`
		Attrs []xesAttr `xml:",any"`
	} `xml:"global"`
	Classifiers []struct {
		Name string `xml:"name,attr"`
		Keys string `xml:"keys,attr"`
	} `xml:"classifier"`
	Traces []struct {
		Attrs  []xesAttr `xml:",any"`
		Events []struct {
			Attrs []xesAttr `xml:",any"`
		} `xml:"event"`
	} `xml:"trace"`
}

// checkXESStrictly reads an XES log as IEEE 1849 defines its header and
// reports every inconsistency: a classifier key that is not a global event
// attribute, a trace or event without a global attribute of its scope (or
// with it under another type), an attribute of an undeclared extension's
// prefix.
func checkXESStrictly(t *testing.T, doc []byte) {
	t.Helper()
	var log xesDocument
	if err := xml.Unmarshal(doc, &log); err != nil {
		t.Fatalf("XES: %v", err)
	}
	if log.XMLName.Space != "http://www.xes-standard.org/" {
		t.Errorf("XES: log in namespace %q", log.XMLName.Space)
	}
	prefixes := map[string]bool{}
	for _, e := range log.Extensions {
		prefixes[e.Prefix] = true
	}
	globals := map[string]map[string]string{"trace": {}, "event": {}} // scope → key → element
	for _, g := range log.Globals {
		if globals[g.Scope] == nil {
			t.Errorf("XES: global of scope %q", g.Scope)
			continue
		}
		for _, a := range g.Attrs {
			globals[g.Scope][a.Key] = a.XMLName.Local
		}
	}
	for _, c := range log.Classifiers {
		for _, k := range strings.Fields(c.Keys) {
			if _, ok := globals["event"][k]; !ok {
				t.Errorf("XES: classifier %q uses %q, which is not a global event attribute", c.Name, k)
			}
		}
	}
	has := func(where string, attrs []xesAttr, scope string) {
		got := map[string]string{}
		for _, a := range attrs {
			got[a.Key] = a.XMLName.Local
			if p, _, ok := strings.Cut(a.Key, ":"); ok && !prefixes[p] {
				t.Errorf("XES: %s: attribute %q of an undeclared extension", where, a.Key)
			}
		}
		for k, elem := range globals[scope] {
			if got[k] != elem {
				t.Errorf("XES: %s lacks the global %s attribute %q (<%s>), has %q", where, scope, k, elem, got[k])
			}
		}
	}
	events := 0
	for i, tr := range log.Traces {
		has(fmt.Sprintf("trace %d", i+1), tr.Attrs, "trace")
		for _, e := range tr.Events {
			has("an event", e.Attrs, "event")
			events++
		}
	}
	if events == 0 {
		t.Error("XES: no event to check")
	}
}

// The XES log is consistent with its own header: every classifier key is a
// global event attribute (the Resource classifier used org:resource, which
// not every event has) and every trace and event carries the globals of its
// scope. Checked on a page with events with and without a contact, and on
// the fixture at both levels (TestFixtureExportsReadBackByPM4PyEqualHandWorkedLog
// reads the same header back with pm4py).
func TestXESHeaderIsConsistentWithTheLog(t *testing.T) {
	at := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	src := fakeSource{journey.ExportPage{
		Accounts: []journey.Account{{ID: "a1", Name: "A"}},
		Contacts: []journey.Contact{{ID: "c1", AccountID: ptr("a1")}},
		Journeys: []journey.ExportJourney{{ID: "a1", AccountID: "a1", Touchpoints: []journey.Touchpoint{
			{ID: "crm:1", Source: "crm", TypeKey: "demo", Category: journey.CategorySales, OccurredAt: at, AccountID: "a1", ContactID: ptr("c1")},
			{ID: "crm:2", Source: "crm", TypeKey: "demo", Category: journey.CategorySales, OccurredAt: at, AccountID: "a1"},
		}}},
		StageChanges: map[string][]journey.StageTransition{"a1": {{ID: "s1", AccountID: "a1", ToStageKey: "customer", At: at}}},
	}}
	var out bytes.Buffer
	if _, err := eventlog.Write(context.Background(), src, &out, eventlog.Options{Format: eventlog.FormatXES}); err != nil {
		t.Fatal(err)
	}
	checkXESStrictly(t, out.Bytes())

	api := fixtureAPI(t)
	for _, level := range []journey.JourneyLevel{journey.LevelAccount, journey.LevelContact} {
		t.Run(string(level), func(t *testing.T) {
			checkXESStrictly(t, exportBytes(t, api.Store, eventlog.FormatXES, level, 3))
		})
	}
}

// exportBytes exports every journey of the level in the format.
func exportBytes(t *testing.T, src eventlog.Source, f eventlog.Format, level journey.JourneyLevel, pageAccounts int) []byte {
	t.Helper()
	sc := journey.AnalysisScope{Level: level}
	if err := sc.Normalize("scope"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := eventlog.Write(context.Background(), src, &buf, eventlog.Options{Format: f, Scope: sc, PageAccounts: pageAccounts, TempDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
