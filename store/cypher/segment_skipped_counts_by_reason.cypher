// segment_skipped_counts of one reason, read in the order of the (reason,
// count) index.
MATCH (c:SegmentSkipCount)
WHERE c.reason = $reason AND c.count > 0
RETURN c.reason AS reason, c.kind AS kind, c.name AS name, c.count AS count,
       c.firstSeen AS firstSeen, c.lastSeen AS lastSeen
ORDER BY c.reason DESC, c.count DESC, kind, name
LIMIT $limit
