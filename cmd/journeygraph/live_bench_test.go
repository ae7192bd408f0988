package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/server/livetest"
)

// BenchmarkLiveDelivery: one `journeygraph serve` with LIVE_SUBSCRIBERS
// (default 1000) WebSocket subscribers of every touchpoint while two writers
// record batches of 5 touchpoints through it. Latency is from the moment a
// writer's mutation returned (its commit was acknowledged) to the moment a
// subscriber read the event off its socket, over every (event, subscriber)
// pair; RSS is the server process's resident memory with every subscriber
// connected, before and after the ingest.
func BenchmarkLiveDelivery(b *testing.B) {
	subscribers := 1000
	if v, err := strconv.Atoi(os.Getenv("LIVE_SUBSCRIBERS")); err == nil && v > 0 {
		subscribers = v
	}
	bin := buildBinary(b)
	db := killFixture(b)
	const key = "wk-live-bench"
	addr := freeAddr(b)
	srv := startServer(b, bin, db, addr, key, nil, "JOURNEYGRAPH_MAX_CONNECTIONS_PER_KEY=100000",
		"JOURNEYGRAPH_LOG_LEVEL=warn")
	rssIdle := rssKiB(b, srv.cmd.Process.Pid)

	type arrival struct {
		id string
		at time.Time
	}
	arrivals := make([][]arrival, subscribers)
	var readers sync.WaitGroup
	const query = `subscription { touchpointRecorded { touchpoint { id } } }`
	for s := range subscribers {
		ws := livetest.DialWS(b, addr, nil, map[string]any{"Authorization": "Bearer " + key}).Acked(b)
		ws.Subscribe(b, "1", query, nil)
		readers.Add(1)
		go func() {
			defer readers.Done()
			for m := range ws.Messages() {
				var r struct {
					Data struct {
						TouchpointRecorded struct{ Touchpoint struct{ ID string } }
					}
				}
				if m.Type == "next" && json.Unmarshal(m.Payload, &r) == nil {
					arrivals[s] = append(arrivals[s], arrival{r.Data.TouchpointRecorded.Touchpoint.ID, time.Now()})
				}
			}
		}()
		b.Cleanup(ws.CloseNow)
	}
	time.Sleep(2 * time.Second) // every subscription has joined the feed
	rssSubscribed := rssKiB(b, srv.cmd.Process.Pid)

	b.ResetTimer()
	var mu sync.Mutex
	committed := map[string]time.Time{}
	errs := make(chan error, 2*b.N)
	for i := range b.N {
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for batch := range 20 {
					var in []any
					var ids []string
					for k := range 5 {
						ext := fmt.Sprintf("b%d-w%d-%02d-%d", i, w, batch, k)
						in = append(in, liveTouchpoint(ext, (i*2+w)*1000+batch*5+k, []string{"ada", "bob"}[k%2]))
						ids = append(ids, "crm:"+ext)
					}
					if _, err := livetest.Post(addr, key, `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { touchpoints { id } } }`, map[string]any{"in": in}); err != nil {
						errs <- err
						return
					}
					now := time.Now()
					mu.Lock()
					for _, id := range ids {
						committed[id] = now
					}
					mu.Unlock()
					time.Sleep(100 * time.Millisecond)
				}
			}()
		}
		wg.Wait()
	}
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	time.Sleep(5 * time.Second) // the last events arrive
	rssAfter := rssKiB(b, srv.cmd.Process.Pid)
	_ = srv.cmd.Process.Kill() // closes every socket: the readers end
	readers.Wait()

	var latencies []time.Duration
	missing := 0
	for s := range arrivals {
		got := map[string]bool{}
		for _, a := range arrivals[s] {
			got[a.id] = true
			if c, ok := committed[a.id]; ok {
				latencies = append(latencies, max(a.at.Sub(c), 0))
			}
		}
		for id := range committed {
			if !got[id] {
				missing++
			}
		}
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	if len(latencies) == 0 {
		b.Fatal("no event arrived")
	}
	b.ReportMetric(float64(pct(0.5).Milliseconds()), "p50-ms")
	b.ReportMetric(float64(pct(0.99).Milliseconds()), "p99-ms")
	b.ReportMetric(float64(latencies[len(latencies)-1].Milliseconds()), "max-ms")
	b.ReportMetric(float64(len(latencies)), "deliveries")
	b.ReportMetric(float64(missing), "missing")
	b.ReportMetric(float64(rssIdle)/1024, "rss-idle-MiB")
	b.ReportMetric(float64(rssSubscribed)/1024, "rss-subscribed-MiB")
	b.ReportMetric(float64(rssAfter)/1024, "rss-after-MiB")
}

// rssKiB reads a process's resident set size from /proc.
func rssKiB(b *testing.B, pid int) int {
	b.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
