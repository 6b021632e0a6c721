package proof

import (
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/clrkit/clrkit/proof/ld"
)

// Names of the legacy suites, accepted for verification only.
const (
	// SuiteEdDSA2022 is the pre-final name of eddsa-rdfc-2022, used with
	// the Data Integrity v1 context.
	SuiteEdDSA2022 = "eddsa-2022"
	// TypeEd25519Signature2020 is the proof type of the Ed25519Signature2020
	// suite, which predates DataIntegrityProof.
	TypeEd25519Signature2020 = "Ed25519Signature2020"
	// TypeEd25519Signature2018 is the proof type of the Ed25519Signature2018
	// suite, whose signature is a detached JWS in the proof's "jws" member.
	TypeEd25519Signature2018 = "Ed25519Signature2018"
)

// EdDSA2022 verifies DataIntegrityProof proofs with the cryptosuite
// "eddsa-2022", the name eddsa-rdfc-2022 had in drafts. The algorithm is
// the same; Sign refuses it with ErrVerifyOnly, since new proofs should
// carry the final name.
type EdDSA2022 struct {
	// Canonicalizer as in EdDSARDFC2022; nil means ld.Default().
	Canonicalizer *ld.Canonicalizer
}

var _ Cryptosuite = EdDSA2022{}

func (EdDSA2022) verifyOnly() {}

// Name returns "eddsa-2022".
func (EdDSA2022) Name() string { return SuiteEdDSA2022 }

// HashData is EdDSARDFC2022's.
func (s EdDSA2022) HashData(ctx context.Context, unsecured, proofConfig map[string]any) (*HashData, error) {
	return EdDSARDFC2022(s).HashData(ctx, unsecured, proofConfig)
}

func (s EdDSA2022) canonicalizer() *ld.Canonicalizer            { return EdDSARDFC2022(s).canonicalizer() }
func (EdDSA2022) hashFor(crypto.PublicKey) (crypto.Hash, error) { return crypto.SHA256, nil }
func (s EdDSA2022) withCanonicalizer(c *ld.Canonicalizer) Cryptosuite {
	s.Canonicalizer = c
	return s
}

// Sign always fails with ErrVerifyOnly.
func (EdDSA2022) Sign(crypto.Signer, []byte) ([]byte, error) {
	return nil, fmt.Errorf("%w: %s", ErrVerifyOnly, SuiteEdDSA2022)
}

// Verify checks an Ed25519 signature, as EdDSARDFC2022 does.
func (EdDSA2022) Verify(pub crypto.PublicKey, data, signature []byte) error {
	return EdDSARDFC2022{}.Verify(pub, data, signature)
}

// Ed25519Signature2020 verifies proofs of type Ed25519Signature2020 (no
// cryptosuite member; the document carries the
// https://w3id.org/security/suites/ed25519-2020/v1 context). Its hashing and
// signature are those of eddsa-rdfc-2022. Sign refuses it with
// ErrVerifyOnly.
type Ed25519Signature2020 struct {
	// Canonicalizer as in EdDSARDFC2022; nil means ld.Default().
	Canonicalizer *ld.Canonicalizer
}

var (
	_ Cryptosuite = Ed25519Signature2020{}
	_ ProofTyper  = Ed25519Signature2020{}
)

func (Ed25519Signature2020) verifyOnly() {}

// Name returns "Ed25519Signature2020".
func (Ed25519Signature2020) Name() string { return TypeEd25519Signature2020 }

// ProofType returns "Ed25519Signature2020", the proof type the Verifier
// matches.
func (Ed25519Signature2020) ProofType() string { return TypeEd25519Signature2020 }

// HashData is EdDSARDFC2022's.
func (s Ed25519Signature2020) HashData(ctx context.Context, unsecured, proofConfig map[string]any) (*HashData, error) {
	return EdDSARDFC2022(s).HashData(ctx, unsecured, proofConfig)
}

func (s Ed25519Signature2020) canonicalizer() *ld.Canonicalizer {
	return EdDSARDFC2022(s).canonicalizer()
}
func (Ed25519Signature2020) hashFor(crypto.PublicKey) (crypto.Hash, error) { return crypto.SHA256, nil }
func (s Ed25519Signature2020) withCanonicalizer(c *ld.Canonicalizer) Cryptosuite {
	s.Canonicalizer = c
	return s
}

