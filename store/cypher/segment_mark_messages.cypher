// Record calls as applied, in the transaction of their effect: one node per
// messageId and content fingerprint, so a replay (on any replica) finds it.
UNWIND range(0, size($ids) - 1) AS i
MERGE (m:SegmentMessage {id: $ids[i]})
  ON CREATE SET m.messageId = $messageIds[i], m.fingerprint = $fingerprints[i], m.at = $ats[i]
