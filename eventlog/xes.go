package eventlog

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"
	"time"

	"github.com/journeygraph/journeygraph/journey"
)

// XES (IEEE 1849-2016): one trace per journey, its touchpoints and its
// account's stage changes as events in time order.
//
// The standard has classifier keys be global event attributes, which every
// event carries: org:resource (the contact) is not one, as stage changes and
// touchpoints without a contact have none, so there is no resource
// classifier.

const xesTime = "2006-01-02T15:04:05.000Z07:00"

// Event kinds (the "kind" attribute of every event).
const (
	kindTouchpoint  = "touchpoint"
	kindStageChange = "stageChange"
)

// StageActivity is the activity (concept:name, OCEL event type) of entering a
// stage: "stage:" and the stage key. Touchpoint activities are type keys,
// which never contain ':'.
func StageActivity(stageKey string) string { return "stage:" + stageKey }

type xesWriter struct {
	w   *bufio.Writer
	cat catalog
}

func newXESWriter(w io.Writer) *xesWriter { return &xesWriter{w: bufio.NewWriterSize(w, 64<<10)} }

func (x *xesWriter) begin(cat catalog) error {
	x.cat = cat
	_, err := io.WriteString(x.w, `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="__INVALID__"/>
    <string key="level" value="ACCOUNT"/>
    <string key="accountId" value="__INVALID__"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000Z"/>
    <string key="lifecycle:transition" value="complete"/>
    <string key="kind" value="touchpoint"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and kind" keys="concept:name kind"/>
  <string key="concept:name" value="JourneyGraph journeys"/>
`)
	return err
}

func (x *xesWriter) page(p journey.ExportPage, level journey.JourneyLevel) (int, int, error) {
	accounts := make(map[string]*journey.Account, len(p.Accounts))
	for i := range p.Accounts {
		accounts[p.Accounts[i].ID] = &p.Accounts[i]
	}
	contacts := make(map[string]*journey.Contact, len(p.Contacts))
	for i := range p.Contacts {
		contacts[p.Contacts[i].ID] = &p.Contacts[i]
	}
	tps, changes := 0, 0
	for _, j := range p.Journeys {
		x.raw("  <trace>\n")
		x.str(4, "concept:name", j.ID)
		x.str(4, "level", string(level))
		x.str(4, "accountId", j.AccountID)
		if a := accounts[j.AccountID]; a != nil {
			x.str(4, "accountName", a.Name)
			if a.Segment != nil {
				x.str(4, "segment", string(*a.Segment))
			}
			x.optStr(4, "industry", a.Industry)
			x.optStr(4, "region", a.Region)
		}
		if level == journey.LevelContact {
			x.str(4, "contactId", j.ID)
			if c := contacts[j.ID]; c != nil {
				x.optStr(4, "title", c.Title)
				if c.Role != nil {
					x.str(4, "role", string(*c.Role))
				}
			}
		}
		stages := p.StageChanges[j.AccountID]
		mergeEvents(j.Touchpoints, stages,
			func(t *journey.Touchpoint) { x.touchpoint(t) },
			func(s *journey.StageTransition) { x.stageChange(s) })
		tps += len(j.Touchpoints)
		changes += len(stages)
		x.raw("  </trace>\n")
	}
	return tps, changes, x.w.Flush()
}

// mergeEvents visits a journey's touchpoints and stage changes in time order;
// at the same instant the touchpoints come first, as the analytics count a
// touchpoint at a stage's entry time as before the entry (it is usually what
// triggered it).
func mergeEvents(tps []journey.Touchpoint, stages []journey.StageTransition, touchpoint func(*journey.Touchpoint), stage func(*journey.StageTransition)) {
	i, k := 0, 0
	for i < len(tps) || k < len(stages) {
		if k == len(stages) || (i < len(tps) && !tps[i].OccurredAt.After(stages[k].At)) {
			touchpoint(&tps[i])
			i++
		} else {
			stage(&stages[k])
			k++
		}
	}
}

func (x *xesWriter) touchpoint(t *journey.Touchpoint) {
	x.raw("    <event>\n")
	x.str(6, "concept:name", t.TypeKey)
	x.date(6, "time:timestamp", t.OccurredAt)
	x.str(6, "lifecycle:transition", "complete")
	x.str(6, "kind", kindTouchpoint)
	x.optStr(6, "org:resource", t.ContactID)
	x.str(6, "touchpointId", t.ID)
	x.str(6, "category", string(t.Category))
	if tt, ok := x.cat.byKey[t.TypeKey]; ok {
		x.str(6, "typeName", tt.Name)
		if tt.ChannelKey != "" {
			x.str(6, "channel", tt.ChannelKey)
		}
		if tt.SourceSystem != "" {
			x.str(6, "sourceSystem", string(tt.SourceSystem))
		}
	}
	x.str(6, "source", t.Source)
	x.str(6, "accountId", t.AccountID)
	x.optFloat(6, "value", t.Value)
	x.optFloat(6, "sentiment", t.Sentiment)
	x.raw("    </event>\n")
}

func (x *xesWriter) stageChange(s *journey.StageTransition) {
	x.raw("    <event>\n")
	x.str(6, "concept:name", StageActivity(s.ToStageKey))
	x.date(6, "time:timestamp", s.At)
	x.str(6, "lifecycle:transition", "complete")
	x.str(6, "kind", kindStageChange)
	x.str(6, "stage", s.ToStageKey)
	x.optStr(6, "fromStage", s.FromStageKey)
	x.optStr(6, "source", s.Source)
	x.optStr(6, "triggeredBy", s.TriggeredByID)
	x.str(6, "stageChangeId", s.ID)
	x.raw("    </event>\n")
}

func (x *xesWriter) end() error {
	x.raw("</log>\n")
	return x.w.Flush()
}

// The element writers ignore write errors: bufio.Writer keeps the first one
// and returns it from the Flush that ends every page.

func (x *xesWriter) raw(s string) { _, _ = x.w.WriteString(s) }

func (x *xesWriter) attr(indent int, elem, key, value string) {
	for range indent {
		_ = x.w.WriteByte(' ')
	}
	x.raw("<" + elem + ` key="`)
	_ = xml.EscapeText(x.w, []byte(key))
	x.raw(`" value="`)
	_ = xml.EscapeText(x.w, []byte(value))
	x.raw("\"/>\n")
}

func (x *xesWriter) str(indent int, key, value string) { x.attr(indent, "string", key, value) }

func (x *xesWriter) optStr(indent int, key string, value *string) {
	if value != nil {
		x.str(indent, key, *value)
	}
}

func (x *xesWriter) date(indent int, key string, t time.Time) {
	x.attr(indent, "date", key, t.UTC().Format(xesTime))
}

func (x *xesWriter) optFloat(indent int, key string, v *float64) {
	if v != nil {
		x.attr(indent, "float", key, strconv.FormatFloat(*v, 'g', -1, 64))
	}
}
