// One page of an event-log export's accounts: those of the analysis scope
// (the account criteria of observed_account_journeys.cypher) after $afterId,
// in id order from the account key index, $limit of them, each with its
// JourneyPath (null when it has none) for the caller's cohort test.
MATCH (a:Account)
WHERE a.id > $afterId
  AND ($segments IS NULL OR a.segment IN $segments)
  AND ($industries IS NULL OR a.industry IN $industries)
  AND ($regions IS NULL OR a.region IN $regions)
WITH a ORDER BY a.id LIMIT $limit
OPTIONAL MATCH (p:JourneyPath {id: 'ACCOUNT:' + a.id})
RETURN a {.*} AS account, p.typeSequence AS types, p.timeDeltas AS times
ORDER BY a.id
