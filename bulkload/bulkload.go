// Package bulkload writes account journeys as the CSV files of Neo4j's
// offline importer (`neo4j-admin database import full`, run by
// `scripts/neo4j.sh import`), for loading a large history into an empty
// database far faster than online ingest can.
//
// The files hold the graph online ingest would have built from the same
// inputs: touchpoints with their account, contact and type, the
// NEXT_FOR_ACCOUNT and NEXT_FOR_CONTACT chains in (occurredAt, id) order, one
// JourneyPath per account and per contact with touchpoints (the store's
// encoding), stage transitions with their history (FROM_STAGE, fromStage,
// CURRENT_STAGE), accounts and contacts with WORKS_AT. They are computed here
// in Go, one account at a time: every touchpoint of a contact belongs to the
// contact's account (online ingest refuses any other), so an account's
// journeys are complete when its AccountJourney has been added.
//
// Not in the files: the catalog beyond the keys of its touchpoint types and
// stages (the nodes the journeys link to) — `journeygraph bulkload -finish`
// loads it with the same store.LoadCatalog as `journeygraph seed`, after the
// migrations; and the change feed, which starts empty (docs/bulk-load.md).
// This package does no I/O beyond its files.
package bulkload

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/seed"
	"github.com/journeygraph/journeygraph/store"
)

// BatchID is the batchId of every node the bulk load creates (online ingest
// writes its transaction attempt's id there).
const BatchID = "bulkload"

// Stats counts what the files hold.
type Stats struct {
	Accounts, Contacts, Touchpoints, StageTransitions, JourneyPaths, Relationships int
}

// Writer writes the import files into one directory. Add each account's
// journey once, then Close.
type Writer struct {
	now        time.Time
	categories map[string]journey.Category
	stages     map[string]bool
	files      []*csvFile
	seen       map[string]bool // account ids already added

	types, stageKeys                                    *csvFile
	accounts, contacts, touchpoints, transitions, paths *csvFile
	worksAt, ofType, forAccount, byContact              *csvFile
	nextForAccount, nextForContact                      *csvFile
	hadTransition, toStage, triggeredBy, fromStage      *csvFile
	currentStage                                        *csvFile
}

