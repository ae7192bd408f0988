package segment

import (
	"os"
	"strings"
	"testing"
)

// The mapping file shown in docs/segment-source.md is one the server reads,
// and maps what it says.
func TestDocumentedMappingParses(t *testing.T) {
	b, err := os.ReadFile("../docs/segment-source.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```json\n")
	block, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("docs/segment-source.md shows no json mapping file")
	}
	m, err := ParseMapping([]byte(block), "docs/segment-source.md")
	if err != nil {
		t.Fatal(err)
	}
	if typ, _ := m.Track("Webinar EMEA Attended"); typ != "webinar_attendance" {
		t.Errorf("the documented pattern maps Webinar EMEA Attended to %q", typ)
	}
	if typ, _ := m.Page("/blog/x"); typ != "blog_visit" {
		t.Errorf("the documented page rule maps /blog/x to %q", typ)
	}
}
