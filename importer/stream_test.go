package importer

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/journey"
)

// generated is an endless-looking CSV export produced on the fly: the test's
// own memory does not grow with the file either.
type generated struct {
	rows, next int
	buf        []byte
	off        int
}

const generatedHeader = "ActivityId,ActivityType,Timestamp,Email,Campaign,Asset,Score\n"

var generatedTypes = []string{"Email Open", "Email Click", "Form Fill", "Page View", "Webinar Attended", "Content Download"}

func (g *generated) Read(p []byte) (int, error) {
	if g.off == len(g.buf) {
		if g.next > g.rows {
			return 0, io.EOF
		}
		g.buf, g.off = g.buf[:0], 0
		if g.next == 0 {
			g.buf = append(g.buf, generatedHeader...)
		}
		for k := 0; k < 64 && g.next < g.rows; k++ {
			g.next++
			i := g.next
			g.buf = fmt.Appendf(g.buf, "ev-%d,%s,2026-%02d-%02d %02d:%02d:%02d,person%d@acme.com,Campaign %d,\"asset, %d\",%d\n",
				i, generatedTypes[i%len(generatedTypes)], 1+i%9, 1+i%28, i%24, i%60, (i/60)%60, i%5000, i%40, i%1000, i%100)
		}
		if g.next == g.rows {
			g.next++ // the last chunk is out; EOF next time
		}
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	return n, nil
}

// discard is a Recorder that records nothing and says every touchpoint is new.
type discard struct {
	batches int
	onBatch func(rowsSoFar int)
	rows    int
}

func (d *discard) RecordTouchpoints(_ context.Context, in []journey.TouchpointInput) (journey.RecordResult, error) {
	d.batches++
	d.rows += len(in)
	if d.onBatch != nil {
		d.onBatch(d.rows)
	}
	return journey.RecordResult{Created: make([]bool, len(in))}, nil
}

// The import streams: a 200k-row file runs in the memory of a 20k-row one.
// Bound: the heap in use after 200k rows is at most 2 MiB above its size after
// 20k rows (a batch of 500 touchpoints with their attributes is ~0.5 MiB), and
// a row costs at most 80 allocations (measured: about 45, most of them
// journey's JSON check of the attributes and the attribute map).
func TestImportMemoryDoesNotGrowWithTheFile(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 200k rows")
	}
	const rows = 200_000
	var heap20k, heap200k uint64
	var mallocs20k, mallocs200k uint64
	measure := func() (uint64, uint64) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapInuse, ms.Mallocs
	}
	rec := &discard{onBatch: func(n int) {
		switch n {
		case 20_000:
			heap20k, mallocs20k = measure()
		case rows:
			heap200k, mallocs200k = measure()
		}
	}}
	sum, err := Import(context.Background(), &generated{rows: rows}, marketingActivity, rec, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != rows || sum.Created != 0 || sum.AlreadyPresent != rows || sum.Rejected != 0 || rec.batches != rows/DefaultBatchSize {
		t.Fatalf("summary %+v, %d batches", sum, rec.batches)
	}
	if heap20k == 0 || heap200k == 0 {
		t.Fatal("heap not measured")
	}
	growth := int64(heap200k) - int64(heap20k)
	perRow := float64(mallocs200k-mallocs20k) / float64(rows-20_000)
	t.Logf("heap in use after 20k rows %d KiB, after 200k rows %d KiB (growth %d KiB); %.1f allocations per row; %.0f rows/s without Neo4j",
		heap20k>>10, heap200k>>10, growth>>10, perRow, sum.RowsPerSecond())
	if growth > 2<<20 {
		t.Errorf("heap grew by %d KiB between 20k and 200k rows; the import must not keep rows", growth>>10)
	}
	if perRow > 80 {
		t.Errorf("%.1f allocations per row, want at most 80", perRow)
	}
}

// BenchmarkParse converts rows without Neo4j: rows/s and allocations per row.
func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		p, err := NewParser(&generated{rows: 10_000}, marketingActivity, fixedNow)
		if err != nil {
			b.Fatal(err)
		}
		for {
			row, err := p.Next()
			if err == io.EOF {
				break
			}
			if err != nil || len(row.Errors) > 0 {
				b.Fatal(err, row.Errors)
			}
			rows++
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(0, "ns/op")
}

// FuzzParseRow feeds arbitrary rows to every mapping: no panic, every
// touchpoint is valid by journey's rules, every rejection is complete.
func FuzzParseRow(f *testing.F) {
	for _, m := range Kinds {
		file, err := os.Open("testdata/" + m.Kind + ".csv")
		if err != nil {
			f.Fatal(err)
		}
		sc := bufio.NewScanner(file)
		sc.Scan() // header
		for sc.Scan() {
			f.Add(uint8(kindIndex(m)), sc.Text())
		}
		file.Close()
	}
	f.Add(uint8(0), `"unterminated,2026-01-01`)
	f.Add(uint8(1), "a,Invoice,2026-01-01,acme,1e400")
	f.Add(uint8(2), "a,Email Open,2026-01-01T00:00:00+14:00,\x00@x.io")
	f.Add(uint8(3), "1,2026-01-01,9999-12-31,,phone,,acme,good")
	f.Fuzz(func(t *testing.T, k uint8, row string) {
		m := Kinds[int(k)%len(Kinds)]
		header := make([]string, len(m.Columns))
		for i, c := range m.Columns {
			header[i] = c.Name
		}
		p, err := NewParser(strings.NewReader(strings.Join(header, ",")+",Extra\n"+row), m, fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		for {
			r, err := p.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Line < 2 {
				t.Errorf("row on line %d", r.Line)
			}
			for _, tp := range r.Touchpoints {
				in := tp.Input
				if in.Source != m.Source || tp.Line != r.Line {
					t.Errorf("source %q line %d", in.Source, tp.Line)
				}
				again := in
				if err := again.Normalize("x", fixedNow()); err != nil {
					t.Errorf("a touchpoint of %q is invalid: %v", row, err)
				}
				if b, _ := json.Marshal(in.Attributes); len(b) > maxAttributesBytes+100 {
					t.Errorf("attributes of %d bytes", len(b))
				}
			}
			for _, e := range r.Errors {
				if e.Line != r.Line || e.Reason == "" || e.Message == "" {
					t.Errorf("incomplete rejection %+v", e)
				}
			}
		}
	})
}

func kindIndex(m *Mapping) int {
	for i, k := range Kinds {
		if k == m {
			return i
		}
	}
	return -1
}
