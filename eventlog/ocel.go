package eventlog

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/journeygraph/journeygraph/journey"
)

// OCEL 2.0 JSON: accounts, contacts and stages are objects; touchpoints and
// stage changes are events related to them with qualifiers.
//
// The format lists objects and events in two arrays. JSON members have no
// order, so the events are written to the output as they are read and the
// objects, which arrive page by page with them, are spooled to a temporary
// file and copied after the events: memory stays one page whatever the size,
// but for the ids of the objects written.
//
// A contact who moved between accounts is one object, related (works at) to
// the account it is at now; each of its touchpoints relates to the account it
// was recorded at, so its events show the move. docs/export.md says more.

// Object ids carry their type, as an account and a contact may share an id.
func accountObject(id string) string { return "account:" + id }
func contactObject(id string) string { return "contact:" + id }
func stageObject(key string) string  { return "stage:" + key }

// Qualifiers of the relationships.
const (
	qualifierAccount = "account"
	qualifierContact = "contact"
	qualifierEntered = "entered"
	qualifierLeft    = "left"
	qualifierWorksAt = "works at"
)

// ocelEpoch is the time of the objects' attribute values: they are read as
// they are now, without history, and OCEL 2.0 marks such values with the
// epoch.
const ocelEpoch = "1970-01-01T00:00:00Z"

const ocelTime = "2006-01-02T15:04:05.000Z07:00"

type ocelAttrType struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type ocelType struct {
	Name       string         `json:"name"`
	Attributes []ocelAttrType `json:"attributes"`
}

type ocelRel struct {
	ObjectID  string `json:"objectId"`
	Qualifier string `json:"qualifier"`
}

type ocelEventAttr struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

type ocelEvent struct {
	ID            string          `json:"id"`
	Type          string          `json:"type"`
	Time          string          `json:"time"`
	Attributes    []ocelEventAttr `json:"attributes"`
	Relationships []ocelRel       `json:"relationships"`
}

type ocelObjectAttr struct {
	Name  string `json:"name"`
	Time  string `json:"time"`
	Value any    `json:"value"`
}

type ocelObject struct {
	ID            string           `json:"id"`
	Type          string           `json:"type"`
	Attributes    []ocelObjectAttr `json:"attributes"`
	Relationships []ocelRel        `json:"relationships"`
}

var (
	touchpointAttributes = []ocelAttrType{
		{"category", "string"}, {"channel", "string"}, {"sourceSystem", "string"}, {"source", "string"},
		{"value", "float"}, {"sentiment", "float"},
	}
	stageChangeAttributes = []ocelAttrType{{"fromStage", "string"}, {"source", "string"}, {"triggeredBy", "string"}}
	objectTypes           = []ocelType{
		{"Account", []ocelAttrType{{"name", "string"}, {"segment", "string"}, {"industry", "string"}, {"region", "string"}, {"tier", "string"}, {"arr", "float"}}},
		{"Contact", []ocelAttrType{{"title", "string"}, {"role", "string"}}},
		{"Stage", []ocelAttrType{{"name", "string"}, {"order", "integer"}}},
	}
)

type ocelWriter struct {
	w       *bufio.Writer
	objects *os.File
	spool   *bufio.Writer
	cat     catalog
	events  int // written so far: the comma before each but the first
	nobj    int
	// written holds the ids of the account and contact objects written:
	// each is written once, though several pages may relate to it (a
	// contact's touchpoints at an account it has left are in that account's
	// page). One id per object, not per event.
	written map[string]bool
}

func newOCELWriter(w io.Writer, tempDir string) (*ocelWriter, error) {
	f, err := os.CreateTemp(tempDir, "journeygraph-ocel-objects-*.json")
	if err != nil {
		return nil, fmt.Errorf("export: spool file for the objects: %w", err)
	}
	return &ocelWriter{w: bufio.NewWriterSize(w, 64<<10), objects: f, spool: bufio.NewWriterSize(f, 64<<10), written: map[string]bool{}}, nil
}

// close removes the spool file.
func (o *ocelWriter) close() {
	_ = o.objects.Close()
	_ = os.Remove(o.objects.Name())
}

