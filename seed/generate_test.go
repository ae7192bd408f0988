package seed

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

func collect(t *testing.T, p Params) []AccountJourney {
	t.Helper()
	var out []AccountJourney
	if err := Generate(p, func(j AccountJourney) error { out = append(out, j); return nil }); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	if len(out) != p.Accounts {
		t.Fatalf("Generate emitted %d journeys, want %d", len(out), p.Accounts)
	}
	return out
}

func params(accounts int) Params {
	p := DefaultParams()
	p.Accounts = accounts
	return p
}

func hashJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

func TestGenerateIsDeterministic(t *testing.T) {
	p := params(300)
	first, second := hashJSON(t, collect(t, p)), hashJSON(t, collect(t, p))
	if first != second {
		t.Fatalf("same params gave different data: %s vs %s", first, second)
	}
	p.Seed = 2
	if other := hashJSON(t, collect(t, p)); other == first {
		t.Fatal("another seed gave the same data")
	}
}

func TestAccountJourneyDoesNotDependOnAccountCount(t *testing.T) {
	few, many := collect(t, params(10)), collect(t, params(100))
	for i := range few {
		if hashJSON(t, few[i]) != hashJSON(t, many[i]) {
			t.Fatalf("account %d differs between a run of 10 and a run of 100", i)
		}
	}
}

func TestGeneratedInputsPassTheirValidatorsUnchanged(t *testing.T) {
	now := time.Now()
	for _, j := range collect(t, params(3000)) {
		// Normalize canonicalises (trims, lower-cases); the generator should
		// already produce canonical data, so normalizing must change nothing.
		before := hashJSON(t, j)
		if err := j.Account.Normalize("account"); err != nil {
			t.Fatalf("%s: %v", j.Account.ID, err)
		}
		for i := range j.Contacts {
			if err := j.Contacts[i].Normalize("contact"); err != nil {
				t.Fatalf("%s: %v", j.Contacts[i].ID, err)
			}
		}
		for i := range j.Touchpoints {
			if err := j.Touchpoints[i].Normalize("touchpoint", now); err != nil {
				t.Fatalf("%s: %v", j.Touchpoints[i].ID(), err)
			}
		}
		for i := range j.StageChanges {
			if err := j.StageChanges[i].Normalize("stageChange", now); err != nil {
				t.Fatalf("%s: %v", j.StageChanges[i].TransitionID(), err)
			}
		}
		if after := hashJSON(t, j); after != before {
			t.Fatalf("%s: Normalize changed the generated data", j.Account.ID)
		}
	}
}

func TestGeneratedKeysExistInCatalog(t *testing.T) {
	types := map[string]journey.TouchpointType{}
	for _, tt := range TouchpointTypes {
		types[tt.Key] = tt
	}
	stages := map[string]bool{}
	for _, s := range Stages {
		stages[s.Key] = true
	}
	capturers := map[string][]string{} // type -> technologies capturing it
	for _, tech := range Technologies {
		for _, k := range tech.CaptureKeys {
			capturers[k] = append(capturers[k], tech.Key)
		}
	}
	seenTypes := map[string]bool{}
	for _, j := range collect(t, params(2000)) {
		for _, tp := range j.Touchpoints {
			tt, ok := types[tp.TypeKey]
			if !ok {
				t.Fatalf("%s: type %q is not in the catalog", tp.ExternalID, tp.TypeKey)
			}
			seenTypes[tp.TypeKey] = true
			if techs := capturers[tp.TypeKey]; len(techs) > 0 {
				if tp.Source != techs[0] {
					t.Fatalf("%s: %s has source %q, want the first capturing technology %q", tp.ExternalID, tp.TypeKey, tp.Source, techs[0])
				}
			} else {
				want := strings.ToLower(string(tt.SourceSystem))
				if tt.SourceSystem == journey.SourceSocialPlatform {
					want = "social_listening"
				}
				if tp.Source != want {
					t.Fatalf("%s: uncaptured %s has source %q, want %q", tp.ExternalID, tp.TypeKey, tp.Source, want)
				}
			}
		}
		for _, sc := range j.StageChanges {
			if !stages[sc.StageKey] {
				t.Fatalf("%s: stage %q is not in the catalog", j.Account.ID, sc.StageKey)
			}
		}
	}
	// online_review and posted_question are captured by no technology: they must
	// still appear (they are what a gap analysis finds).
	for _, key := range []string{"online_review", "posted_question", "contract_signature", "product_login", "cancellation", "referral"} {
		if !seenTypes[key] {
			t.Errorf("no %s generated in 2000 accounts", key)
		}
	}
}

