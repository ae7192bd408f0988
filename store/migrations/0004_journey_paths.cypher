// JourneyPath holds one journey's touchpoint types and times as two parallel
// lists (a maintained aggregate for the analytics queries: reading 6,500
// lists is a few times faster than reading a million touchpoints). One per
// account ("ACCOUNT:<id>") and per contact ("CONTACT:<id>"), kept in step in
// the transaction that records touchpoints.
CREATE CONSTRAINT journey_path_id IF NOT EXISTS FOR (p:JourneyPath) REQUIRE p.id IS UNIQUE;
