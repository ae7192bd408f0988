package journey

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// The designed journey (blueprint): what the company intends to happen at each
// stage, who owns each touchpoint, how customers feel, and which technology
// records what. Architects compare it with the observed journeys.

// TechnologyCategory is the kind of a technology in the martech stack.
type TechnologyCategory string

const (
	TechCRM                 TechnologyCategory = "CRM"
	TechMarketingAutomation TechnologyCategory = "MARKETING_AUTOMATION"
	TechEmailService        TechnologyCategory = "EMAIL_SERVICE"
	TechWebinar             TechnologyCategory = "WEBINAR"
	TechERPFinance          TechnologyCategory = "ERP_FINANCE"
	TechSupportDesk         TechnologyCategory = "SUPPORT_DESK"
	TechCDP                 TechnologyCategory = "CDP"
	TechSocialManagement    TechnologyCategory = "SOCIAL_MANAGEMENT"
	TechProductAnalytics    TechnologyCategory = "PRODUCT_ANALYTICS"
	TechSurvey              TechnologyCategory = "SURVEY"
	TechAdvertising         TechnologyCategory = "ADVERTISING"
	TechESignature          TechnologyCategory = "E_SIGNATURE"
	TechConversationIntel   TechnologyCategory = "CONVERSATION_INTELLIGENCE"
	TechEventManagement     TechnologyCategory = "EVENT_MANAGEMENT"
	TechReviewPlatform      TechnologyCategory = "REVIEW_PLATFORM"
	TechOther               TechnologyCategory = "OTHER"
)

// TechnologyCategories lists every category.
var TechnologyCategories = []TechnologyCategory{TechCRM, TechMarketingAutomation, TechEmailService, TechWebinar,
	TechERPFinance, TechSupportDesk, TechCDP, TechSocialManagement, TechProductAnalytics, TechSurvey, TechAdvertising,
	TechESignature, TechConversationIntel, TechEventManagement, TechReviewPlatform, TechOther}

// Emotion is how a customer feels at a stage, from most positive to most negative.
type Emotion string

const (
	EmotionDelighted  Emotion = "DELIGHTED"
	EmotionConfident  Emotion = "CONFIDENT"
	EmotionCurious    Emotion = "CURIOUS"
	EmotionNeutral    Emotion = "NEUTRAL"
	EmotionUncertain  Emotion = "UNCERTAIN"
	EmotionAnxious    Emotion = "ANXIOUS"
	EmotionFrustrated Emotion = "FRUSTRATED"
)

// Emotions lists the emotions from most positive to most negative.
var Emotions = []Emotion{EmotionDelighted, EmotionConfident, EmotionCurious, EmotionNeutral, EmotionUncertain, EmotionAnxious, EmotionFrustrated}

// Valence places an emotion on a scale from 3 (delighted) to −3 (frustrated).
func (e Emotion) Valence() int {
	i := slices.Index(Emotions, e)
	if i < 0 {
		return 0
	}
	return 3 - i
}

// DiagramFormat is the text format of journeyMapDiagram.
type DiagramFormat string

const (
	DiagramMermaid DiagramFormat = "MERMAID"
	DiagramDOT     DiagramFormat = "DOT"
)

// Rating bounds: importance and performance are rated on a 1–5 scale.
const (
	RatingMin = 1.0
	RatingMax = 5.0
)

// DataField is a piece of data a touchpoint creates and technologies store,
// e.g. `email` or `company_size`.
type DataField struct {
	Key         string
	Name        string
	Description *string
}

// Integration is a designed data flow: the fields that flow from one
// technology to another.
type Integration struct {
	FromKey   string
	ToKey     string
	FieldKeys []string
	// Scenario is the what-if stack the flow belongs to, nil for the stack
	// in the graph; its ends are then that stack's technologies.
	Scenario *Blueprint
}

// Rating is one aspect (importance or performance) of a touchpoint as rated
// internally and by customers, each 1–5 or unknown.
type Rating struct {
	Internal *float64
	Customer *float64
}

