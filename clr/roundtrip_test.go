package clr_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/vc"
)

// clrFixtures are the CLR 2.0 credentials in testdata (see SOURCES.md).
var clrFixtures = []string{
	"testdata/clr-3creds.json",
	"testdata/clr-3creds.signed.json",
	"testdata/testvector-clr2-eddsa-rdfc-2022.unsigned.json",
	"testdata/testvector-clr2-eddsa-rdfc-2022.signed.json",
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// canonical canonicalizes data, returning the N-Quads or a description of
// the failure (its kind, code, pointer and detail, which do not depend on
// member order or whitespace).
func canonical(t testing.TB, data []byte) (nquads []byte, failure string) {
	t.Helper()
	c, err := ld.Default().Canonicalize(context.Background(), data)
	if err != nil {
		var le *ld.Error
		if errors.As(err, &le) {
			return nil, le.Kind.Error() + " | " + le.Code + " | " + le.Path + " | " + le.Detail
		}
		var lo *ld.LoadError
		if errors.As(err, &lo) {
			return nil, "load " + lo.URL + ": " + lo.Err.Error()
		}
		t.Fatalf("canonicalize: unexpected error type %T: %v", err, err)
	}
	return c.NQuads, ""
}

// normalize turns a decoded JSON value into the shape the model writes,
// so that documents whose contexts cannot be processed can still be
// compared: every member value becomes an array (the model writes
// one-or-many members as arrays and single types bare), null members
// and empty arrays are dropped (JSON-LD drops both, and so does the
// model), and an object
// that holds only an id becomes that id (a profile or image reference is
// written as its bare URL).
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if id, ok := x["id"].(string); ok && len(x) == 1 {
			return id
		}
		out := map[string]any{}
		for k, e := range x {
			if arr, ok := e.([]any); e == nil || ok && len(arr) == 0 {
				continue
			}
			n := normalize(e)
			if k == "@context" || k[0] != '@' {
				if _, isArr := n.([]any); !isArr {
					n = []any{n}
				}
			}
			out[k] = n
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	}
	return v
}

func decodeJSON(t testing.TB, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// marshaler is what every credential type of the model is.
type marshaler interface {
	MarshalJSON() ([]byte, error)
	Raw() []byte
}

// checkRoundTrip checks the central promise of the model for one document
// (the same helper as in openbadges/roundtrip_test.go): what parse returns
// marshals to JSON with the same canonical N-Quads as the original (or the
// same failure and the same normalized JSON), Raw is the input, and a
// second parse and marshal gives the same bytes.
func checkRoundTrip[T marshaler](t *testing.T, data []byte, parse func([]byte) (T, error)) []byte {
	t.Helper()
	c, err := parse(data)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if !bytes.Equal(c.Raw(), data) {
		t.Errorf("Raw() is not the input")
	}
	out, err := c.MarshalJSON()
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	if !json.Valid(out) {
		t.Fatalf("marshal wrote invalid JSON: %s", out)
	}
	wantNQ, wantFail := canonical(t, data)
	gotNQ, gotFail := canonical(t, out)
	if wantFail != gotFail {
		t.Errorf("canonicalization failure changed:\n original: %q\nmarshaled: %q", wantFail, gotFail)
	}
	if !bytes.Equal(wantNQ, gotNQ) {
		t.Errorf("canonical N-Quads differ:\n--- original\n%s--- marshaled\n%s", wantNQ, gotNQ)
	}
	if wantFail != "" {
		t.Logf("not canonicalizable (before and after): %s", wantFail)
	}
	// The JSON-level comparison holds for every document, and is the only
	// one for those that cannot be canonicalized.
	if w, g := normalize(decodeJSON(t, data)), normalize(decodeJSON(t, out)); !reflect.DeepEqual(w, g) {
		wj, _ := json.MarshalIndent(w, "", " ")
		gj, _ := json.MarshalIndent(g, "", " ")
		t.Errorf("normalized JSON differs:\n--- original\n%s\n--- marshaled\n%s", wj, gj)
	}
	again, err := parse(out)
	if err != nil {
		t.Fatalf("re-parse of the marshaled JSON: %v", err)
	}
	out2, err := again.MarshalJSON()
	if err != nil {
		t.Fatalf("second marshal: %v", err)
	}
	if !bytes.Equal(out, out2) {
		t.Errorf("second marshal differs:\n first: %s\nsecond: %s", out, out2)
	}
	return out
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
