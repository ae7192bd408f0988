package seed

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// AccountJourney is everything generated for one account. Generate produces
// one at a time, so a million touchpoints never sit in memory together.
type AccountJourney struct {
	Index    int // 0-based position in the data set
	Kind     Kind
	Account  journey.AccountInput
	Contacts []journey.ContactInput
	// Touchpoints are in strictly increasing OccurredAt order; every one has
	// AccountID set, most have a ContactID.
	Touchpoints []journey.TouchpointInput
	// StageChanges are in non-decreasing time order, each triggered by one of
	// Touchpoints.
	StageChanges []journey.StageChangeInput
}

// StageChangeSource is the Source of every generated stage change.
const StageChangeSource = "seed"

// Generate validates p and calls emit with each account's journey in index
// order, stopping at emit's first error. Account i's journey depends only on
// p.Seed, i and the per-account parameters, not on p.Accounts.
func Generate(p Params, emit func(AccountJourney) error) error {
	if err := p.Validate(time.Now()); err != nil {
		return err
	}
	for i := 0; i < p.Accounts; i++ {
		if err := emit(generateAccount(p, i)); err != nil {
			return err
		}
	}
	return nil
}

// AccountID is the id of the account at index (0-based).
func AccountID(index int) string { return fmt.Sprintf("acc-%06d", index+1) }

// touchpointSources maps each touchpoint type to the key of the technology
// that captures it (the first in Technologies), or, for types no technology
// captures, to a source named after the kind of system the data lives in.
var touchpointSources = func() map[string]string {
	out := make(map[string]string, len(TouchpointTypes))
	for _, tech := range Technologies {
		for _, key := range tech.CaptureKeys {
			if _, ok := out[key]; !ok {
				out[key] = tech.Key
			}
		}
	}
	for _, t := range TouchpointTypes {
		if _, ok := out[t.Key]; !ok {
			out[t.Key] = fallbackSource(t.SourceSystem)
		}
	}
	return out
}()

// fallbackSource names an uncaptured type's source after its source system;
// social posts nobody captures are what a social listening tool would find.
func fallbackSource(s journey.SourceSystem) string {
	if s == journey.SourceSocialPlatform {
		return "social_listening"
	}
	return strings.ToLower(string(s))
}

// SourceOf returns the source a generated touchpoint of type key carries.
func SourceOf(typeKey string) string { return touchpointSources[typeKey] }

// accountRNG is account index's own generator: seeded from (seed, index)
// through splitmix64 so neighbouring indexes get unrelated streams.
func accountRNG(seed int64, index int) *rand.Rand {
	a := splitmix64(uint64(seed))
	b := splitmix64(a ^ splitmix64(uint64(index)+0x632be59bd9b4e019))
	return rand.New(rand.NewPCG(a, b))
}

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// weighted is a small table to draw keys from with relative weights.
type weighted []struct {
	key string
	w   float64
}

func (t weighted) pick(rng *rand.Rand) string {
	total := 0.0
	for _, e := range t {
		total += e.w
	}
	x := rng.Float64() * total
	for _, e := range t {
		if x < e.w {
			return e.key
		}
		x -= e.w
	}
	return t[len(t)-1].key
}

func w(pairs ...any) weighted {
	t := make(weighted, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		t = append(t, struct {
			key string
			w   float64
		}{pairs[i].(string), toFloat(pairs[i+1])})
	}
	return t
}

func toFloat(v any) float64 {
	switch v := v.(type) {
	case int:
		return float64(v)
	case float64:
		return v
	}
	panic(fmt.Sprintf("weight %v is not a number", v))
}

