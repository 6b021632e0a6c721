package openbadges_test

import (
	"encoding/json"
	"github.com/clrkit/clrkit/internal/testkit"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/vc"
)

// obFixtures are the OB 3.0 credentials in testdata (see SOURCES.md): the
// spec's examples and test vector and the interop bundle.
func obFixtures(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, pat := range []string{"testdata/ob3-*.json", "testdata/testvector-ob3-*.json", "testdata/fragment-*.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	if len(out) < 20 {
		t.Fatalf("found %d fixtures, want the 20 listed in testdata/SOURCES.md", len(out))
	}
	return out
}

// readFile, canonical, normalize, decodeJSON and checkRoundTrip are the
// shared round-trip helpers of internal/testkit.
func readFile(t testing.TB, name string) []byte { return testkit.ReadFile(t, name) }

func canonical(t testing.TB, data []byte) ([]byte, string) { return testkit.Canonical(t, data) }

func decodeJSON(t testing.TB, data []byte) any { return testkit.DecodeJSON(t, data) }

func checkRoundTrip[T testkit.Marshaler](t *testing.T, data []byte, parse func([]byte) (T, error)) []byte {
	t.Helper()
	return testkit.CheckRoundTrip(t, data, parse)
}

func TestRoundTripFixtures(t *testing.T) {
	for _, name := range obFixtures(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data := readFile(t, name)
			t.Run("openbadges.Parse", func(t *testing.T) {
				checkRoundTrip(t, data, openbadges.Parse)
			})
			t.Run("vc.ParseCredential", func(t *testing.T) {
				checkRoundTrip(t, data, vc.ParseCredential)
			})
		})
	}
}

// TestRoundTripFixturesCanonicalize pins which fixtures canonicalize as
// published, so that the N-Quads comparison above is known to have run for
// all the others.
func TestRoundTripFixturesCanonicalize(t *testing.T) {
	notCanonicalizable := map[string]string{
		// The subject id is "#..." (a relative IRI), which safe mode refuses.
		"fragment-email-identifier-in-subject.json": "safe mode",
		// The examples context of the VC Data Model is not embedded.
		"ob3-equality-sample-A.unsigned.json": "https://www.w3.org/2018/credentials/examples/v2",
		"ob3-equality-sample-B.unsigned.json": "https://www.w3.org/2018/credentials/examples/v2",
		"ob3-equality-sample-C.unsigned.json": "https://www.w3.org/2018/credentials/examples/v2",
		"ob3-equality-sample-D.unsigned.json": "https://www.w3.org/2018/credentials/examples/v2",
	}
	for _, name := range obFixtures(t) {
		base := filepath.Base(name)
		_, fail := canonical(t, readFile(t, name))
		want, bad := notCanonicalizable[base]
		switch {
		case bad && !strings.Contains(fail, want):
			t.Errorf("%s: failure %q, want one mentioning %q", base, fail, want)
		case !bad && fail != "":
			t.Errorf("%s: %s", base, fail)
		}
	}
}

// endorsements returns the endorsement credentials embedded anywhere in v.
func endorsements(v any, out *[]any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "endorsement" {
				if arr, ok := e.([]any); ok {
					*out = append(*out, arr...)
				} else {
					*out = append(*out, e)
				}
			}
			endorsements(e, out)
		}
	case []any:
		for _, e := range x {
			endorsements(e, out)
		}
	}
}

func TestRoundTripEndorsements(t *testing.T) {
	data := readFile(t, "testdata/ob3-complete-openbadgecredential.json")
	var found []any
	endorsements(decodeJSON(t, data), &found)
	if len(found) < 3 {
		t.Fatalf("found %d endorsements in ob3-complete, want at least 3 (credential, achievement, issuer)", len(found))
	}
	for i, e := range found {
		sub, err := json.MarshalIndent(e, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.Repeat("e", i+1), func(t *testing.T) {
			out := checkRoundTrip(t, sub, openbadges.ParseEndorsement)
			checkRoundTrip(t, sub, vc.ParseCredential)
			c, err := openbadges.ParseEndorsement(out)
			if err != nil {
				t.Fatal(err)
			}
			if !c.Type.Has(openbadges.TypeEndorsementCredential) || c.CredentialSubject.ID == "" {
				t.Errorf("endorsement %d: type %v, subject %q", i, c.Type, c.CredentialSubject.ID)
			}
		})
	}
}
