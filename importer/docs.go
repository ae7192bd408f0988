package importer

import (
	"fmt"
	"strings"
)

// Markdown documents the mapping: its columns and its type table, as
// docs/import.md shows them (a test keeps the page in step).
func (m *Mapping) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Kind `%s`, source `%s`. Touchpoint external id: %s.\n\n", m.Kind, m.Source, m.IDNote)
	b.WriteString("| Column | Also accepted | Required | Becomes |\n|---|---|---|---|\n")
	groups := map[string][]string{}
	for _, c := range m.Columns {
		if c.Group != "" {
			groups[c.Group] = append(groups[c.Group], "`"+c.Name+"`")
		}
	}
	for _, c := range m.Columns {
		req := "no"
		switch {
		case c.Required:
			req = "yes"
		case c.Group != "":
			req = "one of " + strings.Join(groups[c.Group], ", ")
		}
		aliases := make([]string, len(c.Aliases))
		for i, a := range c.Aliases {
			aliases[i] = "`" + a + "`"
		}
		meaning := c.Meaning
		if c.Keep {
			meaning += "; also kept as an attribute"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", c.Name, strings.Join(aliases, ", "), req, meaning)
	}
	fmt.Fprintf(&b, "\n| `%s` value | Touchpoint type | Note |\n|---|---|---|\n", m.TypeColumn)
	for _, r := range m.TypeRules {
		values := make([]string, len(r.Values))
		for i, v := range r.Values {
			values[i] = "`" + v + "`"
		}
		v := strings.Join(values, ", ")
		if v == "" {
			v = "—"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s |\n", v, r.Type, r.Note)
	}
	return b.String()
}
