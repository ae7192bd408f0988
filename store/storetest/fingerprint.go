package storetest

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Fingerprint is the whole graph as sorted lines, one per node (labels and
// properties) and one per relationship (its ends by label and id or key, its
// type and properties), so that two graphs are equal exactly when their
// fingerprints are. Left out is what differs between two loads of the same
// data by design: the load's own clock (createdAt, updatedAt, recordedAt),
// transaction attempt ids (batchId), the catalog version's random token, and
// the change feed (Change, ChangeSequence) and the journey caches' marks
// (profileSeq, ProfileBump), which record transactions, not
// data. Meant for small test graphs.
func (db *DB) Fingerprint() []string {
	db.t.Helper()
	var out []string
	for _, r := range db.Query(`MATCH (n) WHERE NOT n:Change AND NOT n:ChangeSequence AND NOT n:ProfileBump
		RETURN labels(n) AS labels, properties(n) AS props`, nil) {
		out = append(out, "node "+labelsOf(r["labels"])+" "+propsOf(r["props"]))
	}
	for _, r := range db.Query(`MATCH (a)-[r]->(b) WHERE NOT a:Change AND NOT b:Change
		RETURN labels(a) AS fromLabels, coalesce(a.id, a.key) AS from, type(r) AS type, properties(r) AS props,
		       labels(b) AS toLabels, coalesce(b.id, b.key) AS to`, nil) {
		out = append(out, fmt.Sprintf("rel (%s %v)-[%s %s]->(%s %v)", labelsOf(r["fromLabels"]), r["from"], r["type"],
			propsOf(r["props"]), labelsOf(r["toLabels"]), r["to"]))
	}
	slices.Sort(out)
	return out
}

// ignoredProperties differ between two loads of the same data (see Fingerprint).
var ignoredProperties = map[string]bool{"createdAt": true, "updatedAt": true, "recordedAt": true, "batchId": true, "token": true,
	"profileSeq": true}

func labelsOf(v any) string {
	var labels []string
	for _, l := range v.([]any) {
		labels = append(labels, l.(string))
	}
	slices.Sort(labels)
	return strings.Join(labels, ":")
}

// propsOf prints properties in key order; times with their zone, since a
// datetime stored in the named zone UTC and one at offset Z print differently
// in Cypher.
func propsOf(v any) string {
	props := v.(map[string]any)
	keys := make([]string, 0, len(props))
	for k := range props {
		if !ignoredProperties[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var sb strings.Builder
	sb.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			sb.WriteString(", ")
		}
		val := props[k]
		if t, ok := val.(time.Time); ok {
			val = t.Format(time.RFC3339Nano) + "[" + t.Location().String() + "]"
		}
		fmt.Fprintf(&sb, "%s: %#v", k, val)
	}
	sb.WriteByte('}')
	return sb.String()
}

// FingerprintDiff lists the lines one fingerprint has more often than the
// other (at most 20 of each side), or "" when they are equal.
func FingerprintDiff(want, got []string) string {
	count := map[string]int{}
	for _, l := range want {
		count[l]++
	}
	for _, l := range got {
		count[l]--
	}
	var missing, unexpected []string
	for l, n := range count {
		for ; n > 0; n-- {
			missing = append(missing, l)
		}
		for ; n < 0; n++ {
			unexpected = append(unexpected, l)
		}
	}
	var sb strings.Builder
	for _, side := range []struct {
		name  string
		lines []string
	}{{"missing", missing}, {"unexpected", unexpected}} {
		slices.Sort(side.lines)
		for i, l := range side.lines {
			if i == 20 {
				fmt.Fprintf(&sb, "… and %d more %s\n", len(side.lines)-20, side.name)
				break
			}
			fmt.Fprintf(&sb, "%s: %s\n", side.name, l)
		}
	}
	return sb.String()
}
