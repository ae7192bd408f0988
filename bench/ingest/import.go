package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/journeygraph/journeygraph/importer"
	"github.com/journeygraph/journeygraph/journey"
	"github.com/journeygraph/journeygraph/store"
)

// importKinds are the export kinds the import mode writes, each with its
// header and how a seed touchpoint becomes one of its rows (value: the kind's
// name for the touchpoint's type). Support tickets are left out: a ticket row
// stands for an opening and a closing, which seed touchpoints are not.
var importKinds = []struct {
	kind   string
	header []string
	row    func(t journey.TouchpointInput, value, email string) []string
}{
	{"crm-activities", []string{"Id", "ActivityDateTime", "Type", "AccountId", "WhoId"},
		func(t journey.TouchpointInput, value, _ string) []string {
			return []string{t.ExternalID, t.OccurredAt.Format(time.RFC3339Nano), value, *t.AccountID, deref(t.ContactID)}
		}},
	{"marketing-activity", []string{"ActivityId", "ActivityType", "Timestamp", "Email", "AccountId"},
		func(t journey.TouchpointInput, value, email string) []string {
			return []string{t.ExternalID, value, t.OccurredAt.Format(time.RFC3339Nano), email, *t.AccountID}
		}},
	{"erp-invoices", []string{"DocumentNumber", "DocumentType", "Date", "CustomerId"},
		func(t journey.TouchpointInput, value, _ string) []string {
			return []string{t.ExternalID, value, t.OccurredAt.Format(time.RFC3339Nano), *t.AccountID}
		}},
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// importFiles writes the touchpoints as export files of importKinds in dir,
// each touchpoint in the file of the first kind that maps its type (its
// contact by id, or by email for marketing), in generation order; touchpoints
// of types no kind maps are left out. It returns the files by kind and the
// number of rows written.
func importFiles(dir string, tps []journey.TouchpointInput, contacts []journey.ContactInput) (map[string]string, int, error) {
	emailOf := map[string]string{}
	for _, c := range contacts {
		emailOf[c.ID] = c.Email
	}
	type target struct {
		kind  int
		value string
	}
	byType := map[string]target{}
	for k, ik := range importKinds {
		m, err := importer.Lookup(ik.kind)
		if err != nil {
			return nil, 0, err
		}
		for _, r := range m.TypeRules {
			if _, taken := byType[r.Type]; !taken && len(r.Values) > 0 {
				byType[r.Type] = target{k, r.Values[0]}
			}
		}
	}
	writers := make([]*csv.Writer, len(importKinds))
	files := map[string]string{}
	for k, ik := range importKinds {
		path := filepath.Join(dir, ik.kind+".csv")
		f, err := os.Create(path)
		if err != nil {
			return nil, 0, err
		}
		defer f.Close()
		writers[k], files[ik.kind] = csv.NewWriter(f), path
		if err := writers[k].Write(ik.header); err != nil {
			return nil, 0, err
		}
	}
	n := 0
	for _, t := range tps {
		to, ok := byType[t.TypeKey]
		if !ok {
			continue
		}
		email := ""
		if t.ContactID != nil {
			email = emailOf[*t.ContactID]
		}
		if err := writers[to.kind].Write(importKinds[to.kind].row(t, to.value, email)); err != nil {
			return nil, 0, err
		}
		n++
	}
	for _, w := range writers {
		if w.Flush(); w.Error() != nil {
			return nil, 0, w.Error()
		}
	}
	return files, n, nil
}

// importAll imports the files of importFiles one kind after the other, as
// `journeygraph import -kind KIND [-batch N] FILE` does (importer.Import into
// the store; batch "" is the default size), and fails on any rejected row.
func importAll(ctx context.Context, st *store.Store, files map[string]string, batch string) error {
	size := 0
	if batch != "" {
		var err error
		if size, err = strconv.Atoi(batch); err != nil {
			return fmt.Errorf("import batch %q: %w", batch, err)
		}
	}
	for _, ik := range importKinds {
		m, err := importer.Lookup(ik.kind)
		if err != nil {
			return err
		}
		f, err := os.Open(files[ik.kind])
		if err != nil {
			return err
		}
		sum, err := importer.Import(ctx, f, m, st, importer.Options{Errors: io.Discard, BatchSize: size})
		f.Close()
		if err != nil {
			return err
		}
		if sum.Rejected > 0 {
			return fmt.Errorf("import %s: %d rows rejected", ik.kind, sum.Rejected)
		}
		fmt.Printf("  import %s: %s (load average %s)\n", ik.kind, sum, loadAverage())
	}
	return nil
}
