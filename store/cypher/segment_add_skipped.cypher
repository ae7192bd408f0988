// Count a call that did not become journey data, once per messageId and
// content: its record is its mark (SegmentMessage), so a replay is not
// counted twice and another call reusing the messageId is counted too.
UNWIND range(0, size($ids) - 1) AS i
MERGE (s:SegmentMessage {id: $ids[i]})
  ON CREATE SET s:SegmentSkipped, s.messageId = $messageIds[i], s.fingerprint = $fingerprints[i],
    s.reason = $reasons[i], s.kind = $kinds[i], s.name = $names[i], s.at = $ats[i]