// Gap is internal minus customer rating, or nil when either is unknown.
func (r Rating) Gap() *float64 {
	if r.Internal == nil || r.Customer == nil {
		return nil
	}
	g := math.Round((*r.Internal-*r.Customer)*100) / 100
	return &g
}

// TouchpointOwner is who delivers a touchpoint.
type TouchpointOwner struct {
	Department *Department
	Team       *string
	Region     *string
}

// CollectedField is a data field a touchpoint creates; AskedOfCustomer is
// true when the customer has to enter it (a form field, a question), which is
// what makes collecting it twice friction.
type CollectedField struct {
	Field           *DataField
	AskedOfCustomer bool
}

// TouchpointDesign is the blueprint of one touchpoint type.
type TouchpointDesign struct {
	Type        *TouchpointType
	Owner       TouchpointOwner
	Importance  Rating
	Performance Rating
	DataFields  []CollectedField
	// Technologies capture this type, by name.
	Technologies []*Technology
}

// ExpectedTouchpoint is a touchpoint type designed into a stage; a non-nil
// MomentOfTruth says why the relationship is made or broken there.
type ExpectedTouchpoint struct {
	Type          *TouchpointType
	MomentOfTruth *string
}

// StageDesign is the blueprint of one stage.
type StageDesign struct {
	Stage           *Stage
	Doing           *string
	Feeling         *string
	Wanting         *string
	DesiredEmotion  *Emotion
	ObservedEmotion *Emotion
	PainPoints      []string
	// ExpectedTouchpoints in catalog order.
	ExpectedTouchpoints []ExpectedTouchpoint
	// AllowedNextStages: the next stage in the designed order, then the
	// designed exceptions (MAY_MOVE_TO), by order.
	AllowedNextStages []*Stage
}

// Blueprint is a consistent snapshot of the whole design, small enough to
// analyse in memory (tens of stages and technologies, ~100 types).
type Blueprint struct {
	Stages       []StageDesign // designed order
	Types        []TouchpointDesign
	Technologies []*Technology // by name
	Vendors      []Vendor
	DataFields   []DataField
	Integrations []Integration
}

// Type returns the design of the touchpoint type key, or nil.
func (b *Blueprint) Type(key string) *TouchpointDesign {
	for i := range b.Types {
		if b.Types[i].Type.Key == key {
			return &b.Types[i]
		}
	}
	return nil
}

// Technology returns the technology key, or nil.
func (b *Blueprint) Technology(key string) *Technology {
	for _, t := range b.Technologies {
		if t.Key == key {
			return t
		}
	}
	return nil
}

// Stage returns the design of stage key, or nil.
func (b *Blueprint) Stage(key string) *StageDesign {
	for i := range b.Stages {
		if b.Stages[i].Stage.Key == key {
			return &b.Stages[i]
		}
	}
	return nil
}

// Vendor returns the vendor key, or nil.
func (b *Blueprint) Vendor(key string) *Vendor {
	for i := range b.Vendors {
		if b.Vendors[i].Key == key {
			return &b.Vendors[i]
		}
	}
	return nil
}

// DataField returns the field key, or nil.
func (b *Blueprint) DataField(key string) *DataField {
	for i := range b.DataFields {
		if b.DataFields[i].Key == key {
			return &b.DataFields[i]
		}
	}
	return nil
}

// ObservationWindow bounds observed touchpoints by occurredAt: From
// inclusive, To exclusive; nil means unbounded.
type ObservationWindow struct {
	From *time.Time
	To   *time.Time
}

// Validate checks that the window is not empty.
func (w *ObservationWindow) Validate(field string) error {
	if w != nil && w.From != nil && w.To != nil && !w.From.Before(*w.To) {
		return Invalid(field, "from must be before to")
	}
	return nil
}

