// The contact journeys of an analysis scope: observed_account_journeys.cypher
// per contact of the accounts in scope, seeking (contactId, occurredAt); the
// stage entries are the contact's account's.
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
CALL {
  WITH c
  MATCH (t:Touchpoint)
  WHERE t.contactId = c.id AND t.occurredAt >= $minTime
  WITH t ORDER BY t.occurredAt LIMIT 1
  RETURN collect(t.occurredAt) AS first
}
WITH a, c, stages, stageAts, first[0] AS firstAt
WHERE ($cohortFrom IS NULL OR firstAt >= $cohortFrom)
  AND ($cohortTo IS NULL OR firstAt < $cohortTo)
CALL {
  WITH c
  MATCH (t:Touchpoint)
  WHERE t.contactId = c.id AND t.occurredAt >= $from AND t.occurredAt < $to
    AND NOT t.type IN $excludeTypes AND NOT t.category IN $excludeCategories
  WITH t ORDER BY t.occurredAt, t.id
  RETURN collect(t.type) AS types, collect(t.occurredAt.epochMillis) AS ats
}
RETURN c.id AS journeyId, a.id AS accountId, a.arr AS arr, types, ats, stages, stageAts
ORDER BY journeyId
