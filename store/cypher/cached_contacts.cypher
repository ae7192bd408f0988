// Every contact's journey, for the journey cache's first contact-level query.
MATCH (c:Contact)
// #include cached_contact_rows
