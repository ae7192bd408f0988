// The account journeys of an analysis scope, one row per account in scope:
// its JourneyPath (typeSequence, timeDeltas and steps, decoded by the caller
// as journey_path.go describes; null when it has none) and its stage entries in the
// window [$from, $to), from the (accountId, at) index. The window, the
// exclusions and the cohort are applied to the path by the caller.
MATCH (a:Account)
WHERE ($segments IS NULL OR a.segment IN $segments)
  AND ($industries IS NULL OR a.industry IN $industries)
  AND ($regions IS NULL OR a.region IN $regions)
OPTIONAL MATCH (p:JourneyPath {id: 'ACCOUNT:' + a.id})
CALL {
  WITH a
  MATCH (st:StageTransition)
  WHERE st.accountId = a.id AND st.at >= $from AND st.at < $to
  WITH st ORDER BY st.at, st.toStage
  RETURN collect(st.toStage) AS stages, collect(st.at.epochMillis) AS stageAts
}
RETURN a.id AS journeyId, a.id AS accountId, a.arr AS arr, p.typeSequence AS types, p.timeDeltas AS times, p.steps AS steps,
  stages, stageAts
ORDER BY journeyId
