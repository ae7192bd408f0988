package journey

// Results of the blueprint queries (journeyMap, coverageMatrix, coverageGaps,
// whatIf, vendorCoverage, perceptionGaps, conformance). Package blueprint
// computes them from a Blueprint snapshot and observations.

// JourneyMap is the whole blueprint as one ordered structure.
type JourneyMap struct {
	Stages []JourneyMapStage
}

// JourneyMapStage is one stage of the map with its touchpoints.
type JourneyMapStage struct {
	StageDesign
	// Technologies used at the stage, by name.
	Technologies []*Technology
	Touchpoints  []JourneyMapTouchpoint
}

// JourneyMapTouchpoint is one expected touchpoint of a stage.
type JourneyMapTouchpoint struct {
	TouchpointDesign
	MomentOfTruth *string
	// ObservedTouchpoints of this type (all stages), in the window if one was given.
	ObservedTouchpoints int
}

// CoverageMatrix is stage × touchpoint category × technology.
type CoverageMatrix struct {
	Cells []CoverageCell
}

// CoverageCell counts the touchpoint types of a category expected at a stage
// that a technology captures (Technology nil: that no technology captures).
type CoverageCell struct {
	Stage           *Stage
	Category        Category
	Technology      *Technology
	TouchpointTypes []*TouchpointType
	Count           int
}

// UncapturedType is a touchpoint type no technology captures, with the
// stages that expect it.
type UncapturedType struct {
	Type       *TouchpointType
	ExpectedAt []*Stage
}

// Overlap is a touchpoint type captured by two or more technologies.
type Overlap struct {
	Type         *TouchpointType
	Technologies []*Technology
	Vendors      []*Vendor
}

// Silo is a technology with no integration path to a system of record, and
// the touchpoint types whose data therefore never reaches one.
type Silo struct {
	Technology              *Technology
	StrandedTouchpointTypes []*TouchpointType
}

// Friction is a data field the customer is asked for at more than one touchpoint.
type Friction struct {
	Field           *DataField
	TouchpointTypes []*TouchpointType
}

// SilentTechnology is a technology mapped to touchpoint types it sent no
// touchpoint of in the window.
type SilentTechnology struct {
	Technology *Technology
	// SilentTouchpointTypes: its mapped types without a touchpoint from it.
	SilentTouchpointTypes []*TouchpointType
	// CompletelySilent: it sent nothing of any type it is mapped to.
	CompletelySilent bool
}

// UnmappedSource is a source that sent touchpoints of a type without being a
// technology mapped to that type.
type UnmappedSource struct {
	Source      string
	Technology  *Technology // the technology with that key, if any
	Type        *TouchpointType
	Touchpoints int
}

// CoverageGaps is the gap analysis of the stack against the design.
type CoverageGaps struct {
	SystemsOfRecord         []*Technology
	UncapturedTypes         []UncapturedType
	StagesWithoutTechnology []*Stage
	Overlaps                []Overlap
	RetirementCandidates    []*Technology
	Silos                   []Silo
	Friction                []Friction
	SilentTechnologies      []SilentTechnology
	UnmappedSources         []UnmappedSource
}

// CoverageSummary counts the headline figures of a gap analysis.
type CoverageSummary struct {
	Technologies               int
	Vendors                    int
	CapturedTouchpointTypes    int
	UncapturedTouchpointTypes  int
	StagesWithoutTechnology    int
	OverlappingTouchpointTypes int
	Silos                      int
	StrandedTouchpointTypes    int
}

// WhatIf is the stack's coverage before and after a hypothetical change.
type WhatIf struct {
	Before CoverageSummary
	After  CoverageSummary
	Matrix CoverageMatrix
	Gaps   CoverageGaps
	// NewlyUncaptured: types captured before and by nothing after;
	// NewlyCaptured: the reverse.
	NewlyUncaptured []*TouchpointType
	NewlyCaptured   []*TouchpointType
}

// VendorCoverage is what one vendor's products cover.
type VendorCoverage struct {
	Vendor                   *Vendor
	Technologies             []*Technology
	TouchpointTypes          []*TouchpointType
	ExclusiveTouchpointTypes []*TouchpointType
	Categories               []Category
	Stages                   []*Stage
}

// RatingGap is a touchpoint whose internal and customer ratings differ.
type RatingGap struct {
	Type     *TouchpointType
	Internal float64
	Customer float64
	Gap      float64
}

// WeakMomentOfTruth is a moment of truth customers rate poorly.
type WeakMomentOfTruth struct {
	Stage         *Stage
	Type          *TouchpointType
	MomentOfTruth string
	Performance   Rating
}

// PerceptionGaps compares internal and customer perception.
type PerceptionGaps struct {
	Importance         []RatingGap
	Performance        []RatingGap
	WeakMomentsOfTruth []WeakMomentOfTruth
}

// DarkTouchpoint is designed into a stage but never observed there.
type DarkTouchpoint struct {
	Stage *Stage
	Type  *TouchpointType
	// AccountsAffected: accounts that entered the stage in the window.
	AccountsAffected int
}

// ShadowTouchpoint is observed in a stage whose design does not expect it.
type ShadowTouchpoint struct {
	Stage            *Stage
	Type             *TouchpointType
	Touchpoints      int
	AccountsAffected int
}

// DisallowedTransition is an observed stage move the design does not allow.
type DisallowedTransition struct {
	From             *Stage
	To               *Stage
	Transitions      int
	AccountsAffected int
}

// Conformance compares designed and observed journeys.
type Conformance struct {
	DarkTouchpoints       []DarkTouchpoint
	ShadowTouchpoints     []ShadowTouchpoint
	DisallowedTransitions []DisallowedTransition
}
