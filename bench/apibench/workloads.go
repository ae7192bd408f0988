package main

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The workloads of issue 13, each in the three forms measured: JourneyGraph's
// GraphQL, @neo4j/graphql's GraphQL over the type definitions in
// bench/peer/typeDefs.graphql, and one hand-written Cypher query run directly
// (the physical limit). Request i of W2 asks for account i of a fixed
// shuffle, the same sequence for every target.

//go:embed direct/*.cypher
var directFiles embed.FS

func directQuery(name string) string {
	b, err := directFiles.ReadFile("direct/" + name + ".cypher")
	if err != nil {
		panic(err)
	}
	return string(b)
}

type workload struct {
	name        string
	description string
	journeyGQL  string
	peerGQL     string
	direct      string                     // the Cypher
	vars        func(i int) map[string]any // variables of request i, nil for none
	// normalise turns any form's answer into the same JSON, for the check
	// that the three answer with the same data.
	normalise func(kind string, body []byte) (string, error)
}

func workloads(accountIDs []string) []workload {
	byIndex := func(i int) map[string]any {
		// A stride coprime to most sizes spreads consecutive requests over the data.
		return map[string]any{"id": accountIDs[(i*7919)%len(accountIDs)]}
	}
	return []workload{
		{
			name:        "W1",
			description: "50 accounts by name, each with contacts (email, title), current stage, 10 latest touchpoints with type name and category",
			journeyGQL: `query W1 { accounts(first: 50, orderBy: {field: NAME}) { edges { node { id name
  contacts { edges { node { email title } } }
  currentStage { key }
  journey(order: DESC, first: 10) { edges { node { id occurredAt type { name category } } } } } } } }`,
			peerGQL: `query W1 { accounts(sort: [{name: ASC}, {id: ASC}], limit: 50) { id name
  contacts(sort: [{id: ASC}]) { email title }
  currentStage { key }
  touchpoints(sort: [{occurredAt: DESC}, {id: DESC}], limit: 10) { id occurredAt type { name category } } } }`,
			direct:    directQuery("w1"),
			normalise: normaliseAccounts,
		},
		{
			name:        "W2",
			description: "one account by id with its 20 latest touchpoints and type names",
			journeyGQL: `query W2($id: ID!) { account(id: $id) { id name
  journey(order: DESC, first: 20) { edges { node { id occurredAt type { name } } } } } }`,
			peerGQL: `query W2($id: ID!) { accounts(where: {id: {eq: $id}}) { id name
  touchpoints(sort: [{occurredAt: DESC}, {id: DESC}], limit: 20) { id occurredAt type { name } } } }`,
			direct:    directQuery("w2"),
			vars:      byIndex,
			normalise: normaliseAccounts,
		},
		{
			name:        "W3",
			description: "the touchpoint catalog (key, name, category)",
			journeyGQL:  `query W3 { touchpointTypes { key name category } }`,
			peerGQL:     `query W3 { touchpointTypes(sort: [{category: ASC}, {name: ASC}, {key: ASC}]) { key name category } }`,
			direct:      directQuery("w3"),
			normalise:   normaliseCatalog,
		},
	}
}

// runDirect runs w's Cypher with the driver and encodes the rows as JSON, as
// a server answering w would.
func runDirect(ctx context.Context, driver neo4j.DriverWithContext, w workload, vars map[string]any) ([]byte, error) {
	res, err := neo4j.ExecuteQuery(ctx, driver, w.direct, vars, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithReadersRouting(), neo4j.ExecuteQueryWithDatabase("neo4j"))
	if err != nil {
		return nil, err
	}
	rows := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		rows[i] = r.AsMap()
	}
	return json.Marshal(map[string]any{"data": rows})
}

// The common form: accounts in answer order, each with its contacts, stage
// and touchpoints in answer order, times as instants.
type normAccount struct {
	ID       string           `json:"id"`
	Name     string           `json:"name"`
	Contacts []normContact    `json:"contacts,omitempty"`
	Stage    string           `json:"stage,omitempty"`
	Journey  []normTouchpoint `json:"journey"`
}

type normContact struct {
	Email *string `json:"email"`
	Title *string `json:"title"`
}

type normTouchpoint struct {
	ID         string `json:"id"`
	OccurredAt string `json:"occurredAt"`
	TypeName   string `json:"typeName"`
	Category   string `json:"category,omitempty"`
}

type anyTouchpoint struct {
	ID         string `json:"id"`
	OccurredAt string `json:"occurredAt"`
	Type       json.RawMessage
}

type typeRef struct{ Name, Category string }

