package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/journeygraph/journeygraph/journey"
)

// Blueprint reads the whole design in one read transaction: stages with
// their experience and expected touchpoints, touchpoint types with owner,
// ratings and data fields, technologies, vendors, data fields and integrations.
func (s *Store) Blueprint(ctx context.Context) (journey.Blueprint, error) {
	var bp journey.Blueprint
	err := s.readTx(ctx, "blueprint", func(r *txRunner) error {
		bp = journey.Blueprint{}
		rank := make(map[string]any, len(journey.Categories))
		for i, c := range journey.Categories {
			rank[string(c)] = i
		}
		get := func(query, column string, params map[string]any) ([]map[string]any, error) {
			recs, err := r.run(query, params)
			if err != nil {
				return nil, err
			}
			out := make([]map[string]any, len(recs))
			for i, rec := range recs {
				v, _ := rec.Get(column)
				out[i] = mapOf(v)
			}
			return out, nil
		}
		departments, err := get("departments", "department", nil)
		if err != nil {
			return err
		}
		deptByKey := map[string]*journey.Department{}
		for _, m := range departments {
			deptByKey[str(m["key"])] = &journey.Department{Key: str(m["key"]), Name: str(m["name"])}
		}
		fields, err := get("bp_data_fields", "field", nil)
		if err != nil {
			return err
		}
		for _, m := range fields {
			bp.DataFields = append(bp.DataFields, dataFieldFromMap(m))
		}
		vendors, err := get("vendors", "vendor", nil)
		if err != nil {
			return err
		}
		for _, m := range vendors {
			bp.Vendors = append(bp.Vendors, journey.Vendor{Key: str(m["key"]), Name: str(m["name"])})
		}
		techs, err := get("technologies", "technology", nil)
		if err != nil {
			return err
		}
		for _, m := range techs {
			t := technologyFromMap(m)
			bp.Technologies = append(bp.Technologies, &t)
		}
		types, err := get("bp_types", "type", map[string]any{"rank": rank})
		if err != nil {
			return err
		}
		typeByKey := map[string]*journey.TouchpointType{}
		for _, m := range types {
			tt := touchpointTypeFromMap(m)
			typeByKey[tt.Key] = &tt
			d := journey.TouchpointDesign{
				Type:        &tt,
				Owner:       journey.TouchpointOwner{Department: deptByKey[tt.DepartmentKey], Team: optStr(m["ownerTeam"]), Region: optStr(m["ownerRegion"])},
				Importance:  journey.Rating{Internal: optFloat(m["importanceInternal"]), Customer: optFloat(m["importanceCustomer"])},
				Performance: journey.Rating{Internal: optFloat(m["performanceInternal"]), Customer: optFloat(m["performanceCustomer"])},
				DataFields:  []journey.CollectedField{},
			}
			for _, f := range listOf(m["fields"]) {
				fm := mapOf(f)
				d.DataFields = append(d.DataFields, journey.CollectedField{Field: bp.DataField(str(fm["field"])), AskedOfCustomer: boolOf(fm["asked"])})
			}
			d.Technologies = []*journey.Technology{}
			for _, t := range bp.Technologies {
				if slices.Contains(t.CaptureKeys, tt.Key) {
					d.Technologies = append(d.Technologies, t)
				}
			}
			bp.Types = append(bp.Types, d)
		}
		stages, err := get("bp_stages", "stage", nil)
		if err != nil {
			return err
		}
		stageByKey := map[string]*journey.Stage{}
		for _, m := range stages {
			st := stageFromMap(m)
			stageByKey[st.Key] = &st
		}
		typeOrder := map[string]int{}
		for i, d := range bp.Types {
			typeOrder[d.Type.Key] = i
		}
		for _, m := range stages {
			sd := journey.StageDesign{
				Stage: stageByKey[str(m["key"])],
				Doing: optStr(m["doing"]), Feeling: optStr(m["feeling"]), Wanting: optStr(m["wanting"]),
				DesiredEmotion:  optEnum[journey.Emotion](m["desiredEmotion"]),
				ObservedEmotion: optEnum[journey.Emotion](m["observedEmotion"]),
				PainPoints:      optStrList(m["painPoints"]),
			}
			if sd.PainPoints == nil {
				sd.PainPoints = []string{}
			}
			sd.ExpectedTouchpoints = []journey.ExpectedTouchpoint{}
			for _, e := range listOf(m["expected"]) {
				em := mapOf(e)
				sd.ExpectedTouchpoints = append(sd.ExpectedTouchpoints, journey.ExpectedTouchpoint{
					Type: typeByKey[str(em["type"])], MomentOfTruth: optStr(em["momentOfTruth"])})
			}
			slices.SortFunc(sd.ExpectedTouchpoints, func(a, b journey.ExpectedTouchpoint) int {
				return typeOrder[a.Type.Key] - typeOrder[b.Type.Key]
			})
			sd.AllowedNextStages = []*journey.Stage{}
			for _, k := range optStrList(m["next"]) {
				sd.AllowedNextStages = append(sd.AllowedNextStages, stageByKey[k])
			}
			bp.Stages = append(bp.Stages, sd)
		}
		integrations, err := get("bp_integrations", "integration", nil)
		if err != nil {
			return err
		}
		for _, m := range integrations {
			bp.Integrations = append(bp.Integrations, integrationFromMap(m))
		}
		return nil
	})
	return bp, err
}

