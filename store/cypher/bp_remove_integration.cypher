// Remove the data flow from one technology to another, if designed.
OPTIONAL MATCH (:Technology {key: $from})-[r:INTEGRATES_WITH]->(:Technology {key: $to})
DELETE r
RETURN count(r) AS removed
