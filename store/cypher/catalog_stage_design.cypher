// The demo blueprint's stage designs: experience, emotions and pain points
// where not set yet; expected touchpoint types, moments of truth (when not
// set yet) and designed exceptions to the stage order (links only added).
UNWIND $rows AS row
MATCH (s:Stage {key: row.stage})
SET s.doing = coalesce(s.doing, row.doing), s.feeling = coalesce(s.feeling, row.feeling),
    s.wanting = coalesce(s.wanting, row.wanting),
    s.desiredEmotion = coalesce(s.desiredEmotion, row.desiredEmotion),
    s.observedEmotion = coalesce(s.observedEmotion, row.observedEmotion),
    s.painPoints = coalesce(s.painPoints, row.painPoints)
WITH s, row
CALL {
  WITH s, row
  UNWIND row.expected AS x
  MATCH (tt:TouchpointType {key: x.type})
  MERGE (s)-[e:EXPECTS]->(tt)
  SET e.momentOfTruth = coalesce(e.momentOfTruth, x.momentOfTruth)
}
CALL {
  WITH s, row
  UNWIND row.mayMoveTo AS k
  MATCH (n:Stage {key: k})
  MERGE (s)-[:MAY_MOVE_TO]->(n)
}
