package jsonld

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/clrkit/clrkit/internal/testkit/corpus"
)

// TestBoxes: the strings, numbers and arrays the decoder stores through
// boxes are ordinary interface values: type assertions and switches,
// reflection, ==, fmt and encoding/json see what encoding/json's own tree
// holds, and still do after collections that would free anything only
// boxes kept alive. On every JSON document of the package's test data and
// fuzz corpus.
func TestBoxes(t *testing.T) {
	inputs := corpus.Inputs(t, filepath.Join("testdata", "fuzz", "FuzzToRDF"))
	inputs = append(inputs, corpus.TestdataJSON(t, "testdata")...)
	type pair struct{ got, want any }
	var pairs []pair
	for _, in := range inputs {
		want, ok := stdDecode(in)
		if !ok {
			continue
		}
		got, err := DecodeJSON(in, stdMaxDepth)
		if err != nil {
			t.Fatalf("DecodeJSON(%q): %v", in, err)
		}
		pairs = append(pairs, pair{got, want})
	}
	if len(pairs) < 500 {
		t.Fatalf("only %d documents", len(pairs))
	}
	for range 3 {
		runtime.GC()
		garbage := make([][]byte, 0, 1024)
		for i := range 1024 {
			garbage = append(garbage, make([]byte, 64+i%64))
		}
		runtime.KeepAlive(garbage)
	}
	values := 0
	for _, p := range pairs {
		if !reflect.DeepEqual(p.got, p.want) {
			t.Fatalf("after collections: %#v, encoding/json %#v", p.got, p.want)
		}
		gotJSON, err1 := json.Marshal(p.got)
		wantJSON, err2 := json.Marshal(p.want)
		if err1 != nil || err2 != nil || string(gotJSON) != string(wantJSON) {
			t.Fatalf("json.Marshal: %s (%v), encoding/json's tree %s (%v)", gotJSON, err1, wantJSON, err2)
		}
		if fmt.Sprint(p.got) != fmt.Sprint(p.want) {
			t.Fatalf("fmt: %v, encoding/json's tree %v", p.got, p.want)
		}
		values += sameValues(t, p.got, p.want)
	}
	if values < 20000 {
		t.Fatalf("only %d values compared", values)
	}
}

// sameValues walks two trees of the same shape, comparing each scalar with
// == and through a type switch, and returns how many it compared.
func sameValues(t *testing.T, got, want any) int {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		n := 0
		for k, v := range w {
			n += sameValues(t, got.(map[string]any)[k], v)
		}
		return n
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			t.Fatalf("%#v is not %#v", got, want)
		}
		n := 0
		for i := range w {
			n += sameValues(t, g[i], w[i])
		}
		return n + 1
	case string:
		if g, ok := got.(string); !ok || g != w || got != want {
			t.Fatalf("string %#v is not %#v", got, want)
		}
	case json.Number:
		switch g := got.(type) {
		case json.Number:
			if g != w || got != want {
				t.Fatalf("number %#v is not %#v", got, want)
			}
		default:
			t.Fatalf("%#v is not a json.Number", got)
		}
	default:
		if got != want {
			t.Fatalf("%#v is not %#v", got, want)
		}
	}
	return 1
}
