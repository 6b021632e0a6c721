package did

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// jsonEqual reports whether two JSON texts hold the same value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(va, vb)
}

func TestResolveDIDKeySpecExample(t *testing.T) {
	want, err := os.ReadFile("testdata/did-key/spec-examples/ed25519-multikey-did-document.json")
	if err != nil {
		t.Fatal(err)
	}
	var r KeyResolver
	res, err := r.Resolve(context.Background(), "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(res.Document)
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(t, got, want) {
		t.Errorf("document differs from the spec example:\n got %s\nwant %s", got, want)
	}
	// Byte for byte, once both go through the same serializer.
	wantDoc, err := ParseDocument(want)
	if err != nil {
		t.Fatal(err)
	}
	wantBytes, _ := json.Marshal(wantDoc)
	if !bytes.Equal(got, wantBytes) {
		t.Errorf("serialized bytes differ:\n got %s\nwant %s", got, wantBytes)
	}
}
