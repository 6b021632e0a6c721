package openbadges_test

import (
	"bytes"
	"testing"

	"github.com/clrkit/clrkit/openbadges"
)

// FuzzParse: Parse never panics, and whatever it accepts marshals, and the
// marshaled JSON parses and marshals again to the same bytes. The seeds are
// the fixtures (added here) and testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, name := range obFixtures(f) {
		f.Add(readFile(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, parse := range []func([]byte) (interface {
			MarshalJSON() ([]byte, error)
		}, error){
			func(b []byte) (interface{ MarshalJSON() ([]byte, error) }, error) { return openbadges.Parse(b) },
			func(b []byte) (interface{ MarshalJSON() ([]byte, error) }, error) {
				return openbadges.ParseEndorsement(b)
			},
		} {
			c, err := parse(data)
			if err != nil {
				continue
			}
			out, err := c.MarshalJSON()
			if err != nil {
				t.Fatalf("parsed %q but marshal failed: %v", data, err)
			}
			c2, err := parse(out)
			if err != nil {
				t.Fatalf("marshaled %q does not parse: %v", out, err)
			}
			out2, err := c2.MarshalJSON()
			if err != nil {
				t.Fatalf("second marshal of %q: %v", out, err)
			}
			if !bytes.Equal(out, out2) {
				t.Fatalf("not idempotent:\n%s\n%s", out, out2)
			}
		}
	})
}
