// Lookup and filter indexes for the read API and analysts' Cypher.
CREATE INDEX account_domain IF NOT EXISTS FOR (a:Account) ON (a.domain);
CREATE INDEX account_name IF NOT EXISTS FOR (a:Account) ON (a.name);
CREATE INDEX account_segment IF NOT EXISTS FOR (a:Account) ON (a.segment);
CREATE INDEX touchpoint_occurred_at IF NOT EXISTS FOR (t:Touchpoint) ON (t.occurredAt);
// Journeys: a journey page, and a late event's neighbours in time during chain
// maintenance, are one index seek on (accountId, occurredAt) or
// (contactId, occurredAt); the buying committee by account has its own. (The
// type and source indexes once here are dropped by 0012_ingest_indexes.)
CREATE INDEX touchpoint_account_time IF NOT EXISTS FOR (t:Touchpoint) ON (t.accountId, t.occurredAt);
CREATE INDEX touchpoint_contact_time IF NOT EXISTS FOR (t:Touchpoint) ON (t.contactId, t.occurredAt);
CREATE INDEX contact_account IF NOT EXISTS FOR (c:Contact) ON (c.accountId);
CREATE INDEX stage_transition_account IF NOT EXISTS FOR (s:StageTransition) ON (s.accountId, s.at);
