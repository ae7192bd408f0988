// Pending calls whose touchpoint is now recorded are done.
UNWIND range(0, size($messageIds) - 1) AS i
MATCH (p:SegmentPending {messageId: $messageIds[i]})
WHERE EXISTS { MATCH (:Touchpoint {id: $touchpointIds[i]}) }
DELETE p
