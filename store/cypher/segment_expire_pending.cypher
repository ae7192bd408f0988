// Pending calls older than $cutoff are dropped, a bounded number per call
// (receivedAt index), and counted as skipped (PENDING_EXPIRED) on their mark
// — unless their touchpoint is recorded (a request failed after recording
// it): those are settled, dropped without a count. A mark skipped already
// is not counted again.
MATCH (p:SegmentPending)
WHERE p.receivedAt < $cutoff
WITH p LIMIT $limit
WITH p, EXISTS { MATCH (:Touchpoint {id: 'segment:' + p.messageId}) } AS settled
CALL {
  WITH p, settled
  WITH p WHERE NOT settled
  MERGE (s:SegmentMessage {id: p.messageId + '|' + coalesce(p.fingerprint, '')})
    ON CREATE SET s.messageId = p.messageId, s.fingerprint = coalesce(p.fingerprint, '')
  WITH p, s WHERE s.reason IS NULL
  SET s:SegmentSkipped, s.reason = 'PENDING_EXPIRED', s.kind = p.kind, s.name = p.name, s.at = $now, s.counted = true
  // The key as journey.SegmentSkipCountKey makes it (pending calls are track
  // or page calls: their name is counted).
  MERGE (c:SegmentSkipCount {key: 'PENDING_EXPIRED|' + p.kind + '|' + p.name})
    ON CREATE SET c.reason = 'PENDING_EXPIRED', c.kind = p.kind, c.name = p.name, c.count = 0,
      c.firstSeen = $now, c.lastSeen = $now
  SET c.count = c.count + 1, c.lastSeen = $now
}
DELETE p
RETURN count(CASE WHEN settled THEN null ELSE p END) AS expired
