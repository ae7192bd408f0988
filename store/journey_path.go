package store

import (
	"context"
	"log/slog"
	"time"
)

// pathBuildBatch is how many owners one backfill transaction builds paths for.
const pathBuildBatch = 500

// BuildMissingJourneyPaths builds the JourneyPath of every account and
// contact that has none — a database written before paths were maintained —
// in batches of pathBuildBatch, each under the owners' locks so it cannot
// interleave with ingest. Returns how many it built; the second run builds
// none. Migrate calls it.
func (s *Store) BuildMissingJourneyPaths(ctx context.Context) (int, error) {
	built := 0
	for _, level := range []struct{ missing, update string }{
		{"accounts_without_path", "update_account_paths"},
		{"contacts_without_path", "update_contact_paths"},
	} {
		for {
			n := 0
			err := s.writeTx(ctx, "build_journey_paths", func(tx *txRunner) error {
				recs, err := tx.run(level.missing, map[string]any{"limit": pathBuildBatch})
				if err != nil {
					return err
				}
				from := make(map[string]time.Time, len(recs))
				ids := make([]string, 0, len(recs))
				for _, rec := range recs {
					id, _ := rec.Get("id")
					from[str(id)] = minTime
					ids = append(ids, str(id))
				}
				lock := tx.lockAccounts
				if level.update == "update_contact_paths" {
					lock = tx.lockContacts
				}
				if err := lock(ids); err != nil {
					return err
				}
				n = len(ids)
				return tx.sinceEach(level.update, from)
			})
			if err != nil {
				return built, err
			}
			if n == 0 {
				break
			}
			built += n
			slog.InfoContext(ctx, "built journey paths", "query", level.update, "owners", built)
		}
	}
	return built, nil
}
