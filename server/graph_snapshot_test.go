package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/journeygraph/journeygraph/server/apitest"
)

// graphSnapshot lists the whole graph, one line per node (element id, sorted
// labels, every property) and per relationship (element id, type, both
// endpoints, every property), sorted: two snapshots are equal only when
// nothing was created, deleted or changed in between. fmt prints maps with
// sorted keys, so a line does not depend on property order.
func graphSnapshot(api *apitest.API) []string {
	var lines []string
	for _, r := range api.Query(`MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props`, nil) {
		labels := []string{}
		for _, l := range r["labels"].([]any) {
			labels = append(labels, l.(string))
		}
		slices.Sort(labels)
		lines = append(lines, fmt.Sprintf("node %v :%s %v", r["id"], strings.Join(labels, ":"), r["props"]))
	}
	for _, r := range api.Query(`MATCH (a)-[r]->(b) RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS from,
	  elementId(b) AS to, properties(r) AS props`, nil) {
		lines = append(lines, fmt.Sprintf("rel %v (%v)-[:%v]->(%v) %v", r["id"], r["from"], r["type"], r["to"], r["props"]))
	}
	slices.Sort(lines)
	return lines
}

// snapshotDiff names the lines only in before and only in after.
func snapshotDiff(before, after []string) string {
	var out []string
	for _, l := range before {
		if _, found := slices.BinarySearch(after, l); !found {
			out = append(out, "- "+l)
		}
	}
	for _, l := range after {
		if _, found := slices.BinarySearch(before, l); !found {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

// The snapshot sees every change that keeps the graph's size: a property
// value, a label, a relationship's type or end, a relationship property.
func TestGraphSnapshotSeesChangesThatKeepTheSize(t *testing.T) {
	api := blueprintAPI(t)
	prev := graphSnapshot(api)
	for _, change := range []string{
		`MATCH (t:Technology {key: 'crm'}) SET t.name = 'Renamed CRM'`,
		`MATCH (t:TouchpointType {key: 'demo'}) SET t.importanceCustomer = 3.0`,
		`MATCH (s:Stage {key: 'lead'}) REMOVE s:Stage SET s:Phase`,
		`MATCH (a:Technology {key: 'esign'})-[r:INTEGRATES_WITH]->(b) SET r.fields = ['email']`,
		`MATCH (a:Technology {key: 'recorder'})-[r:USED_AT]->(s) DELETE r
		 WITH a MATCH (w:Stage {key: 'won'}) CREATE (a)-[:USED_AT]->(w)`,
		`MATCH (a:Technology {key: 'social'})-[r:MADE_BY]->(v) DELETE r
		 WITH a MATCH (v:Vendor {key: 'talkco'}) CREATE (a)-[:MADE_BY]->(v)`,
	} {
		api.Query(change, nil)
		next := graphSnapshot(api)
		if snapshotDiff(prev, next) == "" {
			t.Errorf("the snapshot did not change after %s", change)
		}
		prev = next
	}
}
