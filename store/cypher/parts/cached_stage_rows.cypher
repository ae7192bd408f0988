// The stage entries of accounts `a` for the journey cache, all time, from the
// (accountId, at) index in (at, stage) order, as observed_stage_entries.cypher
// reads them; the time comes as epoch seconds and nanoseconds so the cache
// compares it with a scope's window at full precision. Each entry comes with
// the stage it left ('' for none), as refresh_stage_history.cypher keeps it
// beside FROM_STAGE, so the cache derives the stage moves too (collect drops
// nulls, hence ''). Accounts without any are left out; $rowsPerRecord rows
// per record.
CALL {
  WITH a
  MATCH (st:StageTransition)
  WHERE st.accountId = a.id AND st.at >= $from AND st.at < $to
  WITH st ORDER BY st.at, st.toStage
  RETURN collect(st.toStage) AS stages, collect(st.at.epochSeconds) AS seconds, collect(st.at.nanosecond) AS nanos,
    collect(coalesce(st.fromStage, '')) AS froms
}
WITH a, stages, seconds, nanos, froms WHERE size(stages) > 0
WITH collect([a.id, stages, seconds, nanos, froms]) AS collected
UNWIND range(0, size(collected) - 1, $rowsPerRecord) AS i
RETURN collected[i..i + $rowsPerRecord] AS rows
