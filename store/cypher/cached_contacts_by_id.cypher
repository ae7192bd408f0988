// The journeys of the contacts $ids (those that exist), for a journey cache
// refresh.
UNWIND $ids AS id
MATCH (c:Contact {id: id})
// #include cached_contact_rows