// rulesCheck holds what the business rules need about the catalog.
type rulesCheck struct {
	category map[string]journey.Category
	phase    map[string]journey.Phase
	order    map[string]int
}

func newRulesCheck() rulesCheck {
	r := rulesCheck{category: map[string]journey.Category{}, phase: map[string]journey.Phase{}, order: map[string]int{}}
	for _, tt := range TouchpointTypes {
		r.category[tt.Key], r.phase[tt.Key] = tt.Category, tt.Phase
	}
	for _, s := range Stages {
		r.order[s.Key] = s.Order
	}
	return r
}

// check returns the first broken rule of one journey, or nil.
func (r rulesCheck) check(p Params, j AccountJourney) error {
	tps := j.Touchpoints
	if len(tps) == 0 {
		return errors.New("no touchpoints")
	}
	contacts := map[string]bool{}
	for _, c := range j.Contacts {
		contacts[c.ID] = true
		if !strings.HasSuffix(c.Email, "@"+*j.Account.Domain) {
			return fmt.Errorf("contact %s email %s is not at %s", c.ID, c.Email, *j.Account.Domain)
		}
	}
	byID := map[string]journey.TouchpointInput{}
	firstSales, contract := -1, -1
	for i, tp := range tps {
		byID[tp.ID()] = tp
		if tp.OccurredAt.Before(p.Start) || tp.OccurredAt.After(p.End) {
			return fmt.Errorf("%s at %s is outside the span", tp.ExternalID, tp.OccurredAt)
		}
		if i > 0 && !tp.OccurredAt.After(tps[i-1].OccurredAt) {
			return fmt.Errorf("%s is not after %s", tp.ExternalID, tps[i-1].ExternalID)
		}
		if tp.AccountID == nil || *tp.AccountID != j.Account.ID {
			return fmt.Errorf("%s has account %v", tp.ExternalID, tp.AccountID)
		}
		if tp.ContactID != nil && !contacts[*tp.ContactID] {
			return fmt.Errorf("%s has contact %s of another account", tp.ExternalID, *tp.ContactID)
		}
		cat := r.category[tp.TypeKey]
		if cat == journey.CategorySales && firstSales < 0 {
			firstSales = i
		}
		if cat == journey.CategoryFinance && (firstSales < 0 || firstSales > i) {
			return fmt.Errorf("finance touch %s (%s) before the first sales touch", tp.ExternalID, tp.TypeKey)
		}
		if tp.TypeKey == "contract_signature" {
			if contract >= 0 {
				return errors.New("two contract signatures")
			}
			contract = i
		}
		if cat == journey.CategoryProduct && tp.TypeKey != "trial_registration" && contract < 0 {
			return fmt.Errorf("product usage %s (%s) before any contract", tp.ExternalID, tp.TypeKey)
		}
	}
	if first := tps[0]; (r.category[first.TypeKey] != journey.CategoryMarketing && r.category[first.TypeKey] != journey.CategorySocial) ||
		r.phase[first.TypeKey] != journey.PhaseBeforePurchase {
		return fmt.Errorf("first touch is %s", first.TypeKey)
	}

	scs := j.StageChanges
	if len(scs) == 0 || scs[0].StageKey != "lead" || scs[0].TriggeredByID == nil || *scs[0].TriggeredByID != tps[0].ID() {
		return errors.New("the first stage change is not lead at the first touch")
	}
	reached := map[string]bool{}
	for i, sc := range scs {
		if i > 0 && sc.At.Before(scs[i-1].At) {
			return fmt.Errorf("stage %s goes back in time", sc.StageKey)
		}
		trigger, ok := byID[*sc.TriggeredByID]
		if !ok || !trigger.OccurredAt.Equal(sc.At) {
			return fmt.Errorf("stage %s is not at its triggering touchpoint", sc.StageKey)
		}
		// The funnel up to customer is entered in its designed order, once.
		if r.order[sc.StageKey] <= r.order["customer"] && i > 0 && r.order[sc.StageKey] <= r.order[scs[i-1].StageKey] {
			return fmt.Errorf("funnel stage %s after %s", sc.StageKey, scs[i-1].StageKey)
		}
		wantTrigger := map[string]string{"opportunity": "demo", "quote": "proposal", "customer": "contract_signature",
			"onboarding": "new_user_added", "renewal": "renewal", "churned": "cancellation"}[sc.StageKey]
		if wantTrigger != "" && trigger.TypeKey != wantTrigger {
			return fmt.Errorf("stage %s triggered by %s, want %s", sc.StageKey, trigger.TypeKey, wantTrigger)
		}
		switch sc.StageKey {
		case "sql":
			if trigger.ID() != tps[firstSales].ID() {
				return fmt.Errorf("sql triggered by %s, not by the first sales touch %s", trigger.ExternalID, tps[firstSales].ExternalID)
			}
		case "churn_risk":
			if trigger.Sentiment == nil || *trigger.Sentiment >= 0 {
				return errors.New("churn risk without a negative signal")
			}
		case "advocate":
			for _, tp := range tps {
				if tp.ID() == trigger.ID() {
					break
				}
				if tp.TypeKey == "referral" || (tp.TypeKey == "online_review" && *tp.Sentiment > 0) {
					return fmt.Errorf("advocate stage at %s, after an earlier %s", trigger.ExternalID, tp.ExternalID)
				}
			}
			if trigger.TypeKey != "referral" && (trigger.TypeKey != "online_review" || *trigger.Sentiment <= 0) {
				return fmt.Errorf("advocate stage triggered by %s", trigger.TypeKey)
			}
		}
		reached[sc.StageKey] = true
	}
	last := scs[len(scs)-1].StageKey
	has := func(typ string) bool {
		return slices.ContainsFunc(tps, func(tp journey.TouchpointInput) bool { return tp.TypeKey == typ })
	}
	positiveReviews := slices.ContainsFunc(tps, func(tp journey.TouchpointInput) bool {
		return tp.TypeKey == "online_review" && *tp.Sentiment > 0
	})
	switch j.Kind {
	case KindLost:
		if reached["customer"] || contract >= 0 || r.order[last] >= r.order["customer"] {
			return fmt.Errorf("lost journey reached %s", last)
		}
	case KindChurned:
		if !has("cancellation") || last != "churned" || !reached["churn_risk"] || positiveReviews {
			return fmt.Errorf("churned journey ends in %s (cancellation %v, churn risk %v)", last, has("cancellation"), reached["churn_risk"])
		}
	case KindRetained:
		if !reached["renewal"] || reached["churned"] || has("cancellation") || reached["advocate"] || positiveReviews {
			return fmt.Errorf("retained journey: stages %v", reached)
		}
	case KindAdvocate:
		if !reached["renewal"] || !reached["advocate"] || reached["churned"] || has("cancellation") {
			return fmt.Errorf("advocate journey: stages %v", reached)
		}
	}
	if j.Kind != KindLost {
		for _, want := range []string{"customer", "onboarding", "adoption"} {
			if !reached[want] {
				return fmt.Errorf("%s journey never reached %s", j.Kind, want)
			}
		}
		for _, typ := range []string{"purchase_order", "invoice"} {
			if !has(typ) {
				return fmt.Errorf("%s journey without %s", j.Kind, typ)
			}
		}
	}
	return nil
}

