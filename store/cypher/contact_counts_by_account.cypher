// How many contacts each account of a batch has.
UNWIND $accountIds AS id
CALL {
  WITH id
  MATCH (c:Contact) WHERE c.accountId = id
  RETURN count(c) AS n
}
RETURN id AS accountId, n
