package blueprint

import (
	"testing"

	"github.com/journeygraph/journeygraph/journey"
)

// Keys that differ only in punctuation keep distinct node ids, and label
// text that Mermaid would read as markup or entity codes is escaped.
func TestMermaidIDsAreDistinctAndLabelsEscaped(t *testing.T) {
	tp := func(key, name string) journey.JourneyMapTouchpoint {
		return journey.JourneyMapTouchpoint{TouchpointDesign: journey.TouchpointDesign{Type: &journey.TouchpointType{Key: key, Name: name}}}
	}
	m := journey.JourneyMap{Stages: []journey.JourneyMapStage{{
		StageDesign: journey.StageDesign{Stage: &journey.Stage{Key: "lead", Name: "Lead", Order: 1}, PainPoints: []string{`Asked #1; & <again> "twice"`}},
		Touchpoints: []journey.JourneyMapTouchpoint{tp("a-b", "A dash B"), tp("a_b", "A underscore B")},
	}}}
	// '-' is byte 0x2d, '_' 0x5f; '#' → #35;, '&' → #amp;, '<' '>' '"' → #lt; #gt; #quot;.
	want := `flowchart LR
  subgraph stage__lead["1. Lead"]
    direction TB
    tp__lead__a_2db["A dash B<br/>not captured"]
    class tp__lead__a_2db uncaptured
    tp__lead__a_5fb["A underscore B<br/>not captured"]
    class tp__lead__a_5fb uncaptured
    pain__lead__0>"Pain: Asked #35;1; #amp; #lt;again#gt; #quot;twice#quot;"]
  end
  classDef uncaptured stroke-dasharray: 5 5
`
	if got := Diagram(m, journey.DiagramMermaid); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// Text Mermaid reads as syntax anywhere inside a quoted label is escaped too:
// a backtick opens a Markdown string (a lexical error when the label does not
// also end with one) and "%%{...}%%" is a configuration directive wherever it
// stands, so a name could restyle the diagram.
func TestMermaidLabelsEscapeBackticksAndDirectives(t *testing.T) {
	m := journey.JourneyMap{Stages: []journey.JourneyMapStage{{
		StageDesign: journey.StageDesign{Stage: &journey.Stage{Key: "end", Name: "end", Order: 1},
			PainPoints: []string{`100% sure %%{init: {"theme":"dark"}}%%`}},
		Touchpoints: []journey.JourneyMapTouchpoint{{TouchpointDesign: journey.TouchpointDesign{
			Type: &journey.TouchpointType{Key: "md", Name: "`md` form"}}}},
	}}}
	// '`' → #96;, '%' → #37;, '"' → #quot;.
	want := `flowchart LR
  subgraph stage__end["1. end"]
    direction TB
    tp__end__md["#96;md#96; form<br/>not captured"]
    class tp__end__md uncaptured
    pain__end__0>"Pain: 100#37; sure #37;#37;{init: {#quot;theme#quot;:#quot;dark#quot;}}#37;#37;"]
  end
  classDef uncaptured stroke-dasharray: 5 5
`
	if got := Diagram(m, journey.DiagramMermaid); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
