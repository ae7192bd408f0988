// Cypher has no explicit lock statement: setting and removing a property takes
// the node's write lock (held until commit) and leaves the data unchanged.
UNWIND $ids AS id
MATCH (a:Account {id: id})
SET a._lock = true
REMOVE a._lock
