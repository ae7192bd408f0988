// Bring each account's JourneyPath up to date after new touchpoints at or after
// `from`: keep the entries before `from` (the lists are in time order, so
// that is a prefix) and re-read the rest, in (occurredAt, id) order, from the
// (accountId, occurredAt) index, so appending costs only the new suffix. The
// caller holds the account's lock, so concurrent batches cannot interleave.
// It plans one Eager (it reads the lists it writes): over one row per account
// of the batch, not per touchpoint, so it is exempt from the plan check.
// Times are epoch milliseconds, so the split point is `from` truncated to the
// millisecond: an entry is kept exactly when its touchpoint is not re-read.
UNWIND $chains AS chain
MERGE (p:JourneyPath {id: 'ACCOUNT:' + chain.id})
  ON CREATE SET p.level = 'ACCOUNT', p.ownerId = chain.id, p.types = [], p.times = []
WITH chain, p, chain.from.epochMillis AS fromMs
CALL {
  WITH chain, fromMs
  MATCH (t:Touchpoint)
  WHERE t.accountId = chain.id AND t.occurredAt >= datetime({epochMillis: fromMs})
  WITH t ORDER BY t.occurredAt, t.id
  RETURN collect(t.type) AS types, collect(t.occurredAt.epochMillis) AS times
}
WITH p, types, times, size([ms IN p.times WHERE ms < fromMs]) AS kept
SET p.types = p.types[0..kept] + types, p.times = p.times[0..kept] + times
RETURN count(p) AS updated
