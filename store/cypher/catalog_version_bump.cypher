// A new token for the touchpoint catalog's version, in the transaction that
// changes the catalog: replicas holding the old token read the catalog again.
MERGE (v:CatalogVersion {id: 'catalog'})
SET v.token = randomUUID()