// Touchpoint tables by moment of the journey.
var (
	// firstTouches identify a lead: someone fills a form, attends, or asks.
	firstTouches = w("website_visit", 4, "digital_ad_click", 2, "whitepaper_download", 1, "content_download", 3,
		"webinar_attendance", 2, "conference_attendance", 1, "tradeshow_visit", 1, "posted_question", 1, "newsletter_signup", 1, "blog_visit", 2)
	marketingTouches = w("website_visit", 6, "email_open", 6, "nurture_email", 6, "blog_visit", 3, "email_click", 3,
		"content_download", 2, "whitepaper_download", 1, "webinar_attendance", 1, "product_page_visit", 3, "testimonial_view", 1,
		"digital_ad_click", 2, "remarketing_ad_click", 2, "microsite_visit", 1, "search_result_click", 1, "direct_mail", 0.5,
		"text_message", 0.5, "conference_attendance", 0.3, "tradeshow_visit", 0.3, "sponsored_event", 0.3, "focus_group", 0.1,
		"posted_question", 0.5)
	engagementTouches = w("email_click", 3, "content_download", 3, "whitepaper_download", 2, "webinar_attendance", 2, "product_page_visit", 1)
	mqlTouches        = w("contact_us_form", 4, "content_download", 2, "webinar_attendance", 2, "whitepaper_download", 1)
	firstSalesTouches = w("outbound_call", 3, "outbound_email", 4)
	salesTouches      = w("outbound_email", 5, "inbound_email", 4, "outbound_call", 3, "inbound_call", 2, "in_person_meeting", 1,
		"networking_event", 0.3)
	// customerMarketing keeps existing customers informed.
	customerMarketing = w("nurture_email", 3, "email_open", 4, "email_click", 1, "webinar_attendance", 1, "blog_visit", 2, "website_visit", 2)
	usageExtras       = w("faq_visit", 3, "help_center_visit", 3, "role_change", 1, "share", 1)
	supportCalls      = w("support_call", 2, "technical_support_call", 1)
	reviewSites       = []string{"G2", "Capterra", "TrustRadius", "Gartner Peer Insights"}
	casePriorities    = []string{"low", "normal", "normal", "high", "urgent"}
)

// event is a touchpoint on the journey's own clock, in days since the first touch.
type event struct {
	day       float64
	typ       string
	contact   int // index into the account's contacts; -1 for account-level events
	value     float64
	hasValue  bool
	sentiment float64
	hasSent   bool
	attrs     map[string]any
	stage     string // the stage this touchpoint moves the account into, if any
}

type builder struct {
	rng    *rand.Rand
	roles  []journey.BuyingRole
	arr    float64
	events []event
}

func (b *builder) uniform(lo, hi float64) float64 { return lo + b.rng.Float64()*(hi-lo) }

func (b *builder) chance(p float64) bool { return b.rng.Float64() < p }

// between returns a day strictly inside (lo, hi), so fillers never tie with
// the milestones that bound their window.
func (b *builder) between(lo, hi float64) float64 { return lo + (hi-lo)*(0.001+0.998*b.rng.Float64()) }

func (b *builder) add(e event) { b.events = append(b.events, e) }

// touch adds an event; contact -1 means account-level.
func (b *builder) touch(day float64, typ string, contact int) {
	b.add(event{day: day, typ: typ, contact: contact})
}

func (b *builder) milestone(day float64, typ string, contact int, stage string) {
	b.add(event{day: day, typ: typ, contact: contact, stage: stage})
}

func (b *builder) valued(day float64, typ string, contact int, value float64, stage string) {
	b.add(event{day: day, typ: typ, contact: contact, value: money(value), hasValue: true, stage: stage})
}

func (b *builder) felt(day float64, typ string, contact int, sentiment float64, stage string, attrs map[string]any) {
	b.add(event{day: day, typ: typ, contact: contact, sentiment: math.Round(sentiment*100) / 100, hasSent: true, stage: stage, attrs: attrs})
}

func money(v float64) float64 { return math.Round(v*100) / 100 }

