// Every index on Touchpoint is maintained by every touchpoint created, so
// ingest keeps only those a query seeks: id (the key), (accountId, occurredAt)
// and (contactId, occurredAt) for journeys and chain maintenance,
// (type, source, occurredAt) for the blueprint's observations, occurredAt for
// time-window analyses. No query sought (source) alone; the one that sought
// (type) alone, cookbook 04, follows OF_TYPE from its type instead.
DROP INDEX touchpoint_type IF EXISTS;
DROP INDEX touchpoint_source IF EXISTS;
