// Map a technology to touchpoint types it captures, stages it is used at and
// data fields it stores. MERGE: mapping twice changes nothing.
MATCH (t:Technology {key: $technology})
CALL { WITH t UNWIND $types AS k MATCH (x:TouchpointType {key: k}) MERGE (t)-[:CAPTURES]->(x) }
CALL { WITH t UNWIND $stages AS k MATCH (x:Stage {key: k}) MERGE (t)-[:USED_AT]->(x) }
CALL { WITH t UNWIND $fields AS k MATCH (x:DataField {key: k}) MERGE (t)-[:STORES]->(x) }
RETURN t.key AS key
