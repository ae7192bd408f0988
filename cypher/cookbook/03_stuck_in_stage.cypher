// Accounts stuck in their current stage for more than N days, longest first.
// Churned and Advocate are end states, not places to get stuck.
// :param days => 60
// :param asOf => null
WITH coalesce(datetime($asOf), datetime()) AS asOf
MATCH (a:Account)-[current:CURRENT_STAGE]->(s:Stage)
WHERE NOT s.key IN ['churned', 'advocate']
  AND current.since < asOf - duration({days: $days})
RETURN a.id AS account, a.name AS name, s.name AS stage, current.since AS since,
       duration.inDays(current.since, asOf).days AS daysInStage
ORDER BY daysInStage DESC, account
LIMIT 100
