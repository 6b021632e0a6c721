package jsonld

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/clrkit/clrkit/internal/rdfc"
)

// FuzzToRDF feeds arbitrary JSON through DecodeJSON and ToDataset, in safe
// and unsafe mode, in both dialects (the jsonld.js one keeping origins): the
// processor must return a result or an *Error, never panic or hang. Seeds: testdata/fuzz/*.json (among them numbers.json,
// strings.json and structure.json, heavy in what processors disagree on)
// plus the interop credentials. In safe mode, the statements written as a
// set (RDFOptions.AsSet) must be the node map's (checkSetWriter).
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
	// The set writer runs in safe mode: as proof/ld canonicalizes
	// (i18n-datatype), without a direction mode, and with generalized RDF.
	setProcs := []*Processor{
		procs[0],
		NewProcessor(Options{Loader: loader, Safe: true, MaxQuads: 10_000, RDFDirection: "i18n-datatype"}),
		NewProcessor(Options{Loader: loader, Safe: true, MaxQuads: 10_000, RDFDirection: "i18n-datatype", ProduceGeneralizedRDF: true}),
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
		for _, p := range setProcs {
			checkSetWriter(t, p, doc)
		}
	})
}

// checkSetWriter fails t unless p gives doc the same canonical form,
// Suspect, constructs and error with RDFOptions.AsSet as without.
func checkSetWriter(t *testing.T, p *Processor, doc any) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	want, werr := p.ToDataset(ctx, doc, RDFOptions{})
	got, gerr := p.ToDataset(ctx, doc, RDFOptions{AsSet: true})
	if ctx.Err() != nil {
		return
	}
	if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
		t.Fatalf("as a set: error %v, node map %v", gerr, werr)
	}
	if werr != nil {
		return
	}
	if got.Suspect != want.Suspect || !reflect.DeepEqual(got.Constructs, want.Constructs) {
		t.Fatalf("as a set: Suspect %v, constructs %v; node map %v, %v", got.Suspect, got.Constructs, want.Suspect, want.Constructs)
	}
	wc, werr := rdfc.Canonicalize(ctx, want.Quads, rdfc.Options{})
	gc, gerr := rdfc.Canonicalize(ctx, got.Quads, rdfc.Options{})
	if ctx.Err() != nil || errors.Is(werr, rdfc.ErrWorkLimit) || errors.Is(gerr, rdfc.ErrWorkLimit) {
		return
	}
	if (werr == nil) != (gerr == nil) || werr == nil && !bytes.Equal(gc.NQuads, wc.NQuads) {
		t.Fatalf("as a set:\n%s%v\nnode map:\n%s%v", nqOf(gc), gerr, nqOf(wc), werr)
	}
}

func nqOf(r *rdfc.Result) []byte {
	if r == nil {
		return nil
	}
	return r.NQuads
}
