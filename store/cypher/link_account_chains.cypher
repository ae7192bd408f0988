// Create the NEXT_FOR_ACCOUNT links a re-chaining adds: $froms[i] -> $tos[i],
// touchpoint ids (parallel lists). Nothing here reads a link, so no Eager.
UNWIND range(0, size($froms) - 1) AS i
MATCH (a:Touchpoint {id: $froms[i]})
MATCH (b:Touchpoint {id: $tos[i]})
CREATE (a)-[:NEXT_FOR_ACCOUNT]->(b)
