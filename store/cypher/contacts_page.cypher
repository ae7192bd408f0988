// One page of contacts ordered by id, after the cursor's id. $limit is the
// page size + 1, so the caller can tell whether a page follows.
MATCH (c:Contact)
WHERE ($accountId IS NULL OR c.accountId = $accountId)
  AND ($roles IS NULL OR c.role IN $roles)
  AND ($afterId IS NULL OR c.id > $afterId)
WITH c ORDER BY c.id LIMIT $limit
RETURN c {.*} AS contact
