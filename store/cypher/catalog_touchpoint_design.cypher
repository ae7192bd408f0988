// The demo blueprint's touchpoint designs: team, region and ratings only
// where not set yet, and the data fields each creates (links only added).
UNWIND $rows AS row
MATCH (tt:TouchpointType {key: row.type})
SET tt.ownerTeam = coalesce(tt.ownerTeam, row.team),
    tt.ownerRegion = coalesce(tt.ownerRegion, row.region),
    tt.importanceInternal = coalesce(tt.importanceInternal, row.importanceInternal),
    tt.importanceCustomer = coalesce(tt.importanceCustomer, row.importanceCustomer),
    tt.performanceInternal = coalesce(tt.performanceInternal, row.performanceInternal),
    tt.performanceCustomer = coalesce(tt.performanceCustomer, row.performanceCustomer)
WITH tt, row
CALL {
  WITH tt, row
  UNWIND row.fields AS x
  MATCH (f:DataField {key: x.field})
  MERGE (tt)-[r:CREATES]->(f)
    ON CREATE SET r.askedOfCustomer = x.asked
}
