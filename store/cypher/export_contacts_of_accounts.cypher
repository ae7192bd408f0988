// The contacts of a page of an event-log export's accounts, from the
// (accountId) index, in id order, each with its JourneyPath (null when it has
// none) for the caller's cohort test at CONTACT level.
UNWIND $accountIds AS id
MATCH (c:Contact) WHERE c.accountId = id
OPTIONAL MATCH (p:JourneyPath {id: 'CONTACT:' + c.id})
RETURN c {.*} AS contact, p.typeSequence AS types, p.timeDeltas AS times
ORDER BY c.id
