// Observed touchpoints by the stage their account was in when they happened:
// each account's transitions cut its time into stage periods (clipped to
// [$from, $to)); the touchpoints of a period are one seek on the
// (accountId, occurredAt) index. Touchpoints before an account's first
// transition belong to no stage.
MATCH (a:Account)-[:HAD_TRANSITION]->(st:StageTransition)-[:TO_STAGE]->(s:Stage)
WITH a, st, s ORDER BY st.at, st.id
WITH a, collect({at: st.at, stage: s.key}) AS periods
UNWIND range(0, size(periods) - 1) AS i
WITH a, periods[i].stage AS stage, periods[i].at AS start,
     CASE WHEN i + 1 < size(periods) THEN periods[i + 1].at ELSE $to END AS end
WITH a, stage,
     CASE WHEN start > $from THEN start ELSE $from END AS lo,
     CASE WHEN end < $to THEN end ELSE $to END AS hi
WHERE lo < hi
MATCH (t:Touchpoint)
WHERE t.accountId = a.id AND t.occurredAt >= lo AND t.occurredAt < hi
RETURN stage, t.type AS type, count(*) AS touchpoints, count(DISTINCT a) AS accounts
