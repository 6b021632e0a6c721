package clr_test

import (
	"bytes"
	"encoding/json"
	"github.com/clrkit/clrkit/internal/testkit"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/vc"
)

// clrFixtures are the CLR 2.0 credentials in testdata (see SOURCES.md).
var clrFixtures = []string{
	"testdata/clr-3creds.json",
	"testdata/clr-3creds.signed.json",
	"testdata/testvector-clr2-eddsa-rdfc-2022.unsigned.json",
	"testdata/testvector-clr2-eddsa-rdfc-2022.signed.json",
}

// readFile, canonical, normalize, decodeJSON and checkRoundTrip are the
// shared round-trip helpers of internal/testkit.
func readFile(t testing.TB, name string) []byte { return testkit.ReadFile(t, name) }

func canonical(t testing.TB, data []byte) ([]byte, string) { return testkit.Canonical(t, data) }

func checkRoundTrip[T testkit.Marshaler](t *testing.T, data []byte, parse func([]byte) (T, error)) []byte {
	t.Helper()
	return testkit.CheckRoundTrip(t, data, parse)
}

func TestRoundTripFixtures(t *testing.T) {
	for _, name := range clrFixtures {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data := readFile(t, name)
			if _, fail := canonical(t, data); fail != "" {
				t.Fatalf("fixture does not canonicalize: %s", fail)
			}
			t.Run("clr.Parse", func(t *testing.T) {
				checkRoundTrip(t, data, clr.Parse)
			})
			t.Run("vc.ParseCredential", func(t *testing.T) {
				checkRoundTrip(t, data, vc.ParseCredential)
			})
		})
	}
}

// The CLR spec's example of an OB 2.0 assertion upgraded for a CLR is an
// OpenBadgeCredential whose issuer has a member no context defines
// (alsoKnownAs), so safe mode refuses it before and after the round trip.
func TestRoundTripUpgradedOB2(t *testing.T) {
	data := readFile(t, "testdata/clr2-with-upgraded-ob2-assertion.unsigned.json")
	_, fail := canonical(t, data)
	if !strings.Contains(fail, "safe mode") || !strings.Contains(fail, "alsoKnownAs") {
		t.Fatalf("canonicalization failure %q, want a safe-mode failure about alsoKnownAs", fail)
	}
	checkRoundTrip(t, data, openbadges.Parse)
	checkRoundTrip(t, data, vc.ParseCredential)
	c, err := openbadges.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var aka string
	if ok, err := c.Issuer.Extensions.Get("alsoKnownAs", &aka); !ok || err != nil || aka != "https://example.com/issuers/v2p0/540e388e-2735-4c3e-9709-80142801c774" {
		t.Errorf("issuer alsoKnownAs extension: %q, %v, %v", aka, ok, err)
	}
	// As a nested credential of a CLR it keeps its bytes.
	n, err := clr.Embedded(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := n.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if want := compact(t, data); !bytes.Equal(got, want) {
		t.Errorf("nested credential marshaled to\n%s\nwant\n%s", got, want)
	}
}

func compact(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Nested credentials keep their exact bytes through parse and marshal: each
// is signed on its own, so the CLR's round trip must not re-encode them.
func TestNestedCredentialsKeepBytes(t *testing.T) {
	for _, name := range clrFixtures {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data := readFile(t, name)
			// The originals, as encoding/json finds them (RawMessage keeps
			// the exact bytes of each element).
			var doc struct {
				CredentialSubject struct {
					VerifiableCredential []json.RawMessage `json:"verifiableCredential"`
				} `json:"credentialSubject"`
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			orig := doc.CredentialSubject.VerifiableCredential
			if len(orig) == 0 {
				t.Fatal("fixture has no nested credentials")
			}
			c, err := clr.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			nested := c.CredentialSubject.VerifiableCredential
			if len(nested) != len(orig) {
				t.Fatalf("%d nested credentials, want %d", len(nested), len(orig))
			}
			for i, n := range nested {
				if n.IsJWT() {
					t.Fatalf("[%d] read as a JWT", i)
				}
				if !bytes.Equal(n.JSON, orig[i]) {
					t.Errorf("[%d] JSON is not the original sub-object", i)
				}
				got, err := n.MarshalJSON()
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, compact(t, orig[i])) {
					t.Errorf("[%d] marshaled form is not the compacted original", i)
				}
				ob, err := n.Achievement()
				if err != nil {
					t.Fatalf("[%d] Achievement: %v", i, err)
				}
				if !bytes.Equal(ob.Raw(), orig[i]) {
					t.Errorf("[%d] Achievement().Raw() is not the original sub-object", i)
				}
				// Each nested credential round-trips on its own too.
				checkRoundTrip(t, orig[i], openbadges.Parse)
			}
			// And the marshaled CLR carries them compacted, in order.
			out, err := c.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			var again struct {
				CredentialSubject struct {
					VerifiableCredential []json.RawMessage `json:"verifiableCredential"`
				} `json:"credentialSubject"`
			}
			if err := json.Unmarshal(out, &again); err != nil {
				t.Fatal(err)
			}
			for i, raw := range again.CredentialSubject.VerifiableCredential {
				if !bytes.Equal(raw, compact(t, orig[i])) {
					t.Errorf("[%d] in the marshaled CLR is not the compacted original", i)
				}
			}
		})
	}
}
