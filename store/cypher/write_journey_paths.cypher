// Store JourneyPaths encoded by the caller (journey_path.go), one row per
// account or contact, each replacing the whole path. It only writes, so it
// plans no Eager.
UNWIND $paths AS path
MERGE (p:JourneyPath {id: path.id})
  ON CREATE SET p.level = path.level, p.ownerId = path.ownerId
SET p.typeSequence = path.typeSequence, p.timeDeltas = path.timeDeltas, p.steps = path.steps
