// Package bench measures the analytics queries on a seeded database, each
// through the API (an in-process HTTP round trip: transport, parsing,
// validation, resolvers, JSON) and through the equivalent direct store and
// analytics calls, in the same run so the two compare as a ratio. Run it with
// `make bench` (BENCH_ACCOUNTS=650 ≈ 100k touchpoints, 6500 ≈ 1M); see
// BENCHMARKS.md for the figures. harness_test.go holds the reusable parts.
package bench

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/analytics"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/journeys"
	"github.com/journeygraph/journeygraph/store"
)

// The arguments every query uses: conversions are reaching Customer, the
// anchor and the neighbour type is the demo (a step most won journeys take).
const (
	outcomeStage = "customer"
	anchorType   = "demo"
)

func BenchmarkAnalytics(b *testing.B) {
	st := benchStore(b)
	won, open := sampleAccounts(b, st)
	runQueries(b, st, apiServer(b, st, nil), apiServer(b, st, journeys.New(st)), analyticsQueries(won, open))
}

// sampleAccounts picks, by id order, the first account that became a
// customer (for pathTo) and the first with touchpoints that did not (for
// nextBestTouchpoints), so every run asks about the same accounts.
func sampleAccounts(b *testing.B, st *store.Store) (won, open string) {
	js, err := st.ObservedJourneys(context.Background(), scope())
	if err != nil {
		b.Fatal(err)
	}
	for _, j := range js {
		customer := slices.ContainsFunc(j.StageEntries, func(e journey.StageEntry) bool { return e.StageKey == outcomeStage })
		switch {
		case customer && won == "":
			won = j.ID
		case !customer && open == "" && len(j.Steps) > 0:
			open = j.ID
		}
	}
	if won == "" || open == "" {
		b.Fatalf("no sample accounts (customer %q, open %q): is the database seeded?", won, open)
	}
	return won, open
}

// scope is the default analysis scope (every account journey).
func scope() journey.AnalysisScope {
	s := journey.AnalysisScope{}
	_ = s.Normalize("scope")
	return s
}

var customer = journey.Outcome{StageKey: outcomeStage}

