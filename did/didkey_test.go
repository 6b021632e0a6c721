package did

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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

// TestDIDKeyVectors walks the 2022 did:key vectors: every DID decodes to the
// key bytes the vector states, and Ed25519 keys derive the stated X25519
// key agreement key.
func TestDIDKeyVectors(t *testing.T) {
	ctx := context.Background()
	var r KeyResolver
	type vector struct {
		Seed        string `json:"seed"`
		DidDocument struct {
			VerificationMethod []json.RawMessage `json:"verificationMethod"`
		} `json:"didDocument"`
	}
	counts := map[string]int{}
	for _, f := range []string{"ed25519-x25519", "secp256k1", "nist-curves", "rsa", "bls12381"} {
		data, err := os.ReadFile("testdata/did-key/test-vectors/" + f + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var vs map[string]vector
		if err := json.Unmarshal(data, &vs); err != nil {
			t.Fatal(err)
		}
		for did, v := range vs {
			res, err := r.Resolve(ctx, did)
			if f == "bls12381" {
				var re *ResolutionError
				if !errors.As(err, &re) || re.Code != CodeUnsupportedPublicKeyType {
					t.Errorf("%s: %v, want unsupportedPublicKeyType", did, err)
				}
				counts[f]++
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", did, err)
				continue
			}
			got := res.Document.VerificationMethod
			for _, raw := range v.DidDocument.VerificationMethod {
				var vm VerificationMethod
				if err := vm.UnmarshalJSON(raw); err != nil {
					t.Fatal(err)
				}
				want, err := vm.PublicKey()
				if err != nil {
					t.Errorf("%s: vector method %s: %v", did, vm.ID, err)
					continue
				}
				// The vector's method must be one of ours, with the same key.
				found := false
				for _, g := range append(got, keyAgreementMethods(res.Document)...) {
					if g.ID != vm.ID {
						continue
					}
					found = true
					k, err := g.PublicKey()
					if err != nil || !publicKeysEqual(k, want) {
						t.Errorf("%s: method %s: key differs: %v", did, vm.ID, err)
					}
				}
				if !found && !(f != "ed25519-x25519" && vm.ID != did+"#"+did[len("did:key:"):]) {
					t.Errorf("%s: no method %s", did, vm.ID)
				}
				counts[f]++
			}
		}
	}
	t.Logf("vector methods checked: %v", counts)
}

func keyAgreementMethods(d *Document) []VerificationMethod {
	var out []VerificationMethod
	for _, ref := range d.Relationships[KeyAgreement] {
		if ref.Method != nil {
			out = append(out, *ref.Method)
		}
	}
	return out
}

func TestDIDKeyX25519Vectors(t *testing.T) {
	data, _ := os.ReadFile("testdata/did-key/test-vectors/x25519.json")
	var vs struct {
		DidDocument map[string]json.RawMessage `json:"didDocument"`
	}
	json.Unmarshal(data, &vs)
	for did := range vs.DidDocument {
		res, err := (&KeyResolver{}).Resolve(context.Background(), did)
		if err != nil {
			t.Fatal(did, err)
		}
		if len(res.Document.Relationships) != 1 || len(res.Document.Relationships[KeyAgreement]) != 1 {
			t.Errorf("%s: relationships %v", did, res.Document.Relationships)
		}
	}
	if len(vs.DidDocument) != 4 {
		t.Errorf("%d x25519 vectors", len(vs.DidDocument))
	}
}

func TestDIDKeyLegacyForm(t *testing.T) {
	r, err := NewKeyResolver(KeyOptions{Format: KeyFormatEd25519VerificationKey2020})
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Resolve(context.Background(), "did:key:1:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
	if err != nil {
		t.Fatal(err)
	}
	d := res.Document
	if d.VerificationMethod[0].Type != "Ed25519VerificationKey2020" || keyAgreementMethods(d)[0].Type != "X25519KeyAgreementKey2020" ||
		keyAgreementMethods(d)[0].PublicKeyMultibase != "z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p" {
		t.Errorf("legacy document %+v", d)
	}
	if _, err := NewKeyResolver(KeyOptions{Format: "JsonWebKey2020"}); err == nil {
		t.Error("unknown format accepted")
	}
	r2, _ := NewKeyResolver(KeyOptions{DisableEncryptionKeyDerivation: true})
	res, _ = r2.Resolve(context.Background(), "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
	if _, ok := res.Document.Relationships[KeyAgreement]; ok {
		t.Error("keyAgreement derived although disabled")
	}
}

func TestDIDKeyErrors(t *testing.T) {
	ed := make([]byte, 32)
	for _, c := range []struct{ did, code string }{
		{"did:key:", CodeInvalidDID},
		{"did:key:u7QEAAAA", CodeInvalidDID},
		{"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do0", CodeInvalidDID},
		{"did:key:2:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", CodeInvalidDID},
		{"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#frag", CodeInvalidDID},
		{"did:web:example.com", CodeMethodNotSupported},
		{"did:key:" + encodeMultibase([]byte{0xed, 0x01}, ed[:31]), CodeInvalidPublicKeyLength},
		{"did:key:" + encodeMultibase([]byte{0x80, 0x24}, append([]byte{2}, bytes.Repeat([]byte{0xff}, 32)...)), CodeInvalidPublicKey},
		{"did:key:" + encodeMultibase([]byte{0x80, 0x26}, ed), CodeInvalidPublicKeyType},
		{"did:key:" + encodeMultibase([]byte{0x55}, ed), CodeUnsupportedPublicKeyType},
		{"did:key:zUC7EK3ZakmukHhuncwkbySmomv3FmrkmS36E4Ks5rsb6VQSRpoCrx6Hb8e2Nk6UvJFSdyw9NK1scFXJp21gNNYFjVWNgaqyGnkyhtagagCpQb5B7tagJu3HDbjQ8h5ypoHjwBb", CodeUnsupportedPublicKeyType},
	} {
		_, err := (&KeyResolver{}).Resolve(context.Background(), c.did)
		var re *ResolutionError
		if !errors.As(err, &re) || re.Code != c.code {
			t.Errorf("%s: %v, want %s", c.did, err, c.code)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&KeyResolver{}).Resolve(ctx, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"); err == nil {
		t.Error("cancelled context ignored")
	}
}

func TestDIDKeyHelpers(t *testing.T) {
	for typ, mb := range specKeys {
		pub, _ := DecodeMultikey(mb)
		d, err := DIDKey(pub)
		if err != nil || d != "did:key:"+mb {
			t.Errorf("%s: DIDKey = %s, %v", typ, d, err)
		}
	}
}

func FuzzParseDIDKey(f *testing.F) {
	for _, mb := range specKeys {
		f.Add("did:key:" + mb)
	}
	f.Add("did:key:1:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
	f.Add("did:key:z")
	f.Fuzz(func(t *testing.T, s string) {
		res, err := (&KeyResolver{}).Resolve(context.Background(), s)
		if err != nil {
			var re *ResolutionError
			if !errors.As(err, &re) || re.Code == CodeInternalError {
				t.Fatalf("%q: error %v", s, err)
			}
			return
		}
		if res.Document.ID != s || len(res.Document.VerificationMethod) != 1 {
			t.Fatalf("%q: document %+v", s, res.Document)
		}
		if _, err := json.Marshal(res.Document); err != nil {
			t.Fatal(err)
		}
	})
}
