// The blueprint's gap analysis asks, per touchpoint type, which sources sent
// touchpoints and whether one did within a time window. This index answers
// both with seeks: equality on type, then on source (or "the next source after
// x" in index order), then a range on occurredAt, without reading the 1M
// touchpoints themselves.
CREATE INDEX touchpoint_type_source_time IF NOT EXISTS FOR (t:Touchpoint) ON (t.type, t.source, t.occurredAt);
