// Remove a designed exception to the stage order.
OPTIONAL MATCH (:Stage {key: $from})-[r:MAY_MOVE_TO]->(:Stage {key: $to})
DELETE r
RETURN count(r) AS removed
