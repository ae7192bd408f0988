// Append new touchpoints to their owners' journeys without reading them: the
// caller (append.go) computed each NEXT_FOR_ACCOUNT and NEXT_FOR_CONTACT link
// (the new JourneyPaths are written by write_journey_paths: merging them here
// would plan an Eager, as the list's nodes might be JourneyPaths). $nodes are
// the element ids of every touchpoint a link touches (created or read under the owners' locks in this
// transaction), each sought once; a link is a pair of positions in $nodes
// (from $…Froms[i] to $…Tos[i]); the caller checks that every node was found
// (found). No label check: an element id names one node. It only matches
// nodes and creates links, so no Eager.
CALL {
  UNWIND range(0, size($nodes) - 1) AS j
  MATCH (t) WHERE elementId(t) = $nodes[j]
  WITH j, t ORDER BY j
  RETURN collect(t) AS touchpoints
}
CALL {
  WITH touchpoints
  UNWIND range(0, size($accountFroms) - 1) AS i
  WITH touchpoints[$accountFroms[i]] AS a, touchpoints[$accountTos[i]] AS b
  CREATE (a)-[:NEXT_FOR_ACCOUNT]->(b)
}
CALL {
  WITH touchpoints
  UNWIND range(0, size($contactFroms) - 1) AS i
  WITH touchpoints[$contactFroms[i]] AS a, touchpoints[$contactTos[i]] AS b
  CREATE (a)-[:NEXT_FOR_CONTACT]->(b)
}
RETURN size(touchpoints) AS found