// Bounds returns the window as concrete instants (unbounded ends become the
// year 1 and 9999) so one index range predicate serves every window.
func (w *ObservationWindow) Bounds() (time.Time, time.Time) {
	from := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	if w != nil && w.From != nil {
		from = w.From.UTC()
	}
	if w != nil && w.To != nil {
		to = w.To.UTC()
	}
	return from, to
}

// --- Blueprint edits -------------------------------------------------------

// TechnologyInput creates or updates a technology of the stack.
type TechnologyInput struct {
	Key            string
	Name           string
	Category       TechnologyCategory
	Vendor         string
	VendorName     *string
	SystemOfRecord *bool
}

// Normalize validates the input in place.
func (in *TechnologyInput) Normalize(field string) error {
	if err := normKeyName(field, &in.Key, &in.Name); err != nil {
		return err
	}
	// A technology's key is the source its touchpoints arrive with (silent
	// technologies and unmapped sources compare the two), so it must be a
	// valid source.
	if !sourcePattern.MatchString(in.Key) {
		return Invalid(field+".key", "a technology key is the source its touchpoints are recorded with: lowercase letters, digits, '_', '.' or '-' (at most 64, starting with a letter or digit), e.g. salesforce_sales_cloud")
	}
	var err error
	if in.Vendor, err = normKey(field+".vendor", in.Vendor); err != nil {
		return err
	}
	if !slices.Contains(TechnologyCategories, in.Category) {
		return Invalid(field+".category", "unknown technology category %q", in.Category)
	}
	if in.VendorName != nil {
		if err := normText(field+".vendorName", in.VendorName, 200); err != nil {
			return err
		}
	}
	return nil
}

// TechnologyMappingInput names touchpoint types, stages and data fields to
// map a technology to (or unmap it from).
type TechnologyMappingInput struct {
	Technology      string
	TouchpointTypes []string
	Stages          []string
	DataFields      []string
}

// Normalize validates the input in place.
func (in *TechnologyMappingInput) Normalize(field string) error {
	var err error
	if in.Technology, err = normKey(field+".technology", in.Technology); err != nil {
		return err
	}
	if in.TouchpointTypes, err = normKeys(field+".touchpointTypes", in.TouchpointTypes); err != nil {
		return err
	}
	if in.Stages, err = normKeys(field+".stages", in.Stages); err != nil {
		return err
	}
	in.DataFields, err = normKeys(field+".dataFields", in.DataFields)
	return err
}

// IntegrationInput is a designed data flow between two technologies.
type IntegrationInput struct {
	From   string
	To     string
	Fields []string
}

// Normalize validates the input in place.
func (in *IntegrationInput) Normalize(field string) error {
	if err := normFromTo(field, &in.From, &in.To, "a technology cannot integrate with itself"); err != nil {
		return err
	}
	var err error
	in.Fields, err = normSomeKeys(field+".fields", in.Fields, "name at least one data field that flows")
	return err
}

// DataFieldInput creates or updates a data field.
type DataFieldInput struct {
	Key         string
	Name        string
	Description *string
}

// Normalize validates the input in place.
func (in *DataFieldInput) Normalize(field string) error {
	if err := normKeyName(field, &in.Key, &in.Name); err != nil {
		return err
	}
	return normText(field+".description", in.Description, 2000)
}

// TouchpointDesignInput sets the design attributes of a touchpoint type. It
// replaces them all: a null or omitted value clears that attribute.
type TouchpointDesignInput struct {
	TouchpointType      string
	Department          *string
	Team                *string
	Region              *string
	ImportanceInternal  *float64
	ImportanceCustomer  *float64
	PerformanceInternal *float64
	PerformanceCustomer *float64
	DataFields          []*CollectedFieldInput
}

// CollectedFieldInput is a data field a touchpoint creates.
type CollectedFieldInput struct {
	Field           string
	AskedOfCustomer bool
}

