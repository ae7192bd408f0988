// Touchpoints of each type ever observed: the type node's OF_TYPE degree,
// which Neo4j keeps per node, so this reads no touchpoint.
MATCH (tt:TouchpointType)
RETURN tt.key AS type, COUNT { (tt)<-[:OF_TYPE]-() } AS n
