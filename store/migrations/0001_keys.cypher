// One uniqueness constraint per node key. Each also creates the index that
// MERGE and lookups by key use.
CREATE CONSTRAINT account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT contact_id IF NOT EXISTS FOR (c:Contact) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT contact_email IF NOT EXISTS FOR (c:Contact) REQUIRE c.email IS UNIQUE;
CREATE CONSTRAINT persona_key IF NOT EXISTS FOR (p:Persona) REQUIRE p.key IS UNIQUE;
CREATE CONSTRAINT touchpoint_type_key IF NOT EXISTS FOR (t:TouchpointType) REQUIRE t.key IS UNIQUE;
CREATE CONSTRAINT touchpoint_id IF NOT EXISTS FOR (t:Touchpoint) REQUIRE t.id IS UNIQUE;
CREATE CONSTRAINT stage_key IF NOT EXISTS FOR (s:Stage) REQUIRE s.key IS UNIQUE;
CREATE CONSTRAINT department_key IF NOT EXISTS FOR (d:Department) REQUIRE d.key IS UNIQUE;
CREATE CONSTRAINT channel_key IF NOT EXISTS FOR (c:Channel) REQUIRE c.key IS UNIQUE;
CREATE CONSTRAINT technology_key IF NOT EXISTS FOR (t:Technology) REQUIRE t.key IS UNIQUE;
CREATE CONSTRAINT vendor_key IF NOT EXISTS FOR (v:Vendor) REQUIRE v.key IS UNIQUE;
CREATE CONSTRAINT data_field_key IF NOT EXISTS FOR (f:DataField) REQUIRE f.key IS UNIQUE;
