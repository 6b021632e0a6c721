package jsonld

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestIRIForms holds isAbsoluteIRI and isWellFormedIRI to their definitions
// written plainly: a scheme and no white space; and also no character
// RFC 3987 forbids and at most one "#". Every byte value at the start,
// middle and end of an IRI, and random strings over the bytes that matter.
func TestIRIForms(t *testing.T) {
	absolute := func(s string) bool {
		return schemeEnd(s) > 0 && !isBlankID(s) && !strings.ContainsAny(s, " \t\n\r\f\v")
	}
	wellFormed := func(s string) bool {
		if !absolute(s) || strings.Count(s, "#") > 1 || strings.ContainsAny(s, "<>\"{}|\\^`\x7f") {
			return false
		}
		for i := 0; i < len(s); i++ {
			if s[i] <= 0x20 {
				return false
			}
		}
		return true
	}
	check := func(s string) {
		if got, want := isAbsoluteIRI(s), absolute(s); got != want {
			t.Fatalf("isAbsoluteIRI(%q) = %v, want %v", s, got, want)
		}
		if got, want := isWellFormedIRI(s), wellFormed(s); got != want {
			t.Fatalf("isWellFormedIRI(%q) = %v, want %v", s, got, want)
		}
	}
	for c := range 256 {
		b := string([]byte{byte(c)})
		for _, s := range []string{b + "https://e/x", "https://e/" + b + "x", "https://e/x" + b, "a" + b + ":x"} {
			check(s)
		}
	}
	alphabet := "ab:/#_-. \t\x00\x7f<>\"{}|\\^`é"
	rng := rand.New(rand.NewPCG(5, 8))
	for range 50000 {
		var b strings.Builder
		b.WriteString([]string{"", "https:", "_:", "a+b:"}[rng.IntN(4)])
		for range rng.IntN(10) {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		check(b.String())
	}
}
