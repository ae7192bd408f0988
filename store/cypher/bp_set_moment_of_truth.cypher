// Mark a touchpoint of a stage as a moment of truth (designing it into the
// stage if needed), or unmark it when $description is null: unmarking leaves
// the stage's expected touchpoints as they are.
MATCH (s:Stage {key: $stage}), (tt:TouchpointType {key: $type})
CALL {
  WITH s, tt
  WITH s, tt WHERE $description IS NOT NULL
  MERGE (s)-[e:EXPECTS]->(tt)
  SET e.momentOfTruth = $description
}
CALL {
  WITH s, tt
  WITH s, tt WHERE $description IS NULL
  MATCH (s)-[e:EXPECTS]->(tt)
  REMOVE e.momentOfTruth
}
RETURN s.key AS key