// Create starts the files in dir (which must exist; files of an earlier
// load are replaced) for journeys over catalog c. now is the createdAt,
// updatedAt and recordedAt of every node, as a load at that instant would set.
func Create(dir string, c journey.Catalog, now time.Time) (*Writer, error) {
	w := &Writer{now: now.UTC(), categories: map[string]journey.Category{}, stages: map[string]bool{}, seen: map[string]bool{}}
	var err error
	w.layout(func(name string, header ...string) *csvFile {
		if err != nil {
			return nil
		}
		var f *csvFile
		if f, err = createCSV(dir, name, header...); err == nil {
			w.files = append(w.files, f)
		}
		return f
	})
	if err != nil {
		w.closeFiles()
		return nil, err
	}
	for _, t := range c.TouchpointTypes {
		w.categories[t.Key] = t.Category
		if err := w.types.str(t.Key).str("TouchpointType").end(); err != nil {
			return nil, err
		}
	}
	for _, s := range c.Stages {
		w.stages[s.Key] = true
		if err := w.stageKeys.str(s.Key).str("Stage").end(); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// layout defines the files, in the order of w.files, with file.
func (w *Writer) layout(file func(name string, header ...string) *csvFile) {
	w.types = file("nodes-TouchpointType.csv", "key:ID(TouchpointType)", ":LABEL")
	w.stageKeys = file("nodes-Stage.csv", "key:ID(Stage)", ":LABEL")
	w.accounts = file("nodes-Account.csv", "id:ID(Account)", ":LABEL", "name", "domain", "industry", "region", "tier",
		"arr:double", "segment", "createdAt:datetime", "updatedAt:datetime", "batchId")
	w.contacts = file("nodes-Contact.csv", "id:ID(Contact)", ":LABEL", "email", "firstName", "lastName", "title",
		"accountId", "role", "createdAt:datetime", "updatedAt:datetime", "batchId")
	w.touchpoints = file("nodes-Touchpoint.csv", "id:ID(Touchpoint)", ":LABEL", "source", "externalId", "type", "category",
		"occurredAt:datetime", "accountId", "contactId", "value:double", "sentiment:double", "attributes",
		"recordedAt:datetime", "batchId")
	w.transitions = file("nodes-StageTransition.csv", "id:ID(StageTransition)", ":LABEL", "accountId", "toStage",
		"at:datetime", "source", "triggeredBy", "batchId", "fromStage")
	w.paths = file("nodes-JourneyPath.csv", "id:ID(JourneyPath)", ":LABEL", "level", "ownerId", "typeSequence",
		"timeDeltas:byte[]", "steps:long")
	rel := func(typ, from, to string, props ...string) *csvFile {
		return file("relationships-"+typ+".csv", append([]string{":START_ID(" + from + ")", ":END_ID(" + to + ")", ":TYPE"}, props...)...)
	}
	w.worksAt = rel("WORKS_AT", "Contact", "Account")
	w.ofType = rel("OF_TYPE", "Touchpoint", "TouchpointType")
	w.forAccount = rel("FOR_ACCOUNT", "Touchpoint", "Account")
	w.byContact = rel("BY_CONTACT", "Touchpoint", "Contact")
	w.nextForAccount = rel("NEXT_FOR_ACCOUNT", "Touchpoint", "Touchpoint")
	w.nextForContact = rel("NEXT_FOR_CONTACT", "Touchpoint", "Touchpoint")
	w.hadTransition = rel("HAD_TRANSITION", "Account", "StageTransition")
	w.toStage = rel("TO_STAGE", "StageTransition", "Stage")
	w.triggeredBy = rel("TRIGGERED_BY", "StageTransition", "Touchpoint")
	w.fromStage = rel("FROM_STAGE", "StageTransition", "Stage")
	w.currentStage = rel("CURRENT_STAGE", "Account", "Stage", "since:datetime")
}

// Part returns a writer that collects the rows of the journeys added to it
// in memory, for one goroutine of a parallel load; Append writes them to w's
// files. Parts of one Writer may be used concurrently with each other.
func (w *Writer) Part() *Writer {
	p := &Writer{now: w.now, categories: w.categories, stages: w.stages, seen: map[string]bool{}}
	p.layout(func(name string, header ...string) *csvFile {
		f := &csvFile{path: name, cols: len(header)}
		p.files = append(p.files, f)
		return f
	})
	return p
}

// Append writes the rows collected in part to w's files and empties part.
func (w *Writer) Append(part *Writer) error {
	for id := range part.seen {
		if w.seen[id] {
			return fmt.Errorf("account %q added twice", id)
		}
		w.seen[id] = true
	}
	clear(part.seen)
	for k, f := range w.files {
		if err := f.appendPart(part.files[k]); err != nil {
			return err
		}
	}
	return nil
}

// Add writes one account's journey: its account, contacts, touchpoints,
// chains, JourneyPaths and stage history. Inputs must be normalised
// (seed.NormalizeJourney). A touchpoint or stage change repeated within the
// journey is written once, as online ingest records a replay once.
func (w *Writer) Add(j seed.AccountJourney) error {
	acc := j.Account
	if w.seen[acc.ID] {
		return fmt.Errorf("account %q added twice", acc.ID)
	}
	w.seen[acc.ID] = true
	var segment *string
	if acc.Segment != nil {
		s := string(*acc.Segment)
		segment = &s
	}
	if err := w.accounts.str(acc.ID).str("Account").str(acc.Name).optStr(acc.Domain).optStr(acc.Industry).
		optStr(acc.Region).optStr(acc.Tier).optFloat(acc.ARR).optStr(segment).time(w.now).time(w.now).str(BatchID).end(); err != nil {
		return err
	}

	contactByEmail := map[string]string{}
	for _, c := range j.Contacts {
		if c.AccountID == nil || *c.AccountID != acc.ID {
			return fmt.Errorf("contact %q: the bulk load needs each contact's accountId to be its journey's account %q", c.ID, acc.ID)
		}
		contactByEmail[c.Email] = c.ID
		var role *string
		if c.Role != nil {
			r := string(*c.Role)
			role = &r
		}
		if err := w.contacts.str(c.ID).str("Contact").str(c.Email).optStr(c.FirstName).optStr(c.LastName).optStr(c.Title).
			str(acc.ID).optStr(role).time(w.now).time(w.now).str(BatchID).end(); err != nil {
			return err
		}
		if err := w.worksAt.str(c.ID).str(acc.ID).str("WORKS_AT").end(); err != nil {
			return err
		}
	}

	tps, err := w.distinctTouchpoints(j, contactByEmail)
	if err != nil {
		return err
	}
	if err := w.writeTouchpoints(acc.ID, tps); err != nil {
		return err
	}
	return w.writeStageHistory(acc.ID, j.StageChanges, tps)
}

// touchpoint is one distinct touchpoint with what online ingest resolves.
type touchpoint struct {
	in      journey.TouchpointInput
	id      string
	contact *string
}

func (w *Writer) distinctTouchpoints(j seed.AccountJourney, contactByEmail map[string]string) ([]touchpoint, error) {
	contactIDs := map[string]bool{}
	for _, c := range j.Contacts {
		contactIDs[c.ID] = true
	}
	byID := map[string]int{}
	out := make([]touchpoint, 0, len(j.Touchpoints))
	for _, in := range j.Touchpoints {
		id := in.ID()
		if k, dup := byID[id]; dup {
			if !journey.SameTouchpoint(out[k].in, in) {
				return nil, fmt.Errorf("touchpoint %q: two different touchpoints with this id", id)
			}
			continue
		}
		if in.AccountID != nil && *in.AccountID != j.Account.ID {
			return nil, fmt.Errorf("touchpoint %q: account %q is not its journey's account %q", id, *in.AccountID, j.Account.ID)
		}
		if _, ok := w.categories[in.TypeKey]; !ok {
			return nil, fmt.Errorf("touchpoint %q: unknown touchpoint type %q", id, in.TypeKey)
		}
		t := touchpoint{in: in, id: id, contact: in.ContactID}
		if t.contact != nil && !contactIDs[*t.contact] {
			return nil, fmt.Errorf("touchpoint %q: contact %q is not a contact of account %q", id, *t.contact, j.Account.ID)
		}
		if in.ContactEmail != nil {
			byEmail, ok := contactByEmail[*in.ContactEmail]
			if !ok || (t.contact != nil && *t.contact != byEmail) {
				return nil, fmt.Errorf("touchpoint %q: contact email %q is not a contact of account %q", id, *in.ContactEmail, j.Account.ID)
			}
			t.contact = &byEmail
		}
		byID[id] = len(out)
		out = append(out, t)
	}
	// The chains' order: occurredAt, ties by id.
	slices.SortFunc(out, func(a, b touchpoint) int {
		return cmp.Or(a.in.OccurredAt.Compare(b.in.OccurredAt), strings.Compare(a.id, b.id))
	})
	return out, nil
}

// writeTouchpoints writes the account's touchpoints (in chain order) with
// their links, chains and JourneyPaths.
func (w *Writer) writeTouchpoints(accountID string, tps []touchpoint) error {
	byContact := map[string][]touchpoint{}
	var contacts []string
	for k, t := range tps {
		var attributes *string
		if t.in.Attributes != nil {
			b, err := json.Marshal(t.in.Attributes)
			if err != nil {
				return fmt.Errorf("touchpoint %q attributes: %w", t.id, err)
			}
			s := string(b)
			attributes = &s
		}
		if err := w.touchpoints.str(t.id).str("Touchpoint").str(t.in.Source).str(t.in.ExternalID).str(t.in.TypeKey).
			str(string(w.categories[t.in.TypeKey])).time(t.in.OccurredAt).str(accountID).optStr(t.contact).
			optFloat(t.in.Value).optFloat(t.in.Sentiment).optStr(attributes).time(w.now).str(BatchID).end(); err != nil {
			return err
		}
		errs := []error{
			w.ofType.str(t.id).str(t.in.TypeKey).str("OF_TYPE").end(),
			w.forAccount.str(t.id).str(accountID).str("FOR_ACCOUNT").end(),
		}
		if k > 0 {
			errs = append(errs, w.nextForAccount.str(tps[k-1].id).str(t.id).str("NEXT_FOR_ACCOUNT").end())
		}
		if t.contact != nil {
			errs = append(errs, w.byContact.str(t.id).str(*t.contact).str("BY_CONTACT").end())
			c := *t.contact
			if prev := byContact[c]; len(prev) > 0 {
				errs = append(errs, w.nextForContact.str(prev[len(prev)-1].id).str(t.id).str("NEXT_FOR_CONTACT").end())
			} else {
				contacts = append(contacts, c)
			}
			byContact[c] = append(byContact[c], t)
		}
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	if len(tps) > 0 {
		if err := w.writePath("ACCOUNT", accountID, tps); err != nil {
			return err
		}
	}
	for _, c := range contacts {
		if err := w.writePath("CONTACT", c, byContact[c]); err != nil {
			return err
		}
	}
	return nil
}

// writePath writes an owner's JourneyPath, as updateJourneyPaths would after
// recording its touchpoints (tps in chain order, at least one).
func (w *Writer) writePath(level, owner string, tps []touchpoint) error {
	keys := make([]string, len(tps))
	ms := make([]int64, len(tps))
	for i, t := range tps {
		keys[i], ms[i] = t.in.TypeKey, t.in.OccurredAt.UnixMilli()
	}
	seq, deltas := store.EncodeJourneyPath(keys, ms)
	return w.paths.str(level + ":" + owner).str("JourneyPath").str(level).str(owner).str(seq).bytes(deltas).int(len(tps)).end()
}

// writeStageHistory writes the account's stage transitions with the history
// refresh_stage_history maintains: in (at, id) order, each transition's
// fromStage and FROM_STAGE are the stage of the one before it, and the
// account's CURRENT_STAGE (since the latest's time) is the latest's stage.
func (w *Writer) writeStageHistory(accountID string, changes []journey.StageChangeInput, tps []touchpoint) error {
	known := make(map[string]bool, len(tps))
	for _, t := range tps {
		known[t.id] = true
	}
	type transition struct {
		id string
		in journey.StageChangeInput
	}
	var history []transition
	seen := map[string]bool{}
	for _, c := range changes {
		id := c.TransitionID()
		if seen[id] {
			continue // a replay changes nothing
		}
		seen[id] = true
		switch {
		case c.AccountID != accountID:
			return fmt.Errorf("stage change %q: account %q is not its journey's account %q", id, c.AccountID, accountID)
		case !w.stages[c.StageKey]:
			return fmt.Errorf("stage change %q: unknown stage %q", id, c.StageKey)
		case c.TriggeredByID != nil && !known[*c.TriggeredByID]:
			return fmt.Errorf("stage change %q: no touchpoint of account %q has id %q", id, accountID, *c.TriggeredByID)
		}
		history = append(history, transition{id, c})
	}
	slices.SortFunc(history, func(a, b transition) int {
		return cmp.Or(a.in.At.Compare(b.in.At), strings.Compare(a.id, b.id))
	})
	for i, t := range history {
		var from *string
		if i > 0 {
			from = &history[i-1].in.StageKey
		}
		errs := []error{
			w.transitions.str(t.id).str("StageTransition").str(accountID).str(t.in.StageKey).time(t.in.At).
				optStr(t.in.Source).optStr(t.in.TriggeredByID).str(BatchID).optStr(from).end(),
			w.hadTransition.str(accountID).str(t.id).str("HAD_TRANSITION").end(),
			w.toStage.str(t.id).str(t.in.StageKey).str("TO_STAGE").end(),
		}
		if t.in.TriggeredByID != nil {
			errs = append(errs, w.triggeredBy.str(t.id).str(*t.in.TriggeredByID).str("TRIGGERED_BY").end())
		}
		if from != nil {
			errs = append(errs, w.fromStage.str(t.id).str(*from).str("FROM_STAGE").end())
		}
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	if n := len(history); n > 0 {
		latest := history[n-1].in
		return w.currentStage.str(accountID).str(latest.StageKey).str("CURRENT_STAGE").time(latest.At).end()
	}
	return nil
}

// Close flushes and closes the files and returns what they hold.
func (w *Writer) Close() (Stats, error) {
	s := Stats{Accounts: w.accounts.rows, Contacts: w.contacts.rows, Touchpoints: w.touchpoints.rows,
		StageTransitions: w.transitions.rows, JourneyPaths: w.paths.rows}
	for _, f := range w.files {
		if strings.Contains(f.path, "relationships-") {
			s.Relationships += f.rows
		}
	}
	return s, w.closeFiles()
}

func (w *Writer) closeFiles() error {
	var errs []error
	for _, f := range w.files {
		errs = append(errs, f.close())
	}
	return errors.Join(errs...)
}
