package resolvers

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/journeygraph/journeygraph/graph/model"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/loaders"
)

// Look-ahead: a root field that returns accounts reads, in the same query,
// the contacts, current stage and journey the request selects below them,
// and hands them to the nested resolvers, so those find their page at once
// and run no query (and wait no batch window) of their own. Only what is
// certain to be asked exactly so is read ahead: one selection of the field,
// no filter, no totalCount; anything else is left to the nested resolver and
// its loader, as before, so reading ahead can save a query but never change
// an answer.
//
// A page read ahead carries only the properties its selection needs, so it
// is kept for that selection alone (the *ast.Field, with the account id) and
// never put in the request's shared loaders: the same account reached
// another way (contact.account, a second alias) asks for other properties
// and must read its own page. The current stage and the account itself are
// read whole and do prime the shared loaders.

// Property names by GraphQL field: what a partial read of a contact or a
// touchpoint must carry for the selected fields (reference fields need the
// key they follow).
var (
	contactProperties = map[string]string{
		"id": "id", "email": "email", "firstName": "firstName", "lastName": "lastName", "title": "title",
		"role": "role", "createdAt": "createdAt", "updatedAt": "updatedAt", "account": "accountId", "journey": "id",
	}
	touchpointProperties = map[string]string{
		"id": "id", "source": "source", "externalId": "externalId", "type": "type", "category": "category",
		"occurredAt": "occurredAt", "account": "accountId", "contact": "contactId", "value": "value",
		"sentiment": "sentiment", "attributes": "attributes", "recordedAt": "recordedAt",
	}
	// The TouchpointType fields a read-ahead type answers (its own properties).
	typeOwnFields = []string{"__typename", "key", "name", "category", "phase", "sourceSystem", "core40", "description"}
)

// readAhead is what to read ahead below accounts, and the selections of
// contacts and journey it reads for.
type readAhead struct {
	journey.AccountSelection
	contactsField, journeyField *ast.Field
}

// accountSelection says what to read ahead below accounts whose selected
// fields are fields.
func accountSelection(ctx context.Context, fields []graphql.CollectedField) readAhead {
	var sel readAhead
	if !graphql.HasOperationContext(ctx) {
		return sel
	}
	oc := graphql.GetOperationContext(ctx)
	if f, ok := only(fields, "contacts"); ok && !selects(oc, f, "ContactConnection", connectionTotalCountName) {
		first, after, ok := pageArgs(f.ArgumentMap(oc.Variables))
		if q, err := contactQueryWith(false, nil, first, defaultAccountContacts, after); ok && err == nil {
			sel.Contacts = &q
			sel.contactsField = f.Field
			sel.ContactFields = properties(nodeFields(oc, f, "Contact"), contactProperties, journey.ContactKeyFields)
		}
	}
	if _, ok := only(fields, "currentStage"); ok {
		sel.CurrentStage = true
	}
	if f, ok := only(fields, "journey"); ok && !selects(oc, f, "TouchpointConnection", connectionTotalCountName) {
		args := f.ArgumentMap(oc.Variables)
		first, after, ok := pageArgs(args)
		order, isString := args["order"].(string)
		ok = ok && args["filter"] == nil && (isString || args["order"] == nil)
		var dir *model.SortDirection
		if isString {
			d := model.SortDirection(order)
			dir = &d
		}
		if q, err := journeyQueryWith(false, nil, dir, first, after); ok && err == nil {
			nodes := nodeFields(oc, f, "Touchpoint")
			sel.Journey = &q
			sel.journeyField = f.Field
			sel.TouchpointFields = properties(nodes, touchpointProperties, journey.TouchpointKeyFields)
			sel.TouchpointTypes = typeReadAhead(oc, nodes)
		}
	}
	return sel
}

// accountConnectionFields are the Account fields selected below a connection
// of accounts (all its edges { node } selections together).
func accountConnectionFields(ctx context.Context) []graphql.CollectedField {
	if !graphql.HasOperationContext(ctx) {
		return nil
	}
	oc := graphql.GetOperationContext(ctx)
	var out []graphql.CollectedField
	for _, edges := range graphql.CollectFieldsCtx(ctx, []string{"AccountConnection"}) {
		if edges.Name != "edges" {
			continue
		}
		for _, node := range graphql.CollectFields(oc, edges.Selections, []string{"AccountEdge"}) {
			if node.Name == "node" {
				out = append(out, graphql.CollectFields(oc, node.Selections, []string{"Account"})...)
			}
		}
	}
	return out
}

