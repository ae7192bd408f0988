// The demo technologies' blueprint links: stages used at, data fields stored,
// and the system-of-record flag when not set yet. Links are only added.
UNWIND $rows AS row
MATCH (t:Technology {key: row.key})
SET t.systemOfRecord = coalesce(t.systemOfRecord, row.systemOfRecord)
WITH t, row
CALL { WITH t, row UNWIND row.stages AS k MATCH (s:Stage {key: k}) MERGE (t)-[:USED_AT]->(s) }
CALL { WITH t, row UNWIND row.fields AS k MATCH (f:DataField {key: k}) MERGE (t)-[:STORES]->(f) }
