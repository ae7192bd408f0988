// Every technology by name, with its vendor's key and the keys of the
// touchpoint types it captures.
MATCH (t:Technology)
OPTIONAL MATCH (t)-[:MADE_BY]->(v:Vendor)
WITH t, v ORDER BY t.name, t.key
RETURN t {.key, .name, .category, vendorKey: v.key,
  captures: COLLECT { MATCH (t)-[:CAPTURES]->(tt:TouchpointType) RETURN tt.key ORDER BY tt.key }} AS technology
