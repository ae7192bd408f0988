// Every stage in its designed order with its design: what the customer does,
// feels and wants, emotions, pain points, the touchpoint types it expects
// (with their moments of truth) and the stages accounts may move on to.
MATCH (s:Stage)
WITH s ORDER BY s.order, s.key
RETURN s {.*,
  expected: COLLECT { MATCH (s)-[e:EXPECTS]->(tt:TouchpointType) RETURN {type: tt.key, momentOfTruth: e.momentOfTruth} },
  next: COLLECT { MATCH (s)-[:NEXT_STAGE|MAY_MOVE_TO]->(n:Stage) WITH DISTINCT n RETURN n.key ORDER BY n.order }
} AS stage
