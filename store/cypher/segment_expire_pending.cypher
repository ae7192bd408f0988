// Pending calls older than $cutoff are dropped, and counted as skipped
// (PENDING_EXPIRED) on their mark, a bounded number per call (receivedAt index).
MATCH (p:SegmentPending)
WHERE p.receivedAt < $cutoff
WITH p LIMIT $limit
MERGE (s:SegmentMessage {id: p.messageId + '|' + coalesce(p.fingerprint, '')})
  ON CREATE SET s.messageId = p.messageId, s.fingerprint = coalesce(p.fingerprint, '')
SET s:SegmentSkipped, s.reason = 'PENDING_EXPIRED', s.kind = p.kind, s.name = p.name, s.at = $now
DELETE p
RETURN count(*) AS expired
