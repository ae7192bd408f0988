// Delete the NEXT_FOR_CONTACT links that late touchpoints fall into (each
// replaced by two), by the element ids contact_late_neighbours read in this
// transaction. Seeking them by id (one operator for the whole list) plans no
// Eager, which an UNWIND over matched links before DELETE would.
MATCH ()-[r:NEXT_FOR_CONTACT]->()
WHERE elementId(r) IN $links
DELETE r
