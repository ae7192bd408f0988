// Per vendor: its products, the touchpoint types they capture, and the ones
// no other vendor covers (what you would lose by dropping the vendor).
MATCH (v:Vendor)<-[:MADE_BY]-(tech:Technology)
OPTIONAL MATCH (tech)-[:CAPTURES]->(t:TouchpointType)
WITH v, collect(DISTINCT tech.name) AS technologies, collect(DISTINCT t) AS types
RETURN v.name AS vendor, technologies, size(types) AS touchpointTypes,
       [t IN types WHERE NOT EXISTS {
          MATCH (t)<-[:CAPTURES]-(:Technology)-[:MADE_BY]->(other:Vendor) WHERE other <> v
        } | t.key] AS exclusive
ORDER BY vendor
