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
// canonicalizing the result again changes nothing.
func FuzzCanonicalize(f *testing.F) {
	for _, name := range []string{"test002", "test020", "test044", "test060", "test070"} {
		data, err := os.ReadFile(filepath.Join(suiteDir, "rdfc10", name+"-in.nq"))
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
