// The account journeys of an analysis scope, one row per account: the
// touchpoints in the window [$from, $to) that are not excluded, in
// (occurredAt, id) order, as parallel lists of type keys and epoch
// milliseconds, and the account's stage entries in the window. Every part is
// a seek on the (accountId, occurredAt|at) indexes. The cohort is the
// journey's first touchpoint ever, before exclusions and the window.
MATCH (a:Account)
WHERE ($segments IS NULL OR a.segment IN $segments)
  AND ($industries IS NULL OR a.industry IN $industries)
  AND ($regions IS NULL OR a.region IN $regions)
CALL {
  WITH a
  MATCH (t:Touchpoint)
  WHERE t.accountId = a.id AND t.occurredAt >= $minTime
  WITH t ORDER BY t.occurredAt LIMIT 1
  RETURN collect(t.occurredAt) AS first
}
WITH a, first[0] AS firstAt
WHERE ($cohortFrom IS NULL OR firstAt >= $cohortFrom)
  AND ($cohortTo IS NULL OR firstAt < $cohortTo)
CALL {
  WITH a
  MATCH (t:Touchpoint)
  WHERE t.accountId = a.id AND t.occurredAt >= $from AND t.occurredAt < $to
    AND NOT t.type IN $excludeTypes AND NOT t.category IN $excludeCategories
  WITH t ORDER BY t.occurredAt, t.id
  RETURN collect(t.type) AS types, collect(t.occurredAt.epochMillis) AS ats
}
CALL {
  WITH a
  MATCH (st:StageTransition)
  WHERE st.accountId = a.id AND st.at >= $from AND st.at < $to
  WITH st ORDER BY st.at, st.toStage
  RETURN collect(st.toStage) AS stages, collect(st.at.epochMillis) AS stageAts
}
RETURN a.id AS journeyId, a.id AS accountId, a.arr AS arr, types, ats, stages, stageAts
ORDER BY journeyId
