// The stage entries of the accounts of an analysis scope in the window
// [$from, $to), from the (accountId, at) index, in (at, stage) order: one row
// per account in scope that has any, $rowsPerRecord rows per record.
// Read alongside the journeys' paths (observed_account_journeys.cypher,
// observed_contact_journeys.cypher).
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
WITH a, stages, stageAts WHERE size(stages) > 0
WITH collect([a.id, stages, stageAts]) AS collected
UNWIND range(0, size(collected) - 1, $rowsPerRecord) AS i
RETURN collected[i..i + $rowsPerRecord] AS rows