// contactWith picks a contact holding one of roles, falling back to the
// champion (contact 0), who exists in every account.
func (b *builder) contactWith(roles ...journey.BuyingRole) int {
	var matches [MaxContactsPerAccount*4/3 + 1]int
	n := 0
	for i, r := range b.roles {
		if slices.Contains(roles, r) {
			matches[n] = i
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return matches[b.rng.IntN(n)]
}

func (b *builder) anyContact() int { return b.rng.IntN(len(b.roles)) }

// Audiences by department.
var (
	buyingCommittee = []journey.BuyingRole{journey.RoleChampion, journey.RoleEconomicBuyer, journey.RoleDecisionMaker,
		journey.RoleTechnicalEvaluator, journey.RoleInfluencer}
	financeContacts = []journey.BuyingRole{journey.RoleEconomicBuyer, journey.RoleProcurement}
	productUsers    = []journey.BuyingRole{journey.RoleEndUser, journey.RoleUserAdmin, journey.RoleChampion,
		journey.RoleTechnicalEvaluator, journey.RoleInfluencer}
	supportContacts = []journey.BuyingRole{journey.RoleEndUser, journey.RoleUserAdmin, journey.RoleTechnicalEvaluator}
)

// marketingContact is a contact, or -1 for the anonymous-but-identified-by-IP
// visits marketing tools attribute to an account only.
func (b *builder) marketingContact(typ string) int {
	switch typ {
	case "website_visit", "digital_ad_click", "remarketing_ad_click", "blog_visit", "search_result_click", "product_page_visit", "microsite_visit":
		if b.chance(0.3) {
			return -1
		}
	}
	return b.anyContact()
}

// lostStops are the stages where lost journeys end, with their shares.
var lostStops = w("lead", 15, "prospect_1", 20, "prospect_2", 15, "mql", 20, "sql", 10, "opportunity", 10, "quote", 10)

var funnelOrder = []string{"lead", "prospect_1", "prospect_2", "mql", "sql", "opportunity", "quote", "customer"}

// GenerateAccount returns the journey of the account at index (0-based), the
// one Generate emits for it; p must be valid (Params.Validate). Accounts are
// independent of each other, so callers may generate them in parallel.
func GenerateAccount(p Params, index int) AccountJourney { return generateAccount(p, index) }

func generateAccount(p Params, index int) AccountJourney {
	rng := accountRNG(p.Seed, index)
	kind := pickKind(rng, p.Mix)
	acc, pace := newAccount(rng, index)
	contacts, roles := newContacts(rng, index, acc, p.ContactsPerAccount)
	b := &builder{rng: rng, roles: roles, arr: *acc.ARR}
	b.play(kind, pace)
	return b.finish(p, index, kind, acc, contacts)
}

func pickKind(rng *rand.Rand, m JourneyMix) Kind {
	s := m.shares()
	x := rng.Float64() * (s[0] + s[1] + s[2] + s[3])
	for i, share := range s {
		if x < share {
			return Kinds[i]
		}
		x -= share
	}
	// Rounding left x at the total: the last kind with a share.
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] > 0 {
			return Kinds[i]
		}
	}
	return KindLost
}

// newAccount returns the account and its pace: larger companies buy more slowly.
func newAccount(rng *rand.Rand, index int) (journey.AccountInput, float64) {
	name, domain := companyName(index)
	var seg journey.Segment
	var arr, pace float64
	switch x := rng.Float64(); {
	case x < 0.5:
		seg, arr, pace = journey.SegmentSMB, 6_000+rng.Float64()*24_000, 0.7
	case x < 0.85:
		seg, arr, pace = journey.SegmentMidMarket, 30_000+rng.Float64()*120_000, 1.0
	default:
		seg, arr, pace = journey.SegmentEnterprise, 150_000+rng.Float64()*750_000, 1.6
	}
	arr = math.Round(arr/100) * 100
	tier := "Tier 3"
	switch {
	case arr >= 250_000:
		tier = "Tier 1"
	case arr >= 50_000:
		tier = "Tier 2"
	}
	region := w("North America", 45, "EMEA", 35, "APAC", 15, "LATAM", 5).pick(rng)
	industry := industries[rng.IntN(len(industries))]
	return journey.AccountInput{
		ID: AccountID(index), Name: name, Domain: &domain, Industry: &industry,
		Segment: &seg, Region: &region, Tier: &tier, ARR: &arr,
	}, pace
}

// committeeSize draws between about 2/3 and 4/3 of the mean, at least 1.
func committeeSize(rng *rand.Rand, mean int) int {
	lo := max(1, (2*mean+1)/3)
	hi := max(lo, (4*mean+1)/3)
	return lo + rng.IntN(hi-lo+1)
}

var laterRoles = w(string(journey.RoleEndUser), 5, string(journey.RoleTechnicalEvaluator), 1, string(journey.RoleInfluencer), 1,
	string(journey.RoleProcurement), 0.7, string(journey.RoleDecisionMaker), 0.5)

