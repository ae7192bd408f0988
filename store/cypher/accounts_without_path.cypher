// Up to $limit accounts that have touchpoints but no JourneyPath yet: data
// written before paths were maintained, or whose old-format path migration 0006
// dropped. An account without touchpoints has no path (the analytics read it
// as an empty journey), so re-running this finds nothing to add.
MATCH (a:Account)
WHERE NOT EXISTS { MATCH (:JourneyPath {id: 'ACCOUNT:' + a.id}) }
  AND EXISTS { MATCH (t:Touchpoint) WHERE t.accountId = a.id AND t.occurredAt IS NOT NULL }
RETURN a.id AS id
LIMIT $limit
