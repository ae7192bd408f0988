// What updating each contact's JourneyPath after new touchpoints at or after
// `from` needs (journey_path.go encodes it, write_journey_paths stores it):
// the stored path, if any, and the touchpoints from `from` on, in
// (occurredAt, id) order, from the (contactId, occurredAt) index, so appending
// costs only the new suffix. The caller holds the contact's lock, so concurrent
// batches cannot interleave. Times are epoch milliseconds, so the split point
// is `from` truncated to the millisecond: a stored step is kept exactly when
// its touchpoint is not re-read.
UNWIND $chains AS chain
OPTIONAL MATCH (p:JourneyPath {id: 'CONTACT:' + chain.id})
WITH chain, p, chain.from.epochMillis AS fromMs
CALL {
  WITH chain, fromMs
  MATCH (t:Touchpoint)
  WHERE t.contactId = chain.id AND t.occurredAt >= datetime({epochMillis: fromMs})
  WITH t ORDER BY t.occurredAt, t.id
  RETURN collect(t.type) AS types, collect(t.occurredAt.epochMillis) AS times
}
RETURN chain.id AS id, fromMs, p.typeSequence AS storedTypes, p.timeDeltas AS storedTimes, types, times
