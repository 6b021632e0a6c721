package clr_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/clr"
)

// FuzzParse: Parse never panics; whatever it accepts marshals, and the
// marshaled JSON parses and marshals again to the same bytes, with the
// nested credentials unchanged. Seeds: the fixtures and testdata/fuzz.
func FuzzParse(f *testing.F) {
	for _, name := range append(clrFixtures, "testdata/clr2-with-upgraded-ob2-assertion.unsigned.json") {
		f.Add(readFile(f, name))
	}
	jwt := strings.TrimSpace(string(readFile(f, "testdata/ob3-basic.eddsa.jwt")))
	f.Add([]byte(`{"credentialSubject":{"verifiableCredential":["` + jwt + `",{"a":[1,2.0]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := clr.Parse(data)
		if err != nil {
			return
		}
		out, err := c.MarshalJSON()
		if err != nil {
			t.Fatalf("parsed %q but marshal failed: %v", data, err)
		}
		c2, err := clr.Parse(out)
		if err != nil {
			t.Fatalf("marshaled %q does not parse: %v", out, err)
		}
		out2, err := c2.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("not idempotent:\n%s\n%s", out, out2)
		}
		n1, n2 := c.CredentialSubject.VerifiableCredential, c2.CredentialSubject.VerifiableCredential
		if len(n1) != len(n2) {
			t.Fatalf("%d nested credentials, then %d", len(n1), len(n2))
		}
		for i := range n1 {
			a, _ := n1[i].MarshalJSON()
			b, _ := n2[i].MarshalJSON()
			if !bytes.Equal(a, b) || n1[i].JWT != n2[i].JWT {
				t.Fatalf("nested [%d] changed: %s then %s", i, a, b)
			}
		}
	})
}
