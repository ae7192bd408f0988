// Claims the records of the calls about to be applied, first in the
// transaction of their effect: the uniqueness of the record id makes a second
// replica applying the same call wait here for the first, then find the
// record. A record that was there already (the call applied since the
// lookup), or another record of the messageId (other content), makes the
// caller abandon the transaction and map the calls again.
UNWIND range(0, size($ids) - 1) AS i
MERGE (m:SegmentMessage {id: $ids[i]})
  ON CREATE SET m.messageId = $messageIds[i], m.fingerprint = $fingerprints[i], m.at = $ats[i], m.claiming = true
WITH m, m.claiming IS NULL AS existed
REMOVE m.claiming
WITH m, existed OR EXISTS { MATCH (o:SegmentMessage {messageId: m.messageId}) WHERE o.id <> m.id } AS taken
RETURN count(CASE WHEN taken THEN 1 END) AS taken
