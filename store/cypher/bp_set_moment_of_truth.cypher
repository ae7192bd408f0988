// Mark a touchpoint of a stage as a moment of truth (designing it into the
// stage if needed), or unmark it when $description is null.
MATCH (s:Stage {key: $stage}), (tt:TouchpointType {key: $type})
MERGE (s)-[e:EXPECTS]->(tt)
SET e.momentOfTruth = $description
RETURN s.key AS key
