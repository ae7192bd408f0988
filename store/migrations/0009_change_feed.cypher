// The change feed (subscriptions): one counter node, merged by id, and the
// Change entries read in order of their number.
CREATE CONSTRAINT change_sequence_id IF NOT EXISTS FOR (s:ChangeSequence) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:Change) REQUIRE c.seq IS UNIQUE;
