// Remove a technology's CAPTURES, USED_AT and STORES links to the given keys.
MATCH (t:Technology {key: $technology})
CALL { WITH t MATCH (t)-[r:CAPTURES]->(x:TouchpointType) WHERE x.key IN $types DELETE r }
CALL { WITH t MATCH (t)-[r:USED_AT]->(x:Stage) WHERE x.key IN $stages DELETE r }
CALL { WITH t MATCH (t)-[r:STORES]->(x:DataField) WHERE x.key IN $fields DELETE r }
RETURN t.key AS key
