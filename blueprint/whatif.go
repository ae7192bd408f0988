package blueprint

import (
	"fmt"
	"slices"

	"github.com/journeygraph/journeygraph/journey"
)

// Apply returns a copy of bp with the technologies in retire removed (with
// their integrations) and those in add added, or every unknown or conflicting
// key as NOT_FOUND / BAD_USER_INPUT errors with their input fields. bp is
// not changed.
func Apply(bp *journey.Blueprint, retire []string, add []*journey.WhatIfTechnologyInput) (*journey.Blueprint, error) {
	var problems journey.Errors
	out := &journey.Blueprint{Stages: bp.Stages, DataFields: bp.DataFields, Vendors: slices.Clone(bp.Vendors)}
	for i, k := range retire {
		if bp.Technology(k) == nil {
			problems = append(problems, journey.NotFound(fmt.Sprintf("retire[%d]", i), "no technology has key %q", k))
		}
	}
	for _, t := range bp.Technologies {
		if !slices.Contains(retire, t.Key) {
			c := *t
			out.Technologies = append(out.Technologies, &c)
		}
	}
	for _, in := range bp.Integrations {
		if !slices.Contains(retire, in.FromKey) && !slices.Contains(retire, in.ToKey) {
			out.Integrations = append(out.Integrations, in)
		}
	}
	for i, a := range add {
		if a == nil {
			continue
		}
		field := fmt.Sprintf("add[%d]", i)
		in := journey.TechnologyInput{Key: a.Key, Name: a.Name, Category: a.Category, Vendor: a.Vendor, VendorName: a.VendorName, SystemOfRecord: a.SystemOfRecord}
		if err := in.Normalize(field); err != nil {
			problems.Add(err)
			continue // report every bad technology at once
		}
		if out.Technology(in.Key) != nil {
			problems = append(problems, journey.Invalid(field+".key", "technology %q is already in the stack", in.Key))
			continue
		}
		if out.Vendor(in.Vendor) == nil {
			if in.VendorName == nil || *in.VendorName == "" {
				problems = append(problems, journey.NotFound(field+".vendor", "no vendor has key %q; give vendorName to add one", in.Vendor))
			} else {
				out.Vendors = append(out.Vendors, journey.Vendor{Key: in.Vendor, Name: *in.VendorName})
			}
		}
		t := &journey.Technology{Key: in.Key, Name: in.Name, Category: in.Category, VendorKey: in.Vendor,
			SystemOfRecord: in.SystemOfRecord != nil && *in.SystemOfRecord, CaptureKeys: []string{}, StageKeys: []string{}, FieldKeys: []string{}}
		for j, k := range a.Captures {
			if bp.Type(k) == nil {
				problems = append(problems, journey.NotFound(fmt.Sprintf("%s.captures[%d]", field, j), "no touchpoint type has key %q", k))
			} else if !slices.Contains(t.CaptureKeys, k) {
				t.CaptureKeys = append(t.CaptureKeys, k)
			}
		}
		for j, k := range a.Stages {
			if bp.Stage(k) == nil {
				problems = append(problems, journey.NotFound(fmt.Sprintf("%s.stages[%d]", field, j), "no stage has key %q", k))
			} else if !slices.Contains(t.StageKeys, k) {
				t.StageKeys = append(t.StageKeys, k)
			}
		}
		for j, k := range a.DataFields {
			if bp.DataField(k) == nil {
				problems = append(problems, journey.NotFound(fmt.Sprintf("%s.dataFields[%d]", field, j), "no data field has key %q", k))
			} else if !slices.Contains(t.FieldKeys, k) {
				t.FieldKeys = append(t.FieldKeys, k)
			}
		}
		out.Technologies = append(out.Technologies, t)
	}
	// Integrations last: they may name technologies added after them.
	for i, a := range add {
		if a == nil {
			continue
		}
		for _, side := range []struct {
			dir   string
			flows []*journey.WhatIfFlowInput
		}{{"integratesWith", a.IntegratesWith}, {"receivesFrom", a.ReceivesFrom}} {
			dir, flows := side.dir, side.flows
			for j, f := range flows {
				field := fmt.Sprintf("add[%d].%s[%d]", i, dir, j)
				if f == nil {
					continue
				}
				if out.Technology(f.Technology) == nil {
					problems = append(problems, journey.NotFound(field+".technology", "no technology in the changed stack has key %q", f.Technology))
					continue
				}
				// The rules of addIntegration: distinct ends, at least one field.
				flow := journey.IntegrationInput{From: a.Key, To: f.Technology, Fields: f.Fields}
				if dir == "receivesFrom" {
					flow.From, flow.To = f.Technology, a.Key
				}
				if err := flow.Normalize(field); err != nil {
					problems.Add(err)
					continue
				}
				if slices.ContainsFunc(out.Integrations, func(x journey.Integration) bool { return x.FromKey == flow.From && x.ToKey == flow.To }) {
					problems = append(problems, journey.Invalid(field, "the flow %s -> %s is given twice", flow.From, flow.To))
					continue
				}
				for k, fk := range flow.Fields {
					if bp.DataField(fk) == nil {
						problems = append(problems, journey.NotFound(fmt.Sprintf("%s.fields[%d]", field, k), "no data field has key %q", fk))
					}
				}
				out.Integrations = append(out.Integrations, journey.Integration{FromKey: flow.From, ToKey: flow.To, FieldKeys: flow.Fields})
			}
		}
	}
	if len(problems) > 0 {
		slices.SortStableFunc(problems, func(a, b *journey.Error) int {
			if a.Field < b.Field {
				return -1
			}
			if a.Field > b.Field {
				return 1
			}
			return 0
		})
		return nil, problems
	}
	slices.SortStableFunc(out.Technologies, func(a, b *journey.Technology) int {
		if a.Name != b.Name {
			if a.Name < b.Name {
				return -1
			}
			return 1
		}
		if a.Key < b.Key {
			return -1
		}
		return 1
	})
	// Everything of the changed stack resolves its links within it (see
	// journey.Technology.Scenario): added technologies and vendors are not
	// in the graph.
	for _, t := range out.Technologies {
		t.Scenario = out
	}
	for i := range out.Vendors {
		out.Vendors[i].Scenario = out
	}
	for i := range out.Integrations {
		out.Integrations[i].Scenario = out
	}
	// Types point at their capturing technologies: rebuild those lists.
	out.Types = make([]journey.TouchpointDesign, len(bp.Types))
	for i, d := range bp.Types {
		d.Technologies = capturers(out, d.Type.Key)
		out.Types[i] = d
	}
	return out, nil
}

// WhatIf compares the gap analysis of before and after (see Apply).
func WhatIf(before, after *journey.Blueprint, observedAfter []journey.SourceVolume) journey.WhatIf {
	gb := Gaps(before, nil)
	ga := Gaps(after, observedAfter)
	w := journey.WhatIf{Before: Summary(before, gb), After: Summary(after, ga), Matrix: Matrix(after), Gaps: ga,
		NewlyUncaptured: []*journey.TouchpointType{}, NewlyCaptured: []*journey.TouchpointType{}}
	for _, d := range before.Types {
		was, is := len(capturers(before, d.Type.Key)) > 0, len(capturers(after, d.Type.Key)) > 0
		switch {
		case was && !is:
			w.NewlyUncaptured = append(w.NewlyUncaptured, d.Type)
		case !was && is:
			w.NewlyCaptured = append(w.NewlyCaptured, d.Type)
		}
	}
	return w
}
