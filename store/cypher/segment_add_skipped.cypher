// Count a call that did not become journey data, once per messageId: a
// replayed call is not counted twice.
UNWIND range(0, size($messageIds) - 1) AS i
MERGE (s:SegmentSkipped {messageId: $messageIds[i]})
  ON CREATE SET s.reason = $reasons[i], s.kind = $kinds[i], s.name = $names[i], s.at = $ats[i]