func TestJourneysFollowTheBusinessRules(t *testing.T) {
	r := newRulesCheck()
	p := params(2000)
	for _, j := range collect(t, p) {
		if err := r.check(p, j); err != nil {
			t.Fatalf("%s (%s): %v", j.Account.ID, j.Kind, err)
		}
	}
}

// A span much shorter than a journey squeezes it instead of cutting it off.
func TestShortSpanSqueezesJourneys(t *testing.T) {
	r := newRulesCheck()
	p := params(300)
	p.Start = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	p.End = p.Start.Add(48 * time.Hour)
	for _, j := range collect(t, p) {
		if err := r.check(p, j); err != nil {
			t.Fatalf("%s (%s): %v", j.Account.ID, j.Kind, err)
		}
	}
}

func TestEveryKindHasMostlyContactTouchesAndSomeAccountLevelOnes(t *testing.T) {
	withContact, total := 0, 0
	for _, j := range collect(t, params(500)) {
		for _, tp := range j.Touchpoints {
			total++
			if tp.ContactID != nil {
				withContact++
			}
		}
	}
	share := float64(withContact) / float64(total)
	if share < 0.6 || share > 0.98 {
		t.Fatalf("%.2f of touchpoints have a contact, want most but not all", share)
	}
}

func TestFinanceValuesFollowARRAndFeedbackCarriesSentiment(t *testing.T) {
	for _, j := range collect(t, params(300)) {
		arr := *j.Account.ARR
		for _, tp := range j.Touchpoints {
			switch tp.TypeKey {
			case "invoice", "contract_signature", "renewal", "proposal", "purchase_order":
				if tp.Value == nil || math.Abs(*tp.Value-arr) > 0.01 {
					t.Fatalf("%s %s value %v, want the ARR %v", tp.ExternalID, tp.TypeKey, tp.Value, arr)
				}
			case "refund", "upsell", "cross_sell":
				if tp.Value == nil || *tp.Value <= 0 || *tp.Value > arr {
					t.Fatalf("%s %s value %v, want a part of the ARR %v", tp.ExternalID, tp.TypeKey, tp.Value, arr)
				}
			case "online_review", "case_opened", "case_closed", "survey_completion", "post_sale_survey":
				if tp.Sentiment == nil {
					t.Fatalf("%s %s has no sentiment", tp.ExternalID, tp.TypeKey)
				}
			}
			if tp.TypeKey == "online_review" {
				rating := tp.Attributes["rating"].(int)
				if (*tp.Sentiment > 0) != (rating >= 4) {
					t.Fatalf("%s: review rated %d with sentiment %v", tp.ExternalID, rating, *tp.Sentiment)
				}
			}
		}
	}
}

