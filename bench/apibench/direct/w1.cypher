// W1 written by hand: the first 50 accounts by name, each with its contacts
// (email, title), current stage and 10 latest touchpoints with their type's
// name and category, in one query.
MATCH (a:Account)
WITH a ORDER BY a.name, a.id LIMIT 50
RETURN a.id AS id, a.name AS name,
  COLLECT {
    MATCH (c:Contact) WHERE c.accountId = a.id
    WITH c ORDER BY c.id
    RETURN c {.id, .email, .title}
  } AS contacts,
  COLLECT { MATCH (a)-[:CURRENT_STAGE]->(s:Stage) RETURN s.key }[0] AS stage,
  COLLECT {
    MATCH (t:Touchpoint) WHERE t.accountId = a.id AND t.occurredAt IS NOT NULL
    WITH t ORDER BY t.accountId DESC, t.occurredAt DESC, t.id DESC LIMIT 10
    MATCH (tt:TouchpointType {key: t.type})
    RETURN {id: t.id, occurredAt: t.occurredAt, type: tt {.name, .category}}
  } AS journey
