package rdfc

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/clrkit/clrkit/internal/rdf"
)

// utf16Reference compares a and b by their UTF-16 code units, as
// JavaScript compares strings.
func utf16Reference(a, b string) int {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

func TestCompareUTF16(t *testing.T) {
	words := []string{"", "a", "ab", "a\uff61", "a\U0001F600", "a\U0001F600b", "a\ue000", "a\uffff", "a\U00010000",
		"a\u00e9", "a\u07ff", "a\ud7ff", "\U0010FFFF", "\uFFFD", "z", "a\U0001F601", "a\uff61\U0001F600"}
	for _, a := range words {
		for _, b := range words {
			if got, want := compareUTF16([]byte(a), []byte(b)), utf16Reference(a, b); cmp.Compare(got, 0) != want {
				t.Errorf("compareUTF16(%q, %q) = %d, UTF-16 order %d", a, b, got, want)
			}
		}
	}
}

func FuzzCompareUTF16(f *testing.F) {
	f.Add("a\uff61", "a\U0001F600")
	f.Add("x\U00010000y", "x\uffffy")
	f.Fuzz(func(t *testing.T, a, b string) {
		a, b = strings.ToValidUTF8(a, "\uFFFD"), strings.ToValidUTF8(b, "\uFFFD")
		if got, want := cmp.Compare(compareUTF16([]byte(a), []byte(b)), 0), utf16Reference(a, b); got != want {
			t.Errorf("compareUTF16(%q, %q) = %d, UTF-16 order %d", a, b, got, want)
		}
	})
}

// TestMultisetAndUTF16: with the options of the jsonld.js dialect a
// repeated quad stays, in the output and in the first-degree hash of its
// blank node, and lines sort by UTF-16; Inverted names the quads of the
// comparisons that decided.
func TestMultisetAndUTF16(t *testing.T) {
	b := rdf.NewBlank("x")
	p := rdf.NewIRI("https://example.org/p")
	quads := []rdf.Quad{
		{Subject: b, Predicate: p, Object: rdf.NewLiteral("a\U0001F600", "")},
		{Subject: b, Predicate: p, Object: rdf.NewLiteral("a\uff61", "")},
		{Subject: b, Predicate: p, Object: rdf.NewLiteral("a\uff61", "")},
	}
	set, err := Canonicalize(context.Background(), quads, Options{})
	if err != nil {
		t.Fatal(err)
	}
	js, err := Canonicalize(context.Background(), quads, Options{Multiset: true, UTF16: true})
	if err != nil {
		t.Fatal(err)
	}
	wantSet := "_:c14n0 <https://example.org/p> \"a｡\" .\n_:c14n0 <https://example.org/p> \"a😀\" .\n"
	wantJS := "_:c14n0 <https://example.org/p> \"a😀\" .\n_:c14n0 <https://example.org/p> \"a｡\" .\n_:c14n0 <https://example.org/p> \"a｡\" .\n"
	if string(set.NQuads) != wantSet || len(set.Inverted) != 0 {
		t.Errorf("as a set:\n%s%v", set.NQuads, set.Inverted)
	}
	if string(js.NQuads) != wantJS {
		t.Errorf("as jsonld.js:\n%s", js.NQuads)
	}
	// The sort compares quad 0 with quad 1 or 2 (equal lines) at least
	// once, and those comparisons are the ones UTF-16 decides.
	if len(js.Inverted) < 2 || js.Inverted[0] != 0 || !slices.IsSorted(js.Inverted) || js.Inverted[len(js.Inverted)-1] > 2 {
		t.Errorf("Inverted %v, want 0 and one or both of 1 and 2", js.Inverted)
	}
}