// analyticsQueries is one entry per analytics query. Each direct function
// makes the calls the query's resolvers make for the selected fields: the
// argument checks' catalog reads, the one ObservedJourneys read, the
// analytics function, and the catalog reads of the nested objects (each
// catalog list is read once per request, as the loaders do).
func analyticsQueries(wonAccount, openAccount string) []benchQuery {
	return []benchQuery{
		{
			name: "observedJourneys",
			direct: func(ctx context.Context, st *store.Store) error {
				_, err := st.ObservedJourneys(ctx, scope())
				return err
			},
		},
		{
			name: "pathVariants",
			graphql: `query { pathVariants(outcome: {stage: "customer"}, top: 10) {
				journeysInScope journeysReachingOutcome distinctVariants
				variants { typeKeys touchpointTypes { key name } truncated count share journeysStartingThisWay
					conversionRate medianSecondsToOutcome p90SecondsToOutcome } } }`,
			direct: func(ctx context.Context, st *store.Store) error {
				return withCatalog(ctx, st, catalogNeeds{stages: true, types: true}, func(c catalog) error {
					js, err := st.ObservedJourneys(ctx, scope())
					analytics.PathVariantsOf(js, analytics.PathVariantOptions{Outcome: customer, Top: 10, CollapseRepeats: true, MaxLength: 8})
					return err
				})
			},
		},
		{
			name: "pathsAround",
			graphql: `query { pathsAround(anchor: "demo", stepsBefore: 2, stepsAfter: 2) {
				journeysInScope journeysWithAnchor
				nodes { id position typeKey label count touchpointType { category } }
				links { source target count } } }`,
			direct: func(ctx context.Context, st *store.Store) error {
				return withCatalog(ctx, st, catalogNeeds{types: true}, func(c catalog) error {
					js, err := st.ObservedJourneys(ctx, scope())
					analytics.PathsAroundOf(js, analytics.PathsAroundOptions{Anchor: anchorType, StepsBefore: 2, StepsAfter: 2,
						CollapseRepeats: true, Labels: c.typeNames()})
					return err
				})
			},
		},
		{
			name: "accountPathTo",
			graphql: `query($id: ID!) { account(id: $id) { pathTo(stage: "customer") {
				stage { key name } reachedAt firstTouchAt elapsedSeconds stepCount
				steps(first: 50) { edges { node { id occurredAt type { key name } } } } } } }`,
			vars: map[string]any{"id": wonAccount},
			direct: func(ctx context.Context, st *store.Store) error {
				return withCatalog(ctx, st, catalogNeeds{stages: true, types: true}, func(c catalog) error {
					if _, err := st.AccountsByID(ctx, []string{wonAccount}); err != nil {
						return err
					}
					paths, err := st.PathsToStage(ctx, []string{wonAccount}, outcomeStage)
					if err != nil {
						return err
					}
					path, ok := paths[wonAccount]
					if !ok {
						return errors.New("sample account never became a customer")
					}
					// The steps page: the touchpoints at or before the entry.
					to := path.ReachedAt.Add(time.Nanosecond)
					_, err = st.JourneysByAccount(ctx, []string{wonAccount}, journey.JourneyQuery{Filter: journey.JourneyFilter{To: &to}, First: 50})
					return err
				})
			},
		},
		{
			// A page of 100 accounts, each with its path to customer (issue
			// 11: one query for the page's paths, not one per account).
			name:    "accountsPagePathTo",
			graphql: `query { accounts(first: 100) { edges { node { id pathTo(stage: "customer") { stepCount } } } } }`,
			direct: func(ctx context.Context, st *store.Store) error {
				return withCatalog(ctx, st, catalogNeeds{stages: true}, func(c catalog) error {
					page, err := st.Accounts(ctx, journey.AccountQuery{OrderField: journey.AccountOrderName, First: 100})
					if err != nil {
						return err
					}
					ids := make([]string, len(page.Items))
					for i, a := range page.Items {
						ids[i] = a.ID
					}
					_, err = st.PathsToStage(ctx, ids, outcomeStage)
					return err
				})
			},
		},
		{
			name: "linkages",
			graphql: `query { linkages(outcome: {stage: "customer"}, top: 50) {
				journeysInScope transitions distinctLinks journeysReachingOutcome
				links { fromTypeKey toTypeKey from { name } to { name } count share medianGapSeconds p90GapSeconds
					journeysWithLink conversionRateWith conversionRateWithout lift } } }`,
			direct: func(ctx context.Context, st *store.Store) error {
				return withCatalog(ctx, st, catalogNeeds{stages: true, types: true}, func(c catalog) error {
					js, err := st.ObservedJourneys(ctx, scope())
					analytics.LinkagesOf(js, analytics.LinkageOptions{Outcome: &customer, MinCount: 1, Top: 50})
					return err
				})
			},
		},
		{
			name: "departmentHandoffs",
			graphql: `query { departmentHandoffs(outcome: {stage: "customer"}) {
				journeysInScope handoffs
				pairs { fromDepartmentKey toDepartmentKey fromDepartment { name } toDepartment { name } count
					journeysWithHandoff medianLatencySeconds dropOffJourneys dropOffRate } } }`,
			direct: func(ctx context.Context, st *store.Store) error {
				return withCatalog(ctx, st, catalogNeeds{stages: true, types: true, departments: true}, func(c catalog) error {
					js, err := st.ObservedJourneys(ctx, scope())
					analytics.DepartmentHandoffsOf(js, analytics.HandoffOptions{Departments: c.typeDepartments(), Outcome: &customer, MinCount: 1})
					return err
				})
			},
		},
		{
			name: "touchpointNeighbours",
			graphql: `query { touchpointNeighbours(touchpointType: "demo", top: 10) {
				typeKey touchpointType { name } occurrences journeysWithType firstStepCount lastStepCount
				predecessors { typeKey touchpointType { name } count share medianGapSeconds }
				successors { typeKey touchpointType { name } count share medianGapSeconds } } }`,
			direct: func(ctx context.Context, st *store.Store) error {
				return withCatalog(ctx, st, catalogNeeds{types: true}, func(c catalog) error {
					js, err := st.ObservedJourneys(ctx, scope())
					analytics.TouchpointNeighboursOf(js, anchorType, 10)
					return err
				})
			},
		},
		{
			name: "funnel",
			graphql: `query { funnel {
				accountsInScope accountsEnteringAnyStage backwardMoves accountsWithBackwardMoves
				stages { stageKey stage { name } nextStageKey entered entries convertedToNext conversionRate skippedAhead
					dropOff dropOffRate skipped backwardMovesFrom medianSecondsInStage } } }`,
			direct: func(ctx context.Context, st *store.Store) error {
				return withCatalog(ctx, st, catalogNeeds{stages: true}, func(c catalog) error {
					js, err := st.ObservedJourneys(ctx, scope())
					analytics.FunnelOf(js, analytics.FunnelOptions{Stages: c.stageKeys()})
					return err
				})
			},
		},
		{
			name: "attribution",
			graphql: `query { attribution(conversion: {stage: "customer"}) {
				weight journeys conversions unattributedConversions totalCredit
				models { model credits { touchpointType { key name } credit share }
					categories { category credit share } channels { channel { key name } credit share }
					markov { conversionProbability journeys removalEffects { touchpointType { key } removalEffect conversionProbabilityWithout } } } } }`,
			direct: func(ctx context.Context, st *store.Store) error {
				return withCatalog(ctx, st, catalogNeeds{stages: true, types: true, channels: true}, func(c catalog) error {
					js, err := st.ObservedJourneys(ctx, scope())
					// The schema's defaults: every model, half-life 7 days,
					// lead and opportunity as the W-shaped stages.
					analytics.Attribute(js, c.types, analytics.AttributionOptions{Conversion: customer, Weight: analytics.WeightConversions,
						HalfLife: 7 * 24 * time.Hour, LeadStage: "lead", OpportunityStage: "opportunity"})
					return err
				})
			},
		},
		{
			name: "nextBestTouchpoints",
			graphql: `query($id: ID!) { nextBestTouchpoints(accountId: $id, targetStage: "customer", first: 5) {
				account { name } targetStage { name } targetAlreadyReached context contextTouchpointType { key }
				contextObservations referenceJourneys
				candidates { touchpointType { key name } probability reachProbability observations reached
					owner { name } capturedBy { name } } } }`,
			vars: map[string]any{"id": openAccount},
			direct: func(ctx context.Context, st *store.Store) error {
				return withCatalog(ctx, st, catalogNeeds{stages: true, types: true, departments: true, technologies: true}, func(c catalog) error {
					if _, err := st.AccountsByID(ctx, []string{openAccount}); err != nil {
						return err
					}
					// The account's last touchpoint (no exclusions: the newest).
					pages, err := st.JourneysByAccount(ctx, []string{openAccount}, journey.JourneyQuery{Desc: true, First: 50})
					if err != nil {
						return err
					}
					var history []string
					if p := pages[openAccount]; p != nil && len(p.Items) > 0 {
						history = []string{p.Items[0].TypeKey}
					}
					js, err := st.ObservedJourneys(ctx, scope())
					if err != nil {
						return err
					}
					analytics.NextBestTouchpoints(js, analytics.NextTouchpointOptions{AccountID: openAccount, TargetStage: outcomeStage, First: 5, History: history})
					// targetAlreadyReached reads the current stage.
					_, err = st.CurrentStagesByAccount(ctx, []string{openAccount})
					return err
				})
			},
		},
	}
}

