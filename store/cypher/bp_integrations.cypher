// Every designed data flow between technologies, with the fields that flow.
MATCH (a:Technology)-[r:INTEGRATES_WITH]->(b:Technology)
RETURN {from: a.key, to: b.key, fields: coalesce(r.fields, [])} AS integration
ORDER BY a.key, b.key
