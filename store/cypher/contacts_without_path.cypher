// Up to $limit contacts that have touchpoints but no JourneyPath yet (see
// accounts_without_path.cypher).
MATCH (c:Contact)
WHERE NOT EXISTS { MATCH (:JourneyPath {id: 'CONTACT:' + c.id}) }
  AND EXISTS { MATCH (t:Touchpoint) WHERE t.contactId = c.id AND t.occurredAt IS NOT NULL }
RETURN c.id AS id
LIMIT $limit
