package jsonld

import (
	"context"
	"testing"
)

// TestErrorsNameTheSameKey: when an object has several entries an error
// could name, it names the first in order, every time (ranging over a map
// picks any, which made the fuzz corpus entry 5608bbfd91e2774e give two
// different messages for one input).
func TestErrorsNameTheSameKey(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`{"@context": {"@vocab": "a:", "t": {"zz": 1, "b": 2, "": 3, "@id": "a:t"}}, "t": 1}`,
			`jsonld: invalid term definition: unknown entry  in term "t" at "/@context"`},
		{`{"@id": "a:s", "a:p": {"@value": "x", "a:z": 1, "a:b": 2, "a:m": 3}}`,
			`jsonld: invalid value object: value object with entry "a:b" at "/a:p"`},
	} {
		doc, err := DecodeJSON([]byte(c.doc), 0)
		if err != nil {
			t.Fatal(err)
		}
		for range 20 {
			_, err := NewProcessor(Options{}).Expand(context.Background(), doc)
			if err == nil || err.Error() != c.want {
				t.Fatalf("%s: %v, want %s", c.doc, err, c.want)
			}
		}
	}
}
