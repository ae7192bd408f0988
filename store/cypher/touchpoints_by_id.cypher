// Batch lookup for the touchpoint loader: one round trip per batch of ids.
UNWIND $ids AS id
MATCH (t:Touchpoint {id: id})
RETURN t {.*} AS touchpoint
