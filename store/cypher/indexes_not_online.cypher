// The indexes not online yet, with their population progress. Migrate polls
// this until none is left instead of calling db.awaitIndexes: that procedure
// waits inside one transaction, which the server's transaction timeout
// (db.transaction.timeout, 120 s in scripts/neo4j.sh) ends it, and at 10M
// bulk-loaded touchpoints the indexes left to build after the last migration
// statement took 111 s.
SHOW INDEXES YIELD name, state, populationPercent
WHERE state <> 'ONLINE'
RETURN name, state, populationPercent
ORDER BY name
