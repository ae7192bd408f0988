package journey

// Category is one of the six touchpoint categories of the B2B touchpoint list.
type Category string

const (
	CategorySales     Category = "SALES"
	CategoryFinance   Category = "FINANCE"
	CategorySocial    Category = "SOCIAL"
	CategoryMarketing Category = "MARKETING"
	CategorySupport   Category = "SUPPORT" // support and customer success
	CategoryProduct   Category = "PRODUCT"
)

// Categories lists the categories in display order.
var Categories = []Category{CategorySales, CategoryFinance, CategorySocial, CategoryMarketing, CategorySupport, CategoryProduct}

// Phase places a touchpoint before, during or after the purchase.
type Phase string

const (
	PhaseBeforePurchase Phase = "BEFORE_PURCHASE"
	PhaseDuringPurchase Phase = "DURING_PURCHASE"
	PhaseAfterPurchase  Phase = "AFTER_PURCHASE"
)

// SourceSystem is the kind of system a touchpoint type's data usually comes from.
type SourceSystem string

const (
	SourceCRM                 SourceSystem = "CRM"
	SourceERPFinance          SourceSystem = "ERP_FINANCE"
	SourceSocialPlatform      SourceSystem = "SOCIAL_PLATFORM"
	SourceMarketingAutomation SourceSystem = "MARKETING_AUTOMATION"
	SourceWebinarPlatform     SourceSystem = "WEBINAR_PLATFORM"
	SourceEmailService        SourceSystem = "EMAIL_SERVICE"
	SourceSupportDesk         SourceSystem = "SUPPORT_DESK"
	SourceProduct             SourceSystem = "PRODUCT"
)

// TouchpointType is an entry of the touchpoint catalog.
type TouchpointType struct {
	Key           string
	Name          string
	Category      Category
	Phase         Phase
	SourceSystem  SourceSystem
	ChannelKey    string
	DepartmentKey string
	// Core40 marks the 40 touchpoints of the B2B touchpoint list; the others
	// come from the before/during/after-purchase list.
	Core40      bool
	Description string
}

// Stage is a lifecycle stage; Order is its position in the designed journey.
type Stage struct {
	Key         string
	Name        string
	Order       int
	Description string
}

// Department owns touchpoint types.
type Department struct {
	Key  string
	Name string
}

// Channel is the medium touchpoints happen in.
type Channel struct {
	Key  string
	Name string
}

// Vendor sells technologies.
type Vendor struct {
	Key  string
	Name string
	// Scenario is the what-if stack the vendor was read from, nil for the
	// stack in the graph: its technologies are then that stack's.
	Scenario *Blueprint
}

// Technology is a system that captures touchpoints.
type Technology struct {
	Key       string
	Name      string
	Category  TechnologyCategory
	VendorKey string
	// SystemOfRecord marks the systems (the CRM, the CDP) whose data every
	// other technology's data should reach through integrations.
	SystemOfRecord bool
	// CaptureKeys lists the touchpoint type keys this technology records.
	CaptureKeys []string
	// StageKeys lists the stages it is used at, FieldKeys the data fields it stores.
	StageKeys []string
	FieldKeys []string
	// Scenario is the what-if stack the technology belongs to, nil for the
	// stack in the graph. Its vendor and integrations are then looked up in
	// that stack: an added technology, its vendor and its flows exist nowhere
	// else, and a retired one's flows are gone.
	Scenario *Blueprint
}

// Catalog is the reference data: departments, channels, stages, the
// touchpoint catalog, vendors and technologies.
type Catalog struct {
	Departments     []Department
	Channels        []Channel
	Stages          []Stage
	TouchpointTypes []TouchpointType
	Vendors         []Vendor
	Technologies    []Technology

	// The designed journey (blueprint). Loading only adds links and fills in
	// attributes that are not set yet, so reloading never undoes an
	// architect's edits made through the blueprint mutations.
	DataFields        []DataField
	TouchpointDesigns []TouchpointDesignInput
	StageDesigns      []StageDesignSeed
	Integrations      []Integration
}

// StageDesignSeed is one stage's design in the demo blueprint.
type StageDesignSeed struct {
	StageDesignInput
	// Expected touchpoint type keys; MomentsOfTruth by type key (each must be expected).
	Expected       []string
	MomentsOfTruth map[string]string
	// MayMoveTo: designed exceptions to the stage order.
	MayMoveTo []string
}
