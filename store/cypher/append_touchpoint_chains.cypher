// Append new touchpoints to their owners' journeys without reading them: the
// caller (touchpoint.go) computed each NEXT_FOR_ACCOUNT and NEXT_FOR_CONTACT
// link (from -> to, element ids of touchpoints created or read under the
// owners' locks in this transaction) and each JourneyPath's new encoding.
// It only matches nodes and creates links or sets paths, so no Eager.
CALL {
  UNWIND range(0, size($accountFroms) - 1) AS i
  MATCH (a:Touchpoint) WHERE elementId(a) = $accountFroms[i]
  MATCH (b:Touchpoint) WHERE elementId(b) = $accountTos[i]
  CREATE (a)-[:NEXT_FOR_ACCOUNT]->(b)
}
CALL {
  UNWIND range(0, size($contactFroms) - 1) AS i
  MATCH (a:Touchpoint) WHERE elementId(a) = $contactFroms[i]
  MATCH (b:Touchpoint) WHERE elementId(b) = $contactTos[i]
  CREATE (a)-[:NEXT_FOR_CONTACT]->(b)
}
CALL {
  UNWIND $paths AS path
  MERGE (p:JourneyPath {id: path.id})
    ON CREATE SET p.level = path.level, p.ownerId = path.ownerId
  SET p.typeSequence = path.typeSequence, p.timeDeltas = path.timeDeltas, p.steps = path.steps
}
RETURN true AS appended
