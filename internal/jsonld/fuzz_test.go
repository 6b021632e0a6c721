package jsonld

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzToRDF feeds arbitrary JSON through DecodeJSON and ToDataset, in safe
// and unsafe mode, in both dialects (the jsonld.js one keeping origins): the
// processor must return a result or an *Error, never panic or hang. Seeds: testdata/fuzz/*.json (among them numbers.json,
// strings.json and structure.json, heavy in what processors disagree on)
// plus the interop credentials.
func FuzzToRDF(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "*.json"))
	more, _ := filepath.Glob(filepath.Join("testdata", "interop", "*[a-z0-9].json"))
	for _, name := range append(seeds, more...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	loader := newFixtureLoader(f)
	procs := []*Processor{
		NewProcessor(Options{Loader: loader, Safe: true, MaxQuads: 10_000}),
		NewProcessor(Options{Loader: loader, MaxQuads: 10_000, RDFDirection: "compound-literal"}),
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := DecodeJSON(data, 1000) // let deep inputs reach the processor's own limit
		if err != nil {
			return
		}
		for _, p := range procs {
			for _, o := range []RDFOptions{{}, {Dialect: DialectJSONLDJS, Origins: true}} {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				ds, err := p.ToDataset(ctx, doc, o)
				cancel()
				var je *Error
				if err != nil && !errors.As(err, &je) {
					t.Fatalf("error is not *Error: %v", err)
				}
				if err == nil && o.Origins && len(ds.Origins) != len(ds.Quads) {
					t.Fatalf("%d origins for %d quads", len(ds.Origins), len(ds.Quads))
				}
			}
		}
	})
}
