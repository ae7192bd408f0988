// The buying committees of a batch of accounts, one page each (ordered by id,
// after $afterId), through the contact_account index. $limit is the page size
// + 1. Every account gets a row, with an empty list when it has no contacts.
UNWIND $accountIds AS id
CALL {
  WITH id
  MATCH (c:Contact)
  WHERE c.accountId = id AND ($afterId IS NULL OR c.id > $afterId)
  WITH c ORDER BY c.id LIMIT $limit
  RETURN collect(c {.*}) AS contacts
}
RETURN id AS accountId, contacts
