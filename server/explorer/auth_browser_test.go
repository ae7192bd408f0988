package explorer_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// keyedPage serves a fresh explorer API with the data load writes and API
// keys on (entries as in JOURNEYGRAPH_API_KEYS: role:name:sha256), and opens
// a tab on it.
func keyedPage(t *testing.T, load func(*testing.T, *apitest.API), entries ...string) (*page, *apitest.API) {
	t.Helper()
	keys, err := auth.ParseKeys(strings.NewReader(strings.Join(entries, "\n")), "test")
	if err != nil {
		t.Fatal(err)
	}
	ring, err := auth.NewKeyring(keys)
	if err != nil {
		t.Fatal(err)
	}
	api := explorerAPI(t, apitest.DefaultOptions())
	load(t, api)
	opts := apitest.DefaultOptions()
	opts.AuthDisabled = false
	opts.Keys = ring
	opts.Explorer = true
	p := openPage(t, api.WithOptions(opts))
	p.allow = append(p.allow, "status of 401") // the browser logs a refused request
	return p, api
}

// With API keys on, a view without a key shows the API's UNAUTHENTICATED and
// asks for a key; a reader key entered there is kept in sessionStorage only
// (not in the URL), sent as a bearer token, and the view loads.
func TestExplorerAsksForAKey(t *testing.T) {
	const secret = "reader-secret-123"
	p, _ := keyedPage(t, loadFixture, "reader:dash:"+auth.Hash(secret))

	if code := p.open("/explore/funnel?stages=lead,mql", "funnel"); code != "UNAUTHENTICATED" {
		t.Fatalf("without a key: data-error = %q, want UNAUTHENTICATED", code)
	}
	if n := len(p.texts(`input#api-key[type="password"]`)); n != 1 {
		t.Fatalf("no key field shown")
	}
	p.eval(`(() => { const i = document.getElementById('api-key'); i.value = '`+secret+`'; i.form.requestSubmit(); return true; })()`, new(bool))
	if code := p.waitView("funnel"); code != "" {
		t.Fatalf("with the reader key: %s %v", code, p.texts(".error"))
	}
	if got := p.texts(`tbody td[data-field="entered"]`); strings.Join(got, ",") != "4,3" {
		t.Errorf("entered = %v, want lead 4, mql 3", got)
	}
	var stored, href string
	p.eval(`sessionStorage.getItem('journeygraph.apiKey')`, &stored)
	p.eval(`location.href`, &href)
	if stored != secret || strings.Contains(href, secret) {
		t.Errorf("key in sessionStorage = %q, URL = %s", stored, href)
	}
	var local int
	p.eval(`localStorage.length + document.cookie.length`, &local)
	if local != 0 {
		t.Errorf("the key left a trace in localStorage or cookies")
	}
	// Another view in the same session uses the kept key without asking.
	if code := p.open("/explore/linkages", "linkages"); code != "" {
		t.Errorf("linkages with the kept key: %s", code)
	}
}

// systemOfRecord reads the technology's flag straight from Neo4j.
func systemOfRecord(t *testing.T, api *apitest.API, key string) any {
	t.Helper()
	rows := api.Query(`MATCH (t:Technology {key: $key}) RETURN t.systemOfRecord AS sor`, map[string]any{"key": key})
	if len(rows) != 1 {
		t.Fatalf("technology %s: %d nodes", key, len(rows))
	}
	return rows[0]["sor"]
}

// useKey keeps key for the tab's session, as the key form does, and opens
// the coverage view with it.
func (p *page) useKey(key string) {
	p.t.Helper()
	p.eval(`(() => { sessionStorage.setItem('journeygraph.apiKey', '`+key+`'); return true; })()`, new(bool))
	p.mustOpen("/explore/coverage", "coverage")
}

// submitSystemOfRecord sets the coverage view's editor to mark (or unmark)
// the technology and submits it, as a user would by keyboard or mouse.
func (p *page) submitSystemOfRecord(key string, mark bool) {
	p.t.Helper()
	p.eval(fmt.Sprintf(`(() => { const s = document.getElementById('sor-technology'); s.value = %q; s.dispatchEvent(new Event('change'));
		document.getElementById('sor-flag').checked = %t; s.form.requestSubmit(); return true; })()`, key, mark), new(bool))
}

