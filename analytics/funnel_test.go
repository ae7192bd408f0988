package analytics_test

import (
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/analytics"
	"github.com/journeygraph/journeygraph/analytics/pathfixture"
)

func fs(key string, next *string, entered, entries int, conv, skippedAhead, drop *int, skipped, back int, median, p90 *float64) analytics.FunnelStage {
	s := analytics.FunnelStage{StageKey: key, NextStageKey: next, Entered: entered, Entries: entries, ConvertedToNext: conv,
		SkippedAhead: skippedAhead, DropOff: drop, Skipped: skipped, BackwardMovesFrom: back, MedianSecondsInStage: median, P90SecondsInStage: p90}
	if conv != nil {
		s.ConversionRate, s.DropOffRate = ptr(float64(*conv)/float64(entered)), ptr(float64(*drop)/float64(entered))
	}
	return s
}

func TestFunnelOnTheHandBuiltSet(t *testing.T) {
	js := pathfixture.Journeys()
	stages := []string{"lead", "mql", "sql", "opportunity", "customer"}
	// Stage entries (days):
	//   a1 lead@0 mql@2 opportunity@5 customer@10   a2 lead@0 mql@3 sql@4 opportunity@4.5 customer@9
	//   a3 lead@0 mql@2 sql@6 mql@7 (back)          a4 lead@0 customer@40     a5 lead@0
	//   a6 customer@0                               a7 lead@0 opportunity@1 customer@2
	//   a8 lead@0 mql@1 opportunity@2
	// Entered: lead 7 (all but a6), mql 4 (a1 a2 a3 a8; 5 entries), sql 2, opportunity 4, customer 5.
	// Skipped (a later stage without this one): lead a6; mql a4 a6 a7; sql a1 a4 a6 a7 a8;
	// opportunity a4 a6.
	// lead -> mql: a1 (2 d) a2 (3) a3 (2) a8 (1) converted; a4 (customer) and a7
	//   (opportunity) skipped ahead; a5 dropped. Times 1 2 2 3: median 2, p90 2.7 d.
	// mql -> sql: a2 (1 d) a3 (4 d); a1 and a8 skipped ahead to opportunity.
	//   Median 2.5, p90 1 + 0.9·3 = 3.7 d.
	// sql -> opportunity: a2 (0.5 d); a3 only went back to mql: dropped.
	// opportunity -> customer: a1 (5 d) a2 (4.5 d) a7 (1 d); a8 dropped.
	//   Times 1 4.5 5: median 4.5, p90 (pos 1.8) 4.5 + 0.8·0.5 = 4.9 d.
	// Backward: a3 sql -> mql: 1 move in 1 journey.
	got := analytics.FunnelOf(js, analytics.FunnelOptions{Stages: stages})
	d := func(x float64) *float64 { return ptr(x * day) }
	same(t, got, analytics.Funnel{AccountsInScope: 8, AccountsEnteringAnyStage: 8, BackwardMoves: 1, AccountsWithBackwardMoves: 1,
		Stages: []analytics.FunnelStage{
			fs("lead", ptr("mql"), 7, 7, ptr(4), ptr(2), ptr(1), 1, 0, d(2), d(2.7)),
			fs("mql", ptr("sql"), 4, 5, ptr(2), ptr(2), ptr(0), 3, 0, d(2.5), d(3.7)),
			fs("sql", ptr("opportunity"), 2, 2, ptr(1), ptr(0), ptr(1), 5, 1, d(0.5), d(0.5)),
			fs("opportunity", ptr("customer"), 4, 4, ptr(3), ptr(0), ptr(1), 2, 0, d(4.5), d(4.9)),
			fs("customer", nil, 5, 5, nil, nil, nil, 0, 0, nil, nil),
		}})

	// A 3-day window: lead -> mql unchanged (a2 at exactly 3 d counts); a4's
	// customer at 40 d is too late to skip ahead: dropped. mql -> sql: a2
	// only; a3's sql at 4 d is too late and nothing later is within 3 d:
	// dropped; a1 (opportunity 3 d after mql) and a8 skip ahead.
	// opportunity -> customer: only a7 (1 d); a1, a2, a8 dropped.
	got = analytics.FunnelOf(js, analytics.FunnelOptions{Stages: stages, Window: 3 * 24 * time.Hour})
	same(t, got.Stages[0], fs("lead", ptr("mql"), 7, 7, ptr(4), ptr(1), ptr(2), 1, 0, d(2), d(2.7)))
	same(t, got.Stages[1], fs("mql", ptr("sql"), 4, 5, ptr(1), ptr(2), ptr(1), 3, 0, d(1), d(1)))
	same(t, got.Stages[3], fs("opportunity", ptr("customer"), 4, 4, ptr(1), ptr(0), ptr(3), 2, 0, d(1), d(1)))

	// A chosen subset: lead -> customer: a1 (10 d) a2 (9) a4 (40) a7 (2); a3 a5
	// a8 dropped; a6 skipped lead. Times 2 9 10 40: median 9.5, p90 (pos 2.7)
	// 10 + 0.7·30 = 31 d. Among these two stages nobody moves back.
	got = analytics.FunnelOf(js, analytics.FunnelOptions{Stages: []string{"lead", "customer"}})
	same(t, got, analytics.Funnel{AccountsInScope: 8, AccountsEnteringAnyStage: 8,
		Stages: []analytics.FunnelStage{
			fs("lead", ptr("customer"), 7, 7, ptr(4), ptr(0), ptr(3), 1, 0, d(9.5), d(31)),
			fs("customer", nil, 5, 5, nil, nil, nil, 0, 0, nil, nil),
		}})
}
