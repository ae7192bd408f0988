// Friction: data fields the customer is asked for at more than one
// touchpoint ("you have my data, don't ask me again").
MATCH (t:TouchpointType)-[:CREATES {askedOfCustomer: true}]->(f:DataField)
WITH f, collect(t.key) AS askedAt
WHERE size(askedAt) > 1
RETURN f.key AS field, size(askedAt) AS times, askedAt
ORDER BY times DESC, field