func TestMixSharesMatchParams(t *testing.T) {
	// With n = 2000 a share p has a standard deviation of sqrt(p(1-p)/n) <= 0.0112,
	// so 0.04 is more than 3.5 standard deviations: a wrong mix fails, noise does not.
	const n, tolerance = 2000, 0.04
	for _, mix := range []JourneyMix{DefaultMix, {Lost: 1, Churned: 1, Retained: 1, Advocate: 1}, {Lost: 0, Churned: 0.7, Retained: 0, Advocate: 0.3}} {
		p := params(n)
		p.Mix = mix
		counts := map[Kind]int{}
		for _, j := range collect(t, p) {
			counts[j.Kind]++
		}
		for _, k := range Kinds {
			got, want := float64(counts[k])/n, mix.Share(k)
			if math.Abs(got-want) > tolerance {
				t.Errorf("mix %s: %s share %.3f, want %.3f ± %.2f", mix, k, got, want, tolerance)
			}
			if want == 0 && counts[k] != 0 {
				t.Errorf("mix %s: %d %s journeys, want none", mix, counts[k], k)
			}
		}
	}
}

// The 1M-touchpoint benchmark is sized from this average.
func TestTouchpointsPerAccountForSizing(t *testing.T) {
	total := 0
	perKind, accounts := map[Kind]int{}, map[Kind]int{}
	for _, j := range collect(t, params(2000)) {
		total += len(j.Touchpoints)
		perKind[j.Kind] += len(j.Touchpoints)
		accounts[j.Kind]++
	}
	avg := float64(total) / 2000
	for _, k := range Kinds {
		t.Logf("%-8s %4d accounts, %.1f touchpoints each", k, accounts[k], float64(perKind[k])/float64(accounts[k]))
	}
	t.Logf("average %.1f touchpoints per account: 1,000,000 touchpoints need about %d accounts", avg, int(math.Ceil(1e6/avg)))
	if avg < 100 || avg > 200 {
		t.Fatalf("average %.1f touchpoints per account, want 100–200 with the default parameters", avg)
	}
}

