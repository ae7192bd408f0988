package seed

import (
	"slices"
	"testing"
)

// Every key the demo blueprint names exists in the catalog, each moment of
// truth is on an expected touchpoint, and the stack has its deliberate flaws.
func TestDemoBlueprintIsConsistent(t *testing.T) {
	types, stages, fields, vendors, techs := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, x := range TouchpointTypes {
		types[x.Key] = true
	}
	for _, x := range Stages {
		stages[x.Key] = true
	}
	for _, x := range DataFields {
		fields[x.Key] = true
	}
	for _, x := range Vendors {
		vendors[x.Key] = true
	}
	for _, x := range Technologies {
		techs[x.Key] = true
		if !vendors[x.VendorKey] {
			t.Errorf("%s: unknown vendor %s", x.Key, x.VendorKey)
		}
		for _, k := range x.CaptureKeys {
			if !types[k] {
				t.Errorf("%s captures unknown type %s", x.Key, k)
			}
		}
		for _, k := range x.StageKeys {
			if !stages[k] {
				t.Errorf("%s used at unknown stage %s", x.Key, k)
			}
		}
		for _, k := range x.FieldKeys {
			if !fields[k] {
				t.Errorf("%s stores unknown field %s", x.Key, k)
			}
		}
	}
	for _, d := range TouchpointDesigns {
		if !types[d.TouchpointType] {
			t.Errorf("design of unknown type %s", d.TouchpointType)
		}
		if err := d.Normalize("design"); err != nil {
			t.Errorf("%s: %v", d.TouchpointType, err)
		}
		for _, f := range d.DataFields {
			if !fields[f.Field] {
				t.Errorf("%s creates unknown field %s", d.TouchpointType, f.Field)
			}
		}
	}
	if len(StageDesigns) != len(Stages) {
		t.Errorf("%d stage designs for %d stages", len(StageDesigns), len(Stages))
	}
	for _, d := range StageDesigns {
		if !stages[d.Stage] {
			t.Errorf("design of unknown stage %s", d.Stage)
		}
		for _, k := range append(slices.Clone(d.Expected), d.MayMoveTo...) {
			if !types[k] && !stages[k] {
				t.Errorf("%s names unknown %s", d.Stage, k)
			}
		}
		for k := range d.MomentsOfTruth {
			if !slices.Contains(d.Expected, k) {
				t.Errorf("%s: moment of truth %s is not expected there", d.Stage, k)
			}
		}
	}
	for _, in := range Integrations {
		if !techs[in.FromKey] || !techs[in.ToKey] {
			t.Errorf("integration %s -> %s names an unknown technology", in.FromKey, in.ToKey)
		}
		for _, f := range in.FieldKeys {
			if !fields[f] {
				t.Errorf("integration %s -> %s: unknown field %s", in.FromKey, in.ToKey, f)
			}
		}
	}
}
