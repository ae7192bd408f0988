// Whether the database holds any account (seed -if-empty). Stops at the first.
RETURN EXISTS { MATCH (:Account) } AS any
