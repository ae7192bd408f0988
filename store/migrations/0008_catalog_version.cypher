// The touchpoint catalog's version: one node whose token every catalog load
// and blueprint edit of a touchpoint type replaces in its own transaction, so
// each API replica can keep the catalog in memory and tell, in the query that
// checks, whether it is still current (see touchpoint_types.cypher).
CREATE CONSTRAINT catalog_version_id IF NOT EXISTS FOR (v:CatalogVersion) REQUIRE v.id IS UNIQUE;
