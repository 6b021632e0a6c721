package statuslist

import (
	"slices"
	"strings"
	"testing"
)

// FuzzNegotiate: any Accept header gets one of the three types, never a
// panic.
func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"", "*/*", "application/ld+json, application/json", "a/b;q=0.5;q=x, */*;q=2", ";;,,", "application/json;q=-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		got := negotiate(strings.Split(accept, "\n"), "application/vc")
		if !slices.Contains([]string{"application/vc", "application/ld+json", "application/json"}, got) {
			t.Fatalf("%q: %q", accept, got)
		}
	})
}
