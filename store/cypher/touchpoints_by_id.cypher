// Touchpoints by id: the touchpoint loader batches, and ingestion reads back
// what it recorded. One round trip per batch of ids.
UNWIND $ids AS id
MATCH (t:Touchpoint {id: id})
RETURN t {.*} AS touchpoint
