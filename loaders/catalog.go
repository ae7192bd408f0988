package loaders

import (
	"context"
	"slices"
	"sync"

	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// The catalog (touchpoint types, stages, departments, channels, technologies,
// vendors) is small and changes rarely. Each request reads each part at most
// once, whole, on first use, and answers every lookup by key from it: the
// touchpoint types of a page of 50 journeys cost one query, whatever the
// timing of the resolvers asking (no batch window to miss). Across requests
// the store keeps the touchpoint types with the catalog's version token and
// reads them again only when the token changed (store.TouchpointTypes), so a
// catalog edit is visible at once, on every replica.
type catalog struct {
	store        *store.Store
	types        lazy[journey.TouchpointType]
	stages       lazy[journey.Stage]
	departments  lazy[journey.Department]
	channels     lazy[journey.Channel]
	technologies lazy[journey.Technology]
	vendors      lazy[journey.Vendor]
	dataFields   lazy[journey.DataField]
	integrations lazy[journey.Integration]
}

// lazy is one catalog list, read once per request. A failed read is not
// kept: the next caller tries again.
type lazy[T any] struct {
	mu     sync.Mutex
	loaded bool
	items  []T
}

func (z *lazy[T]) get(ctx context.Context, read func(context.Context) ([]T, error)) ([]T, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.loaded {
		return z.items, nil
	}
	items, err := read(ctx)
	if err != nil {
		return nil, err
	}
	z.items, z.loaded = items, true
	return items, nil
}

// TouchpointTypes is the whole touchpoint catalog in display order.
func (l *Loaders) TouchpointTypes(ctx context.Context) ([]journey.TouchpointType, error) {
	return l.catalog.types.get(ctx, func(ctx context.Context) ([]journey.TouchpointType, error) {
		return l.store.TouchpointTypes(ctx, nil, nil)
	})
}

// Stages are the lifecycle stages in their designed order.
func (l *Loaders) Stages(ctx context.Context) ([]journey.Stage, error) {
	return l.catalog.stages.get(ctx, l.store.Stages)
}

// Departments by name.
func (l *Loaders) Departments(ctx context.Context) ([]journey.Department, error) {
	return l.catalog.departments.get(ctx, l.store.Departments)
}

// Channels by name.
func (l *Loaders) Channels(ctx context.Context) ([]journey.Channel, error) {
	return l.catalog.channels.get(ctx, l.store.Channels)
}

// Technologies by name.
func (l *Loaders) Technologies(ctx context.Context) ([]journey.Technology, error) {
	return l.catalog.technologies.get(ctx, l.store.Technologies)
}

// Vendors by name.
func (l *Loaders) Vendors(ctx context.Context) ([]journey.Vendor, error) {
	return l.catalog.vendors.get(ctx, l.store.Vendors)
}

// DataFields by name.
func (l *Loaders) DataFields(ctx context.Context) ([]journey.DataField, error) {
	return l.catalog.dataFields.get(ctx, l.store.DataFields)
}

// Integrations by source and target key.
func (l *Loaders) Integrations(ctx context.Context) ([]journey.Integration, error) {
	return l.catalog.integrations.get(ctx, l.store.Integrations)
}

// TechnologyByKey returns the technology with key, or nil.
func (l *Loaders) TechnologyByKey(ctx context.Context, key string) (*journey.Technology, error) {
	return find(ctx, l.Technologies, func(t journey.Technology) bool { return t.Key == key })
}

// DataFieldsWhere returns the data fields matching keep, by name.
func (l *Loaders) DataFieldsWhere(ctx context.Context, keep func(journey.DataField) bool) ([]*journey.DataField, error) {
	return filter(ctx, l.DataFields, keep)
}

// StagesWhere returns the stages matching keep, in order.
func (l *Loaders) StagesWhere(ctx context.Context, keep func(journey.Stage) bool) ([]*journey.Stage, error) {
	return filter(ctx, l.Stages, keep)
}

// IntegrationsWhere returns the integrations matching keep.
func (l *Loaders) IntegrationsWhere(ctx context.Context, keep func(journey.Integration) bool) ([]*journey.Integration, error) {
	return filter(ctx, l.Integrations, keep)
}

// TouchpointTypeByKey returns the catalog entry with key, or nil.
func (l *Loaders) TouchpointTypeByKey(ctx context.Context, key string) (*journey.TouchpointType, error) {
	return find(ctx, l.TouchpointTypes, func(t journey.TouchpointType) bool { return t.Key == key })
}

// StageByKey returns the stage with key, or nil.
func (l *Loaders) StageByKey(ctx context.Context, key string) (*journey.Stage, error) {
	return find(ctx, l.Stages, func(s journey.Stage) bool { return s.Key == key })
}

// DepartmentByKey returns the department with key, or nil.
func (l *Loaders) DepartmentByKey(ctx context.Context, key string) (*journey.Department, error) {
	return find(ctx, l.Departments, func(d journey.Department) bool { return d.Key == key })
}

// ChannelByKey returns the channel with key, or nil.
func (l *Loaders) ChannelByKey(ctx context.Context, key string) (*journey.Channel, error) {
	return find(ctx, l.Channels, func(c journey.Channel) bool { return c.Key == key })
}

// VendorByKey returns the vendor with key, or nil.
func (l *Loaders) VendorByKey(ctx context.Context, key string) (*journey.Vendor, error) {
	return find(ctx, l.Vendors, func(v journey.Vendor) bool { return v.Key == key })
}

// TouchpointTypesWhere returns the catalog entries matching keep, in catalog order.
func (l *Loaders) TouchpointTypesWhere(ctx context.Context, keep func(journey.TouchpointType) bool) ([]*journey.TouchpointType, error) {
	return filter(ctx, l.TouchpointTypes, keep)
}

// TechnologiesWhere returns the technologies matching keep, by name.
func (l *Loaders) TechnologiesWhere(ctx context.Context, keep func(journey.Technology) bool) ([]*journey.Technology, error) {
	return filter(ctx, l.Technologies, keep)
}

// CapturedByType returns the technologies that capture the touchpoint type key.
func (l *Loaders) CapturedByType(ctx context.Context, key string) ([]*journey.Technology, error) {
	return l.TechnologiesWhere(ctx, func(t journey.Technology) bool { return slices.Contains(t.CaptureKeys, key) })
}

func find[T any](ctx context.Context, all func(context.Context) ([]T, error), match func(T) bool) (*T, error) {
	items, err := all(ctx)
	if err != nil {
		return nil, err
	}
	for i := range items {
		if match(items[i]) {
			v := items[i]
			return &v, nil
		}
	}
	return nil, nil
}

// filter returns copies, so callers cannot change the request's catalog.
func filter[T any](ctx context.Context, all func(context.Context) ([]T, error), keep func(T) bool) ([]*T, error) {
	items, err := all(ctx)
	if err != nil {
		return nil, err
	}
	out := []*T{}
	for i := range items {
		if keep(items[i]) {
			v := items[i]
			out = append(out, &v)
		}
	}
	return out, nil
}