func (o *ocelWriter) begin(cat catalog) error {
	o.cat = cat
	eventTypes := make([]ocelType, 0, len(cat.types)+len(cat.stages))
	for _, t := range cat.types {
		eventTypes = append(eventTypes, ocelType{t.Key, touchpointAttributes})
	}
	for _, s := range cat.stages {
		eventTypes = append(eventTypes, ocelType{StageActivity(s.Key), stageChangeAttributes})
	}
	o.raw("{\n\"objectTypes\": ")
	o.json(objectTypes)
	o.raw(",\n\"eventTypes\": ")
	o.json(eventTypes)
	o.raw(",\n\"events\": [")
	for _, s := range cat.stages {
		o.object(ocelObject{ID: stageObject(s.Key), Type: "Stage", Attributes: []ocelObjectAttr{
			{"name", ocelEpoch, s.Name}, {"order", ocelEpoch, s.Order},
		}, Relationships: []ocelRel{}}) // an array, never null: readers type it so
	}
	return o.w.Flush()
}

func (o *ocelWriter) page(p journey.ExportPage, _ journey.JourneyLevel) (int, int, error) {
	accounts := make(map[string]*journey.Account, len(p.Accounts)+len(p.OtherAccounts))
	for _, as := range [][]journey.Account{p.Accounts, p.OtherAccounts} {
		for i := range as {
			accounts[as[i].ID] = &as[i]
		}
	}
	contacts := make(map[string]*journey.Contact, len(p.Contacts)+len(p.OtherContacts))
	for _, cs := range [][]journey.Contact{p.Contacts, p.OtherContacts} {
		for i := range cs {
			contacts[cs[i].ID] = &cs[i]
		}
	}
	for _, a := range p.Accounts {
		o.account(a.ID, accounts)
	}
	for _, c := range p.Contacts {
		o.contact(c.ID, contacts, accounts)
	}
	// Per account: its journeys' touchpoints, then its stage changes, each
	// in time order (one account's events are contiguous). The objects an
	// event relates to are written first when no page wrote them yet.
	tps, changes := 0, 0
	for i := 0; i < len(p.Journeys); {
		account := p.Journeys[i].AccountID
		for ; i < len(p.Journeys) && p.Journeys[i].AccountID == account; i++ {
			for k := range p.Journeys[i].Touchpoints {
				t := &p.Journeys[i].Touchpoints[k]
				o.account(t.AccountID, accounts)
				if t.ContactID != nil {
					o.contact(*t.ContactID, contacts, accounts)
				}
				o.touchpoint(t)
				tps++
			}
		}
		for k := range p.StageChanges[account] {
			s := &p.StageChanges[account][k]
			o.account(s.AccountID, accounts)
			o.stageChange(s)
			changes++
		}
	}
	if err := o.spool.Flush(); err != nil {
		return tps, changes, fmt.Errorf("export: spool the objects: %w", err)
	}
	return tps, changes, o.w.Flush()
}

// account writes the account's object unless it is written already (an
// unknown account as an object without attributes, so relationships to it
// resolve).
func (o *ocelWriter) account(id string, accounts map[string]*journey.Account) {
	oid := accountObject(id)
	if o.written[oid] {
		return
	}
	o.written[oid] = true
	attrs := []ocelObjectAttr{}
	if a := accounts[id]; a != nil {
		attrs = append(attrs, ocelObjectAttr{"name", ocelEpoch, a.Name})
		if a.Segment != nil {
			attrs = append(attrs, ocelObjectAttr{"segment", ocelEpoch, string(*a.Segment)})
		}
		for _, v := range []struct {
			name  string
			value *string
		}{{"industry", a.Industry}, {"region", a.Region}, {"tier", a.Tier}} {
			if v.value != nil {
				attrs = append(attrs, ocelObjectAttr{v.name, ocelEpoch, *v.value})
			}
		}
		if a.ARR != nil {
			attrs = append(attrs, ocelObjectAttr{"arr", ocelEpoch, *a.ARR})
		}
	}
	o.object(ocelObject{ID: oid, Type: "Account", Attributes: attrs, Relationships: []ocelRel{}})
}

