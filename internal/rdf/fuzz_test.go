package rdf

import (
	"slices"
	"testing"
)

// FuzzParseNQuads checks that the parser never panics and that whatever it
// accepts survives a write and a second parse unchanged.
func FuzzParseNQuads(f *testing.F) {
	f.Add([]byte("<urn:s> <urn:p> <urn:o> .\n"))
	f.Add([]byte("_:b0 <urn:p> \"x\\u0000\\n\"@en-GB _:g .\r\n# c\n"))
	f.Add([]byte("<urn:s> <urn:p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:g> ."))
	f.Fuzz(func(t *testing.T, data []byte) {
		quads, err := ParseNQuads(data)
		if err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("error %v is not a *SyntaxError", err)
			}
			return
		}
		out := SerializeNQuads(quads)
		again, err := ParseNQuads(out)
		if err != nil {
			t.Fatalf("re-parsing %q: %v", out, err)
		}
		if !slices.Equal(quads, again) {
			t.Fatalf("round trip changed the quads:\n%v\n%v", quads, again)
		}
		if out2 := SerializeNQuads(again); string(out2) != string(out) {
			t.Fatalf("second serialization differs:\n%q\n%q", out, out2)
		}
	})
}
