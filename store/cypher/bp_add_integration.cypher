// Design a data flow: the fields that flow from one technology to another.
// One relationship per direction; adding it again replaces its field list.
MATCH (a:Technology {key: $from}), (b:Technology {key: $to})
MERGE (a)-[r:INTEGRATES_WITH]->(b)
SET r.fields = $fields
RETURN a.key AS from
