// Observed moves between stages in [$from, $to), with how many accounts made each.
MATCH (a:Account)-[:HAD_TRANSITION]->(st:StageTransition)-[:TO_STAGE]->(s:Stage)
WHERE st.at >= $from AND st.at < $to
MATCH (st)-[:FROM_STAGE]->(f:Stage)
RETURN f.key AS from, s.key AS to, count(*) AS transitions, count(DISTINCT a) AS accounts
