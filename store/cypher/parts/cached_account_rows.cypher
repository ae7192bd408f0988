// Account journey rows for the in-process journey cache (package journeys),
// from accounts `a` in id order: the account's scope attributes and its
// JourneyPath (null when it has none), $rowsPerRecord rows per record.
OPTIONAL MATCH (p:JourneyPath {id: 'ACCOUNT:' + a.id})
WITH a, p ORDER BY a.id
WITH collect([a.id, a.segment, a.industry, a.region, a.arr, p.typeSequence, p.timeDeltas, p.steps]) AS collected
UNWIND range(0, size(collected) - 1, $rowsPerRecord) AS i
RETURN collected[i..i + $rowsPerRecord] AS rows
