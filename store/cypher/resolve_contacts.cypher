// What upsert_contacts needs to validate and attach each contact: who owns
// the email already, whether the given account exists, which accounts own the
// email's domain, and the contact's current account.
UNWIND $rows AS row
OPTIONAL MATCH (byEmail:Contact {email: row.email})
OPTIONAL MATCH (given:Account {id: row.accountId})
OPTIONAL MATCH (existing:Contact {id: row.id})
CALL {
  WITH row
  OPTIONAL MATCH (owner:Account {domain: row.emailDomain})
  RETURN collect(owner.id) AS domainAccounts
}
RETURN row.i AS i, byEmail.id AS emailOwner, given IS NOT NULL AS accountKnown,
       existing.accountId AS currentAccount, domainAccounts
