// Up to $limit accounts that have no JourneyPath yet: data written before
// paths were maintained, or accounts without touchpoints (they get an empty one).
MATCH (a:Account)
WHERE NOT EXISTS { MATCH (:JourneyPath {id: 'ACCOUNT:' + a.id}) }
RETURN a.id AS id
LIMIT $limit