func newContacts(rng *rand.Rand, index int, acc journey.AccountInput, mean int) ([]journey.ContactInput, []journey.BuyingRole) {
	n := committeeSize(rng, mean)
	contacts := make([]journey.ContactInput, n)
	roles := make([]journey.BuyingRole, n)
	used := make(map[string]bool, n)
	// Every committee has one champion and one economic buyer; then someone
	// evaluates and someone administers users; the rest are mostly users.
	fixed := []journey.BuyingRole{journey.RoleChampion, journey.RoleEconomicBuyer, journey.RoleTechnicalEvaluator, journey.RoleUserAdmin}
	for i := range contacts {
		role := journey.BuyingRole(laterRoles.pick(rng))
		if i < len(fixed) {
			role = fixed[i]
		}
		first := firstNames[rng.IntN(len(firstNames))]
		last := lastNames[rng.IntN(len(lastNames))]
		local := strings.ToLower(first + "." + last)
		for k := 2; used[local]; k++ {
			local = fmt.Sprintf("%s.%s%d", strings.ToLower(first), strings.ToLower(last), k)
		}
		used[local] = true
		titles := roleTitles[string(role)]
		title := titles[rng.IntN(len(titles))]
		accountID := acc.ID
		roles[i] = role
		contacts[i] = journey.ContactInput{
			ID:    fmt.Sprintf("con-%06d-%02d", index+1, i+1),
			Email: local + "@" + *acc.Domain, FirstName: &first, LastName: &last, Title: &title,
			Role: &roles[i], AccountID: &accountID,
		}
	}
	return contacts, roles
}

// play lays out the journey of one archetype on its own clock (days since the
// first touch): milestones first, each moving the account into a stage, then
// filler touchpoints inside the windows where they belong.
func (b *builder) play(kind Kind, pace float64) {
	stop := "customer"
	if kind == KindLost {
		stop = lostStops.pick(b.rng)
	}
	reaches := func(stage string) bool {
		return slices.Index(funnelOrder, stage) <= slices.Index(funnelOrder, stop)
	}

	// Before purchase: marketing identifies and warms the account.
	marketingDays := b.uniform(20, 120) * pace
	day := map[string]float64{
		"lead":       0,
		"prospect_1": marketingDays * b.uniform(0.15, 0.35),
		"prospect_2": marketingDays * b.uniform(0.45, 0.7),
		"mql":        marketingDays * b.uniform(0.8, 1.0),
	}
	// Sales: the first sales touch qualifies, the demo opens the deal, the proposal quotes it.
	salesDays := b.uniform(25, 90) * pace
	day["sql"] = day["mql"] + b.uniform(2, 14)
	day["opportunity"] = day["sql"] + salesDays*b.uniform(0.2, 0.4)
	day["quote"] = day["sql"] + salesDays*b.uniform(0.6, 0.85)
	purchaseOrder := day["sql"] + salesDays
	day["customer"] = purchaseOrder + b.uniform(1, 14)

	champion := 0
	b.milestone(0, firstTouches.pick(b.rng), b.anyContact(), "lead")
	if reaches("prospect_1") {
		b.milestone(day["prospect_1"], engagementTouches.pick(b.rng), b.anyContact(), "prospect_1")
	}
	if reaches("prospect_2") {
		// Several people of the account engage: prefer someone other than the champion.
		b.milestone(day["prospect_2"], engagementTouches.pick(b.rng), b.contactWith(buyingCommittee[1:]...), "prospect_2")
	}
	if reaches("mql") {
		b.milestone(day["mql"], mqlTouches.pick(b.rng), champion, "mql")
	}
	if reaches("sql") {
		b.milestone(day["sql"], firstSalesTouches.pick(b.rng), champion, "sql")
	}
	if reaches("opportunity") {
		b.milestone(day["opportunity"], "demo", b.contactWith(buyingCommittee...), "opportunity")
		if b.chance(0.5) {
			trial := b.between(day["opportunity"], day["opportunity"]+7)
			b.touch(trial, "trial_registration", b.contactWith(journey.RoleTechnicalEvaluator, journey.RoleChampion))
		}
	}
	if reaches("quote") {
		b.valued(day["quote"], "proposal", b.contactWith(journey.RoleEconomicBuyer, journey.RoleDecisionMaker), b.arr, "quote")
	}

	if kind == KindLost {
		// The account goes quiet: a fade-out of touches after its last stage.
		last := day[stop]
		end := last + b.uniform(10, 60)*pace
		b.fillMarketing(0.001, min(day["sql"], end), int(b.uniform(8, 25)*pace))
		if reaches("sql") {
			b.fillMarketing(day["sql"], end, int(b.uniform(1, 5)))
			b.fillSales(day["sql"], end, int(b.uniform(0.15, 0.3)*(end-day["sql"]))+1)
		}
		return
	}

	b.fillMarketing(0.001, day["sql"], int(b.uniform(12, 30)*pace))
	b.fillMarketing(day["sql"], day["customer"], int(b.uniform(2, 8)))
	b.fillSales(day["sql"], purchaseOrder, int(b.uniform(0.2, 0.35)*salesDays)+2)

	// Closing: finance touches.
	contract := day["customer"]
	b.valued(purchaseOrder, "purchase_order", b.contactWith(journey.RoleProcurement, journey.RoleEconomicBuyer), b.arr, "")
	b.add(event{day: contract, typ: "contract_signature", contact: b.contactWith(journey.RoleEconomicBuyer),
		value: money(b.arr), hasValue: true, stage: "customer", attrs: map[string]any{"termMonths": 12}})
	b.touch(contract+b.uniform(0.05, 1), "order_confirmation_email", b.contactWith(financeContacts...))
	b.valued(contract+b.uniform(1, 5), "invoice", -1, b.arr, "")

	b.customerLife(kind, contract, pace)
}