func TestCommitteeSizeVariesAroundTheMean(t *testing.T) {
	// Worked out by hand from "about 2/3 to 4/3 of the mean, at least 1".
	for _, tc := range []struct{ mean, lo, hi int }{{1, 1, 1}, {3, 2, 4}, {6, 4, 8}, {50, 33, 67}} {
		p := params(1000)
		p.ContactsPerAccount = tc.mean
		sizes := map[int]int{}
		total := 0
		roles := func(j AccountJourney, role journey.BuyingRole) int {
			n := 0
			for _, c := range j.Contacts {
				if *c.Role == role {
					n++
				}
			}
			return n
		}
		for _, j := range collect(t, p) {
			sizes[len(j.Contacts)]++
			total += len(j.Contacts)
			if roles(j, journey.RoleChampion) != 1 {
				t.Fatalf("mean %d: %s has %d champions", tc.mean, j.Account.ID, roles(j, journey.RoleChampion))
			}
			if len(j.Contacts) > 1 && roles(j, journey.RoleEconomicBuyer) != 1 {
				t.Fatalf("mean %d: %s has %d economic buyers", tc.mean, j.Account.ID, roles(j, journey.RoleEconomicBuyer))
			}
		}
		for size := range sizes {
			if size < tc.lo || size > tc.hi {
				t.Errorf("mean %d: committee of %d, want %d..%d", tc.mean, size, tc.lo, tc.hi)
			}
		}
		if sizes[tc.lo] == 0 || sizes[tc.hi] == 0 {
			t.Errorf("mean %d: sizes %v never reach both ends %d and %d", tc.mean, sizes, tc.lo, tc.hi)
		}
		if mean := float64(total) / 1000; math.Abs(mean-float64(tc.mean)) > 0.1*float64(tc.mean)+0.05 {
			t.Errorf("mean %d: actual mean %.2f", tc.mean, mean)
		}
	}
}

func TestIDsAreStableAndUnique(t *testing.T) {
	journeys := collect(t, params(3000))
	first := journeys[0]
	if first.Account.ID != "acc-000001" || first.Contacts[0].ID != "con-000001-01" ||
		first.Touchpoints[0].ExternalID != "acc-000001-0001" || first.StageChanges[0].TransitionID() != "acc-000001-stage-01" {
		t.Fatalf("first ids: %s %s %s %s", first.Account.ID, first.Contacts[0].ID, first.Touchpoints[0].ExternalID, first.StageChanges[0].TransitionID())
	}
	seen := map[string]string{}
	unique := func(kind, id string) {
		if prev, dup := seen[kind+" "+id]; dup {
			t.Fatalf("%s %s used twice (%s)", kind, id, prev)
		}
		seen[kind+" "+id] = id
	}
	for _, j := range journeys {
		unique("account", j.Account.ID)
		unique("domain", *j.Account.Domain)
		for _, c := range j.Contacts {
			unique("contact", c.ID)
			unique("email", c.Email)
		}
		for _, tp := range j.Touchpoints {
			unique("touchpoint", tp.ID())
		}
		for _, sc := range j.StageChanges {
			unique("transition", sc.TransitionID())
		}
	}
}

func TestCompanyDomainsAreUniqueBeyondTheWordCombinations(t *testing.T) {
	combos := len(companyPrefixes) * len(companyNouns) * len(companyTLDs)
	seen := map[string]int{}
	for i := range 2*combos + 10 {
		_, domain := companyName(i)
		if prev, dup := seen[domain]; dup {
			t.Fatalf("accounts %d and %d share %s", prev, i, domain)
		}
		seen[domain] = i
	}
}

func TestGenerateStopsAtTheFirstEmitError(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := Generate(params(50), func(AccountJourney) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Fatalf("err %v after %d calls, want stop after 3", err, calls)
	}
}

