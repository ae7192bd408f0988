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

// SetLateRange changes when an owner's late touchpoints are merged with one
// range read (late.go: at most factor*k + slack touchpoints), for tests: 0, 0
// sends every owner the per-touchpoint way, a large slack every owner the
// range way. The returned function restores it.
func SetLateRange(factor, slack int) (restore func()) {
	oldFactor, oldSlack := lateRangeFactor, lateRangeSlack
	lateRangeFactor, lateRangeSlack = factor, slack
	return func() { lateRangeFactor, lateRangeSlack = oldFactor, oldSlack }
}

// RecordTouchpointsHolding is RecordTouchpoints that calls hold inside the
// transaction after its touchpoints are created and linked, before its change
// feed entry and commit: a test holds the transaction open there.
func (s *Store) RecordTouchpointsHolding(ctx context.Context, in []journey.TouchpointInput, hold func() error) (journey.RecordResult, error) {
	return s.recordTouchpointsThen(ctx, in, func(*txRunner) error { return hold() })
}
