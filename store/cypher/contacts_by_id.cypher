// Batch lookup for the contact loader: one round trip per batch of ids.
UNWIND $ids AS id
MATCH (c:Contact {id: id})
RETURN c {.*} AS contact