func TestParamsValidateReportsEveryProblem(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	good := DefaultParams()
	good.End = now
	if err := good.Validate(now); err != nil {
		t.Fatalf("good params: %v", err)
	}
	if err := DefaultParams().Validate(time.Now()); err != nil {
		t.Fatalf("DefaultParams: %v", err)
	}
	for name, tc := range map[string]struct {
		change func(*Params)
		want   []string
	}{
		"no accounts":       {func(p *Params) { p.Accounts = 0 }, []string{"accounts must be between 1 and"}},
		"no contacts":       {func(p *Params) { p.ContactsPerAccount = 0 }, []string{"contacts per account"}},
		"huge committee":    {func(p *Params) { p.ContactsPerAccount = 51 }, []string{"contacts per account"}},
		"end before start":  {func(p *Params) { p.End = p.Start.Add(-time.Hour) }, []string{"must be at least 24h0m0s after start"}},
		"future end":        {func(p *Params) { p.End = now.Add(time.Hour) }, []string{"is in the future"}},
		"missing start":     {func(p *Params) { p.Start = time.Time{} }, []string{"start and end are required"}},
		"negative share":    {func(p *Params) { p.Mix.Churned = -1 }, []string{"share of churned must be a non-negative"}},
		"all shares zero":   {func(p *Params) { p.Mix = JourneyMix{} }, []string{"at least one journey kind"}},
		"several at once":   {func(p *Params) { p.Accounts, p.ContactsPerAccount, p.Mix = -1, 0, JourneyMix{} }, []string{"accounts", "contacts", "mix"}},
		"before unix epoch": {func(p *Params) { p.Start = time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC) }, []string{"before 1970"}},
	} {
		p := good
		tc.change(&p)
		err := p.Validate(now)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q does not mention %q", name, err, want)
			}
		}
	}
	if err := Generate(Params{}, func(AccountJourney) error { return nil }); err == nil {
		t.Fatal("Generate accepted zero params")
	}
}

func TestParseMix(t *testing.T) {
	m, err := ParseMix(DefaultMix.String())
	if err != nil || m != DefaultMix {
		t.Fatalf("round trip of %s: %v, %v", DefaultMix, m, err)
	}
	m, err = ParseMix(" Churned = 3 , advocate=1")
	if err != nil || m != (JourneyMix{Churned: 3, Advocate: 1}) || m.Share(KindChurned) != 0.75 {
		t.Fatalf("partial mix: %+v, %v", m, err)
	}
	for _, bad := range []string{"", "lost", "won=1", "lost=x", "lost=-1", "lost=0,churned=0"} {
		if _, err := ParseMix(bad); err == nil {
			t.Errorf("ParseMix(%q) accepted", bad)
		}
	}
}

// The rules check itself must catch broken journeys, or the test above proves nothing.
func TestRulesCheckRejectsBrokenJourneys(t *testing.T) {
	r := newRulesCheck()
	p := params(40)
	var churned, lost AccountJourney
	for _, j := range collect(t, p) {
		switch {
		case j.Kind == KindChurned && churned.Account.ID == "":
			churned = j
		case j.Kind == KindLost && lost.Account.ID == "":
			lost = j
		}
	}
	if err := r.check(p, churned); err != nil {
		t.Fatalf("the unbroken journey fails: %v", err)
	}
	clone := func(j AccountJourney) AccountJourney {
		j.Touchpoints = slices.Clone(j.Touchpoints)
		j.StageChanges = slices.Clone(j.StageChanges)
		return j
	}
	indexOf := func(j AccountJourney, typ string) int {
		return slices.IndexFunc(j.Touchpoints, func(tp journey.TouchpointInput) bool { return tp.TypeKey == typ })
	}
	for name, breakIt := range map[string]func() AccountJourney{
		"out of order": func() AccountJourney {
			j := clone(churned)
			j.Touchpoints[1], j.Touchpoints[2] = j.Touchpoints[2], j.Touchpoints[1]
			return j
		},
		"invoice first": func() AccountJourney {
			j := clone(churned)
			j.Touchpoints[indexOf(j, "invoice")].OccurredAt = j.Touchpoints[0].OccurredAt.Add(-time.Hour)
			slices.SortFunc(j.Touchpoints, func(a, b journey.TouchpointInput) int { return a.OccurredAt.Compare(b.OccurredAt) })
			return j
		},
		"login before contract": func() AccountJourney {
			j := clone(churned)
			j.Touchpoints[indexOf(j, "contract_signature")].TypeKey = "product_login"
			return j
		},
		"churned without cancellation": func() AccountJourney {
			j := clone(churned)
			j.StageChanges = j.StageChanges[:len(j.StageChanges)-1]
			return j
		},
		"lost that bought": func() AccountJourney {
			j := clone(lost)
			j.Touchpoints[len(j.Touchpoints)-1].TypeKey = "contract_signature"
			return j
		},
		"outside the span": func() AccountJourney {
			j := clone(churned)
			j.Touchpoints[len(j.Touchpoints)-1].OccurredAt = p.End.Add(time.Second)
			return j
		},
	} {
		if err := r.check(p, breakIt()); err == nil {
			t.Errorf("%s: not caught", name)
		}
	}
}
