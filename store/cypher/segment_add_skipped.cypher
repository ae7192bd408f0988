// Count a call that did not become journey data, once per messageId and
// content: its record is its mark (SegmentMessage), so a replay is not
// counted twice and another call reusing the messageId is counted too. A
// pending call mapped again and skipped has its mark already: it becomes
// skipped unless it is so already. Only then its reason, type and name's
// count (SegmentSkipCount, what an admin reads; it outlives the records)
// goes up.
UNWIND range(0, size($ids) - 1) AS i
MERGE (s:SegmentMessage {id: $ids[i]})
  ON CREATE SET s.messageId = $messageIds[i], s.fingerprint = $fingerprints[i]
WITH s, i
WHERE s.reason IS NULL
SET s:SegmentSkipped, s.reason = $reasons[i], s.kind = $kinds[i], s.name = $names[i], s.at = $ats[i], s.counted = true
MERGE (c:SegmentSkipCount {key: $countKeys[i]})
  ON CREATE SET c.reason = $reasons[i], c.kind = $kinds[i], c.name = $countNames[i], c.count = 0,
    c.firstSeen = $ats[i], c.lastSeen = $ats[i]
SET c.count = c.count + 1,
  c.firstSeen = CASE WHEN $ats[i] < c.firstSeen THEN $ats[i] ELSE c.firstSeen END,
  c.lastSeen = CASE WHEN $ats[i] > c.lastSeen THEN $ats[i] ELSE c.lastSeen END
