// The current stage of each account of a batch, one hop away. Accounts before
// their first transition have no row.
UNWIND $accountIds AS id
MATCH (:Account {id: id})-[:CURRENT_STAGE]->(s:Stage)
RETURN id AS accountId, s {.*} AS stage
