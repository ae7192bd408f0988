// Silos: technologies with no integration path (at most 6 hops, following
// the direction data flows) to a system of record, and the touchpoint types
// whose data therefore never reaches one (no connected technology captures them).
MATCH (tech:Technology)
WHERE NOT coalesce(tech.systemOfRecord, false)
  AND NOT EXISTS { (tech)-[:INTEGRATES_WITH*1..6]->(:Technology {systemOfRecord: true}) }
RETURN tech.name AS silo,
       COLLECT {
         MATCH (tech)-[:CAPTURES]->(t:TouchpointType)
         WHERE NOT EXISTS {
           MATCH (other:Technology)-[:CAPTURES]->(t)
           WHERE other.systemOfRecord OR EXISTS { (other)-[:INTEGRATES_WITH*1..6]->(:Technology {systemOfRecord: true}) }
         }
         RETURN t.key ORDER BY t.key
       } AS strandedTouchpointTypes
ORDER BY silo
