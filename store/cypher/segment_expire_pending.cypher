// Pending calls older than $cutoff are dropped, and counted as skipped
// (PENDING_EXPIRED), a bounded number per call (receivedAt index).
MATCH (p:SegmentPending)
WHERE p.receivedAt < $cutoff
WITH p LIMIT $limit
MERGE (s:SegmentSkipped {messageId: p.messageId})
  ON CREATE SET s.reason = 'PENDING_EXPIRED', s.kind = p.kind, s.name = p.name, s.at = $now
DELETE p
RETURN count(*) AS expired