// Sign always fails with ErrVerifyOnly.
func (Ed25519Signature2020) Sign(crypto.Signer, []byte) ([]byte, error) {
	return nil, fmt.Errorf("%w: %s", ErrVerifyOnly, TypeEd25519Signature2020)
}

// Verify checks an Ed25519 signature, as EdDSARDFC2022 does.
func (Ed25519Signature2020) Verify(pub crypto.PublicKey, data, signature []byte) error {
	return EdDSARDFC2022{}.Verify(pub, data, signature)
}

// Ed25519Signature2018 verifies proofs of type Ed25519Signature2018
// (JFF plugfest badges and other VCDM 1.1 credentials; the credentials v1
// context defines the type). The data it signs is that of eddsa-rdfc-2022
// (the canonical proof options, without "jws", then the canonical
// document, each hashed with SHA-256); the signature is a detached JWS
// (RFC 7797) with the header {"alg":"EdDSA","b64":false,"crit":["b64"]}
// over the ASCII of its encoded header, a ".", and those bytes. Sign
// refuses it with ErrVerifyOnly.
type Ed25519Signature2018 struct {
	// Canonicalizer as in EdDSARDFC2022; nil means ld.Default().
	Canonicalizer *ld.Canonicalizer
}

var (
	_ Cryptosuite = Ed25519Signature2018{}
	_ ProofTyper  = Ed25519Signature2018{}
	_ jwsSuite    = Ed25519Signature2018{}
)

func (Ed25519Signature2018) verifyOnly()  {}
func (Ed25519Signature2018) detachedJWS() {}

// Name returns "Ed25519Signature2018".
func (Ed25519Signature2018) Name() string { return TypeEd25519Signature2018 }

// ProofType returns "Ed25519Signature2018", the proof type the Verifier
// matches.
func (Ed25519Signature2018) ProofType() string { return TypeEd25519Signature2018 }

// HashData is EdDSARDFC2022's, over the proof options without "jws".
func (s Ed25519Signature2018) HashData(ctx context.Context, unsecured, proofConfig map[string]any) (*HashData, error) {
	return EdDSARDFC2022(s).HashData(ctx, unsecured, proofConfig)
}

func (s Ed25519Signature2018) canonicalizer() *ld.Canonicalizer {
	return EdDSARDFC2022(s).canonicalizer()
}
func (Ed25519Signature2018) hashFor(crypto.PublicKey) (crypto.Hash, error) { return crypto.SHA256, nil }
func (s Ed25519Signature2018) withCanonicalizer(c *ld.Canonicalizer) Cryptosuite {
	s.Canonicalizer = c
	return s
}

// Sign always fails with ErrVerifyOnly.
func (Ed25519Signature2018) Sign(crypto.Signer, []byte) ([]byte, error) {
	return nil, fmt.Errorf("%w: %s", ErrVerifyOnly, TypeEd25519Signature2018)
}

// jws2018Header is the only JWS header Ed25519Signature2018 proofs carry.
var jws2018Header = map[string]any{"alg": "EdDSA", "b64": false, "crit": []any{"b64"}}

// Verify checks the detached JWS jws (the proof's "jws" member, as bytes)
// over data.
func (Ed25519Signature2018) Verify(pub crypto.PublicKey, data, jws []byte) error {
	parts := strings.Split(string(jws), ".")
	if len(parts) != 3 || parts[1] != "" {
		return fmt.Errorf("%w: jws is not a detached JWS (header..signature)", ErrMalformedProof)
	}
	header, sig := parts[0], parts[2]
	raw, err := base64.RawURLEncoding.DecodeString(header)
	var h map[string]any
	if err != nil || json.Unmarshal(raw, &h) != nil || !reflect.DeepEqual(h, jws2018Header) {
		return fmt.Errorf("%w: the JWS header is not {\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"]}", ErrMalformedProof)
	}
	signature, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return fmt.Errorf("%w: the JWS signature is not base64url", ErrMalformedProof)
	}
	input := append(append([]byte(header), '.'), data...)
	return EdDSARDFC2022{}.Verify(pub, input, signature)
}
