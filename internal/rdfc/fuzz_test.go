package rdfc

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/clrkit/clrkit/internal/rdf"
)

// FuzzCanonicalize checks that any parseable dataset canonicalizes without
// panicking, within a small work limit or with ErrWorkLimit, and that
// canonicalizing the result again changes nothing. Seeds: tests of the W3C
// suite and testdata/seeds.
func FuzzCanonicalize(f *testing.F) {
	for _, name := range []string{"test002", "test020", "test044", "test060", "test070"} {
		data, err := os.ReadFile(filepath.Join(suiteDir, "rdfc10", name+"-in.nq"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	// Number-, string- and structure-heavy datasets (testdata/SOURCES.md).
	seeds, _ := filepath.Glob(filepath.Join("testdata", "seeds", "*.nq"))
	if len(seeds) < 4 {
		f.Fatalf("%d seed datasets, want 4", len(seeds))
	}
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		quads, err := rdf.ParseNQuads(data)
		if err != nil {
			return
		}
		opts := Options{MaxWork: 2000}
		res, err := Canonicalize(context.Background(), quads, opts)
		if errors.Is(err, ErrWorkLimit) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		again, err := Canonicalize(context.Background(), res.Quads, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again.NQuads, res.NQuads) {
			t.Fatalf("not idempotent:\n%s\n%s", res.NQuads, again.NQuads)
		}
	})
}
