// The indexes not online yet, with their population progress. Migrate polls
// this until none is left instead of calling db.awaitIndexes: that procedure
// waits inside one transaction, which the server's transaction timeout
// (db.transaction.timeout, 120 s in scripts/neo4j.sh) ends long before the
// indexes of a bulk-loaded store of millions of touchpoints are built.
SHOW INDEXES YIELD name, state, populationPercent
WHERE state <> 'ONLINE'
RETURN name, state, populationPercent
ORDER BY name
