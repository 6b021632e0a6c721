package rdf

import (
	"errors"
	"slices"
	"testing"
)

func TestParseNQuadsValid(t *testing.T) {
	s, p, o, g := NewIRI("urn:s"), NewIRI("urn:p"), NewIRI("urn:o"), NewIRI("urn:g")
	tests := []struct {
		name string
		in   string
		want []Quad
	}{
		{"empty", "", nil},
		{"only comments and blank lines", "# a comment\n\n   \t\r\n# another", nil},
		{"triple", "<urn:s> <urn:p> <urn:o> .\n", []Quad{{s, p, o, Term{}}}},
		{"quad", "<urn:s> <urn:p> <urn:o> <urn:g> .", []Quad{{s, p, o, g}}},
		{"no spaces", "<urn:s><urn:p><urn:o><urn:g>.", []Quad{{s, p, o, g}}},
		{"tabs and trailing comment", "\t<urn:s>\t<urn:p> <urn:o>\t.\t# done\n", []Quad{{s, p, o, Term{}}}},
		{"CRLF and CR line ends", "<urn:s> <urn:p> <urn:o> .\r\n<urn:s> <urn:p> <urn:g> .\r<urn:s> <urn:p> <urn:s> .",
			[]Quad{{s, p, o, Term{}}, {s, p, g, Term{}}, {s, p, s, Term{}}}},
		{"duplicates kept", "<urn:s> <urn:p> <urn:o> .\n<urn:s> <urn:p> <urn:o> .\n", []Quad{{s, p, o, Term{}}, {s, p, o, Term{}}}},
		{"blank nodes", "_:b0 <urn:p> _:b1 _:g .", []Quad{{NewBlank("b0"), p, NewBlank("b1"), NewBlank("g")}}},
		{"blank label with dots and odd characters", "_:a.b-c_d·e:f‿ <urn:p> _:9x .",
			[]Quad{{NewBlank("a.b-c_d·e:f‿"), p, NewBlank("9x"), Term{}}}},
		{"blank label before final dot", "<urn:s> <urn:p> _:o.", []Quad{{s, p, NewBlank("o"), Term{}}}},
		{"simple literal", `<urn:s> <urn:p> "x" .`, []Quad{{s, p, NewLiteral("x", ""), Term{}}}},
		{"explicit xsd:string", `<urn:s> <urn:p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .`,
			[]Quad{{s, p, NewLiteral("x", XSDString), Term{}}}},
		{"typed literal in graph", `<urn:s> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:g> .`,
			[]Quad{{s, p, NewLiteral("1", XSDInteger), g}}},
		{"language tag", `<urn:s> <urn:p> "chat"@fr-CA-1996 .`, []Quad{{s, p, NewLangLiteral("chat", "fr-CA-1996"), Term{}}}},
		{"string escapes", `<urn:s> <urn:p> "\t\b\n\r\f\"\'\\" .`, []Quad{{s, p, NewLiteral("\t\b\n\r\f\"'\\", ""), Term{}}}},
		{"unicode escapes", `<urn:s> <urn:p> "\u00e9\U0001F303\u0000" .`, []Quad{{s, p, NewLiteral("é🌃\x00", ""), Term{}}}},
		{"raw unicode", `<urn:s> <urn:p> "é🌃 ∞" .`, []Quad{{s, p, NewLiteral("é🌃 ∞", ""), Term{}}}},
		{"IRI escapes", `<urn:\u0065x:\U0001F303> <urn:p> <urn:o> .`, []Quad{{NewIRI("urn:ex:🌃"), p, o, Term{}}}},
		{"IRI escape of non-ASCII char whose low byte is excluded", `<urn:\u013C> <urn:p> <urn:o> .`, []Quad{{NewIRI("urn:ļ"), p, o, Term{}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseNQuads([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestParseNQuadsErrors(t *testing.T) {
	tests := []struct {
		in        string
		line, col int
		msg       string
	}{
		{"<urn:s> <urn:p> <urn:o> .\n<urn:s> \xff", 2, 9, "invalid UTF-8"},
		{`"s" <urn:p> <urn:o> .`, 1, 1, "expected subject (IRI or blank node)"},
		{`<urn:s> _:p <urn:o> .`, 1, 9, "expected predicate IRI"},
		{`<urn:s> <urn:p> .`, 1, 17, "expected object (IRI, blank node or literal)"},
		{`<urn:s> <urn:p> <urn:o> "g" .`, 1, 25, "expected graph label or '.' (IRI or blank node)"},
		{`<urn:s> <urn:p> <urn:o>`, 1, 24, "expected '.' at end of statement"},
		{`<urn:s> <urn:p> <urn:o> <urn:g> <urn:h> .`, 1, 33, "expected '.' at end of statement"},
		{`<urn:s> <urn:p> <urn:o> . <urn:s> <urn:p> <urn:o> .`, 1, 27, "expected end of line after '.'"},
		{`<urn:s> <urn:p> _:o.. .`, 1, 21, "expected end of line after '.'"},
		{"\n\n<urn:s> <urn:p> <urn:o", 3, 17, "unterminated IRI"},
		{`<urn:s> <p> <urn:o> .`, 1, 9, "IRI is not absolute"},
		{`<urn:s> <urn:p> <1urn:o> .`, 1, 17, "IRI is not absolute"},
		{`<urn:s> <urn:p> <urn:a\u0020b> .`, 1, 23, "escape in IRI encodes a character that IRIs may not contain"},
		{`<urn:s> <urn:p> <urn:a\u003Eb> .`, 1, 23, "escape in IRI encodes a character that IRIs may not contain"},
		{`<urn:s> <urn:p> <urn:a b> .`, 1, 23, `character ' ' is not allowed in an IRI`},
		{`<urn:s> <urn:p> <urn:a{b> .`, 1, 23, `character '{' is not allowed in an IRI`},
		{`<urn:s> <urn:p> <urn:a\`, 1, 23, "incomplete escape"},
		{`<urn:s> <urn:p> <urn:a\u12`, 1, 27, "incomplete escape"},
		{`<urn:s> <urn:p> <urn:a\n> .`, 1, 23, `invalid escape: expected \u or \U`},
		{`<urn:s> <urn:p> <urn:\u00G0> .`, 1, 26, "invalid hex digit in escape"},
		{`<urn:s> <urn:p> "\uD800" .`, 1, 18, "escape does not encode a Unicode scalar value"},
		{`<urn:s> <urn:p> "\U00110000" .`, 1, 18, "escape does not encode a Unicode scalar value"},
		{`_x <urn:p> <urn:o> .`, 1, 1, "expected '_:' to start a blank node label"},
		{`_:-a <urn:p> <urn:o> .`, 1, 3, "invalid first character in blank node label"},
		{`_:.a <urn:p> <urn:o> .`, 1, 3, "invalid first character in blank node label"},
		{`_: <urn:p> <urn:o> .`, 1, 3, "invalid first character in blank node label"},
		{`<urn:s> <urn:p> _:`, 1, 19, "invalid first character in blank node label"},
		{`<urn:s> <urn:p> "x"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .`, 1, 22, "rdf:langString literal without a language tag"},
		{`<urn:s> <urn:p> "x`, 1, 17, "unterminated string literal"},
		{"<urn:s> <urn:p> \"x\ny\" .", 1, 19, "line break in string literal"},
		{"<urn:s> <urn:p> \"x\ry\" .", 1, 19, "line break in string literal"},
		{`<urn:s> <urn:p> "\a" .`, 1, 18, "invalid escape in string literal"},
		{`<urn:s> <urn:p> "\`, 1, 18, "incomplete escape"},
		{`<urn:s> <urn:p> "x"@ .`, 1, 21, "invalid language tag"},
		{`<urn:s> <urn:p> "x"@1a .`, 1, 21, "invalid language tag"},
		{`<urn:s> <urn:p> "x"@en- .`, 1, 24, "empty language subtag"},
		{`<urn:s> <urn:p> "x"^^xsd:string .`, 1, 22, "expected datatype IRI"},
		{"<urn:é> <urn:p> <urn:o> . x", 1, 27, "expected end of line after '.'"},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			quads, err := ParseNQuads([]byte(tt.in))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("ParseNQuads(%q) = %v, %v; want a *SyntaxError", tt.in, quads, err)
			}
			if se.Line != tt.line || se.Col != tt.col || se.Msg != tt.msg {
				t.Errorf("ParseNQuads(%q) error = %d:%d %q, want %d:%d %q", tt.in, se.Line, se.Col, se.Msg, tt.line, tt.col, tt.msg)
			}
			if quads != nil {
				t.Errorf("got quads %v with an error", quads)
			}
		})
	}
}

func TestSyntaxErrorText(t *testing.T) {
	err := &SyntaxError{Line: 3, Col: 14, Msg: "unterminated IRI"}
	if got, want := err.Error(), "rdf: line 3:14: unterminated IRI"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestParseNQuadsSharesIRIs(t *testing.T) {
	quads, err := ParseNQuads([]byte("<urn:s> <urn:p> <urn:o> .\n<urn:s> <urn:p> <urn:o> .\n"))
	if err != nil {
		t.Fatal(err)
	}
	if quads[0].Predicate != quads[1].Predicate {
		t.Fatal("predicates differ")
	}
}
