// Technologies with their vendor and the touchpoint types they capture.
// CAPTURES links are only added here: architects edit them through the
// blueprint mutations, and reloading the demo catalog must not undo that.
UNWIND $rows AS row
MERGE (t:Technology {key: row.key})
SET t.name = row.name, t.category = row.category
WITH t, row
CALL {
  WITH t, row
  MATCH (t)-[old:MADE_BY]->(v:Vendor) WHERE v.key <> row.vendor
  DELETE old
}
MATCH (v:Vendor {key: row.vendor})
MERGE (t)-[:MADE_BY]->(v)
WITH t, row
UNWIND row.captures AS typeKey
MATCH (tt:TouchpointType {key: typeKey})
MERGE (t)-[:CAPTURES]->(tt)
