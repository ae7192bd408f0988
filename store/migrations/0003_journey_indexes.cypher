// Indexes of the read API: a journey page is one index seek on
// (accountId, occurredAt) or (contactId, occurredAt) per account or contact;
// the type filter and the buying committee by account have their own.
CREATE INDEX touchpoint_account_time IF NOT EXISTS FOR (t:Touchpoint) ON (t.accountId, t.occurredAt);
CREATE INDEX touchpoint_contact_time IF NOT EXISTS FOR (t:Touchpoint) ON (t.contactId, t.occurredAt);
CREATE INDEX touchpoint_type IF NOT EXISTS FOR (t:Touchpoint) ON (t.type);
CREATE INDEX contact_account IF NOT EXISTS FOR (c:Contact) ON (c.accountId);