// customerLife plays everything after the contract signature.
func (b *builder) customerLife(kind Kind, contract, pace float64) {
	onboarding := contract + b.uniform(6, 12)
	adoption := onboarding + b.uniform(25, 80)*pace
	var life float64 // days from contract to the journey's last planned event
	switch kind {
	case KindChurned:
		life = max(b.uniform(150, 800), adoption-contract+60)
	case KindAdvocate:
		life = b.uniform(500, 1100)
	default:
		life = b.uniform(400, 1100)
	}
	end := contract + life

	users := b.usersOf()
	b.milestone(onboarding, "new_user_added", users[0], "onboarding")
	for _, u := range users[1:] {
		b.touch(b.between(onboarding, onboarding+45), "new_user_added", u)
	}
	b.milestone(adoption, "product_milestone", b.contactWith(journey.RoleChampion, journey.RoleUserAdmin), "adoption")

	// Churn signals: a bad support case marks the risk; usage and mood sink after it.
	risk := math.Inf(1)
	recovered := math.Inf(1)
	switch {
	case kind == KindChurned:
		risk = contract + life*b.uniform(0.6, 0.85)
		risk = max(risk, adoption+10)
	case b.chance(0.25):
		// A retained account with a scare it recovers from, well before its first renewal.
		risk = adoption + b.uniform(20, 120)
		recovered = risk + b.uniform(15, 60)
	}
	if !math.IsInf(risk, 1) {
		b.felt(risk, "case_opened", b.contactWith(supportContacts...), b.uniform(-0.95, -0.6), "churn_risk",
			map[string]any{"priority": "urgent"})
		b.felt(b.between(risk, risk+5), "case_closed", b.contactWith(supportContacts...), b.uniform(-0.7, -0.2), "", nil)
	}
	if !math.IsInf(recovered, 1) {
		b.milestone(recovered, "product_milestone", b.contactWith(journey.RoleChampion, journey.RoleUserAdmin), "adoption")
	}

	// Renewals each year while the account stays; churned accounts only renew before the risk shows.
	firstRenewal := math.Inf(1)
	for year := 1; contract+365*float64(year) < end; year++ {
		at := contract + 365*float64(year)
		if kind == KindChurned && at >= risk {
			break
		}
		stage := ""
		if year == 1 {
			stage, firstRenewal = "renewal", at
		}
		b.touch(at-b.uniform(20, 40), "sales_follow_up", b.contactWith(journey.RoleChampion, journey.RoleEconomicBuyer))
		b.valued(at, "renewal", b.contactWith(journey.RoleEconomicBuyer), b.arr, stage)
		b.valued(at+b.uniform(1, 5), "invoice", -1, b.arr, "")
	}

	usageEnd := end
	if kind == KindChurned {
		usageEnd = end - 1
	}
	b.fillUsage(kind, onboarding, usageEnd, risk, recovered, len(users))
	b.fillSupport(kind, onboarding, usageEnd, risk, recovered)
	b.fillMarketingFrom(customerMarketing, onboarding, usageEnd, int((usageEnd-onboarding)/45))
	for q := contract + 91; q < usageEnd; q += 91 {
		b.valued(q, "billing_statement", -1, b.arr/4, "")
	}
	if b.chance(0.3) {
		b.touch(b.between(onboarding, usageEnd), "accounts_receivable_call", b.contactWith(financeContacts...))
	}

	switch kind {
	case KindChurned:
		cancel := end
		if b.chance(0.5) {
			b.felt(b.between(risk, cancel), "tweet", b.anyContact(), b.uniform(-0.9, -0.4), "", nil)
		}
		b.milestone(cancel, "cancellation", b.contactWith(journey.RoleEconomicBuyer), "churned")
		if b.chance(0.5) {
			b.valued(cancel+b.uniform(3, 30), "refund", -1, b.arr*b.uniform(0.1, 0.5), "")
		}
		if b.chance(0.6) {
			b.review(b.between(risk, cancel+45), b.uniform(-1, -0.5), "")
		}
	case KindRetained, KindAdvocate:
		grownAfter := adoption // accounts buy more once they use the product, or once they recovered
		if !math.IsInf(recovered, 1) {
			grownAfter = recovered
		}
		for _, typ := range []string{"upsell", "cross_sell"} {
			if b.chance(0.35) {
				at := b.between(grownAfter, end)
				b.touch(at-b.uniform(5, 20), "sales_follow_up", b.contactWith(journey.RoleChampion))
				b.valued(at, typ, b.contactWith(journey.RoleEconomicBuyer), b.arr*b.uniform(0.1, 0.5), "")
			}
		}
		if kind == KindAdvocate {
			b.advocacy(max(firstRenewal, adoption), end)
		}
	}
}

