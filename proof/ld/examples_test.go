package ld

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSpecExamplesMatchJSONLDJS canonicalizes every spec example and checks
// the outcome against Digital Bazaar's jsonld.js in safe mode: the same
// canonical N-Quads byte for byte where it accepts the example, and a
// rejection where it rejects it.
func TestSpecExamplesMatchJSONLDJS(t *testing.T) {
	rejected := map[string]error{
		"clr2-with-upgraded-ob2-assertion.unsigned": ErrSafeMode,
		"ob3-equality-sample-A.unsigned":            ErrUnknownContext,
		"ob3-equality-sample-B.unsigned":            ErrUnknownContext,
		"ob3-equality-sample-C.unsigned":            ErrUnknownContext,
		"ob3-equality-sample-D.unsigned":            ErrUnknownContext,
	}
	files, err := filepath.Glob("testdata/examples/*.json")
	if err != nil || len(files) != 12 {
		t.Fatalf("found %d examples (%v), want 12", len(files), err)
	}
	accepted := 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Default().Canonicalize(context.Background(), data)
			if want, ok := rejected[name]; ok {
				if !errors.Is(err, want) {
					t.Fatalf("err = %v, want %v", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			accepted++
			want := readFile(t, "examples/jsonld-js/"+name+".nq")
			if string(got.NQuads) != string(want) {
				t.Fatalf("differs from jsonld.js:\n got: %s\nwant: %s", got.NQuads, want)
			}
		})
	}
	if accepted != 7 {
		t.Errorf("%d examples accepted, want 7", accepted)
	}
}
