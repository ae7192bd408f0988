package server_test

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// browserOrigin is where Neo4j Browser runs in `make run` (Neo4j's HTTP port):
// it fetches the guide cross-origin.
const browserOrigin = "http://127.0.0.1:7474"

// guideSlide is one <slide> of the guide as Neo4j Browser reads it: its
// title (h3), the text of its runnable blocks (pre.runnable) in order, and
// the first cell of each table row.
type guideSlide struct {
	title     string
	runnable  []string
	firstCell []string
}

// parseGuide reads the guide as strict XML (so it fails on any unclosed or
// misnested element) and returns its slides.
func parseGuide(t *testing.T, page string) []guideSlide {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(page))
	var slides []guideSlide
	var cur *guideSlide
	var text strings.Builder
	capturing, cell := "", 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the guide is not well-formed: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			class := ""
			for _, a := range el.Attr {
				if a.Name.Local == "class" {
					class = a.Value
				}
			}
			switch {
			case el.Name.Local == "slide":
				slides = append(slides, guideSlide{})
				cur = &slides[len(slides)-1]
			case cur == nil:
			case el.Name.Local == "h3", el.Name.Local == "pre" && slices.Contains(strings.Fields(class), "runnable"):
				capturing = el.Name.Local
				text.Reset()
			case el.Name.Local == "tr":
				cell = 0
			case el.Name.Local == "td":
				cell++
				if cell == 1 {
					capturing = "td"
					text.Reset()
				}
			}
		case xml.CharData:
			if capturing != "" {
				text.Write(el)
			}
		case xml.EndElement:
			if capturing == "" || el.Name.Local != capturing {
				continue
			}
			switch capturing {
			case "h3":
				cur.title = text.String()
			case "pre":
				cur.runnable = append(cur.runnable, strings.TrimSpace(text.String()))
			case "td":
				cur.firstCell = append(cur.firstCell, text.String())
			}
			capturing = ""
		}
	}
	return slides
}

// cookbookBlocks reads each cookbook file as the guide must show it: one
// `:param` command per `// :param` line of its leading comment, then the
// query after that comment.
func cookbookBlocks(t *testing.T) [][]string {
	t.Helper()
	files, err := filepath.Glob("../cypher/cookbook/*.cypher")
	if err != nil {
		t.Fatal(err)
	}
	var all [][]string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		var blocks []string
		n := 0
		for n < len(lines) && strings.HasPrefix(lines[n], "//") {
			if p, ok := strings.CutPrefix(lines[n], "// :param "); ok {
				blocks = append(blocks, ":param "+p)
			}
			n++
		}
		all = append(all, append(blocks, strings.TrimSpace(strings.Join(lines[n:], "\n"))))
	}
	return all
}

func guideAPI(t *testing.T) (*apitest.API, string) {
	opts := apitest.DefaultOptions()
	opts.Guide = true
	api := apitest.NewWithOptions(t, nil, opts)
	return api, api.Serve(t).URL
}

func get(t *testing.T, target string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// GET /guide/, fetched as Neo4j Browser does (cross-origin, with its no-cache
// headers): an HTML page any origin may read, well-formed, whose slides are
// the model and then every cookbook file in order, each query verbatim in a
// runnable block after its parameters; its :style block loads the project's
// .grass file from the same server.
func TestNeo4jBrowserGuide(t *testing.T) {
	_, base := guideAPI(t)
	resp, page := get(t, base+"/guide/", http.Header{"Origin": {browserOrigin}, "Cache-Control": {"no-cache"}, "Pragma": {"no-cache"}})
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin %q, want *", got)
	}
	if !strings.HasPrefix(page, `<article class="guide">`) {
		t.Errorf("the page does not start with <article class=\"guide\">: %.60q", page)
	}
	slides := parseGuide(t, page)

	recipes := cookbookBlocks(t)
	if len(recipes) != 22 {
		t.Fatalf("%d cookbook files, want 22", len(recipes))
	}
	// Welcome, nodes, relationships, then one slide per cookbook file.
	if len(slides) != 3+22 {
		t.Fatalf("%d slides, want 25", len(slides))
	}
	for i, want := range recipes {
		if got := slides[3+i].runnable; !slices.Equal(got, want) {
			t.Errorf("slide %d (%s): runnable blocks\n%q\nwant\n%q", 3+i, slides[3+i].title, got, want)
		}
	}
	if slides[3].title != "Account journey" || slides[24].title != "Disallowed transitions" {
		t.Errorf("cookbook slide titles %q … %q", slides[3].title, slides[24].title)
	}

	// The model's labels and relationship patterns, from docs/model.md.
	if slides[1].title != "Nodes" || !slices.Equal(slides[1].firstCell, []string{"Account", "Contact", "Persona",
		"TouchpointType", "Touchpoint", "Stage", "StageTransition", "Department", "Channel", "Technology", "Vendor",
		"DataField", "JourneyPath", "ChangeSequence", "Change", "ProfileBump", "CatalogVersion"}) {
		t.Errorf("nodes slide %q lists %q", slides[1].title, slides[1].firstCell)
	}
	if slides[2].title != "Relationships" || len(slides[2].firstCell) != 19 ||
		slides[2].firstCell[0] != "(:Contact)-[:WORKS_AT]->(:Account)" {
		t.Errorf("relationships slide %q lists %q", slides[2].title, slides[2].firstCell)
	}

	// The welcome slide applies the style, then draws the schema.
	styleURL := base + "/guide/journeygraph.grass"
	if want := []string{":style " + styleURL, "CALL db.schema.visualization()"}; !slices.Equal(slides[0].runnable, want) {
		t.Errorf("welcome slide runs %q, want %q", slides[0].runnable, want)
	}
	resp, grass := get(t, styleURL, http.Header{"Origin": {browserOrigin}})
	want, err := os.ReadFile("../cypher/journeygraph.grass")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || grass != string(want) || resp.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("style: status %d, CORS %q, type %q, %d bytes, want the %d of journeygraph.grass", resp.StatusCode,
			resp.Header.Get("Access-Control-Allow-Origin"), resp.Header.Get("Content-Type"), len(grass), len(want))
	}
}