// usersOf returns the contacts who use the product, champion first when no
// one else does.
func (b *builder) usersOf() []int {
	var users []int
	for i, r := range b.roles {
		if slices.Contains(productUsers, r) {
			users = append(users, i)
		}
	}
	// The economic buyer rarely logs in; a committee of one still has its champion.
	if len(users) == 0 {
		users = []int{0}
	}
	if i := slices.Index(users, 0); i > 0 {
		users[0], users[i] = users[i], users[0]
	}
	return users
}

// advocacy: the first positive review makes an advocate; shares and referrals follow.
func (b *builder) advocacy(after, end float64) {
	start := b.between(after, min(after+120, end))
	b.review(start, b.uniform(0.6, 1), "advocate")
	for range 1 + b.rng.IntN(3) {
		b.felt(b.between(start, end), "share", b.contactWith(productUsers...), b.uniform(0.4, 1), "", nil)
	}
	for range 1 + b.rng.IntN(2) {
		b.touch(b.between(start, end), "referral", b.contactWith(journey.RoleChampion, journey.RoleDecisionMaker))
	}
	if b.chance(0.5) {
		b.felt(b.between(start, end), w("tweet", 1, "facebook_post", 1).pick(b.rng), b.anyContact(), b.uniform(0.5, 1), "", nil)
	}
	if b.chance(0.3) {
		b.review(b.between(start, end), b.uniform(0.5, 1), "")
	}
}

// review is an online review whose star rating agrees with its sentiment.
func (b *builder) review(day, sentiment float64, stage string) {
	stars := int(math.Round(3 + 2*sentiment))
	b.felt(day, "online_review", b.contactWith(journey.RoleChampion, journey.RoleEndUser, journey.RoleUserAdmin), sentiment, stage,
		map[string]any{"rating": max(1, min(5, stars)), "site": reviewSites[b.rng.IntN(len(reviewSites))]})
}

func (b *builder) fillMarketing(from, to float64, n int) {
	for range n {
		typ := marketingTouches.pick(b.rng)
		b.touch(b.between(from, to), typ, b.marketingContact(typ))
	}
}

func (b *builder) fillMarketingFrom(t weighted, from, to float64, n int) {
	for range n {
		typ := t.pick(b.rng)
		b.touch(b.between(from, to), typ, b.marketingContact(typ))
	}
}

func (b *builder) fillSales(from, to float64, n int) {
	for range n {
		b.touch(b.between(from, to), salesTouches.pick(b.rng), b.contactWith(buyingCommittee...))
	}
}

