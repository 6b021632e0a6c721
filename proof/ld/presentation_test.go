package ld_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/clrkit/clrkit/proof/ld"
)

// TestPresentationHoldingCLR canonicalizes a presentation that holds a CLR
// of three credentials, with the default limits, to exactly what
// Digital Bazaar's stack writes. Its statements sit in one blank-node graph
// that every Hash N-Degree Quads call walks, so it needs far more RDFC work
// than a credential: the default budget must still admit it.
func TestPresentationHoldingCLR(t *testing.T) {
	doc, err := os.ReadFile("testdata/presentations/vp-clr-3creds.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/presentations/vp-clr-3creds.jsonld-js.nq")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ld.Default().Canonicalize(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.NQuads, want) {
		t.Fatalf("canonical N-Quads differ from jsonld.js:\n%s", got.NQuads)
	}
}
