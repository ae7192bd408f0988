// Who touched an account in the last 30 days: per contact (or the account
// itself when no contact is known) and owning department, how many touchpoints
// and when the last one was. asOf defaults to now.
// :param accountId => 'acc-000001'
// :param asOf => null
WITH coalesce(datetime($asOf), datetime()) AS asOf
MATCH (t:Touchpoint {accountId: $accountId})
WHERE asOf - duration({days: 30}) <= t.occurredAt <= asOf
MATCH (t)-[:OF_TYPE]->(:TouchpointType)-[:OWNED_BY]->(d:Department)
OPTIONAL MATCH (t)-[:BY_CONTACT]->(c:Contact)
RETURN coalesce(c.email, '(account-level)') AS who, c.role AS role, d.name AS department,
       count(t) AS touches, max(t.occurredAt) AS lastTouch
ORDER BY lastTouch DESC, who, department
