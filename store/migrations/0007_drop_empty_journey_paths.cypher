// Accounts and contacts without touchpoints have no JourneyPath (the analytics
// read a missing path as an empty journey). Earlier versions gave them an empty
// one at every migration, which re-running seed or migrate kept adding; those
// are dropped here. Recording touchpoints never writes an empty path, so once
// they are gone this statement changes nothing.
MATCH (p:JourneyPath) WHERE p.steps = 0 DETACH DELETE p;
