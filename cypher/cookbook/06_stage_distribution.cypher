// How many accounts are in each stage right now, in the designed stage order.
MATCH (s:Stage)
OPTIONAL MATCH (a:Account)-[:CURRENT_STAGE]->(s)
RETURN s.order AS step, s.name AS stage, count(a) AS accounts
ORDER BY step
