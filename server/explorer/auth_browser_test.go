package explorer_test

import (
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/auth"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// With API keys on, a view without a key shows the API's UNAUTHENTICATED and
// asks for a key; a reader key entered there is kept in sessionStorage only
// (not in the URL), sent as a bearer token, and the view loads.
func TestExplorerAsksForAKey(t *testing.T) {
	const secret = "reader-secret-123"
	keys, err := auth.ParseKeys(strings.NewReader("reader:dash:"+auth.Hash(secret)), "test")
	if err != nil {
		t.Fatal(err)
	}
	ring, err := auth.NewKeyring(keys)
	if err != nil {
		t.Fatal(err)
	}
	api := explorerAPI(t, apitest.DefaultOptions())
	loadFixture(t, api)
	opts := apitest.DefaultOptions()
	opts.AuthDisabled = false
	opts.Keys = ring
	opts.Explorer = true
	p := openPage(t, api.WithOptions(opts))
	p.allow = append(p.allow, "status of 401") // the browser logs the refused request

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
