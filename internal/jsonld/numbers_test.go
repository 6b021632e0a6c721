package jsonld

import (
	"context"
	"testing"

	"github.com/clrkit/clrkit/internal/rdf"
)

// TestNumberLiteralsMatchJSONLDJS checks the lexical forms JSON numbers get
// in RDF against what jsonld.js 9 produces for the same JSON text (it reads
// numbers as doubles; integers are written with toFixed(0), doubles with
// toExponential(15) trimmed).
func TestNumberLiteralsMatchJSONLDJS(t *testing.T) {
	tests := []struct {
		json, lexical, datatype string
	}{
		{"5", "5", rdf.XSDInteger},
		{"-5", "-5", rdf.XSDInteger},
		{"-0", "0", rdf.XSDInteger},
		{"10.0", "10", rdf.XSDInteger},
		{"1e20", "100000000000000000000", rdf.XSDInteger},
		{"9007199254740993", "9007199254740992", rdf.XSDInteger},
		{"12345678901234567890", "12345678901234567168", rdf.XSDInteger},
		{"999999999999999999999", "1.0E21", rdf.XSDDouble},
		{"3.5", "3.5E0", rdf.XSDDouble},
		{"0.1", "1.0E-1", rdf.XSDDouble},
		{"-1.5e-7", "-1.5E-7", rdf.XSDDouble},
		{"123456.789", "1.23456789E5", rdf.XSDDouble},
	}
	p := NewProcessor(Options{Safe: true})
	for _, tt := range tests {
		doc, err := DecodeJSON([]byte(`{"@id": "urn:s", "urn:p": `+tt.json+`}`), 0)
		if err != nil {
			t.Fatal(err)
		}
		quads, err := p.ToRDF(context.Background(), doc)
		if err != nil || len(quads) != 1 {
			t.Fatalf("%s: %v, %v", tt.json, quads, err)
		}
		if got := quads[0].Object; got.Value != tt.lexical || got.Datatype != tt.datatype {
			t.Errorf("%s: got %q^^%s, want %q^^%s", tt.json, got.Value, got.Datatype, tt.lexical, tt.datatype)
		}
	}
}
