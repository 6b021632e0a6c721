package did

import (
	"crypto"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// The vc-di-eddsa key pair: its secret key must derive its public key.
func TestKeyFileEdDSAVector(t *testing.T) {
	data, err := os.ReadFile("testdata/eddsa-rdfc-2022-keyPair.json")
	if err != nil {
		t.Fatal(err)
	}
	kf, err := ParseKeyFile(data)
	if err != nil {
		t.Fatal(err)
	}
	s, err := kf.Signer()
	if err != nil {
		t.Fatal(err)
	}
	if mb, _ := EncodeMultikey(s.Public()); mb != "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2" {
		t.Errorf("derived %s", mb)
	}
}

func TestKeyFileRoundTrip(t *testing.T) {
	seed, _ := hex.DecodeString("0000000000000000000000000000000000000000000000000000000000000000")
	ed, _ := Ed25519KeyFromSeed(seed)
	kf, err := NewKeyFile(ed, KeyFileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const d = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp" // ed25519-x25519.json, seed 0
	if kf.Controller != d || kf.ID != d+"#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp" || kf.Type != "Multikey" {
		t.Errorf("key file %+v", kf)
	}
	for _, typ := range []KeyType{KeyTypeP256, KeyTypeP384, KeyTypeRSA} {
		var s signer
		var err error
		if typ == KeyTypeRSA {
			s, err = GenerateRSAKey(2048, nil)
		} else {
			s, err = GenerateKey(typ, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		kf, err := NewKeyFile(s, KeyFileOptions{Controller: "https://example.edu/issuers/1"})
		if err != nil {
			t.Fatal(typ, err)
		}
		path := filepath.Join(t.TempDir(), "key.json")
		if err := WriteKeyFile(path, kf); err != nil {
			t.Fatal(err)
		}
		if err := WriteKeyFile(path, kf); err == nil {
			t.Error("WriteKeyFile overwrote a file")
		}
		back, err := ReadKeyFile(path)
		if err != nil {
			t.Fatal(typ, err)
		}
		got, err := back.Signer()
		if err != nil || !publicKeysEqual(got.Public(), s.Public()) {
			t.Errorf("%s: read back a different key: %v", typ, err)
		}
		if wantType := map[bool]string{true: "JsonWebKey", false: "Multikey"}[typ == KeyTypeRSA]; back.Type != wantType {
			t.Errorf("%s: type %q", typ, back.Type)
		}
	}
	if _, err := GenerateKey(KeyTypeX25519, nil); !errors.Is(err, ErrUnsupportedKeyType) {
		t.Errorf("GenerateKey X25519: %v", err)
	}
	if _, err := GenerateRSAKey(1024, nil); !errors.Is(err, ErrKeyLength) {
		t.Errorf("GenerateRSAKey 1024: %v", err)
	}
	if _, err := Ed25519KeyFromSeed(seed[:31]); !errors.Is(err, ErrKeyLength) {
		t.Errorf("short seed: %v", err)
	}
}

func TestParseKeyFileErrors(t *testing.T) {
	const pub = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
	const sec = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
	const otherPub = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	for name, in := range map[string]string{
		"not object":     `[]`,
		"unknown member": `{"publicKeyMultibase":"` + pub + `","secretKeyMultibase":"` + sec + `","secretkeymultibase":"x"}`,
		"mismatch":       `{"publicKeyMultibase":"` + otherPub + `","secretKeyMultibase":"` + sec + `"}`,
		"no secret":      `{"publicKeyMultibase":"` + pub + `"}`,
		"no key":         `{"id":"did:example:1"}`,
		"wrong type":     `{"type":"JsonWebKey","publicKeyMultibase":"` + pub + `","secretKeyMultibase":"` + sec + `"}`,
		"both aliases":   `{"publicKeyMultibase":"` + pub + `","secretKeyMultibase":"` + sec + `","privateKeyMultibase":"` + sec + `"}`,
		"id not string":  `{"id":1,"publicKeyMultibase":"` + pub + `","secretKeyMultibase":"` + sec + `"}`,
	} {
		if _, err := ParseKeyFile([]byte(in)); !errors.Is(err, ErrKeyFile) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

type signer = crypto.Signer
