// A designed exception to the stage order: accounts may move from one stage
// to another (e.g. back from Churn risk to Adoption).
MATCH (a:Stage {key: $from}), (b:Stage {key: $to})
MERGE (a)-[:MAY_MOVE_TO]->(b)
RETURN a.key AS key