// prime hands what tree read ahead to the request: the account and its
// current stage to the shared loaders, the partial contacts and journey pages
// to their selections alone (see readAheadPage). It returns the account.
func prime(ctx context.Context, sel readAhead, tree *journey.AccountTree) *journey.Account {
	l := loaders.For(ctx)
	a := tree.Account
	l.AccountByID.Prime(a.ID, &a)
	if sel.Contacts != nil {
		l.KeepReadAhead(sel.contactsField, a.ID, tree.Contacts)
	}
	if sel.CurrentStage {
		l.CurrentStageByAccount.Prime(a.ID, tree.CurrentStage)
	}
	if sel.Journey != nil {
		l.KeepReadAhead(sel.journeyField, a.ID, tree.Journey)
	}
	return &a
}

// readAheadPage returns the page read ahead for the field being resolved
// (its own selection) of account accountID, if there is one.
func readAheadPage[T any](ctx context.Context, accountID string) (*journey.Page[T], bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return nil, false
	}
	page, ok := loaders.For(ctx).ReadAhead(fc.Field.Field, accountID).(*journey.Page[T])
	return page, ok && page != nil
}

// only returns the field named name when it is selected exactly once (one
// alias): two selections may differ in arguments and subfields.
func only(fields []graphql.CollectedField, name string) (graphql.CollectedField, bool) {
	var found []graphql.CollectedField
	for _, f := range fields {
		if f.Name == name {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		return graphql.CollectedField{}, false
	}
	return found[0], true
}

// selects reports whether f (of type typ) selects a field named name.
func selects(oc *graphql.OperationContext, f graphql.CollectedField, typ, name string) bool {
	return slices.ContainsFunc(graphql.CollectFields(oc, f.Selections, []string{typ}), func(c graphql.CollectedField) bool { return c.Name == name })
}

// nodeFields are the fields selected on the nodes (of type typ) of the
// connection field f.
func nodeFields(oc *graphql.OperationContext, f graphql.CollectedField, typ string) []graphql.CollectedField {
	var out []graphql.CollectedField
	for _, edges := range graphql.CollectFields(oc, f.Selections, []string{typ + "Connection"}) {
		if edges.Name != "edges" {
			continue
		}
		for _, node := range graphql.CollectFields(oc, edges.Selections, []string{typ + "Edge"}) {
			if node.Name == "node" {
				out = append(out, graphql.CollectFields(oc, node.Selections, []string{typ})...)
			}
		}
	}
	return out
}

// properties are the key properties and those the selected fields need.
func properties(fields []graphql.CollectedField, byField map[string]string, keys []string) []string {
	out := slices.Clone(keys)
	for _, f := range fields {
		if p, ok := byField[f.Name]; ok && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// typeReadAhead reports whether every selection of Touchpoint.type asks only
// for the type's own properties (channel, owner and capturedBy need the
// catalog).
func typeReadAhead(oc *graphql.OperationContext, touchpointFields []graphql.CollectedField) bool {
	selected := false
	for _, f := range touchpointFields {
		if f.Name != "type" {
			continue
		}
		selected = true
		for _, tf := range graphql.CollectFields(oc, f.Selections, []string{"TouchpointType"}) {
			if !slices.Contains(typeOwnFields, tf.Name) {
				return false
			}
		}
	}
	return selected
}

// pageArgs reads first and after from a field's argument values; ok is false
// when either has a form they should not have (the resolver then reports it).
func pageArgs(args map[string]any) (first *int, after *string, ok bool) {
	switch v := args["first"].(type) {
	case nil:
	case int:
		first = &v
	case int64:
		n := int(v)
		first = &n
	case json.Number:
		n, err := v.Int64()
		if err != nil {
			return nil, nil, false
		}
		m := int(n)
		first = &m
	default:
		return nil, nil, false
	}
	switch v := args["after"].(type) {
	case nil:
	case string:
		after = &v
	default:
		return nil, nil, false
	}
	return first, after, true
}
