package server_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/analytics/pathfixture"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
	"github.com/journeygraph/journeygraph/store"
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
	api := downloadFixtureAPI(t, nil)
	get := func(target, key string) *http.Response {
		return exportRequest(t, api, http.MethodGet, target, key).Result()
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
			expectBadScope(t, target, get(target, readerKey), want)
		}
	})
}

// A download's query holds scope fields only, each with a value: a typo
// (industy=) or an empty value, ignored, would export every journey. Both are
// refused with 400 naming the parameter, before any query runs; so are bad
// values.
func TestExportDownloadRefusesUnknownParametersAndEmptyValues(t *testing.T) {
	queries := newQueryCounter()
	api := apitest.NewWithOptions(t, queries.observe, keyedOptions(t))
	cases := []struct {
		target string
		names  []string
	}{
		{"/export/xes?industy=software", []string{`industy: is not a parameter of the export`}},
		{"/export/ocel2?level=CONTACT&Industry=software&foo=1", []string{"Industry: is not", "foo: is not"}},
		{"/export/xes?industry=", []string{"scope.industry: is given without a value"}},
		{"/export/ocel2?region=,", []string{"scope.region: is given without a value"}},
		{"/export/xes?segment=TINY", []string{"scope.segment"}},
		{"/export/xes?excludeCategories=ADS", []string{"scope.excludeCategories"}},
		{"/export/xes?cohortFrom=soon", []string{"scope.cohortFrom"}},
		{"/export/xes?level=ACCOUNT&level=CONTACT", []string{"scope.level: give one level"}},
	}
	for _, c := range cases {
		queries.reset()
		expectBadScope(t, c.target, exportRequest(t, api, http.MethodGet, c.target, readerKey).Result(), c.names)
		if q := queries.names(); len(q) != 0 {
			t.Errorf("%s: refused, but ran %v", c.target, q)
		}
	}
}

// HEAD on a download answers the headers a GET would send, without running
// the export: no query, no body. A bad scope or a missing key is refused as
// for GET.
func TestExportDownloadHEADRunsNoExport(t *testing.T) {
	queries := newQueryCounter()
	api := downloadFixtureAPI(t, queries.observe)
	head := func(target, key string) *httptest.ResponseRecorder {
		queries.reset()
		return exportRequest(t, api, http.MethodHead, target, key)
	}
	for target, want := range map[string][2]string{
		"/export/xes?level=CONTACT": {"application/xml; charset=utf-8", `attachment; filename="journeygraph-journeys.xes"`},
		"/export/ocel2":             {"application/json; charset=utf-8", `attachment; filename="journeygraph-journeys.jsonocel"`},
	} {
		rec := head(target, readerKey)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != want[0] || rec.Header().Get("Content-Disposition") != want[1] {
			t.Errorf("HEAD %s: %d %v", target, rec.Code, rec.Header())
		}
		if rec.Body.Len() != 0 {
			t.Errorf("HEAD %s: a body of %d bytes", target, rec.Body.Len())
		}
		if q := queries.names(); len(q) != 0 {
			t.Errorf("HEAD %s ran the export's queries %v", target, q)
		}
	}
	if rec := head("/export/xes?industy=x", readerKey); rec.Code != http.StatusBadRequest {
		t.Errorf("HEAD with an unknown parameter: %d", rec.Code)
	}
	if rec := head("/export/xes", ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("HEAD without a key: %d", rec.Code)
	}
}

// downloadFixtureAPI is a keyed server over the catalog and the fixture of
// analytics/pathfixture.
func downloadFixtureAPI(t *testing.T, observer store.Observer) *apitest.API {
	t.Helper()
	api := apitest.NewWithOptions(t, observer, keyedOptions(t))
	if err := api.Store.LoadCatalog(t.Context(), seed.Catalog()); err != nil {
		t.Fatal(err)
	}
	if err := pathfixture.Write(t.Context(), api.Store); err != nil {
		t.Fatal(err)
	}
	return api
}

// exportRequest sends a request with the key ("" for none).
func exportRequest(t *testing.T, api *apitest.API, method, target, key string) *httptest.ResponseRecorder {
	h := http.Header{}
	if key != "" {
		h.Set("Authorization", "Bearer "+key)
	}
	return api.HTTPContext(t.Context(), method, target, "", "", h)
}

// expectBadScope checks a 400 BAD_USER_INPUT answer with one error whose
// message holds each of want.
func expectBadScope(t *testing.T, target string, res *http.Response, want []string) {
	t.Helper()
	var body struct {
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	_ = json.NewDecoder(res.Body).Decode(&body)
	if res.StatusCode != http.StatusBadRequest || len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("%s: %d %+v", target, res.StatusCode, body)
		return
	}
	for _, w := range want {
		if !strings.Contains(body.Errors[0].Message, w) {
			t.Errorf("%s: %q does not say %q", target, body.Errors[0].Message, w)
		}
	}
}
