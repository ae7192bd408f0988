package journey

// ExportPage is one page of an event-log export: a run of accounts in id
// order, the journeys of the scope among them, with what an event log needs
// of each touchpoint and stage change. Pages are bounded, so an export of
// any size holds one page at a time.
type ExportPage struct {
	// Accounts are the page's accounts that have at least one journey in
	// scope (after the cohort), in id order.
	Accounts []Account
	// Contacts are the contacts of those accounts, in id order: at ACCOUNT
	// level all of them, at CONTACT level those whose journey is in scope.
	Contacts []Contact
	// Journeys are in account id order, then (CONTACT level) contact id.
	Journeys []ExportJourney
	// StageChanges are each account's stage transitions in the scope's time
	// window, in (at, stage) order, as the analytics see them.
	StageChanges map[string][]StageTransition
	// OtherAccounts and OtherContacts are the accounts and contacts, not of
	// the page's own, that its touchpoints or contacts relate to, in id
	// order: a contact who moved has touchpoints at an account it has left,
	// and a contact at an account outside the scope. They may be in other
	// pages too; an event log writes each object once.
	OtherAccounts []Account
	OtherContacts []Contact
}

// ExportJourney is one journey of an export: an account's (every contact's
// touchpoints interleaved) or a contact's.
type ExportJourney struct {
	// ID is the account id at ACCOUNT level, the contact id at CONTACT level.
	ID        string
	AccountID string
	// Touchpoints are those in scope (window, exclusions) in (occurredAt, id)
	// order: the same steps the analytics' ObservedJourney has.
	Touchpoints []Touchpoint
}