// Normalize validates the input in place.
func (in *TouchpointDesignInput) Normalize(field string) error {
	var err error
	if in.TouchpointType, err = normKey(field+".touchpointType", in.TouchpointType); err != nil {
		return err
	}
	if in.Department != nil {
		if *in.Department, err = normKey(field+".department", *in.Department); err != nil {
			return err
		}
	}
	if err := normText(field+".team", in.Team, 200); err != nil {
		return err
	}
	if err := normText(field+".region", in.Region, 200); err != nil {
		return err
	}
	for name, r := range map[string]*float64{"importanceInternal": in.ImportanceInternal, "importanceCustomer": in.ImportanceCustomer,
		"performanceInternal": in.PerformanceInternal, "performanceCustomer": in.PerformanceCustomer} {
		if r != nil && (math.IsNaN(*r) || *r < RatingMin || *r > RatingMax) {
			return Invalid(field+"."+name, "ratings are from %g to %g", RatingMin, RatingMax)
		}
	}
	seen := map[string]bool{}
	for i, f := range in.DataFields {
		if f == nil {
			continue
		}
		if f.Field, err = normKey(fmt.Sprintf("%s.dataFields[%d].field", field, i), f.Field); err != nil {
			return err
		}
		if seen[f.Field] {
			return Invalid(fmt.Sprintf("%s.dataFields[%d].field", field, i), "%q is listed twice", f.Field)
		}
		seen[f.Field] = true
	}
	return nil
}

// StageDesignInput sets what the customer does, feels and wants at a stage,
// the desired and observed emotion and the pain points. It replaces them all.
type StageDesignInput struct {
	Stage           string
	Doing           *string
	Feeling         *string
	Wanting         *string
	DesiredEmotion  *Emotion
	ObservedEmotion *Emotion
	PainPoints      []string
}

// Normalize validates the input in place.
func (in *StageDesignInput) Normalize(field string) error {
	var err error
	if in.Stage, err = normKey(field+".stage", in.Stage); err != nil {
		return err
	}
	for name, v := range map[string]*string{"doing": in.Doing, "feeling": in.Feeling, "wanting": in.Wanting} {
		if err := normText(field+"."+name, v, 2000); err != nil {
			return err
		}
	}
	for name, e := range map[string]*Emotion{"desiredEmotion": in.DesiredEmotion, "observedEmotion": in.ObservedEmotion} {
		if e != nil && !slices.Contains(Emotions, *e) {
			return Invalid(field+"."+name, "unknown emotion %q", *e)
		}
	}
	points := in.PainPoints[:0:0]
	for i, p := range in.PainPoints {
		if err := normText(fmt.Sprintf("%s.painPoints[%d]", field, i), &p, 2000); err != nil {
			return err
		}
		if p != "" && !slices.Contains(points, p) {
			points = append(points, p)
		}
	}
	in.PainPoints = points
	return nil
}

// StageTouchpointsInput names touchpoint types to design into (or out of) a stage.
type StageTouchpointsInput struct {
	Stage           string
	TouchpointTypes []string
}

// Normalize validates the input in place.
func (in *StageTouchpointsInput) Normalize(field string) error {
	var err error
	if in.Stage, err = normKey(field+".stage", in.Stage); err != nil {
		return err
	}
	in.TouchpointTypes, err = normSomeKeys(field+".touchpointTypes", in.TouchpointTypes, "name at least one touchpoint type")
	return err
}

// MomentOfTruthInput marks (or, with a null description, unmarks) a
// touchpoint of a stage as a moment of truth.
type MomentOfTruthInput struct {
	Stage          string
	TouchpointType string
	Description    *string
}

// Normalize validates the input in place.
func (in *MomentOfTruthInput) Normalize(field string) error {
	var err error
	if in.Stage, err = normKey(field+".stage", in.Stage); err != nil {
		return err
	}
	if in.TouchpointType, err = normKey(field+".touchpointType", in.TouchpointType); err != nil {
		return err
	}
	return normText(field+".description", in.Description, 2000)
}

