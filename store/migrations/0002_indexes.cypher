// Lookup and filter indexes for the read API and analysts' Cypher.
CREATE INDEX account_domain IF NOT EXISTS FOR (a:Account) ON (a.domain);
CREATE INDEX account_name IF NOT EXISTS FOR (a:Account) ON (a.name);
CREATE INDEX account_segment IF NOT EXISTS FOR (a:Account) ON (a.segment);
CREATE INDEX touchpoint_occurred_at IF NOT EXISTS FOR (t:Touchpoint) ON (t.occurredAt);
