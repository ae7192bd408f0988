// Package docs_test checks the documentation against the code: the README's
// sample answers against the live API on the demo data set.
package docs_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/server/apitest"
)

// readmeSample is an operation of the README with the answer shown for it.
type readmeSample struct {
	name, query, answer string
	text                bool // the answer is a plain text block: the string the operation returns
	line                int
}

var sampleMarker = regexp.MustCompile(`^<!-- sample: (\S+) -->$`)

// readmeSamples reads the README's samples: a `<!-- sample: name -->` line,
// then a graphql block (the operation), then a json block (its answer) or a
// plain block (the text it returns). Every json block must belong to a
// sample, so no answer goes unchecked.
func readmeSamples(t *testing.T, path string) []readmeSample {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		samples []readmeSample
		current *readmeSample // a marked sample still missing its blocks
		inBlock bool
		fence   string // the open block's language ("" for plain text)
		block   []string
		n       int
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case inBlock && line == "```":
			text := strings.Join(block, "\n")
			switch {
			case current != nil && fence == "graphql" && current.query == "":
				current.query = text
			case current != nil && (fence == "json" || fence == "") && current.query != "":
				current.answer, current.text = text, fence == ""
				samples = append(samples, *current)
				current = nil
			case fence == "json":
				t.Errorf("README.md:%d: a json answer without a `<!-- sample: name -->` line and its graphql operation before it", n)
			}
			inBlock, fence, block = false, "", nil
		case inBlock:
			block = append(block, line)
		case strings.HasPrefix(line, "```"):
			inBlock, fence = true, strings.TrimPrefix(line, "```")
			if current != nil && fence != "graphql" && fence != "json" && fence != "" {
				t.Errorf("README.md:%d: sample %s is followed by a %q block, not its operation and answer", n, current.name, fence)
			}
		case sampleMarker.MatchString(line):
			if current != nil {
				t.Errorf("README.md:%d: sample %s has no answer", current.line, current.name)
			}
			current = &readmeSample{name: sampleMarker.FindStringSubmatch(line)[1], line: n}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if current != nil {
		t.Errorf("README.md:%d: sample %s has no answer", current.line, current.name)
	}
	return samples
}

// Every README sample is marked, paired and readable (no Neo4j needed).
func TestREADMESamplesAreMarked(t *testing.T) {
	samples := readmeSamples(t, "../README.md")
	// Today's samples; a sample lost by a broken marker must not pass unseen.
	if len(samples) < 12 {
		t.Errorf("found %d README samples, want at least 12", len(samples))
	}
	for _, s := range samples {
		if _, err := parseSample(s.answer); err != nil && !s.text {
			t.Errorf("README.md:%d: %v", s.line, err)
		}
	}
}

// The README's sample answers are what the API answers on the demo data set
// that `make run` loads (`journeygraph seed`, 200 accounts), within the
// trimming rules of matchSample. The data is seeded once for all samples.
func TestREADMESamplesMatchTheAPIOnTheDemoData(t *testing.T) {
	samples := readmeSamples(t, "../README.md")
	api := apitest.New(t, nil)
	if _, err := seed.Load(context.Background(), api.Store, seed.DefaultParams(), io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, s := range samples {
		t.Run(s.name, func(t *testing.T) {
			if s.text {
				checkTextSample(t, api, s)
				return
			}
			want, err := parseSample(s.answer)
			if err != nil {
				t.Fatalf("README.md:%d: %v", s.line, err)
			}
			res := api.Do(t, s.query, nil)
			if len(res.Errors) > 0 {
				t.Fatalf("README.md:%d: the operation fails: %+v", s.line, res.Errors)
			}
			dec := json.NewDecoder(strings.NewReader(string(res.Data)))
			dec.UseNumber()
			var got any
			if err := dec.Decode(&got); err != nil {
				t.Fatal(err)
			}
			got = unwrap(got, want)
			if d := matchSample(want, got, "$"); d != "" {
				live, _ := json.Marshal(got)
				t.Errorf("README.md:%d: the sample does not match the live answer: %s\nlive answer: %.3000s", s.line, d, live)
			}
		})
	}
}

// unwrap descends from the response's data through single-field objects
// (`{"coverageGaps": …}`, `{"account": {"pathTo": …}}`) to the level the
// sample starts at: samples leave out the operation's own nesting.
func unwrap(got any, want *sampleValue) any {
	for {
		obj, ok := got.(map[string]any)
		if !ok || len(obj) != 1 || want.kind != '{' {
			return got
		}
		var key string
		for k := range obj {
			key = k
		}
		if _, shown := want.fields[key]; shown {
			return got
		}
		got = obj[key]
	}
}

// checkTextSample checks a plain text answer: the string the operation
// returns, line by line; a last line of just "…" means the text goes on.
func checkTextSample(t *testing.T, api *apitest.API, s readmeSample) {
	t.Helper()
	var data map[string]string
	api.MustDo(t, s.query, nil, &data)
	if len(data) != 1 {
		t.Fatalf("README.md:%d: the operation must return one string, got %v", s.line, data)
	}
	var live []string
	for _, v := range data {
		live = strings.Split(strings.TrimSuffix(v, "\n"), "\n")
	}
	shown := strings.Split(s.answer, "\n")
	prefix := strings.TrimSpace(shown[len(shown)-1]) == "…"
	if prefix {
		shown = shown[:len(shown)-1]
	}
	if len(live) < len(shown) || !prefix && len(live) != len(shown) {
		t.Errorf("README.md:%d: the sample shows %d lines (as a prefix: %v), the live answer has %d", s.line, len(shown), prefix, len(live))
	}
	for i := range min(len(shown), len(live)) {
		if shown[i] != live[i] {
			t.Errorf("README.md:%d: line %d\n  sample %q\n  live   %q", s.line, i+1, shown[i], live[i])
			break
		}
	}
}
