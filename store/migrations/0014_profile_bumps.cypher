// The journey cache checks that the profile bump it last saw is still the one
// under its number (store.DataVersion): one ProfileBump node per recent bump,
// found by number.
CREATE CONSTRAINT profile_bump_seq IF NOT EXISTS FOR (b:ProfileBump) REQUIRE b.seq IS UNIQUE;
