// Every technology by name, with its vendor's key, whether it is a system of
// record, and the keys of the touchpoint types it captures, the stages it is
// used at and the data fields it stores.
MATCH (t:Technology)
OPTIONAL MATCH (t)-[:MADE_BY]->(v:Vendor)
WITH t, v ORDER BY t.name, t.key
RETURN t {.key, .name, .category, vendorKey: v.key, systemOfRecord: coalesce(t.systemOfRecord, false),
  captures: COLLECT { MATCH (t)-[:CAPTURES]->(tt:TouchpointType) RETURN tt.key ORDER BY tt.key },
  stages: COLLECT { MATCH (t)-[:USED_AT]->(s:Stage) RETURN s.key ORDER BY s.order },
  fields: COLLECT { MATCH (t)-[:STORES]->(f:DataField) RETURN f.key ORDER BY f.key }} AS technology
