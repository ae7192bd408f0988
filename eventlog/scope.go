package eventlog

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// ScopeFields are the analysis scope's fields as the GraphQL AnalysisScope
// names them: the HTTP download's query parameters, and (in kebab case) the
// export command's flags.
var ScopeFields = []string{"level", "segment", "industry", "region", "from", "to", "cohortFrom", "cohortTo", "excludeCategories", "excludeTypes"}

// ParseScope reads a scope from text values by field name (several values,
// or one with comma-separated entries, make a list; times are RFC 3339 or a
// date, midnight UTC) and normalizes it as the analytics do. A field given
// with no value but commas or spaces is refused: read as absent it would
// widen the export. Every problem is reported at once, each with its field.
func ParseScope(get func(field string) []string) (journey.AnalysisScope, error) {
	var sc journey.AnalysisScope
	var errs journey.Errors
	for _, field := range ScopeFields {
		if vs := get(field); len(vs) > 0 && strings.Trim(strings.Join(vs, ""), ", \t") == "" {
			errs = append(errs, journey.Invalid("scope."+field, "is given without a value"))
		}
	}
	list := func(field string) []string {
		var out []string
		for _, v := range get(field) {
			for _, s := range strings.Split(v, ",") {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
		}
		return out
	}
	instant := func(field string) *time.Time {
		vs := list(field)
		if len(vs) == 0 {
			return nil
		}
		if len(vs) > 1 {
			errs = append(errs, journey.Invalid("scope."+field, "give one time"))
			return nil
		}
		t, err := time.Parse(time.RFC3339Nano, vs[0])
		if err != nil {
			if t, err = time.Parse(time.DateOnly, vs[0]); err != nil {
				errs = append(errs, journey.Invalid("scope."+field, "%q is not a time such as 2025-01-31 or 2025-01-31T12:00:00Z", vs[0]))
				return nil
			}
		}
		return &t
	}
	if lv := list("level"); len(lv) > 0 {
		sc.Level = journey.JourneyLevel(strings.ToUpper(lv[0]))
		if len(lv) > 1 {
			errs = append(errs, journey.Invalid("scope.level", "give one level"))
		}
	}
	for _, s := range list("segment") {
		sc.Segments = append(sc.Segments, journey.Segment(strings.ToUpper(s)))
	}
	sc.Industries = list("industry")
	sc.Regions = list("region")
	sc.From, sc.To = instant("from"), instant("to")
	sc.CohortFrom, sc.CohortTo = instant("cohortFrom"), instant("cohortTo")
	for _, c := range list("excludeCategories") {
		sc.ExcludeCategories = append(sc.ExcludeCategories, journey.Category(strings.ToUpper(c)))
	}
	sc.ExcludeTypes = list("excludeTypes")
	errs.Add(sc.Normalize("scope"))
	return sc, errs.OrNil()
}

// ParseScopeQuery reads a scope from the query of an HTTP download as
// ParseScope does, and also refuses a parameter that is not a scope field: a
// typo (industy=) ignored would export every journey instead of a few.
func ParseScopeQuery(q url.Values) (journey.AnalysisScope, error) {
	var errs journey.Errors
	for _, name := range slices.Sorted(maps.Keys(q)) {
		if !slices.Contains(ScopeFields, name) {
			errs = append(errs, journey.Invalid(name, "is not a parameter of the export (the parameters: %s)", strings.Join(ScopeFields, ", ")))
		}
	}
	sc, err := ParseScope(func(field string) []string { return q[field] })
	errs.Add(err)
	return sc, errs.OrNil()
}

// checkExcludedTypes reports excluded types the catalog lacks: a typo that
// would exclude nothing (the analytics refuse it the same way).
func checkExcludedTypes(sc journey.AnalysisScope, cat catalog) error {
	var errs journey.Errors
	for i, k := range sc.ExcludeTypes {
		if _, ok := cat.byKey[k]; !ok {
			e := journey.Invalid("scope.excludeTypes["+strconv.Itoa(i)+"]", "%q is not a touchpoint type", k)
			e.Reason = journey.ReasonUnknownTouchpointType
			errs = append(errs, e)
		}
	}
	return errs.OrNil()
}
