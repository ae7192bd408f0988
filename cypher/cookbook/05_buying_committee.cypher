// An account's buying committee: each contact, their role and how engaged
// they are (touchpoints, first and last touch).
// :param accountId => 'acc-000001'
MATCH (c:Contact)-[:WORKS_AT]->(:Account {id: $accountId})
OPTIONAL MATCH (t:Touchpoint {contactId: c.id})
RETURN c.email AS contact, c.role AS role, c.title AS title, count(t) AS touches,
       min(t.occurredAt) AS firstTouch, max(t.occurredAt) AS lastTouch
ORDER BY touches DESC, contact
