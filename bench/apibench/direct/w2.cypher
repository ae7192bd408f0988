// W2 written by hand: one account by id with its 20 latest touchpoints and
// their type's name.
MATCH (a:Account {id: $id})
RETURN a.id AS id, a.name AS name,
  COLLECT {
    MATCH (t:Touchpoint) WHERE t.accountId = a.id AND t.occurredAt IS NOT NULL
    WITH t ORDER BY t.accountId DESC, t.occurredAt DESC, t.id DESC LIMIT 20
    MATCH (tt:TouchpointType {key: t.type})
    RETURN {id: t.id, occurredAt: t.occurredAt, type: tt {.name}}
  } AS journey
