package proof

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestSentinelsKeyType: every suite that signs refuses a key of the wrong
// type with an error that wraps ErrKeyType, from the suite's Sign and
// Verify and from proof.Sign, and says "proof:" only once.
func TestSentinelsKeyType(t *testing.T) {
	_, ed, _ := ed25519.GenerateKey(nil)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	unsigned := readTestdata(t, "interop/unsigned/ob3-basic.json")
	for _, tt := range []struct {
		suite Cryptosuite
		wrong []crypto.Signer
	}{
		{EdDSARDFC2022{}, []crypto.Signer{p256, rsaKey}},
		{EdDSAJCS2022{}, []crypto.Signer{p256, rsaKey}},
		{ECDSARDFC2019{}, []crypto.Signer{ed, p521, rsaKey}},
	} {
		for _, key := range tt.wrong {
			what := tt.suite.Name() + " with " + keyName(key.Public())
			if _, err := tt.suite.Sign(key, make([]byte, 64)); !errors.Is(err, ErrKeyType) {
				t.Errorf("%s: suite Sign: %v", what, err)
			}
			if err := tt.suite.Verify(key.Public(), make([]byte, 64), make([]byte, 64)); !errors.Is(err, ErrKeyType) {
				t.Errorf("%s: suite Verify: %v", what, err)
			}
			_, err := Sign(context.Background(), unsigned, key, SignOptions{Suite: tt.suite, VerificationMethod: "https://example.edu/keys/1", CoSigner: true})
			if !errors.Is(err, ErrKeyType) || strings.Count(err.Error(), "proof:") != 1 {
				t.Errorf("%s: Sign: %v", what, err)
			}
		}
	}
	// ecdsa-sd-2023 signs through SignSD, with P-256 keys only.
	for _, key := range []crypto.Signer{ed, p521} {
		_, err := SignSD(context.Background(), unsigned, key, SignOptions{VerificationMethod: "https://example.edu/keys/1"}, nil)
		if !errors.Is(err, ErrKeyType) {
			t.Errorf("SignSD with %s: %v", keyName(key.Public()), err)
		}
	}
}

// failingSigner is a crypto.Signer whose signing always fails, as an HSM
// that is unreachable does.
type failingSigner struct{ crypto.Signer }

func (failingSigner) Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	return nil, errors.New("hsm: unreachable")
}

// TestSignerFailure: an error from the key's own Sign is passed on, wrapped
// once with where it came from.
func TestSignerFailure(t *testing.T) {
	kf := interopKey(t, "issuer-ed25519")
	s, _ := kf.Signer()
	_, err := Sign(context.Background(), readTestdata(t, "interop/unsigned/ob3-basic.json"), failingSigner{s},
		SignOptions{VerificationMethod: kf.ID, Created: interopCreated})
	if err == nil || err.Error() != "proof: the key could not sign: hsm: unreachable" {
		t.Errorf("err = %v", err)
	}
}

// countingSigner counts the signatures asked of it.
type countingSigner struct {
	crypto.Signer
	n *int
}

func (c countingSigner) Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	*c.n++
	return c.Signer.Sign(rand, digest, opts)
}

// TestSignRefusesBeforeSigning: a refused signer is never asked to sign
// (an HSM or KMS would log a signature that is then thrown away).
func TestSignRefusesBeforeSigning(t *testing.T) {
	other := interopKey(t, "clr-issuer-ed25519")
	s, _ := other.Signer()
	n := 0
	_, err := Sign(context.Background(), readTestdata(t, "interop/unsigned/ob3-basic.json"), countingSigner{s, &n},
		SignOptions{VerificationMethod: other.ID, Created: interopCreated})
	if !errors.Is(err, ErrNotIssuerKey) || n != 0 {
		t.Errorf("err = %v, %d signatures asked", err, n)
	}
}
