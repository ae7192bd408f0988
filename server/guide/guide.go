// Package guide serves the Neo4j Browser guide (`:play http://HOST/guide/`):
// the graph model and every Cypher cookbook query, each runnable with a click,
// and the project's Browser style. Both are generated from the embedded
// sources (docs/model.md, cypher/cookbook, cypher/journeygraph.grass), so the
// guide cannot drift from them.
//
// Neo4j Browser fetches a guide with fetch() from its own origin (Neo4j's
// HTTP port), so these static public pages — no data, no key — may be read by
// any origin. Only they are: /graphql keeps its own CORS policy.
package guide

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"

	"github.com/rs/cors"

	"github.com/journeygraph/journeygraph/cypher"
	"github.com/journeygraph/journeygraph/docs"
)

// Prefix is where the guide is served; GrassPath is the style it applies.
const (
	Prefix    = "/guide/"
	GrassPath = Prefix + "journeygraph.grass"
)

// Handler serves the guide at Prefix and the style at GrassPath, to any
// origin. The Browser's guide request carries Cache-Control and Pragma
// headers, so it is preflighted: the OPTIONS answer allows exactly those.
func Handler() http.Handler {
	g := newGuide()
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Prefix+"{$}", g.serve)
	mux.HandleFunc("GET "+GrassPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(cypher.Grass)
	})
	return cors.New(cors.Options{
		AllowedOrigins: []string{"*"},
		AllowedMethods: []string{http.MethodGet},
		AllowedHeaders: []string{"Cache-Control", "Pragma"},
	}).Handler(mux)
}

// recipe is one cookbook file as a slide.
type recipe struct {
	Title  string
	About  string   // the file's leading comment, without its :param lines
	Params []string // its `:param name => value` lines, each a Browser command
	Query  string   // the Cypher after the leading comment
}

type table struct {
	Head []template.HTML
	Rows [][]template.HTML
}

type guide struct {
	Intro         template.HTML
	Nodes         table
	Relationships table
	Recipes       []recipe
	StyleURL      string // per request: the Browser needs an absolute URL
}

func newGuide() guide {
	g := guide{
		Intro:         inline(firstParagraph(docs.Model)),
		Nodes:         markdownTable(docs.Model, "## Nodes"),
		Relationships: markdownTable(docs.Model, "## Relationships"),
	}
	files, err := fs.Glob(cypher.Cookbook, "cookbook/*.cypher")
	if err != nil || len(files) == 0 {
		panic(fmt.Sprintf("guide: no cookbook queries embedded (%v)", err))
	}
	for _, f := range files {
		src, err := cypher.Cookbook.ReadFile(f)
		if err != nil {
			panic(fmt.Sprintf("guide: %v", err))
		}
		g.Recipes = append(g.Recipes, parseRecipe(path.Base(f), string(src)))
	}
	return g
}

// serve renders the guide for this request's host (a value receiver: the
// style URL is set on a copy).
func (g guide) serve(w http.ResponseWriter, r *http.Request) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	g.StyleURL = scheme + "://" + r.Host + GrassPath
	var page bytes.Buffer
	if err := pageTemplate.Execute(&page, g); err != nil {
		http.Error(w, "guide: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(page.Bytes())
}

var filePrefix = regexp.MustCompile(`^\d+_`)

// parseRecipe splits a cookbook file into its leading `//` comment (prose and
// `// :param` lines) and the query after it.
func parseRecipe(name, src string) recipe {
	title := strings.ReplaceAll(filePrefix.ReplaceAllString(strings.TrimSuffix(name, ".cypher"), ""), "_", " ")
	rc := recipe{Title: strings.ToUpper(title[:1]) + title[1:]}
	lines := strings.Split(src, "\n")
	var about []string
	i := 0
	for ; i < len(lines) && strings.HasPrefix(lines[i], "//"); i++ {
		text := strings.TrimSpace(strings.TrimPrefix(lines[i], "//"))
		if strings.HasPrefix(text, ":param ") {
			rc.Params = append(rc.Params, text)
		} else {
			about = append(about, text)
		}
	}
	rc.About = strings.Join(about, " ")
	rc.Query = strings.TrimSpace(strings.Join(lines[i:], "\n"))
	return rc
}

// firstParagraph is the first paragraph under the document's title.
func firstParagraph(md string) string {
	var para []string
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "# "):
		case strings.TrimSpace(line) == "":
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
		default:
			para = append(para, strings.TrimSpace(line))
		}
	}
	return strings.Join(para, " ")
}

