package blueprint

import (
	"fmt"
	"strings"

	"github.com/journeygraph/journeygraph/journey"
)

// Diagram renders the journey map as Mermaid flowchart or Graphviz DOT text:
// one box (subgraph / cluster) per stage in order, linked by the designed
// order; inside, one node per expected touchpoint with its owner and the
// technologies capturing it (a moment of truth is drawn as a hexagon, an
// uncaptured touchpoint dashed), and the stage's pain points as notes.
func Diagram(m journey.JourneyMap, format journey.DiagramFormat) string {
	if format == journey.DiagramDOT {
		return dot(m)
	}
	return mermaid(m)
}

func stageTitle(st journey.JourneyMapStage) string {
	title := fmt.Sprintf("%d. %s", st.Stage.Order, st.Stage.Name)
	if st.DesiredEmotion != nil || st.ObservedEmotion != nil {
		title += fmt.Sprintf(" (desired %s, observed %s)", emotion(st.DesiredEmotion), emotion(st.ObservedEmotion))
	}
	return title
}

func emotion(e *journey.Emotion) string {
	if e == nil {
		return "unknown"
	}
	return strings.ToLower(string(*e))
}

func touchpointLines(tp journey.JourneyMapTouchpoint) []string {
	lines := []string{tp.Type.Name}
	if tp.Owner.Department != nil {
		owner := tp.Owner.Department.Name
		if tp.Owner.Team != nil {
			owner += " / " + *tp.Owner.Team
		}
		lines = append(lines, owner)
	}
	var techs []string
	for _, t := range tp.Technologies {
		techs = append(techs, t.Name)
	}
	if len(techs) == 0 {
		techs = []string{"not captured"}
	}
	lines = append(lines, strings.Join(techs, ", "))
	return lines
}

// mermaidID builds a node id of letters, digits and underscores from a kind
// and keys, one to one: inside a part, letters and digits stay and any other
// byte becomes _ and two hex digits, so "a-b" (a_2d) and "a_b" (a_5f) stay
// apart and the "__" between parts cannot occur inside one.
func mermaidID(kind string, parts ...string) string {
	var b strings.Builder
	b.WriteString(kind)
	for _, p := range parts {
		b.WriteString("__")
		for i := 0; i < len(p); i++ {
			c := p[i]
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, "_%02x", c)
			}
		}
	}
	return b.String()
}

// mermaidText escapes a label for a quoted Mermaid string with Mermaid's
// entity codes: '#' and '&' first start codes of their own; a backtick would
// open a Markdown string (a lexical error where the label does not end with
// one), and "%%{" anywhere in the text is read as a configuration directive.
func mermaidText(s string) string {
	return strings.NewReplacer("#", "#35;", "&", "#amp;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "`", "#96;", "%", "#37;", "\n", " ").Replace(s)
}

func mermaid(m journey.JourneyMap) string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, st := range m.Stages {
		sid := mermaidID("stage", st.Stage.Key)
		fmt.Fprintf(&b, "  subgraph %s[\"%s\"]\n    direction TB\n", sid, mermaidText(stageTitle(st)))
		for _, tp := range st.Touchpoints {
			lines := touchpointLines(tp)
			for i := range lines {
				lines[i] = mermaidText(lines[i])
			}
			label := strings.Join(lines, "<br/>")
			id := mermaidID("tp", st.Stage.Key, tp.Type.Key)
			if tp.MomentOfTruth != nil {
				fmt.Fprintf(&b, "    %s{{\"%s\"}}\n", id, label)
			} else {
				fmt.Fprintf(&b, "    %s[\"%s\"]\n", id, label)
			}
			if len(tp.Technologies) == 0 {
				fmt.Fprintf(&b, "    class %s uncaptured\n", id)
			}
		}
		for i, p := range st.PainPoints {
			fmt.Fprintf(&b, "    %s>\"Pain: %s\"]\n", mermaidID("pain", st.Stage.Key, fmt.Sprint(i)), mermaidText(p))
		}
		b.WriteString("  end\n")
	}
	for i := 0; i+1 < len(m.Stages); i++ {
		fmt.Fprintf(&b, "  %s --> %s\n", mermaidID("stage", m.Stages[i].Stage.Key), mermaidID("stage", m.Stages[i+1].Stage.Key))
	}
	b.WriteString("  classDef uncaptured stroke-dasharray: 5 5\n")
	return b.String()
}

// dotText quotes a DOT string.
func dotText(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func dot(m journey.JourneyMap) string {
	var b strings.Builder
	b.WriteString("digraph journey {\n  rankdir=LR;\n  compound=true;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
	for _, st := range m.Stages {
		head := dotText("stage:" + st.Stage.Key)
		fmt.Fprintf(&b, "  subgraph %s {\n    label=%s;\n", dotText("cluster_"+st.Stage.Key), dotText(stageTitle(st)))
		fmt.Fprintf(&b, "    %s [label=%s, shape=plaintext];\n", head, dotText(st.Stage.Name))
		for _, tp := range st.Touchpoints {
			shape, style := "box", "rounded"
			if tp.MomentOfTruth != nil {
				shape, style = "hexagon", "bold"
			}
			if len(tp.Technologies) == 0 {
				style += ",dashed"
			}
			attrs := fmt.Sprintf("shape=%s, style=%s", shape, dotText(style))
			id := dotText(st.Stage.Key + "/" + tp.Type.Key)
			fmt.Fprintf(&b, "    %s [label=%s, %s];\n    %s -> %s [style=invis];\n", id, dotText(strings.Join(touchpointLines(tp), "\n")), attrs, head, id)
		}
		for i, p := range st.PainPoints {
			fmt.Fprintf(&b, "    %s [label=%s, shape=note];\n", dotText(fmt.Sprintf("%s/pain/%d", st.Stage.Key, i)), dotText("Pain: "+p))
		}
		b.WriteString("  }\n")
	}
	for i := 0; i+1 < len(m.Stages); i++ {
		fmt.Fprintf(&b, "  %s -> %s [ltail=%s, lhead=%s];\n", dotText("stage:"+m.Stages[i].Stage.Key), dotText("stage:"+m.Stages[i+1].Stage.Key),
			dotText("cluster_"+m.Stages[i].Stage.Key), dotText("cluster_"+m.Stages[i+1].Stage.Key))
	}
	b.WriteString("}\n")
	return b.String()
}
