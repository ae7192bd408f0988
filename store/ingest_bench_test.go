package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store/storetest"
)

// BenchmarkIngestThroughput: 8 writers at once, each sending 5 batches of
// 200 new touchpoints (spread over 40 accounts and 80 contacts), as the
// importer and the API do; reports touchpoints per second. BENCHMARKS.md
// compares it with and without the change feed (the commit before it),
// running this file in both trees.
func BenchmarkIngestThroughput(b *testing.B) {
	db := storetest.New(b, nil)
	ctx := context.Background()
	if err := db.Store.LoadCatalog(ctx, seed.Catalog()); err != nil {
		b.Fatal(err)
	}
	for a := range 40 {
		id := fmt.Sprintf("acc%02d", a)
		if _, _, err := db.Store.UpsertAccount(ctx, journey.AccountInput{ID: id, Name: id}); err != nil {
			b.Fatal(err)
		}
		for c := range 2 {
			if _, _, err := db.Store.UpsertContact(ctx, journey.ContactInput{ID: fmt.Sprintf("%s-c%d", id, c),
				Email: fmt.Sprintf("c%d@%s.example", c, id), AccountID: &id}); err != nil {
				b.Fatal(err)
			}
		}
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const writers, batches, size = 8, 5, 200
	total := 0
	b.ResetTimer()
	begin := time.Now()
	for i := range b.N {
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range batches {
					batch := make([]journey.TouchpointInput, size)
					for j := range batch {
						n := ((i*writers+w)*batches+k)*size + j
						account := fmt.Sprintf("acc%02d", n%40)
						contact := fmt.Sprintf("%s-c%d", account, n%2)
						batch[j] = journey.TouchpointInput{Source: "bench", ExternalID: fmt.Sprint(n), TypeKey: "email_open",
							OccurredAt: start.Add(time.Duration(n) * time.Minute), AccountID: &account, ContactID: &contact}
					}
					if _, err := db.Store.RecordTouchpoints(ctx, batch); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		total += writers * batches * size
	}
	b.ReportMetric(float64(total)/time.Since(begin).Seconds(), "touchpoints/s")
}
