// Skipped Segment calls counted by reason, kind and name, most frequent
// first: the counts kept as calls are skipped, read in the order of the
// count index, not counted from the records.
MATCH (c:SegmentSkipCount)
WHERE c.count > 0
RETURN c.reason AS reason, c.kind AS kind, c.name AS name, c.count AS count,
       c.firstSeen AS firstSeen, c.lastSeen AS lastSeen
ORDER BY count DESC, reason, kind, name
LIMIT $limit
