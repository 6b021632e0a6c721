package proof

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"

	"github.com/clrkit/clrkit/proof/ld"
)

// SuiteECDSARDFC2019 is the name of the ecdsa-rdfc-2019 cryptosuite.
const SuiteECDSARDFC2019 = "ecdsa-rdfc-2019"

// ErrKeyType reports a key the suite cannot use (wrong algorithm or curve).
var ErrKeyType = errors.New("proof: key type not supported by the cryptosuite")

// ECDSARDFC2019 is the ecdsa-rdfc-2019 cryptosuite of Data Integrity ECDSA
// Cryptosuites v1.0: RDFC-1.0 canonical N-Quads (always with SHA-256
// inside the canonicalization), then, with P-256 keys, SHA-256 of the
// canonical proof configuration followed by SHA-256 of the canonical
// document, signed with ECDSA P-256/SHA-256; with P-384 keys, the same
// with SHA-384 and ECDSA P-384/SHA-384. The signature is written as the
// fixed-size concatenation r||s (IEEE P1363), not DER.
type ECDSARDFC2019 struct {
	// Canonicalizer turns documents into canonical N-Quads; nil means
	// ld.Default(), the embedded contexts only.
	Canonicalizer *ld.Canonicalizer
}

var _ Cryptosuite = ECDSARDFC2019{}

// Name returns "ecdsa-rdfc-2019".
func (ECDSARDFC2019) Name() string { return SuiteECDSARDFC2019 }

// HashData returns the P-256 form of the data to sign (SHA-256 hashes);
// Sign and Verifier use HashDataForKey, which picks the hash from the key.
func (s ECDSARDFC2019) HashData(ctx context.Context, unsecured, proofConfig map[string]any) (*HashData, error) {
	return rdfcHashData(ctx, s.canonicalizer(), unsecured, nil, proofConfig, crypto.SHA256)
}

// HashDataForKey returns the data to sign with pub: SHA-256 hashes for a
// P-256 key, SHA-384 hashes for a P-384 key.
func (s ECDSARDFC2019) HashDataForKey(ctx context.Context, unsecured, proofConfig map[string]any, pub crypto.PublicKey) (*HashData, error) {
	h, err := ecdsaHash(pub)
	if err != nil {
		return nil, err
	}
	return rdfcHashData(ctx, s.canonicalizer(), unsecured, nil, proofConfig, h)
}

func (s ECDSARDFC2019) canonicalizer() *ld.Canonicalizer {
	if s.Canonicalizer != nil {
		return s.Canonicalizer
	}
	return ld.Default()
}

func (ECDSARDFC2019) hashFor(pub crypto.PublicKey) (crypto.Hash, error) { return ecdsaHash(pub) }

func (s ECDSARDFC2019) withCanonicalizer(c *ld.Canonicalizer) Cryptosuite {
	s.Canonicalizer = c
	return s
}

func digest(h crypto.Hash, data []byte) []byte {
	if h == crypto.SHA384 {
		d := sha512.Sum384(data)
		return d[:]
	}
	d := sha256.Sum256(data)
	return d[:]
}

// ecdsaHash returns the hash that goes with an ECDSA key's curve.
func (ECDSARDFC2019) checkKey(pub crypto.PublicKey) error {
	_, err := ecdsaHash(pub)
	return err
}

func ecdsaHash(pub crypto.PublicKey) (crypto.Hash, error) {
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok {
		return 0, fmt.Errorf("%w: %s needs a P-256 or P-384 key, not %T", ErrKeyType, SuiteECDSARDFC2019, pub)
	}
	switch k.Curve {
	case elliptic.P256():
		return crypto.SHA256, nil
	case elliptic.P384():
		return crypto.SHA384, nil
	}
	return 0, fmt.Errorf("%w: %s needs a P-256 or P-384 key, not %s", ErrKeyType, SuiteECDSARDFC2019, k.Curve.Params().Name)
}

// Sign signs data with a P-256 or P-384 key and returns r||s. Any
// crypto.Signer with such a public key works (HSM and KMS keys included);
// it is handed the digest of data and may return DER or r||s.
func (ECDSARDFC2019) Sign(key crypto.Signer, data []byte) ([]byte, error) {
	pub := key.Public()
	h, err := ecdsaHash(pub)
	if err != nil {
		return nil, err
	}
	size := (pub.(*ecdsa.PublicKey).Curve.Params().BitSize + 7) / 8
	sig, err := key.Sign(rand.Reader, digest(h, data), h)
	if err != nil {
		return nil, err
	}
	if len(sig) == 2*size && sig[0] != 0x30 {
		return sig, nil
	}
	var rs struct{ R, S *big.Int }
	if rest, err := asn1.Unmarshal(sig, &rs); err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("proof: the signer returned neither DER nor r||s")
	}
	out := make([]byte, 2*size)
	rs.R.FillBytes(out[:size])
	rs.S.FillBytes(out[size:])
	return out, nil
}

// Verify checks an r||s signature over data with a P-256 or P-384 key.
func (ECDSARDFC2019) Verify(pub crypto.PublicKey, data, signature []byte) error {
	h, err := ecdsaHash(pub)
	if err != nil {
		return err
	}
	k := pub.(*ecdsa.PublicKey)
	size := (k.Curve.Params().BitSize + 7) / 8
	if len(signature) != 2*size {
		return ErrSignature
	}
	r := new(big.Int).SetBytes(signature[:size])
	s := new(big.Int).SetBytes(signature[size:])
	if !ecdsa.Verify(k, digest(h, data), r, s) {
		return ErrSignature
	}
	return nil
}
