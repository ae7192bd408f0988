// Mark or unmark a technology as a system of record.
MATCH (t:Technology {key: $technology})
SET t.systemOfRecord = $systemOfRecord
RETURN t.key AS key
