package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
)

// pathBuildBatch is how many owners one backfill transaction builds paths for.
const pathBuildBatch = 500

// A JourneyPath node holds one journey (an account's or a contact's
// touchpoints in (occurredAt, id) order) in two compact properties, because
// the analytics read all of them at once and lists cost one boxed value per
// element in Neo4j, on the wire and in the driver:
//
//   - typeSequence: the type keys joined by single spaces ("website_visit demo
//     proposal"), readable in Neo4j Browser. Keys may contain spaces, so a
//     key's backslashes are written `\\` and its spaces `\s`.
//   - timeDeltas: the epoch-millisecond times as bytes: one signed varint
//     (encoding/binary, zig-zag) per step, the first absolute and each later
//     one the difference from the previous step.
//
// steps holds the count, for people reading the graph.

// pathLevel names one kind of journey path: the id prefix and its queries.
type pathLevel struct {
	level    string // ACCOUNT or CONTACT: JourneyPath.level and the id prefix
	suffixes string // query returning stored paths and new touchpoints
	missing  string // query listing owners without a path
	lock     func(*txRunner, []string) error
	mark     func(*txRunner, string) // for the journey caches: a path built outside the change feed
}

var (
	accountPaths = pathLevel{"ACCOUNT", "account_path_suffixes", "accounts_without_path", (*txRunner).lockAccounts, (*txRunner).markAccountProfile}
	contactPaths = pathLevel{"CONTACT", "contact_path_suffixes", "contacts_without_path", (*txRunner).lockContacts, (*txRunner).markContactProfile}
)

