UNWIND $ids AS id
MATCH (t:Touchpoint {id: id})
RETURN t {.*} AS touchpoint
