// StageTransition is merged by id (record_stage_changes) and read back by id;
// without this constraint each of those is a scan of every transition, which
// made stage changes the slowest part of loading a million touchpoints.
CREATE CONSTRAINT stage_transition_id IF NOT EXISTS FOR (s:StageTransition) REQUIRE s.id IS UNIQUE;
