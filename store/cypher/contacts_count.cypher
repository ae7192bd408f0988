// How many contacts match the filter of contacts_page, in all pages.
MATCH (c:Contact)
WHERE ($accountId IS NULL OR c.accountId = $accountId)
  AND ($roles IS NULL OR c.role IN $roles)
RETURN count(c) AS n