func technologyFromMap(m map[string]any) journey.Technology {
	return journey.Technology{
		Key: str(m["key"]), Name: str(m["name"]), Category: journey.TechnologyCategory(str(m["category"])),
		VendorKey: str(m["vendorKey"]), SystemOfRecord: boolOf(m["systemOfRecord"]),
		CaptureKeys: nonNil(optStrList(m["captures"])), StageKeys: nonNil(optStrList(m["stages"])),
		FieldKeys: nonNil(optStrList(m["fields"])),
	}
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func listOf(v any) []any {
	l, _ := v.([]any)
	return l
}

// refs are the keys a blueprint edit refers to, each with its input field.
type refs struct {
	technologies, types, stages, fields, departments, vendors map[string]string
}

func newRefs() *refs {
	return &refs{map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}}
}

// addRefs records keys with their input field; a field ending in "[]" is a
// list, and each key gets its index.
func addRefs(m map[string]string, field string, keys ...string) {
	list, isList := strings.CutSuffix(field, "[]")
	for i, k := range keys {
		f := field
		if isList {
			f = fmt.Sprintf("%s[%d]", list, i)
		}
		if _, ok := m[k]; !ok {
			m[k] = f
		}
	}
}

// check reports every referenced key that names nothing as a NOT_FOUND
// error with its input field, all at once.
func (r *txRunner) check(refs *refs) error {
	keys := func(m map[string]string) []string { return sortedKeys(m) }
	recs, err := r.run("bp_missing_keys", map[string]any{
		"technologies": keys(refs.technologies), "types": keys(refs.types), "stages": keys(refs.stages),
		"fields": keys(refs.fields), "departments": keys(refs.departments), "vendors": keys(refs.vendors),
	})
	if err != nil || len(recs) == 0 {
		return err
	}
	var problems journey.Errors
	for _, c := range []struct {
		column, what string
		fields       map[string]string
	}{
		{"technologies", "technology", refs.technologies}, {"types", "touchpoint type", refs.types},
		{"stages", "stage", refs.stages}, {"fields", "data field", refs.fields},
		{"departments", "department", refs.departments}, {"vendors", "vendor", refs.vendors},
	} {
		v, _ := recs[0].Get(c.column)
		for _, k := range optStrList(v) {
			problems = append(problems, journey.NotFound(c.fields[k], "no %s has key %q", c.what, k))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	slices.SortFunc(problems, func(a, b *journey.Error) int {
		switch {
		case a.Field < b.Field:
			return -1
		case a.Field > b.Field:
			return 1
		}
		return 0
	})
	return problems
}

// edit checks refs and then runs one write query, in one transaction.
func (s *Store) edit(ctx context.Context, name string, refs *refs, params map[string]any) error {
	return s.writeTx(ctx, name, func(r *txRunner) error {
		if err := r.check(refs); err != nil {
			return err
		}
		_, err := r.run(name, params)
		return err
	})
}

// UpsertTechnology creates or updates a technology of the stack. The vendor
// must exist unless in.VendorName is given, which creates or renames it.
func (s *Store) UpsertTechnology(ctx context.Context, in journey.TechnologyInput) error {
	refs := newRefs()
	if in.VendorName == nil {
		addRefs(refs.vendors, "input.vendor", in.Vendor)
	}
	return s.edit(ctx, "bp_upsert_technology", refs, map[string]any{
		"key": in.Key, "name": in.Name, "category": string(in.Category), "vendor": in.Vendor,
		"vendorName": optParam(in.VendorName), "systemOfRecord": optParam(in.SystemOfRecord),
	})
}

// MapTechnology links a technology to the touchpoint types it captures, the
// stages it is used at and the data fields it stores (unmap: removes them).
func (s *Store) MapTechnology(ctx context.Context, in journey.TechnologyMappingInput, unmap bool) error {
	refs := newRefs()
	addRefs(refs.technologies, "input.technology", in.Technology)
	addRefs(refs.types, "input.touchpointTypes[]", in.TouchpointTypes...)
	addRefs(refs.stages, "input.stages[]", in.Stages...)
	addRefs(refs.fields, "input.dataFields[]", in.DataFields...)
	query := "bp_map_technology"
	if unmap {
		query = "bp_unmap_technology"
	}
	return s.edit(ctx, query, refs, map[string]any{
		"technology": in.Technology, "types": in.TouchpointTypes, "stages": in.Stages, "fields": in.DataFields,
	})
}

// SetSystemOfRecord marks or unmarks a technology as a system of record.
func (s *Store) SetSystemOfRecord(ctx context.Context, technology string, systemOfRecord bool) error {
	refs := newRefs()
	addRefs(refs.technologies, "technology", technology)
	return s.edit(ctx, "bp_set_system_of_record", refs, map[string]any{"technology": technology, "systemOfRecord": systemOfRecord})
}

// AddIntegration designs (or replaces the field list of) the data flow from
// in.From to in.To.
func (s *Store) AddIntegration(ctx context.Context, in journey.IntegrationInput) error {
	refs := newRefs()
	addRefs(refs.technologies, "input.from", in.From)
	addRefs(refs.technologies, "input.to", in.To)
	addRefs(refs.fields, "input.fields[]", in.Fields...)
	return s.edit(ctx, "bp_add_integration", refs, map[string]any{"from": in.From, "to": in.To, "fields": in.Fields})
}

// RemoveIntegration removes the data flow from one technology to another and
// says whether there was one.
func (s *Store) RemoveIntegration(ctx context.Context, from, to string) (bool, error) {
	refs := newRefs()
	addRefs(refs.technologies, "from", from)
	addRefs(refs.technologies, "to", to)
	return s.removal(ctx, "bp_remove_integration", refs, map[string]any{"from": from, "to": to}, nil)
}

// removal runs a removal query after checking refs and then guard (nil: no
// guard), in one transaction, and reports whether something was removed.
func (s *Store) removal(ctx context.Context, name string, refs *refs, params map[string]any, guard func(*txRunner) error) (bool, error) {
	removed := false
	err := s.writeTx(ctx, name, func(r *txRunner) error {
		if err := r.check(refs); err != nil {
			return err
		}
		if guard != nil {
			if err := guard(r); err != nil {
				return err
			}
		}
		recs, err := r.run(name, params)
		if err == nil && len(recs) == 1 {
			n, _ := recs[0].Get("removed")
			removed = integer(n) > 0
		}
		return err
	})
	return removed, err
}

// UpsertDataField creates or updates a data field.
func (s *Store) UpsertDataField(ctx context.Context, in journey.DataFieldInput) error {
	return s.edit(ctx, "bp_upsert_data_field", newRefs(), map[string]any{
		"key": in.Key, "name": in.Name, "description": blankNil(in.Description)})
}

// SetTouchpointDesign sets a touchpoint type's owner, ratings and data fields.
func (s *Store) SetTouchpointDesign(ctx context.Context, in journey.TouchpointDesignInput) error {
	refs := newRefs()
	addRefs(refs.types, "input.touchpointType", in.TouchpointType)
	if in.Department != nil {
		addRefs(refs.departments, "input.department", *in.Department)
	}
	fields := make([]map[string]any, 0, len(in.DataFields))
	for i, f := range in.DataFields {
		if f == nil {
			continue
		}
		addRefs(refs.fields, fmt.Sprintf("input.dataFields[%d].field", i), f.Field)
		fields = append(fields, map[string]any{"field": f.Field, "asked": f.AskedOfCustomer})
	}
	return s.edit(ctx, "bp_set_touchpoint_design", refs, map[string]any{
		"type": in.TouchpointType, "department": optParam(in.Department),
		"team": blankNil(in.Team), "region": blankNil(in.Region),
		"importanceInternal": optParam(in.ImportanceInternal), "importanceCustomer": optParam(in.ImportanceCustomer),
		"performanceInternal": optParam(in.PerformanceInternal), "performanceCustomer": optParam(in.PerformanceCustomer),
		"fields": fields,
	})
}

// SetStageDesign sets a stage's experience, emotions and pain points.
func (s *Store) SetStageDesign(ctx context.Context, in journey.StageDesignInput) error {
	refs := newRefs()
	addRefs(refs.stages, "input.stage", in.Stage)
	return s.edit(ctx, "bp_set_stage_design", refs, map[string]any{
		"stage": in.Stage, "doing": blankNil(in.Doing), "feeling": blankNil(in.Feeling), "wanting": blankNil(in.Wanting),
		"desiredEmotion": optParam(in.DesiredEmotion), "observedEmotion": optParam(in.ObservedEmotion),
		"painPoints": nonNil(in.PainPoints),
	})
}

// ExpectTouchpoints designs touchpoint types into a stage (remove: out of it).
func (s *Store) ExpectTouchpoints(ctx context.Context, in journey.StageTouchpointsInput, remove bool) error {
	refs := newRefs()
	addRefs(refs.stages, "input.stage", in.Stage)
	addRefs(refs.types, "input.touchpointTypes[]", in.TouchpointTypes...)
	query := "bp_expect_touchpoints"
	if remove {
		query = "bp_unexpect_touchpoints"
	}
	return s.edit(ctx, query, refs, map[string]any{"stage": in.Stage, "types": in.TouchpointTypes})
}

// SetMomentOfTruth marks a stage's touchpoint as a moment of truth, or
// unmarks it when the description is nil or blank.
func (s *Store) SetMomentOfTruth(ctx context.Context, in journey.MomentOfTruthInput) error {
	refs := newRefs()
	addRefs(refs.stages, "input.stage", in.Stage)
	addRefs(refs.types, "input.touchpointType", in.TouchpointType)
	return s.edit(ctx, "bp_set_moment_of_truth", refs, map[string]any{
		"stage": in.Stage, "type": in.TouchpointType, "description": blankNil(in.Description)})
}

// AllowStageTransition designs an exception to the stage order (disallow:
// removes it and says whether there was one).
func (s *Store) AllowStageTransition(ctx context.Context, in journey.StageTransitionRuleInput, disallow bool) (bool, error) {
	refs := newRefs()
	addRefs(refs.stages, "input.from", in.From)
	addRefs(refs.stages, "input.to", in.To)
	params := map[string]any{"from": in.From, "to": in.To}
	if disallow {
		return s.removal(ctx, "bp_disallow_transition", refs, params, func(r *txRunner) error {
			recs, err := r.run("bp_stage_order_has_move", params)
			if err != nil {
				return err
			}
			if designed, _ := recs[0].Get("designed"); designed == true {
				// Removing nothing would look like success while the move stays allowed.
				return journey.Invalid("input", "%s -> %s is a step of the designed stage order, always allowed; only exceptions added with allowStageTransition can be disallowed", in.From, in.To)
			}
			return nil
		})
	}
	return true, s.edit(ctx, "bp_allow_transition", refs, params)
}

func blankNil(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	return *s
}

// --- Observations ----------------------------------------------------------

// TypeVolumes returns how many touchpoints of each type were ever observed,
// from the type nodes' degrees (no touchpoint is read).
func (s *Store) TypeVolumes(ctx context.Context) (map[string]int, error) {
	res, err := s.read(ctx, "obs_type_volumes", nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(res.Records))
	for _, rec := range res.Records {
		k, _ := rec.Get("type")
		n, _ := rec.Get("n")
		out[str(k)] = integer(n)
	}
	return out, nil
}

// sourcePairs lists every (type, source) pair that ever sent a touchpoint, by
// skip-scanning the (type, source, occurredAt) index: each round finds, for
// every type still open, its next source.
func (s *Store) sourcePairs(ctx context.Context, typeKeys []string) ([][2]string, error) {
	after := make(map[string]string, len(typeKeys))
	open := slices.Clone(typeKeys)
	var pairs [][2]string
	for len(open) > 0 {
		rows := make([]map[string]any, len(open))
		for i, k := range open {
			rows[i] = map[string]any{"type": k, "after": after[k]}
		}
		res, err := s.read(ctx, "obs_next_sources", map[string]any{"rows": rows})
		if err != nil {
			return nil, err
		}
		open = open[:0]
		for _, rec := range res.Records {
			k, _ := rec.Get("type")
			src, _ := rec.Get("source")
			pairs = append(pairs, [2]string{str(k), str(src)})
			after[str(k)] = str(src)
			open = append(open, str(k))
		}
	}
	slices.SortFunc(pairs, func(a, b [2]string) int {
		if a[0] != b[0] {
			return cmpStr(a[0], b[0])
		}
		return cmpStr(a[1], b[1])
	})
	return pairs, nil
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ObservedSources returns every (type, source) pair with a touchpoint in the
// window, for the given types. Pairs for which count returns true are
// counted exactly; the others are only known to be present (Counted false).
func (s *Store) ObservedSources(ctx context.Context, typeKeys []string, w *journey.ObservationWindow, count func(typeKey, source string) bool) ([]journey.SourceVolume, error) {
	pairs, err := s.sourcePairs(ctx, typeKeys)
	if err != nil {
		return nil, err
	}
	from, to := w.Bounds()
	var seenRows, countRows []map[string]any
	for _, p := range pairs {
		row := map[string]any{"type": p[0], "source": p[1]}
		if count(p[0], p[1]) {
			countRows = append(countRows, row)
		} else {
			seenRows = append(seenRows, row)
		}
	}
	var out []journey.SourceVolume
	if len(seenRows) > 0 {
		res, err := s.read(ctx, "obs_pairs_seen", map[string]any{"pairs": seenRows, "from": from, "to": to})
		if err != nil {
			return nil, err
		}
		for _, rec := range res.Records {
			k, _ := rec.Get("type")
			src, _ := rec.Get("source")
			out = append(out, journey.SourceVolume{TypeKey: str(k), Source: str(src), Touchpoints: 1})
		}
	}
	if len(countRows) > 0 {
		res, err := s.read(ctx, "obs_pairs_count", map[string]any{"pairs": countRows, "from": from, "to": to})
		if err != nil {
			return nil, err
		}
		for _, rec := range res.Records {
			k, _ := rec.Get("type")
			src, _ := rec.Get("source")
			n, _ := rec.Get("n")
			if integer(n) > 0 {
				out = append(out, journey.SourceVolume{TypeKey: str(k), Source: str(src), Touchpoints: integer(n), Counted: true})
			}
		}
	}
	slices.SortFunc(out, func(a, b journey.SourceVolume) int {
		if a.TypeKey != b.TypeKey {
			return cmpStr(a.TypeKey, b.TypeKey)
		}
		return cmpStr(a.Source, b.Source)
	})
	return out, nil
}

// StageMoves returns the observed moves between stages in the window w
// (nil: all time), with how many accounts made each: the transitions side of
// a conformance check (blueprint.Observe derives the rest from the journeys).
func (s *Store) StageMoves(ctx context.Context, w *journey.ObservationWindow) ([]journey.TransitionObservation, error) {
	from, to := w.Bounds()
	res, err := s.read(ctx, "conformance_transitions", map[string]any{"from": from, "to": to})
	if err != nil {
		return nil, err
	}
	out := make([]journey.TransitionObservation, 0, len(res.Records))
	for _, rec := range res.Records {
		m := rec.AsMap()
		out = append(out, journey.TransitionObservation{FromKey: str(m["from"]), ToKey: str(m["to"]),
			Transitions: integer(m["transitions"]), Accounts: integer(m["accounts"])})
	}
	return out, nil
}

// DataFields returns every data field by name.
func (s *Store) DataFields(ctx context.Context) ([]journey.DataField, error) {
	return readAll(ctx, s, "bp_data_fields", "field", nil, dataFieldFromMap)
}

// Integrations returns every designed data flow, by source and target key.
func (s *Store) Integrations(ctx context.Context) ([]journey.Integration, error) {
	return readAll(ctx, s, "bp_integrations", "integration", nil, integrationFromMap)
}

func dataFieldFromMap(m map[string]any) journey.DataField {
	return journey.DataField{Key: str(m["key"]), Name: str(m["name"]), Description: optStr(m["description"])}
}

func integrationFromMap(m map[string]any) journey.Integration {
	return journey.Integration{FromKey: str(m["from"]), ToKey: str(m["to"]), FieldKeys: nonNil(optStrList(m["fields"]))}
}
