// JourneyPath now keeps its steps as typeSequence (a string of type keys) and
// timeDeltas (varint bytes) instead of the lists types and times, which cost a
// boxed value per step to read (see store/journey_path.go). Paths in the old
// format are dropped here and rebuilt from the touchpoints by Migrate's
// BuildMissingJourneyPaths; once none is left this statement changes nothing.
MATCH (p:JourneyPath) WHERE p.timeDeltas IS NULL DETACH DELETE p;
