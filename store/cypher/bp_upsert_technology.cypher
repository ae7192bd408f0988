// Create or update a technology and its vendor link. The vendor is created
// when $vendorName is given; otherwise it must exist (checked before).
// systemOfRecord keeps its value when $systemOfRecord is null.
MERGE (v:Vendor {key: $vendor})
  ON CREATE SET v.name = $vendorName
SET v.name = coalesce($vendorName, v.name)
MERGE (t:Technology {key: $key})
SET t.name = $name, t.category = $category,
    t.systemOfRecord = coalesce($systemOfRecord, t.systemOfRecord, false)
WITH t, v
CALL {
  WITH t, v
  MATCH (t)-[old:MADE_BY]->(other:Vendor) WHERE other <> v
  DELETE old
}
MERGE (t)-[:MADE_BY]->(v)
RETURN t.key AS key
