package testkit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/clrkit/clrkit/proof/ld"
)

// The round-trip helpers of the model packages' tests (openbadges, clr):
// the model's central promise is that parsing and marshalling a credential
// changes nothing a signature covers.

func ReadFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Canonical canonicalizes data, returning the N-Quads or a description of
// the failure (its kind, code, pointer and detail, which do not depend on
// member order or whitespace).
func Canonical(t testing.TB, data []byte) (nquads []byte, failure string) {
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

// Normalize turns a decoded JSON value into the shape the model writes,
// so that documents whose contexts cannot be processed can still be
// compared: every member value becomes an array (the model writes
// one-or-many members as arrays and single types bare), null members
// and empty arrays are dropped (JSON-LD drops both, and so does the
// model), and an object
// that holds only an id becomes that id (a profile or image reference is
// written as its bare URL).
func Normalize(v any) any {
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
			n := Normalize(e)
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
			out[i] = Normalize(e)
		}
		return out
	}
	return v
}

func DecodeJSON(t testing.TB, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// Marshaler is what every credential type of the model is.
type Marshaler interface {
	MarshalJSON() ([]byte, error)
	Raw() []byte
}

// CheckRoundTrip checks the central promise of the model for one document:
// what Parse returns marshals to JSON with the same canonical N-Quads as the
// original (or, for documents that cannot be canonicalized, the same
// failure and the same JSON once normalized), Raw is the input, and a
// second parse and marshal gives the same bytes.
func CheckRoundTrip[T Marshaler](t *testing.T, data []byte, parse func([]byte) (T, error)) []byte {
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
	wantNQ, wantFail := Canonical(t, data)
	gotNQ, gotFail := Canonical(t, out)
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
	if w, g := Normalize(DecodeJSON(t, data)), Normalize(DecodeJSON(t, out)); !reflect.DeepEqual(w, g) {
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
