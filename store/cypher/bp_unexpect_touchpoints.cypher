// Take touchpoint types out of a stage's design (with their moments of truth).
MATCH (s:Stage {key: $stage})-[r:EXPECTS]->(tt:TouchpointType)
WHERE tt.key IN $types
DELETE r
RETURN count(*) AS n
