// Skipped Segment calls counted by reason, kind and name, most frequent
// first. An admin report: it reads every SegmentSkipped node (the reason
// filter uses its index).
MATCH (s:SegmentSkipped)
WHERE $reason IS NULL OR s.reason = $reason
RETURN s.reason AS reason, s.kind AS kind, s.name AS name, count(*) AS count,
       min(s.at) AS firstSeen, max(s.at) AS lastSeen
ORDER BY count DESC, reason, kind, name
LIMIT $limit
