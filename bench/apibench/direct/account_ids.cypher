// Every account id, for W2's sequence of accounts.
MATCH (a:Account) RETURN a.id AS id ORDER BY id
