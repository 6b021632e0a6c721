package did

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestReadDigitalBazaarKeyFiles reads the key files Digital Bazaar's
// libraries export: the 64-byte Ed25519 secret form and the extra "curve",
// "did" and "verificationMethod" members.
func TestReadDigitalBazaarKeyFiles(t *testing.T) {
	for name, want := range map[string]string{
		"issuer-ed25519":     "did:key:z6Mkgkvc2UJ2mWtpBBv5R87n1vpUqGbzcQeFHcRZw4pjQ9Vn",
		"clr-issuer-ed25519": "",
		"issuer-p256":        "did:key:zDnaeteTq9DMPXmfz25AKTbKxQ2sUvr1QfJqpf2EmZa7yytWx",
	} {
		data, err := os.ReadFile("testdata/interop/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		kf, err := ParseKeyFile(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want != "" && kf.Controller != want {
			t.Errorf("%s: controller %s", name, kf.Controller)
		}
		signer, err := kf.Signer()
		if err != nil {
			t.Fatal(err)
		}
		switch signer.(type) {
		case ed25519.PrivateKey, *ecdsa.PrivateKey:
		default:
			t.Errorf("%s: signer %T", name, signer)
		}
		// Tampering with an export member is caught.
		bad := strings.Replace(string(data), `"verificationMethod": "did:key:`, `"verificationMethod": "did:key:x`, 1)
		if _, err := ParseKeyFile([]byte(bad)); !errors.Is(err, ErrKeyFile) {
			t.Errorf("%s: mismatched verificationMethod accepted: %v", name, err)
		}
	}
}

func TestLegacyEd25519SecretForm(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(make([]byte, 32))
	enc := func(key []byte) string { return encodeMultibase([]byte{0x80, 0x26}, key) }
	signer, err := DecodeSecretMultikey(enc(priv))
	if err != nil || !signer.(ed25519.PrivateKey).Equal(priv) {
		t.Fatalf("64-byte form: %v", err)
	}
	wrong := append([]byte(nil), priv...)
	wrong[40] ^= 1
	if _, err := DecodeSecretMultikey(enc(wrong)); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("mismatched public half: err = %v, want ErrInvalidKey", err)
	}
}
