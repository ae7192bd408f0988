// What record_touchpoints needs to validate a batch, each value looked up
// once however many rows share it (a batch has thousands of rows but a few
// types and accounts): which types exist (with the category a new touchpoint
// copies), which accounts, the contacts by id and by email with their
// accounts, and which touchpoints are already recorded (as stored:
// touchpoints never change). The caller matches rows to these by value.
CALL {
  UNWIND $typeKeys AS key
  MATCH (type:TouchpointType {key: key})
  RETURN collect({key: key, category: type.category}) AS types
}
CALL {
  UNWIND $accountIds AS id
  MATCH (account:Account {id: id})
  RETURN collect(id) AS accounts
}
CALL {
  UNWIND $contactIds AS id
  MATCH (contact:Contact {id: id})
  RETURN collect({id: id, accountId: contact.accountId}) AS contactsById
}
CALL {
  UNWIND $contactEmails AS email
  MATCH (contact:Contact {email: email})
  RETURN collect({email: email, id: contact.id, accountId: contact.accountId}) AS contactsByEmail
}
CALL {
  UNWIND $ids AS id
  MATCH (existing:Touchpoint {id: id})
  RETURN collect(existing {.*}) AS stored
}
RETURN types, accounts, contactsById, contactsByEmail, stored