// contact writes the contact's object, related to the account it works at
// now (written too), unless it is written already.
func (o *ocelWriter) contact(id string, contacts map[string]*journey.Contact, accounts map[string]*journey.Account) {
	oid := contactObject(id)
	if o.written[oid] {
		return
	}
	o.written[oid] = true
	attrs, rels := []ocelObjectAttr{}, []ocelRel{}
	if c := contacts[id]; c != nil {
		if c.Title != nil {
			attrs = append(attrs, ocelObjectAttr{"title", ocelEpoch, *c.Title})
		}
		if c.Role != nil {
			attrs = append(attrs, ocelObjectAttr{"role", ocelEpoch, string(*c.Role)})
		}
		if c.AccountID != nil {
			o.account(*c.AccountID, accounts)
			rels = append(rels, ocelRel{accountObject(*c.AccountID), qualifierWorksAt})
		}
	}
	o.object(ocelObject{ID: oid, Type: "Contact", Attributes: attrs, Relationships: rels})
}

func (o *ocelWriter) touchpoint(t *journey.Touchpoint) {
	attrs := []ocelEventAttr{{"category", string(t.Category)}}
	if tt, ok := o.cat.byKey[t.TypeKey]; ok {
		if tt.ChannelKey != "" {
			attrs = append(attrs, ocelEventAttr{"channel", tt.ChannelKey})
		}
		if tt.SourceSystem != "" {
			attrs = append(attrs, ocelEventAttr{"sourceSystem", string(tt.SourceSystem)})
		}
	}
	attrs = append(attrs, ocelEventAttr{"source", t.Source})
	if t.Value != nil {
		attrs = append(attrs, ocelEventAttr{"value", *t.Value})
	}
	if t.Sentiment != nil {
		attrs = append(attrs, ocelEventAttr{"sentiment", *t.Sentiment})
	}
	rels := []ocelRel{{accountObject(t.AccountID), qualifierAccount}}
	if t.ContactID != nil {
		rels = append(rels, ocelRel{contactObject(*t.ContactID), qualifierContact})
	}
	o.event(ocelEvent{ID: "touchpoint:" + t.ID, Type: t.TypeKey, Time: t.OccurredAt.UTC().Format(ocelTime), Attributes: attrs, Relationships: rels})
}

func (o *ocelWriter) stageChange(s *journey.StageTransition) {
	attrs := []ocelEventAttr{}
	rels := []ocelRel{{accountObject(s.AccountID), qualifierAccount}, {stageObject(s.ToStageKey), qualifierEntered}}
	if s.FromStageKey != nil {
		attrs = append(attrs, ocelEventAttr{"fromStage", *s.FromStageKey})
		rels = append(rels, ocelRel{stageObject(*s.FromStageKey), qualifierLeft})
	}
	if s.Source != nil {
		attrs = append(attrs, ocelEventAttr{"source", *s.Source})
	}
	if s.TriggeredByID != nil {
		attrs = append(attrs, ocelEventAttr{"triggeredBy", "touchpoint:" + *s.TriggeredByID})
	}
	o.event(ocelEvent{ID: "stageChange:" + s.ID, Type: StageActivity(s.ToStageKey), Time: s.At.UTC().Format(ocelTime), Attributes: attrs, Relationships: rels})
}

func (o *ocelWriter) event(e ocelEvent) {
	if o.events > 0 {
		o.raw(",")
	}
	o.raw("\n")
	o.json(e)
	o.events++
}

func (o *ocelWriter) object(obj ocelObject) {
	if o.nobj > 0 {
		_, _ = o.spool.WriteString(",")
	}
	_, _ = o.spool.WriteString("\n")
	b, _ := json.Marshal(obj)
	_, _ = o.spool.Write(b)
	o.nobj++
}

func (o *ocelWriter) end() error {
	if err := o.spool.Flush(); err != nil {
		return fmt.Errorf("export: spool the objects: %w", err)
	}
	o.raw("\n],\n\"objects\": [")
	if _, err := o.objects.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("export: read the spooled objects: %w", err)
	}
	if _, err := io.Copy(o.w, o.objects); err != nil {
		return fmt.Errorf("export: copy the spooled objects: %w", err)
	}
	o.raw("\n]\n}\n")
	return o.w.Flush()
}

// raw and json ignore write errors: bufio.Writer keeps the first one and
// returns it from the Flush that ends every page.
func (o *ocelWriter) raw(s string) { _, _ = o.w.WriteString(s) }

func (o *ocelWriter) json(v any) {
	b, _ := json.Marshal(v) // plain structs of strings and numbers: cannot fail
	_, _ = o.w.Write(b)
}
