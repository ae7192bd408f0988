// The contact journeys of an analysis scope: observed_account_journeys.cypher
// per contact of the accounts in scope, with the contact's own JourneyPath;
// the stage entries are its account's.
MATCH (a:Account)
WHERE ($segments IS NULL OR a.segment IN $segments)
  AND ($industries IS NULL OR a.industry IN $industries)
  AND ($regions IS NULL OR a.region IN $regions)
CALL {
  WITH a
  MATCH (st:StageTransition)
  WHERE st.accountId = a.id AND st.at >= $from AND st.at < $to
  WITH st ORDER BY st.at, st.toStage
  RETURN collect(st.toStage) AS stages, collect(st.at.epochMillis) AS stageAts
}
MATCH (c:Contact) WHERE c.accountId = a.id
OPTIONAL MATCH (p:JourneyPath {id: 'CONTACT:' + c.id})
RETURN c.id AS journeyId, a.id AS accountId, a.arr AS arr, p.typeSequence AS types, p.timeDeltas AS times, p.steps AS steps,
  stages, stageAts
ORDER BY journeyId
