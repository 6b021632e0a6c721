package statuslist_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/clrkit/clrkit/vc/statuslist"
)

// FuzzDecode: Decode never panics, and what it accepts encodes back to a
// list with the same entries.
func FuzzDecode(f *testing.F) {
	l := statuslist.New(0)
	_ = l.Set(3, true)
	enc, _ := l.Encode()
	f.Add(enc)
	f.Add("u")
	f.Add("uH4sIAAAAAAAA_2JgGAWjYBSMAnoBAAD__w")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := statuslist.Decode(s)
		if err != nil {
			return
		}
		again, err := got.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := statuslist.Decode(again)
		if err != nil {
			t.Fatalf("re-encoded list refused: %v", err)
		}
		if back.Len() != got.Len() {
			t.Fatalf("length %d, was %d", back.Len(), got.Len())
		}
		a, _ := got.Encode()
		b, _ := back.Encode()
		if !bytes.Equal([]byte(a), []byte(b)) {
			t.Fatal("entries changed in a round trip")
		}
	})
}

// FuzzAddStatus: AddStatus never panics; what it refuses it refuses with
// ErrCredential (or a purpose error) and allocates nothing for; what it
// accepts comes back as a JSON object with the entry.
func FuzzAddStatus(f *testing.F) {
	for _, seed := range []string{
		`{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:x:1", "type": ["VerifiableCredential"], "issuer": "did:example:i", "credentialSubject": {"id": "did:example:s"}}`,
		`{"@context": "https://www.w3.org/ns/credentials/v2", "id": "urn:x:2", "type": "VerifiableCredential", "issuer": {"id": "did:example:i"}}`,
		`{"@context": ["https://www.w3.org/2018/credentials/v1"], "id": "urn:x:3", "type": ["VerifiableCredential"], "issuer": "did:example:i"}`,
		`{"id": "urn:x:4", "proof": {}}`, `{"a\u0000": 1}`, `[]`, `{`, `{"id": 1}`,
	} {
		f.Add([]byte(seed), uint8(0))
		f.Add([]byte(seed), uint8(3))
	}
	purposes := [][]string{nil, {statuslist.PurposeRevocation}, {statuslist.PurposeSuspension}, {statuslist.PurposeRevocation, statuslist.PurposeSuspension}, {"message"}}
	f.Fuzz(func(t *testing.T, doc []byte, p uint8) {
		store := statuslist.NewMemoryStore(nil)
		is := &statuslist.Issuer{Store: store, ID: "did:example:i", BaseURL: "https://example.edu/status"}
		out, err := is.AddStatus(context.Background(), doc, purposes[int(p)%len(purposes)]...)
		if err != nil {
			for _, purpose := range []string{statuslist.PurposeRevocation, statuslist.PurposeSuspension} {
				if _, lerr := store.List(context.Background(), is.ListURL(purpose, 1)); !errors.Is(lerr, statuslist.ErrNotFound) {
					t.Fatalf("refused (%v) but allocated a %s entry", err, purpose)
				}
			}
			return
		}
		var got map[string]json.RawMessage
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("output is not a JSON object: %v\n%s", err, out)
		}
		if _, ok := got["credentialStatus"]; !ok {
			t.Fatalf("no credentialStatus in %s", out)
		}
	})
}
