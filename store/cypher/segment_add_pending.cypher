// Keep calls that no contact or account can take yet, once per messageId.
UNWIND range(0, size($messageIds) - 1) AS i
MERGE (p:SegmentPending {messageId: $messageIds[i]})
  ON CREATE SET p.fingerprint = $fingerprints[i], p.key = $keys[i], p.kind = $kinds[i], p.name = $names[i],
    p.receivedAt = $receivedAts[i], p.message = $messages[i]