// markdownTable reads the first table under heading; a missing one panics,
// so a renamed section fails every test rather than vanishing from the guide.
func markdownTable(md, heading string) table {
	_, after, ok := strings.Cut(md, "\n"+heading+"\n")
	if !ok {
		panic("guide: docs/model.md has no section " + heading)
	}
	var t table
	for _, line := range strings.Split(after, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if t.Head != nil {
				break
			}
			continue
		}
		var cells []template.HTML
		for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
			cells = append(cells, inline(strings.TrimSpace(c)))
		}
		switch {
		case t.Head == nil:
			t.Head = cells
		case strings.Trim(line, "|-: ") == "": // the separator row
		default:
			t.Rows = append(t.Rows, cells)
		}
	}
	if len(t.Rows) == 0 {
		panic("guide: docs/model.md has no table under " + heading)
	}
	return t
}

var bold = regexp.MustCompile(`\*\*(.+?)\*\*`)

// inline renders the inline Markdown model.md uses: `code` and **bold**.
func inline(md string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(md, "`") {
		escaped := template.HTMLEscapeString(part)
		if i%2 == 1 {
			b.WriteString("<code>" + escaped + "</code>")
		} else {
			b.WriteString(bold.ReplaceAllString(escaped, "<strong>$1</strong>"))
		}
	}
	return template.HTML(b.String())
}

// The Browser shows each <slide> of the <carousel>; a click on a
// pre.runnable puts its text in the editor (its play icon runs it). The page
// is also well-formed XML (no void elements), which the tests check.
var pageTemplate = template.Must(template.New("guide").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
	"slide": func(title, lead string, t table) tableSlide {
		return tableSlide{Title: title, Lead: lead, Table: t}
	},
}).Parse(`<article class="guide">
  <carousel class="deck container-fluid">
    <slide class="row-fluid">
      <div class="col-sm-3">
        <h3>JourneyGraph</h3>
        <p class="lead">The journey graph and its Cypher cookbook</p>
      </div>
      <div class="col-sm-9">
        <p>{{.Intro}}</p>
        <p>First apply the project's style, a colour and a caption per label (click, then run):</p>
        <pre mode="cypher" class="pre-scrollable code runnable">:style {{.StyleURL}}</pre>
        <p>The graph's shape as the database sees it:</p>
        <pre mode="cypher" class="pre-scrollable code runnable">CALL db.schema.visualization()</pre>
        <p>The next slides describe the model (docs/model.md), then run each query of the cookbook (cypher/cookbook).
        Queries with parameters come with <code>:param</code> commands to run first.</p>
      </div>
    </slide>
{{- template "table" (slide "Nodes" "Every label has a uniqueness constraint on its key." .Nodes)}}
{{- template "table" (slide "Relationships" "Named in the domain's words; chains such as NEXT_FOR_ACCOUNT make journeys drawable paths." .Relationships)}}
{{- range $i, $r := .Recipes}}
    <slide class="row-fluid">
      <div class="col-sm-3">
        <h3>{{$r.Title}}</h3>
        <p class="lead">Cookbook {{inc $i}} of {{len $.Recipes}}</p>
      </div>
      <div class="col-sm-9">
        <p>{{$r.About}}</p>
{{- range $r.Params}}
        <pre mode="cypher" class="pre-scrollable code runnable">{{.}}</pre>
{{- end}}
        <pre mode="cypher" class="pre-scrollable code runnable">{{$r.Query}}</pre>
      </div>
    </slide>
{{- end}}
  </carousel>
</article>
{{define "table"}}
    <slide class="row-fluid">
      <div class="col-sm-3">
        <h3>{{.Title}}</h3>
        <p class="lead">{{.Lead}}</p>
      </div>
      <div class="col-sm-9">
        <table class="table table-condensed">
          <thead><tr>{{range .Table.Head}}<th>{{.}}</th>{{end}}</tr></thead>
          <tbody>
{{- range .Table.Rows}}
            <tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
          </tbody>
        </table>
      </div>
    </slide>
{{- end}}`))

type tableSlide struct {
	Title, Lead string
	Table       table
}
