package store

import (
	"context"

	"github.com/journeygraph/journeygraph/journey"
)

// SetRowsPerRecord changes how many rows a bulk read packs into one record,
// for tests; the returned function restores it.
func SetRowsPerRecord(n int) (restore func()) {
	old := rowsPerRecord
	rowsPerRecord = n
	return func() { rowsPerRecord = old }
}

// RecordTouchpointsHolding is RecordTouchpoints that calls hold inside the
// transaction after its touchpoints are created and linked, before its change
// feed entry and commit: a test holds the transaction open there.
func (s *Store) RecordTouchpointsHolding(ctx context.Context, in []journey.TouchpointInput, hold func() error) (journey.RecordResult, error) {
	return s.recordTouchpointsThen(ctx, in, func(*txRunner) error { return hold() })
}