// Only the guide is open to every origin: its preflight (Neo4j Browser's
// request carries Cache-Control and Pragma) is allowed for GET, other methods
// are refused, and /graphql still answers no foreign origin. With the guide
// off there is no /guide/.
func TestNeo4jBrowserGuideCORS(t *testing.T) {
	api, base := guideAPI(t)
	preflight := func(path string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, base+path, nil)
		req.Header.Set("Origin", browserOrigin)
		req.Header.Set("Access-Control-Request-Method", http.MethodGet)
		req.Header.Set("Access-Control-Request-Headers", "cache-control,pragma")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	resp := preflight("/guide/")
	if resp.StatusCode/100 != 2 || resp.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers")), "cache-control") ||
		resp.Header.Get("Access-Control-Allow-Methods") != http.MethodGet {
		t.Errorf("guide preflight: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := preflight("/graphql"); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("/graphql preflight from %s allowed: %v", browserOrigin, resp.Header)
	}
	post, err := http.Post(base+"/guide/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	if post.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /guide/: %d, want 405", post.StatusCode)
	}

	opts := apitest.DefaultOptions() // Guide false, as in production
	for _, path := range []string{"/guide/", "/guide/journeygraph.grass"} {
		if rec := api.WithOptions(opts).HTTP(http.MethodGet, path, "", ""); rec.Code != http.StatusNotFound {
			t.Errorf("guide off: GET %s answered %d, want 404", path, rec.Code)
		}
	}
}

// Every runnable block of the guide runs on the demo data as Neo4j Browser
// would run it: `:param name => expr` evaluates `RETURN expr` on the server
// and sets the parameter, `:style` loads the served style, and the Cypher
// runs with the parameters set so far.
func TestNeo4jBrowserGuideQueriesRun(t *testing.T) {
	api, base := guideAPI(t)
	p := seed.DefaultParams()
	p.Accounts = 4 // the data only has to exercise the queries: their answers are checked in package cypher
	if _, err := seed.Load(context.Background(), api.Store, p, io.Discard); err != nil {
		t.Fatal(err)
	}
	_, page := get(t, base+"/guide/", nil)
	params := map[string]any{}
	var cypher, paramCmds, styles int
	for _, s := range parseGuide(t, page) {
		for _, block := range s.runnable {
			switch {
			case strings.HasPrefix(block, ":param "):
				name, expr, ok := strings.Cut(strings.TrimPrefix(block, ":param "), " => ")
				if !ok {
					t.Fatalf("slide %q: %q is not `:param name => value`", s.title, block)
				}
				params[name] = api.Query("RETURN "+expr+" AS v", nil)[0]["v"]
				paramCmds++
			case strings.HasPrefix(block, ":style "):
				u, err := url.Parse(strings.TrimPrefix(block, ":style "))
				if err != nil {
					t.Fatal(err)
				}
				if resp, _ := get(t, u.String(), nil); resp.StatusCode != http.StatusOK {
					t.Errorf("%s: %d", block, resp.StatusCode)
				}
				styles++
			case strings.HasPrefix(block, ":"):
				t.Errorf("slide %q: unexpected Browser command %q", s.title, block)
			default:
				api.Query(block, params) // fails the test on any Neo4j error
				cypher++
			}
		}
	}
	// 22 cookbook queries and the schema; 10 `// :param` lines (01: 1, 02: 2,
	// 03: 2, 05: 1, 14: 2, 15: 2); one style.
	if cypher != 23 || paramCmds != 10 || styles != 1 {
		t.Errorf("ran %d Cypher blocks, %d :param, %d :style; want 23, 10, 1", cypher, paramCmds, styles)
	}
}