// fillUsage adds logins (most followed by a logout within hours) and other
// in-product activity; usage halves once an account is at risk.
func (b *builder) fillUsage(kind Kind, from, to, risk, recovered float64, users int) {
	perWeek := b.uniform(0.15, 0.35) * math.Sqrt(float64(users))
	if kind == KindAdvocate {
		perWeek *= 1.3
	}
	logins := int((to - from) / 7 * perWeek)
	for range logins {
		at := b.between(from, to)
		if at > risk && at < recovered && b.chance(0.5) {
			continue
		}
		user := b.contactWith(productUsers...)
		b.touch(at, "product_login", user)
		if b.chance(0.6) {
			b.touch(min(at+b.uniform(0.01, 0.3), to), "product_logout", user)
		}
	}
	for range int((to - from) / 30) {
		b.touch(b.between(from, to), usageExtras.pick(b.rng), b.contactWith(productUsers...))
	}
	for range int((to - from) / 365 * 2) {
		typ := w("survey_completion", 1, "post_sale_survey", 1).pick(b.rng)
		at := b.between(from, to)
		b.felt(at, typ, b.contactWith(productUsers...), b.mood(kind, at, risk, recovered), "", nil)
	}
}

// fillSupport adds cases (each opened, then closed days later) and calls.
func (b *builder) fillSupport(kind Kind, from, to, risk, recovered float64) {
	for range int((to - from) / 60 * b.uniform(0.5, 1.5)) {
		at := b.between(from, to)
		who := b.contactWith(supportContacts...)
		mood := b.mood(kind, at, risk, recovered)
		b.felt(at, "case_opened", who, min(mood, b.uniform(-0.5, 0.2)), "",
			map[string]any{"priority": casePriorities[b.rng.IntN(len(casePriorities))]})
		b.felt(b.between(at, min(at+b.uniform(0.2, 7), to)), "case_closed", who, mood, "", nil)
	}
	for range int((to - from) / 120) {
		at := b.between(from, to)
		b.felt(at, supportCalls.pick(b.rng), b.contactWith(supportContacts...), b.mood(kind, at, risk, recovered), "", nil)
	}
}

// mood is the sentiment of feedback at a day: sour while at risk, fine otherwise.
func (b *builder) mood(kind Kind, at, risk, recovered float64) float64 {
	switch {
	case at > risk && at < recovered:
		return b.uniform(-0.9, -0.2)
	case kind == KindAdvocate:
		return b.uniform(0.2, 1)
	default:
		return b.uniform(-0.3, 0.8)
	}
}

// finish sorts the events and maps the journey's clock onto [Start, End]:
// placed at random inside the span when it fits, squeezed to fit when it is
// longer, at whole seconds, strictly increasing.
func (b *builder) finish(p Params, index int, kind Kind, acc journey.AccountInput, contacts []journey.ContactInput) AccountJourney {
	slices.SortStableFunc(b.events, func(x, y event) int { return cmp.Compare(x.day, y.day) })
	n := len(b.events)
	lastDay := b.events[n-1].day
	// Leave one second per event for the tie-breaking bumps below.
	available := p.End.Sub(p.Start).Seconds() - float64(n+1)
	planned := lastDay * 86400
	scale := 1.0
	if planned > available {
		scale = available / planned
	}
	offset := b.rng.Float64() * (available - planned*scale)

	out := AccountJourney{
		Index: index, Kind: kind, Account: acc, Contacts: contacts,
		Touchpoints: make([]journey.TouchpointInput, n),
	}
	source := StageChangeSource
	var prev int64 = -1
	for i, e := range b.events {
		sec := int64(offset + e.day*86400*scale)
		if sec <= prev {
			sec = prev + 1
		}
		prev = sec
		accountID := acc.ID
		tp := journey.TouchpointInput{
			Source:     touchpointSources[e.typ],
			ExternalID: fmt.Sprintf("%s-%04d", acc.ID, i+1),
			TypeKey:    e.typ,
			OccurredAt: p.Start.Add(time.Duration(sec) * time.Second).UTC(),
			AccountID:  &accountID,
			Attributes: e.attrs,
		}
		if e.contact >= 0 {
			id := contacts[e.contact].ID
			tp.ContactID = &id
		}
		if e.hasValue {
			v := e.value
			tp.Value = &v
		}
		if e.hasSent {
			s := e.sentiment
			tp.Sentiment = &s
		}
		out.Touchpoints[i] = tp
		if e.stage != "" {
			trigger := tp.ID()
			id := fmt.Sprintf("%s-stage-%02d", acc.ID, len(out.StageChanges)+1)
			out.StageChanges = append(out.StageChanges, journey.StageChangeInput{
				ID: &id, AccountID: acc.ID, StageKey: e.stage, At: tp.OccurredAt, Source: &source, TriggeredByID: &trigger,
			})
		}
	}
	return out
}