var typeKeyEscaper = strings.NewReplacer(`\`, `\\`, ` `, `\s`)

// encodeJourneyPath encodes steps as typeSequence and timeDeltas; timeDeltas
// is never nil, so an empty path still has the property.
func encodeJourneyPath(keys []string, ms []int64) (string, []byte) {
	var sb strings.Builder
	times := make([]byte, 0, 3*len(ms))
	prev := int64(0)
	for i, k := range keys {
		if i > 0 {
			sb.WriteByte(' ')
		}
		if strings.ContainsAny(k, `\ `) {
			k = typeKeyEscaper.Replace(k)
		}
		sb.WriteString(k)
		times = binary.AppendVarint(times, ms[i]-prev)
		prev = ms[i]
	}
	return sb.String(), times
}

// pathReader decodes a stored JourneyPath step by step without allocating
// (except for keys that needed escaping).
type pathReader struct {
	types string
	times []byte
	ms    int64
	err   error
}

var errCorruptPath = errors.New("corrupt JourneyPath: typeSequence and timeDeltas disagree")

// next returns the next step's type key (a substring of typeSequence unless
// it was escaped) and time; ok is false at the end or on corrupt data (err).
func (r *pathReader) next() (key string, ms int64, ok bool) {
	if r.types == "" {
		if len(r.times) > 0 {
			r.err = errCorruptPath
		}
		return "", 0, false
	}
	delta, n := binary.Varint(r.times)
	if n <= 0 {
		r.err = errCorruptPath
		return "", 0, false
	}
	r.times = r.times[n:]
	r.ms += delta
	key = r.types
	if i := strings.IndexByte(r.types, ' '); i >= 0 {
		key, r.types = r.types[:i], r.types[i+1:]
		if r.types == "" { // a trailing separator is no empty step
			r.err = errCorruptPath
			return "", 0, false
		}
	} else {
		r.types = ""
	}
	if strings.IndexByte(key, '\\') >= 0 {
		key = unescapeTypeKey(key)
	}
	return key, r.ms, true
}

func unescapeTypeKey(k string) string {
	var sb strings.Builder
	for i := 0; i < len(k); i++ {
		if k[i] == '\\' && i+1 < len(k) {
			i++
			if k[i] == 's' {
				sb.WriteByte(' ')
				continue
			}
		}
		sb.WriteByte(k[i])
	}
	return sb.String()
}

// updateJourneyPaths brings the JourneyPath of each owner of a level up to
// date after new touchpoints at or after from[owner]: the stored steps before
// that millisecond are kept (they are a prefix: paths are in time order), the
// rest is re-read from the touchpoints. The caller holds the owners' locks.
func (r *txRunner) updateJourneyPaths(lv pathLevel, from map[string]time.Time) error {
	if len(from) == 0 {
		return nil
	}
	recs, err := r.run(lv.suffixes, chainsParams(from))
	if err != nil {
		return err
	}
	paths := make([]map[string]any, 0, len(recs))
	for _, rec := range recs {
		m := rec.AsMap()
		id := str(m["id"])
		fromMs, _ := m["fromMs"].(int64)
		keys, ms, err := lv.storedSteps(id, m["storedTypes"], m["storedTimes"], fromMs)
		if err != nil {
			return err
		}
		types, _ := m["types"].([]any)
		times, _ := m["times"].([]any)
		for i := range types {
			at, _ := times[i].(int64)
			keys, ms = append(keys, str(types[i])), append(ms, at)
		}
		paths = append(paths, lv.pathParams(id, keys, ms))
	}
	_, err = r.run("write_journey_paths", map[string]any{"paths": paths})
	return err
}

// storedSteps decodes the steps of owner's stored path (storedTypes and
// storedTimes as read; nil for none) before the millisecond beforeMs.
func (lv pathLevel) storedSteps(owner string, storedTypes, storedTimes any, beforeMs int64) ([]string, []int64, error) {
	stored, ok := storedTypes.(string)
	if !ok {
		return nil, nil, nil
	}
	times, _ := storedTimes.([]byte)
	rd := pathReader{types: stored, times: times}
	var keys []string
	var ms []int64
	for {
		k, at, ok := rd.next()
		if !ok || at >= beforeMs {
			break
		}
		keys, ms = append(keys, k), append(ms, at)
	}
	if rd.err != nil {
		return nil, nil, fmt.Errorf("%s:%s: %w", lv.level, owner, rd.err)
	}
	return keys, ms, nil
}

// pathParams is the write_journey_paths row of owner's path of these steps.
func (lv pathLevel) pathParams(owner string, keys []string, ms []int64) map[string]any {
	seq, deltas := encodeJourneyPath(keys, ms)
	return map[string]any{"id": lv.level + ":" + owner, "level": lv.level, "ownerId": owner,
		"typeSequence": seq, "timeDeltas": deltas, "steps": len(keys)}
}

// BuildMissingJourneyPaths builds the JourneyPath of every account and
// contact that has touchpoints but no path — a database written before paths
// were maintained, or whose old-format paths migration 0006 dropped — in batches of
// pathBuildBatch, each under the owners' locks so it cannot interleave with
// ingest. Returns how many it built; the second run builds none. Migrate
// calls it.
func (s *Store) BuildMissingJourneyPaths(ctx context.Context) (int, error) {
	built := 0
	for _, lv := range []pathLevel{accountPaths, contactPaths} {
		for {
			n := 0
			err := s.writeTx(ctx, "build_journey_paths", func(tx *txRunner) error {
				recs, err := tx.run(lv.missing, map[string]any{"limit": pathBuildBatch})
				if err != nil {
					return err
				}
				from := make(map[string]time.Time, len(recs))
				ids := make([]string, 0, len(recs))
				for _, rec := range recs {
					id, _ := rec.Get("id")
					from[str(id)] = minTime
					ids = append(ids, str(id))
				}
				if err := lv.lock(tx, ids); err != nil {
					return err
				}
				for _, id := range ids {
					lv.mark(tx, id)
				}
				n = len(ids)
				return tx.updateJourneyPaths(lv, from)
			})
			if err != nil {
				return built, err
			}
			if n == 0 {
				break
			}
			built += n
			s.logger.InfoContext(ctx, "built journey paths", "journeys", lv.level, "owners", built)
		}
	}
	return built, nil
}
