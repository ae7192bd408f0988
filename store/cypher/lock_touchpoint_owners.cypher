// The write locks of the accounts and then the contacts a batch of
// touchpoints extends (each list sorted by the caller, so that concurrent
// batches cannot deadlock), in one round trip; see lock_accounts.cypher.
// touchpoint_owner_tails then reads, under these locks, what appending needs.
CALL {
  UNWIND $accountIds AS id
  MATCH (a:Account {id: id})
  SET a._lock = true
  REMOVE a._lock
}
CALL {
  UNWIND $contactIds AS id
  MATCH (c:Contact {id: id})
  SET c._lock = true
  REMOVE c._lock
}
RETURN true AS locked