// With keys on, the coverage view's system-of-record editor: for a reader key
// its controls are disabled (the page asks the API for the key's role), and
// an edit sent anyway is refused by the API (FORBIDDEN, shown with its message) and Neo4j
// is unchanged; an admin key's edit is saved, the view draws again with the
// change (the blueprint fixture's one silo, WebiCast, is no silo once it is
// a system of record itself: its data is in one), and Neo4j holds it.
// Unmarking it through the page restores the fixture.
func TestExplorerEditNeedsAdmin(t *testing.T) {
	const reader, admin = "reader-secret-456", "admin-secret-789"
	p, api := keyedPage(t, loadBlueprint, "reader:dash:"+auth.Hash(reader), "admin:ops:"+auth.Hash(admin))
	p.allow = append(p.allow, "status of 403") // the refused mutation
	if code := p.open("/explore/coverage", "coverage"); code != "UNAUTHENTICATED" {
		t.Fatalf("without a key: data-error = %q, want UNAUTHENTICATED", code)
	}

	p.useKey(reader)
	var disabled []bool
	p.eval(`['#sor-technology', '#sor-flag', '[data-edit] button'].map(s => document.querySelector(s).matches(':disabled'))`, &disabled)
	if !reflect.DeepEqual(disabled, []bool{true, true, true}) {
		t.Errorf("with a reader key the editor's controls should be disabled: %v", disabled)
	}
	if got := p.texts("[data-edit-note]"); len(got) != 1 || !strings.Contains(got[0], "role is READER") {
		t.Errorf("reader's note = %v", got)
	}
	// The API is the authority: a page that offers the edit anyway (stale,
	// or changed by hand) is refused.
	p.eval(`(() => { document.querySelector('[data-edit] fieldset').disabled = false; return true; })()`, new(bool))
	p.submitSystemOfRecord("webinar", true)
	p.waitFor("the refused edit", `document.querySelector('[data-edit="system-of-record"]').dataset.editError || ""`)
	if got := p.texts(`[data-edit] [data-error-code]`); !reflect.DeepEqual(got, []string{"FORBIDDEN"}) {
		t.Errorf("reader's edit: code %v, want FORBIDDEN", got)
	}
	if got := p.texts(`[data-edit] [data-error-message]`); len(got) != 1 || !strings.Contains(got[0], "ADMIN") {
		t.Errorf("reader's edit: message %v should name the role it needs", got)
	}
	if got := systemOfRecord(t, api, "webinar"); got != false {
		t.Errorf("after the reader's edit, WebiCast's systemOfRecord in Neo4j = %v, want false", got)
	}
	if got := p.texts(`[data-gap="silo"]`); !reflect.DeepEqual(got, []string{"WebiCast — stranded: Webinar attendance"}) {
		t.Errorf("after the reader's edit, silos = %v", got)
	}

	p.useKey(admin)
	p.eval(`['#sor-technology', '#sor-flag', '[data-edit] button'].map(s => document.querySelector(s).matches(':disabled'))`, &disabled)
	if !reflect.DeepEqual(disabled, []bool{false, false, false}) {
		t.Errorf("with an admin key the editor's controls should be enabled: %v", disabled)
	}
	p.submitSystemOfRecord("webinar", true)
	p.waitFor("the saved edit", `(() => { const v = document.querySelector('[data-view="coverage"]'); return v.dataset.ready === "true" && document.querySelector('[data-edit-saved]') ? "saved" : ""; })()`)
	p.screenshot("coverage-edited")
	if got := p.texts("[data-edit-saved]"); !reflect.DeepEqual(got, []string{"Saved: WebiCast is now a system of record."}) {
		t.Errorf("admin's edit: %v", got)
	}
	if got := p.texts(`[data-metric="systemsOfRecord"]`); !reflect.DeepEqual(got, []string{"Acme CRM, WebiCast"}) {
		t.Errorf("systems of record after the edit = %v", got)
	}
	if got := p.texts(`[data-gap-none="silo"]`); len(got) != 1 {
		t.Errorf("after the edit no silo should be left, got %v", p.texts(`[data-gap="silo"]`))
	}
	if got := systemOfRecord(t, api, "webinar"); got != true {
		t.Errorf("after the admin's edit, WebiCast's systemOfRecord in Neo4j = %v, want true", got)
	}

	p.submitSystemOfRecord("webinar", false)
	p.waitFor("the restoring edit", `document.querySelector('[data-view="coverage"]').dataset.ready === "true" && document.querySelector('[data-edit-saved]')?.textContent.includes("no longer") ? "saved" : ""`)
	if got := p.texts("[data-edit-saved]"); !reflect.DeepEqual(got, []string{"Saved: WebiCast is no longer a system of record."}) {
		t.Errorf("restoring edit: %v", got)
	}
	if got := systemOfRecord(t, api, "webinar"); got != false {
		t.Errorf("after restoring, WebiCast's systemOfRecord in Neo4j = %v, want false", got)
	}
	if got := p.texts(`[data-gap="silo"]`); !reflect.DeepEqual(got, []string{"WebiCast — stranded: Webinar attendance"}) {
		t.Errorf("after restoring, silos = %v", got)
	}
}
