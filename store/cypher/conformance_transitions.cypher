// Observed moves between stages in [$from, $to), with how many accounts made each.
MATCH (f:Stage)<-[:FROM_STAGE]-(st:StageTransition)-[:TO_STAGE]->(s:Stage)
WHERE st.at >= $from AND st.at < $to
RETURN f.key AS from, s.key AS to, count(*) AS transitions, count(DISTINCT st.accountId) AS accounts