// catalogNeeds says which catalog lists a query's resolvers read.
type catalogNeeds struct{ stages, types, departments, channels, technologies bool }

type catalog struct {
	stages []journey.Stage
	types  []journey.TouchpointType
}

func (c catalog) typeNames() map[string]string {
	out := make(map[string]string, len(c.types))
	for _, t := range c.types {
		out[t.Key] = t.Name
	}
	return out
}

func (c catalog) typeDepartments() map[string]string {
	out := make(map[string]string, len(c.types))
	for _, t := range c.types {
		out[t.Key] = t.DepartmentKey
	}
	return out
}

func (c catalog) stageKeys() []string {
	out := make([]string, len(c.stages))
	for i, s := range c.stages {
		out[i] = s.Key
	}
	return out
}

// withCatalog reads the catalog lists a query needs, as the request's loaders
// would (once each), then runs the query's own calls.
func withCatalog(ctx context.Context, st *store.Store, need catalogNeeds, run func(catalog) error) error {
	var c catalog
	var err error
	if need.stages {
		if c.stages, err = st.Stages(ctx); err != nil {
			return err
		}
	}
	if need.types {
		if c.types, err = st.TouchpointTypes(ctx, nil, nil); err != nil {
			return err
		}
	}
	if need.departments {
		if _, err = st.Departments(ctx); err != nil {
			return err
		}
	}
	if need.channels {
		if _, err = st.Channels(ctx); err != nil {
			return err
		}
	}
	if need.technologies {
		if _, err = st.Technologies(ctx); err != nil {
			return err
		}
	}
	return run(c)
}
