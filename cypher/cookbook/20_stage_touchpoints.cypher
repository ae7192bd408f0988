// Designed versus observed: touchpoints by the stage the account was in when
// they happened (its stage transitions cut time into periods). "shadow": not
// expected in that stage; "designed": expected. Touchpoints before an
// account's first transition are left out.
MATCH (a:Account)-[:HAD_TRANSITION]->(st:StageTransition)-[:TO_STAGE]->(s:Stage)
WITH a, st, s ORDER BY st.at
WITH a, collect({at: st.at, stage: s}) AS periods
UNWIND range(0, size(periods) - 1) AS i
WITH a, periods[i].stage AS stage, periods[i].at AS start,
     CASE WHEN i + 1 < size(periods) THEN periods[i + 1].at ELSE datetime('9999-12-31T00:00:00Z') END AS end
MATCH (tp:Touchpoint)
WHERE tp.accountId = a.id AND tp.occurredAt >= start AND tp.occurredAt < end
WITH stage, tp.type AS touchpointType, count(*) AS touchpoints, count(DISTINCT a) AS accounts
RETURN stage.order AS step, stage.name AS stage, touchpointType,
       CASE WHEN EXISTS { (stage)-[:EXPECTS]->(:TouchpointType {key: touchpointType}) } THEN 'designed' ELSE 'shadow' END AS kind,
       touchpoints, accounts
ORDER BY step, kind DESC, accounts DESC, touchpointType
