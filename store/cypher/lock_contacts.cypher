// See lock_accounts.cypher.
UNWIND $ids AS id
MATCH (c:Contact {id: id})
SET c._lock = true
REMOVE c._lock