func (t anyTouchpoint) norm() (normTouchpoint, error) {
	at, err := instant(t.OccurredAt)
	if err != nil {
		return normTouchpoint{}, err
	}
	// The peer's relationship fields are lists (one element), JourneyGraph's an object.
	var ty typeRef
	if strings.HasPrefix(strings.TrimSpace(string(t.Type)), "[") {
		var list []typeRef
		if err := json.Unmarshal(t.Type, &list); err != nil || len(list) != 1 {
			return normTouchpoint{}, fmt.Errorf("touchpoint %s: type %s", t.ID, t.Type)
		}
		ty = list[0]
	} else if err := json.Unmarshal(t.Type, &ty); err != nil {
		return normTouchpoint{}, err
	}
	return normTouchpoint{ID: t.ID, OccurredAt: at, TypeName: ty.Name, Category: ty.Category}, nil
}

func normJourney(ts []anyTouchpoint) ([]normTouchpoint, error) {
	out := make([]normTouchpoint, 0, len(ts))
	for _, t := range ts {
		n, err := t.norm()
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func normaliseAccounts(kind string, body []byte) (string, error) {
	var out []normAccount
	switch kind {
	case kindAPI:
		var r struct {
			Data struct {
				Account  *journeyAccount
				Accounts *struct {
					Edges []struct{ Node journeyAccount }
				}
			}
		}
		if err := json.Unmarshal(body, &r); err != nil {
			return "", err
		}
		var accounts []journeyAccount
		if r.Data.Account != nil {
			accounts = append(accounts, *r.Data.Account)
		}
		if r.Data.Accounts != nil {
			for _, e := range r.Data.Accounts.Edges {
				accounts = append(accounts, e.Node)
			}
		}
		for _, a := range accounts {
			n := normAccount{ID: a.ID, Name: a.Name}
			if a.CurrentStage != nil {
				n.Stage = a.CurrentStage.Key
			}
			for _, c := range a.Contacts.Edges {
				n.Contacts = append(n.Contacts, c.Node)
			}
			var journey []anyTouchpoint
			for _, e := range a.Journey.Edges {
				journey = append(journey, e.Node)
			}
			var err error
			if n.Journey, err = normJourney(journey); err != nil {
				return "", err
			}
			out = append(out, n)
		}
	case kindPeer:
		var r struct {
			Data struct {
				Accounts []struct {
					ID, Name     string
					Contacts     []normContact
					CurrentStage []struct{ Key string }
					Touchpoints  []anyTouchpoint
				}
			}
		}
		if err := json.Unmarshal(body, &r); err != nil {
			return "", err
		}
		for _, a := range r.Data.Accounts {
			n := normAccount{ID: a.ID, Name: a.Name, Contacts: a.Contacts}
			if len(a.CurrentStage) > 0 {
				n.Stage = a.CurrentStage[0].Key
			}
			var err error
			if n.Journey, err = normJourney(a.Touchpoints); err != nil {
				return "", err
			}
			out = append(out, n)
		}
	case kindDirect:
		var r struct {
			Data []struct {
				ID, Name string
				Contacts []normContact
				Stage    *string
				Journey  []anyTouchpoint
			}
		}
		if err := json.Unmarshal(body, &r); err != nil {
			return "", err
		}
		for _, a := range r.Data {
			n := normAccount{ID: a.ID, Name: a.Name, Contacts: a.Contacts}
			if a.Stage != nil {
				n.Stage = *a.Stage
			}
			var err error
			if n.Journey, err = normJourney(a.Journey); err != nil {
				return "", err
			}
			out = append(out, n)
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

type journeyAccount struct {
	ID, Name string
	Contacts struct{ Edges []struct{ Node normContact } }
	// currentStage is null for an account without one.
	CurrentStage *struct{ Key string }
	Journey      struct {
		Edges []struct{ Node anyTouchpoint }
	}
}

// normaliseCatalog compares the catalog as a set: the display orders differ
// (JourneyGraph orders categories by the journey, the others by name).
func normaliseCatalog(kind string, body []byte) (string, error) {
	type entry struct{ Key, Name, Category string }
	var list []entry
	if kind == kindDirect {
		var r struct{ Data []entry }
		if err := json.Unmarshal(body, &r); err != nil {
			return "", err
		}
		list = r.Data
	} else {
		var r struct {
			Data struct{ TouchpointTypes []entry }
		}
		if err := json.Unmarshal(body, &r); err != nil {
			return "", err
		}
		list = r.Data.TouchpointTypes
	}
	byKey := map[string]entry{}
	for _, e := range list {
		byKey[e.Key] = e
	}
	b, err := json.Marshal(byKey) // map keys are sorted
	return string(b), err
}
