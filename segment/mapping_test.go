package segment

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultMappingMapsTheCommonNames(t *testing.T) {
	m, err := ParseMapping(DefaultMappingJSON(), "default")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ event, want string }{
		{"Demo Requested", "demo"},
		{"demo  requested", "demo"}, // case and spaces do not matter
		{"Webinar Attended", "webinar_attendance"},
		{"Webinar Q3 Roadmap Attended", "webinar_attendance"}, // pattern
		{"Email Opened", "email_open"},
		{"Trial Started", "trial_registration"},
		{"Invoice Paid", "invoice"},
		{"Widget Spun", ""},
	} {
		got, ok := m.Track(tt.event)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Track(%q) = %q, %v; want %q", tt.event, got, ok, tt.want)
		}
	}
	for _, tt := range []struct{ path, want string }{
		{"/blog/how-to", "blog_visit"}, {"/pricing", "product_page_visit"}, {"/", "website_visit"}, {"/about", "website_visit"},
	} {
		if got, _ := m.Page(tt.path); got != tt.want {
			t.Errorf("Page(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestParseMappingRefusesBadFiles(t *testing.T) {
	for _, tt := range []struct{ name, file, says string }{
		{"not JSON", `{"track": [`, "not a Segment mapping"},
		{"unknown field", `{"tracks": []}`, "unknown field"},
		{"event and pattern", `{"track": [{"event": "A", "pattern": "B*", "type": "demo"}]}`, "exactly one of event and pattern"},
		{"mapped twice", `{"track": [{"event": "A", "type": "demo"}, {"event": "a", "type": "invoice"}]}`, "mapped twice"},
		{"empty type", `{"track": [{"event": "A", "type": ""}]}`, "not a touchpoint type key"},
		{"relative path", `{"page": [{"path": "blog", "type": "blog_visit"}]}`, "must start with /"},
	} {
		_, err := ParseMapping([]byte(tt.file), "m.json")
		if err == nil || !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), "m.json") {
			t.Errorf("%s: error %v, want one naming m.json and saying %q", tt.name, err, tt.says)
		}
	}
	m, err := ParseMapping([]byte(`{"track": [{"event": "A", "type": "demo"}]}`), "m.json")
	if err != nil {
		t.Fatal(err)
	}
	if typ, ok := m.Page("/anything"); ok || typ != "" {
		t.Errorf("without pageDefault a page maps to %q, %v; want nothing", typ, ok)
	}
}

// An edited file is picked up by Watch; a broken edit leaves the mapping in
// force; Reload (SIGHUP) reads it at once.
func TestMapperFollowsItsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mapping.json")
	write := func(s string, mod time.Time) {
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	base := time.Now().Add(-time.Hour)
	write(`{"track": [{"event": "Signed Up", "type": "trial_registration"}]}`, base)
	mp, err := NewMapper(path)
	if err != nil {
		t.Fatal(err)
	}
	if typ, _ := mp.Mapping().Track("Signed Up"); typ != "trial_registration" {
		t.Fatalf("initial mapping: Signed Up → %q", typ)
	}
	done := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		mp.Watch(done, 10*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(watched)
	}()
	defer func() { close(done); <-watched }()

	write(`{"track": [{"event": "Signed Up", "type": "demo"}]}`, base.Add(time.Minute))
	waitFor(t, func() bool { typ, _ := mp.Mapping().Track("Signed Up"); return typ == "demo" }, "the edit to be picked up")

	write(`{"track": [`, base.Add(2*time.Minute))
	time.Sleep(100 * time.Millisecond) // several checks of the broken file
	if typ, _ := mp.Mapping().Track("Signed Up"); typ != "demo" {
		t.Errorf("after a broken edit Signed Up → %q, want the mapping in force (demo)", typ)
	}
	if _, err := mp.Reload(); err == nil {
		t.Error("Reload of a broken file reported no error")
	}
	write(`{"track": [{"event": "Signed Up", "type": "invoice"}]}`, base.Add(3*time.Minute))
	if ok, err := mp.Reload(); !ok || err != nil {
		t.Fatalf("Reload: %v %v", ok, err)
	}
	if typ, _ := mp.Mapping().Track("Signed Up"); typ != "invoice" {
		t.Errorf("after Reload Signed Up → %q, want invoice", typ)
	}
	if _, err := NewMapper(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing mapping file was accepted at start")
	}
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
