package bench

import (
	"testing"

	"github.com/journeygraph/journeygraph/journeys"
)

// BenchmarkGapAnalysis measures the blueprint gap queries (issue 5) through
// the API, on the demo blueprint that `journeygraph seed` loads and the
// seeded observed touchpoints. They have no /store twin: several combine
// blueprint reads and observed reads in their resolvers, and their target is
// an API latency (BENCHMARKS.md).
func BenchmarkGapAnalysis(b *testing.B) {
	st := benchStore(b)
	runQueries(b, st, apiServer(b, st, nil), apiServer(b, st, journeys.New(st)), gapQueries)
}

var gapQueries = []benchQuery{
	{name: "coverageGaps", graphql: `{ coverageGaps { uncapturedTypes { type { key } } stagesWithoutTechnology { key } overlaps { type { key } vendors { key } }
  retirementCandidates { key } silos { technology { key } strandedTouchpointTypes { key } } friction { field { key } }
  silentTechnologies { technology { key } silentTouchpointTypes { key } } unmappedSources { source type { key } touchpoints } } }`},
	{name: "coverageGaps_6monthWindow", graphql: `{ coverageGaps(window: {from: "2025-01-01T00:00:00Z", to: "2025-07-01T00:00:00Z"}) {
  silentTechnologies { technology { key } silentTouchpointTypes { key } } unmappedSources { source type { key } touchpoints } } }`},
	{name: "coverageMatrix", graphql: `{ coverageMatrix { cells { stage { key } category technology { key } count } } }`},
	{name: "whatIf", graphql: `{ whatIf(retire: ["gong", "docusign_esignature"], add: [{key: "g2", name: "G2 Reviews", category: REVIEW_PLATFORM,
  vendor: "g2", vendorName: "G2", captures: ["online_review", "posted_question"], stages: ["advocate"],
  integratesWith: [{technology: "segment", fields: ["email"]}]}]) {
  before { silos uncapturedTouchpointTypes } after { silos uncapturedTouchpointTypes } newlyCaptured { key }
  gaps { silentTechnologies { technology { key } } unmappedSources { source touchpoints } } } }`},
	{name: "vendorCoverage", graphql: `{ vendorCoverage { vendor { key } touchpointTypes { key } exclusiveTouchpointTypes { key } stages { key } } }`},
	{name: "perceptionGaps", graphql: `{ perceptionGaps { importance { type { key } gap } performance { type { key } gap } weakMomentsOfTruth { type { key } } } }`},
	{name: "journeyMap", graphql: `{ journeyMap { stages { stage { key } touchpoints { type { key } owner { department { key } } technologies { key vendor { key } }
  dataFields { field { key } } observedTouchpoints } } } }`},
	{name: "journeyMapDiagram_MERMAID", graphql: `{ journeyMapDiagram(format: MERMAID) }`},
	{name: "journeyMapDiagram_DOT", graphql: `{ journeyMapDiagram(format: DOT) }`},
	{name: "conformance", graphql: `{ conformance { darkTouchpoints { stage { key } type { key } accountsAffected }
  shadowTouchpoints { stage { key } type { key } touchpoints accountsAffected }
  disallowedTransitions { from { key } to { key } accountsAffected } } }`},
	{name: "conformance_3monthWindow", graphql: `{ conformance(window: {from: "2025-01-01T00:00:00Z", to: "2025-04-01T00:00:00Z"}) {
  darkTouchpoints { stage { key } } shadowTouchpoints { stage { key } touchpoints } disallowedTransitions { accountsAffected } } }`},
}
