// The account journeys of an analysis scope, one row per account in scope,
// with its JourneyPath (typeSequence, timeDeltas and steps, decoded by the
// caller as journey_path.go describes; null when it has none). The stage
// entries come from observed_stage_entries.cypher, read at the same time; the
// window, the exclusions and the cohort are applied to the path by the caller.
// The rows come back as lists, $rowsPerRecord per record (see readRows in
// analytics.go).
MATCH (a:Account)
WHERE ($segments IS NULL OR a.segment IN $segments)
  AND ($industries IS NULL OR a.industry IN $industries)
  AND ($regions IS NULL OR a.region IN $regions)
OPTIONAL MATCH (p:JourneyPath {id: 'ACCOUNT:' + a.id})
WITH a.id AS journeyId, a.id AS accountId, a.arr AS arr, p.typeSequence AS types, p.timeDeltas AS times,
  p.steps AS steps
ORDER BY journeyId
WITH collect([journeyId, accountId, arr, types, times, steps]) AS collected
UNWIND range(0, size(collected) - 1, $rowsPerRecord) AS i
RETURN collected[i..i + $rowsPerRecord] AS rows
