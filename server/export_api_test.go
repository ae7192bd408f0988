package server_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/analytics/pathfixture"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// The event-log downloads over the fixture of analytics/pathfixture, at
// contact level without email opens. Worked out from the fixture: eight
// contacts (a1-x, a1-y, a2-c … a8-c but a6-c: a6's only touchpoint has no
// contact); 28 of the 31 touchpoints have a contact (not the invoices of a1,
// a6 and a7), less a1-y's email open: 27. A contact's trace repeats its
// account's stage changes: a1's 4 twice, then 5, 4, 2, 1, 3 and 3: 26. The
// OCEL log writes each account's once: 22, for the seven accounts with a
// contact journey.
func TestExportDownloads(t *testing.T) {
	api := apitest.NewWithOptions(t, nil, keyedOptions(t))
	if err := api.Store.LoadCatalog(t.Context(), seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	if err := pathfixture.Write(t.Context(), api.Store); err != nil {
		t.Fatal(err)
	}
	get := func(target, key string) *http.Response {
		h := http.Header{}
		if key != "" {
			h.Set("Authorization", "Bearer "+key)
		}
		return api.HTTPContext(t.Context(), http.MethodGet, target, "", "", h).Result()
	}
	const scope = "?level=CONTACT&excludeTypes=email_open"

	t.Run("XES for a reader", func(t *testing.T) {
		res := get("/export/xes"+scope, readerKey)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/xml; charset=utf-8" ||
			res.Header.Get("Content-Disposition") != `attachment; filename="journeygraph-journeys.xes"` {
			t.Fatalf("%d %v", res.StatusCode, res.Header)
		}
		var log struct {
			Traces []struct {
				Events []struct {
					Strings []struct {
						Key   string `xml:"key,attr"`
						Value string `xml:"value,attr"`
					} `xml:"string"`
				} `xml:"event"`
			} `xml:"trace"`
		}
		if err := xml.NewDecoder(res.Body).Decode(&log); err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, tr := range log.Traces {
			for _, e := range tr.Events {
				for _, s := range e.Strings {
					if s.Key == "kind" {
						kinds[s.Value]++
					}
					if s.Key == "concept:name" && s.Value == "email_open" {
						t.Errorf("an excluded email open is in the log")
					}
				}
			}
		}
		if len(log.Traces) != 8 || kinds["touchpoint"] != 27 || kinds["stageChange"] != 26 {
			t.Errorf("%d traces, events by kind %v; want 8 traces, 27 touchpoints, 26 stage changes", len(log.Traces), kinds)
		}
	})

	t.Run("OCEL 2.0 for a reader", func(t *testing.T) {
		res := get("/export/ocel2"+scope, readerKey)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
			res.Header.Get("Content-Disposition") != `attachment; filename="journeygraph-journeys.jsonocel"` {
			t.Fatalf("%d %v", res.StatusCode, res.Header)
		}
		var log struct {
			Objects []struct{ Type string }
			Events  []struct{ Type string }
		}
		if err := json.NewDecoder(res.Body).Decode(&log); err != nil {
			t.Fatal(err)
		}
		objects, stageChanges := map[string]int{}, 0
		for _, o := range log.Objects {
			objects[o.Type]++
		}
		for _, e := range log.Events {
			if strings.HasPrefix(e.Type, "stage:") {
				stageChanges++
			}
		}
		if objects["Account"] != 7 || objects["Contact"] != 8 || objects["Stage"] != 14 || len(log.Events)-stageChanges != 27 || stageChanges != 22 {
			t.Errorf("objects %v, %d events of which %d stage changes; want 7 accounts, 8 contacts, 14 stages, 27 touchpoints, 22 stage changes",
				objects, len(log.Events), stageChanges)
		}
	})

	t.Run("no key: 401, nothing exported", func(t *testing.T) {
		if res := get("/export/xes", ""); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%d", res.StatusCode)
		}
	})

	t.Run("a bad scope: 400 naming every problem, before any byte of log", func(t *testing.T) {
		for target, want := range map[string][]string{
			"/export/xes?level=TEAM&from=yesterday":     {"scope.level", "scope.from"},
			"/export/ocel2?excludeTypes=email_opens":    {"scope.excludeTypes[0]", "email_opens"},
			"/export/xes?from=2025-02-01&to=2025-01-01": {"scope.to"},
		} {
			res := get(target, readerKey)
			var body struct {
				Errors []struct {
					Message    string
					Extensions map[string]any
				}
			}
			_ = json.NewDecoder(res.Body).Decode(&body)
			if res.StatusCode != http.StatusBadRequest || len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
				t.Errorf("%s: %d %+v", target, res.StatusCode, body)
				continue
			}
			for _, w := range want {
				if !strings.Contains(body.Errors[0].Message, w) {
					t.Errorf("%s: %q does not name %s", target, body.Errors[0].Message, w)
				}
			}
		}
	})
}
