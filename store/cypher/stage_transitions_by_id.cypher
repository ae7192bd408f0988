UNWIND $ids AS id
MATCH (st:StageTransition {id: id})
RETURN st {.*} AS transition
