// How many accounts entered each stage in [$from, $to).
MATCH (a:Account)-[:HAD_TRANSITION]->(st:StageTransition)-[:TO_STAGE]->(s:Stage)
WHERE st.at >= $from AND st.at < $to
RETURN s.key AS stage, count(DISTINCT a) AS accounts
