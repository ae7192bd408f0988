// The API's journey cache (package journeys) keys its journeys by the data
// version (store.DataVersion): the change feed's counter node carries an
// epoch, new with every database, and accounts and contacts whose analytics
// attributes change carry the profile bump that marked them, found by range.
MATCH (seq:ChangeSequence) WHERE seq.epoch IS NULL SET seq.epoch = randomUUID();
CREATE INDEX account_profile_seq IF NOT EXISTS FOR (a:Account) ON (a.profileSeq);
CREATE INDEX contact_profile_seq IF NOT EXISTS FOR (c:Contact) ON (c.profileSeq);
