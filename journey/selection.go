package journey

// AccountSelection is what a request reads below each account it lists, so
// that the query reading the accounts reads that too, in the same round trip.
// A nil query (or false) leaves that part to its own loader.
type AccountSelection struct {
	// Contacts is the buying-committee page to read; its Filter is ignored
	// (the account is the filter) and WithTotal must be false.
	Contacts *ContactQuery
	// ContactFields are the Contact properties to read (see ContactFields).
	ContactFields []string
	// CurrentStage reads the account's current stage.
	CurrentStage bool
	// Journey is the journey page to read; WithTotal must be false.
	Journey *JourneyQuery
	// TouchpointFields are the Touchpoint properties to read (see TouchpointFields).
	TouchpointFields []string
	// TouchpointTypes attaches each touchpoint's catalog entry
	// (Touchpoint.PrefetchedType) from the store's copy of the catalog.
	TouchpointTypes bool
}

// Empty reports whether sel reads nothing below the accounts.
func (sel AccountSelection) Empty() bool {
	return sel.Contacts == nil && !sel.CurrentStage && sel.Journey == nil
}

// AccountTree is an account with the parts of it an AccountSelection asked for.
type AccountTree struct {
	Account
	Contacts     *Page[Contact]    // nil unless selected
	CurrentStage *Stage            // nil when not selected or before the first transition
	Journey      *Page[Touchpoint] // nil unless selected
}

// A partial read carries only some properties; these are always among them,
// since cursors and references are built from them.
var (
	ContactKeyFields    = []string{"id", "accountId"}
	TouchpointKeyFields = []string{"id", "occurredAt", "type", "accountId"}
)