// StageTransitionRuleInput is a designed exception to the stage order: an
// account may move from one stage to another.
type StageTransitionRuleInput struct {
	From string
	To   string
}

// Normalize validates the input in place.
func (in *StageTransitionRuleInput) Normalize(field string) error {
	return normFromTo(field, &in.From, &in.To, "a stage cannot lead to itself")
}

// WhatIfTechnologyInput describes a technology to add in a what-if analysis:
// what it would capture, where it would be used, what it would store and its
// integrations (to and from technologies of the stack or other added ones).
type WhatIfTechnologyInput struct {
	Key            string
	Name           string
	Category       TechnologyCategory
	Vendor         string
	VendorName     *string
	SystemOfRecord *bool
	Captures       []string
	Stages         []string
	DataFields     []string
	IntegratesWith []*WhatIfFlowInput
	ReceivesFrom   []*WhatIfFlowInput
}

// WhatIfFlowInput is one integration of an added technology.
type WhatIfFlowInput struct {
	Technology string
	Fields     []string
}

// --- helpers ---------------------------------------------------------------

func normKey(field, key string) (string, error) {
	key = TrimID(key)
	return key, ValidateKey(field, key)
}

// normKeys trims keys and drops duplicates, keeping the first occurrence's order.
func normKeys(field string, keys []string) ([]string, error) {
	out := make([]string, 0, len(keys))
	for i, k := range keys {
		k, err := normKey(fmt.Sprintf("%s[%d]", field, i), k)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out, nil
}

// normKeyName normalises the key and the (required) display name of an entity.
func normKeyName(field string, key, name *string) error {
	var err error
	if *key, err = normKey(field+".key", *key); err != nil {
		return err
	}
	if *name = strings.TrimSpace(*name); *name == "" {
		return Invalid(field+".name", "must not be empty")
	}
	return normText(field+".name", name, 200)
}

// normFromTo normalises the two ends of a link, which must differ.
func normFromTo(field string, from, to *string, same string) error {
	var err error
	if *from, err = normKey(field+".from", *from); err != nil {
		return err
	}
	if *to, err = normKey(field+".to", *to); err != nil {
		return err
	}
	if *from == *to {
		return Invalid(field+".to", "%s", same)
	}
	return nil
}

// normSomeKeys is normKeys for a list that must not be empty.
func normSomeKeys(field string, keys []string, empty string) ([]string, error) {
	out, err := normKeys(field, keys)
	if err == nil && len(out) == 0 {
		err = Invalid(field, "%s", empty)
	}
	return out, err
}

// normText trims an optional text in place and bounds it; the store keeps a
// blank text as no text.
func normText(field string, s *string, max int) error {
	if s == nil {
		return nil
	}
	*s = strings.TrimSpace(*s)
	if len(*s) > max {
		return Invalid(field, "must be at most %d bytes", max)
	}
	return validateText(field, *s)
}

// --- Observations the analysis compares with the design ---------------------

// SourceVolume says that touchpoints of a type came from a source in a
// window; Touchpoints is their number when Counted (counting is only done
// where an answer shows it: seeing one is enough to know a source is alive).
type SourceVolume struct {
	TypeKey     string
	Source      string
	Touchpoints int
	Counted     bool
}

// StageObservation is how many touchpoints of a type happened while accounts
// were in a stage, and how many accounts they came from.
type StageObservation struct {
	StageKey    string
	TypeKey     string
	Touchpoints int
	Accounts    int
}

// TransitionObservation is how often accounts moved from one stage to another.
type TransitionObservation struct {
	FromKey     string
	ToKey       string
	Transitions int
	Accounts    int
}

// ConformanceObservations is the observed side of a conformance check.
type ConformanceObservations struct {
	ByStage []StageObservation
	// AccountsInStage: by stage key, the accounts that were in the stage
	// during the window (entered it in the window or were in it when the
	// window opened).
	AccountsInStage map[string]int
	Transitions     []TransitionObservation
}
