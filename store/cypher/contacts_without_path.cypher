// Up to $limit contacts that have no JourneyPath yet (see accounts_without_path.cypher).
MATCH (c:Contact)
WHERE NOT EXISTS { MATCH (:JourneyPath {id: 'CONTACT:' + c.id}) }
RETURN c.id AS id
LIMIT $limit
