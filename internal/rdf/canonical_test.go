package rdf

import (
	"slices"
	"testing"
)

func TestAppendTermEscaping(t *testing.T) {
	tests := []struct {
		lexical, want string
	}{
		{"", `""`},
		{"plain ascii", `"plain ascii"`},
		{`"`, `"\""`},
		{`\`, `"\\"`},
		{"\n\r\t\b\f", `"\n\r\t\b\f"`},
		{"\x00\x01\x07", `"\u0000\u0001\u0007"`},
		{"\x0b\x0e\x1a\x1f", `"\u000B\u000E\u001A\u001F"`},
		{"\x7f", `"\u007F"`},
		{"'", `"'"`},
		{"é∞🌃\u0080\u00a0", "\"é∞🌃\u0080\u00a0\""},
		{"a\"b\\c\nd", `"a\"b\\c\nd"`},
	}
	for _, tt := range tests {
		if got := string(AppendTerm(nil, NewLiteral(tt.lexical, ""))); got != tt.want {
			t.Errorf("AppendTerm(%q) = %s, want %s", tt.lexical, got, tt.want)
		}
	}
}

func TestAppendTerm(t *testing.T) {
	tests := []struct {
		term Term
		want string
	}{
		{NewIRI("urn:ex:∞ x"), "<urn:ex:∞ x>"},
		{NewBlank("c14n0"), "_:c14n0"},
		{NewLiteral("x", XSDString), `"x"`},
		{Term{Kind: Literal, Value: "x"}, `"x"`},
		{NewLiteral("1", XSDInteger), `"1"^^<http://www.w3.org/2001/XMLSchema#integer>`},
		{NewLangLiteral("chat", "fr-CA"), `"chat"@fr-CA`},
		{Term{}, ""},
	}
	for _, tt := range tests {
		if got := string(AppendTerm([]byte("prefix "), tt.term)); got != "prefix "+tt.want {
			t.Errorf("AppendTerm(%#v) = %q, want %q", tt.term, got, "prefix "+tt.want)
		}
	}
}

func TestSerializeNQuads(t *testing.T) {
	quads := []Quad{
		{NewIRI("urn:s"), NewIRI("urn:p"), NewLiteral("o", ""), Term{}},
		{NewBlank("b0"), NewIRI("urn:p"), NewIRI("urn:o"), NewBlank("g")},
		{NewIRI("urn:s"), NewIRI("urn:p"), NewLangLiteral("o", "en"), NewIRI("urn:g")},
	}
	want := "<urn:s> <urn:p> \"o\" .\n_:b0 <urn:p> <urn:o> _:g .\n<urn:s> <urn:p> \"o\"@en <urn:g> .\n"
	got := SerializeNQuads(quads)
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	back, err := ParseNQuads(got)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back, quads) {
		t.Errorf("round trip: got %v, want %v", back, quads)
	}
}
