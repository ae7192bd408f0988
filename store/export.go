package store

import (
	"cmp"
	"context"

	"math"
	"slices"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// DefaultExportPageAccounts is how many accounts one export page holds by
// default: with the seeded mix (about 157 touchpoints each) a page is some
// 8,000 touchpoints, a few MB, whatever the size of the export.
const DefaultExportPageAccounts = 50

// ExportJourneys reads the journeys of an analysis scope (normalized by the
// caller) page by page, pageAccounts accounts at a time (0 for the
// default) in account id order, and hands each page to visit
// before reading the next, so an export of any size holds one page. The
// journeys are those ObservedJourneys returns for the same scope, with the
// same steps (the cohort, the time window to the millisecond and the
// exclusions applied the same way, by the same code), but with each
// touchpoint's details. Each page is read in its own read transactions, so a
// write committing during an export may show in later pages only.
func (s *Store) ExportJourneys(ctx context.Context, scope journey.AnalysisScope, pageAccounts int, visit func(journey.ExportPage) error) error {
	if pageAccounts <= 0 {
		pageAccounts = DefaultExportPageAccounts
	}
	filter, err := s.newStepFilter(ctx, scope)
	if err != nil {
		return err
	}
	params := scopeParams(scope)
	params["limit"] = pageAccounts
	params["afterId"] = ""
	for {
		res, err := s.read(ctx, "export_accounts_page", params)
		if err != nil {
			return err
		}
		if len(res.Records) == 0 {
			return nil
		}
		accounts := make([]journey.Account, 0, len(res.Records))
		var inCohortIDs []string
		for _, rec := range res.Records {
			m := rec.AsMap()
			a := accountFromMap(mapOf(m["account"]))
			accounts = append(accounts, a)
			types, _ := m["types"].(string)
			times, _ := m["times"].([]byte)
			if inCohort(pathReader{types: types, times: times}, scope) {
				inCohortIDs = append(inCohortIDs, a.ID)
			}
		}
		params["afterId"] = accounts[len(accounts)-1].ID
		page, err := s.exportPage(ctx, scope, filter, accounts, inCohortIDs)
		if err != nil {
			return err
		}
		if len(page.Journeys) > 0 {
			if err := visit(page); err != nil {
				return err
			}
		}
		if len(res.Records) < pageAccounts {
			return nil
		}
	}
}

// exportPage reads the journeys of one page of accounts; cohortIDs are the
// accounts whose own journey is in the cohort (used at ACCOUNT level).
func (s *Store) exportPage(ctx context.Context, scope journey.AnalysisScope, filter stepFilter, accounts []journey.Account, cohortIDs []string) (journey.ExportPage, error) {
	ids := make([]string, len(accounts))
	for i, a := range accounts {
		ids[i] = a.ID
	}
	res, err := s.read(ctx, "export_contacts_of_accounts", map[string]any{"accountIds": ids})
	if err != nil {
		return journey.ExportPage{}, err
	}
	var contacts []journey.Contact
	var contactCohort []string
	for _, rec := range res.Records {
		m := rec.AsMap()
		c := contactFromMap(mapOf(m["contact"]))
		types, _ := m["types"].(string)
		times, _ := m["times"].([]byte)
		if inCohort(pathReader{types: types, times: times}, scope) {
			contactCohort = append(contactCohort, c.ID)
		}
		contacts = append(contacts, c)
	}

	// The window to the millisecond, as the journey paths compare it: a
	// touchpoint is in when its epoch millisecond is.
	q := journey.JourneyQuery{First: math.MaxInt32 - 1}
	if filter.fromMs != math.MinInt64 {
		from := time.UnixMilli(filter.fromMs).UTC()
		q.Filter.From = &from
	}
	if filter.toMs != math.MaxInt64 {
		to := time.UnixMilli(filter.toMs).UTC()
		q.Filter.To = &to
	}
	owners, read := cohortIDs, s.JourneysByAccount
	if scope.Level == journey.LevelContact {
		owners, read = contactCohort, s.JourneysByContact
	}
	page := journey.ExportPage{StageChanges: map[string][]journey.StageTransition{}}
	if len(owners) == 0 {
		return page, nil
	}
	tps, err := read(ctx, owners, q)
	if err != nil {
		return page, err
	}
	inPage := map[string]bool{}
	for _, id := range owners {
		j := journey.ExportJourney{ID: id, AccountID: id}
		if p := tps[id]; p != nil {
			for _, t := range p.Items {
				if filter.keeps(t.TypeKey, t.OccurredAt.UnixMilli()) {
					j.Touchpoints = append(j.Touchpoints, t)
				}
			}
		}
		page.Journeys = append(page.Journeys, j)
		inPage[id] = true
	}
	if scope.Level == journey.LevelContact {
		accountOf := map[string]string{}
		for _, c := range contacts {
			if c.AccountID != nil {
				accountOf[c.ID] = *c.AccountID
			}
		}
		for i := range page.Journeys {
			page.Journeys[i].AccountID = accountOf[page.Journeys[i].ID]
		}
		// Journeys in account order, then contact id.
		slices.SortStableFunc(page.Journeys, func(a, b journey.ExportJourney) int {
			return cmp.Or(cmp.Compare(a.AccountID, b.AccountID), cmp.Compare(a.ID, b.ID))
		})
	}
	withJourney := map[string]bool{}
	for _, j := range page.Journeys {
		withJourney[j.AccountID] = true
	}
	var accountIDs []string
	for _, a := range accounts {
		if withJourney[a.ID] {
			page.Accounts = append(page.Accounts, a)
			accountIDs = append(accountIDs, a.ID)
		}
	}
	for _, c := range contacts {
		keep := c.AccountID != nil && withJourney[*c.AccountID]
		if scope.Level == journey.LevelContact {
			keep = inPage[c.ID]
		}
		if keep {
			page.Contacts = append(page.Contacts, c)
		}
	}
	histories, err := s.StageHistoriesByAccount(ctx, accountIDs)
	if err != nil {
		return page, err
	}
	for id, h := range histories {
		page.StageChanges[id] = stageChangesInWindow(h, scope)
	}
	return page, s.readOtherObjects(ctx, &page)
}

// readOtherObjects reads the accounts and contacts the page's touchpoints and
// contacts relate to that are not the page's own (ExportPage.OtherAccounts,
// OtherContacts): none unless a contact moved between accounts or works at
// one outside the scope.
func (s *Store) readOtherObjects(ctx context.Context, page *journey.ExportPage) error {
	ownAccounts, ownContacts := map[string]bool{}, map[string]bool{}
	for _, a := range page.Accounts {
		ownAccounts[a.ID] = true
	}
	for _, c := range page.Contacts {
		ownContacts[c.ID] = true
	}
	var accountIDs, contactIDs []string
	other := func(ids *[]string, own map[string]bool, id string) {
		if !own[id] {
			own[id] = true // asked for once
			*ids = append(*ids, id)
		}
	}
	for _, j := range page.Journeys {
		for _, t := range j.Touchpoints {
			other(&accountIDs, ownAccounts, t.AccountID)
			if t.ContactID != nil {
				other(&contactIDs, ownContacts, *t.ContactID)
			}
		}
	}
	if len(contactIDs) > 0 {
		contacts, err := s.ContactsByID(ctx, contactIDs)
		if err != nil {
			return err
		}
		slices.SortFunc(contacts, func(a, b journey.Contact) int { return cmp.Compare(a.ID, b.ID) })
		page.OtherContacts = contacts
	}
	for _, cs := range [][]journey.Contact{page.Contacts, page.OtherContacts} {
		for _, c := range cs {
			if c.AccountID != nil {
				other(&accountIDs, ownAccounts, *c.AccountID)
			}
		}
	}
	if len(accountIDs) > 0 {
		accounts, err := s.AccountsByID(ctx, accountIDs)
		if err != nil {
			return err
		}
		slices.SortFunc(accounts, func(a, b journey.Account) int { return cmp.Compare(a.ID, b.ID) })
		page.OtherAccounts = accounts
	}
	return nil
}

// stageChangesInWindow keeps an account's transitions in the scope's window,
// in (at, stage) order: the stage entries observed_stage_entries.cypher gives
// the analytics.
func stageChangesInWindow(history []journey.StageTransition, scope journey.AnalysisScope) []journey.StageTransition {
	out := make([]journey.StageTransition, 0, len(history))
	for _, t := range history {
		if (scope.From == nil || !t.At.Before(*scope.From)) && (scope.To == nil || t.At.Before(*scope.To)) {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b journey.StageTransition) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ToStageKey, b.ToStageKey))
	})
	return out
}
