// The contact journeys of an analysis scope: observed_account_journeys.cypher
// per contact of the accounts in scope, with the contact's own JourneyPath;
// the stage entries (observed_stage_entries.cypher) are its account's.
MATCH (a:Account)
WHERE ($segments IS NULL OR a.segment IN $segments)
  AND ($industries IS NULL OR a.industry IN $industries)
  AND ($regions IS NULL OR a.region IN $regions)
MATCH (c:Contact) WHERE c.accountId = a.id
OPTIONAL MATCH (p:JourneyPath {id: 'CONTACT:' + c.id})
WITH c.id AS journeyId, a.id AS accountId, a.arr AS arr, p.typeSequence AS types, p.timeDeltas AS times,
  p.steps AS steps
ORDER BY journeyId
WITH collect([journeyId, accountId, arr, types, times, steps]) AS collected
UNWIND range(0, size(collected) - 1, $rowsPerRecord) AS i
RETURN collected[i..i + $rowsPerRecord] AS rows
