// Set a touchpoint type's design: owner team and region, the four ratings,
// its department when $department is given, and exactly the data fields it
// creates ($fields: [{field, asked}]).
MATCH (tt:TouchpointType {key: $type})
SET tt.ownerTeam = $team, tt.ownerRegion = $region,
    tt.importanceInternal = $importanceInternal, tt.importanceCustomer = $importanceCustomer,
    tt.performanceInternal = $performanceInternal, tt.performanceCustomer = $performanceCustomer
WITH tt
CALL {
  WITH tt
  MATCH (d:Department {key: $department})
  OPTIONAL MATCH (tt)-[old:OWNED_BY]->(other:Department) WHERE other <> d
  DELETE old
  MERGE (tt)-[:OWNED_BY]->(d)
}
CALL {
  WITH tt
  MATCH (tt)-[r:CREATES]->(f:DataField)
  WHERE NOT f.key IN [x IN $fields | x.field]
  DELETE r
}
CALL {
  WITH tt
  UNWIND $fields AS x
  MATCH (f:DataField {key: x.field})
  MERGE (tt)-[r:CREATES]->(f)
  SET r.askedOfCustomer = x.asked
}
CALL {
  // The catalog's version changes with the type's department (see
  // catalog_version_bump.cypher): replicas holding the catalog read it again.
  MERGE (v:CatalogVersion {id: 'catalog'})
  SET v.token = randomUUID()
}
RETURN tt.key AS key
