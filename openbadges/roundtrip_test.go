package openbadges_test

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

	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof/ld"
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

// checkRoundTrip checks the central promise of the model for one document:
// what Parse returns marshals to JSON with the same canonical N-Quads as the
// original (or, for documents that cannot be canonicalized, the same
// failure and the same JSON once normalized), Raw is the input, and a
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
