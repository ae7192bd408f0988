// Contact journey rows for the journey cache, from contacts `c` in id order:
// the contact's account id and its JourneyPath (null when it has none).
OPTIONAL MATCH (p:JourneyPath {id: 'CONTACT:' + c.id})
WITH c, p ORDER BY c.id
WITH collect([c.id, c.accountId, p.typeSequence, p.timeDeltas, p.steps]) AS collected
UNWIND range(0, size(collected) - 1, $rowsPerRecord) AS i
RETURN collected[i..i + $rowsPerRecord] AS rows
