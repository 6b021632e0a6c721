package proof

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"errors"
	"fmt"
	"maps"

	"github.com/clrkit/clrkit/internal/edverify"
	"github.com/clrkit/clrkit/proof/ld"
)

// Cryptosuite computes the data a Data Integrity proof signs and produces or
// checks the signature over it. Implementations are safe for concurrent use.
type Cryptosuite interface {
	// Name is the value of the proof's "cryptosuite" member.
	Name() string
	// HashData transforms the unsecured document and hashes it with the
	// proof configuration (the proof without proofValue, carrying the
	// document's @context), returning the bytes to sign with the
	// intermediate values.
	HashData(ctx context.Context, unsecured, proofConfig map[string]any) (*HashData, error)
	// Sign signs data with key and returns the raw signature.
	Sign(key crypto.Signer, data []byte) ([]byte, error)
	// Verify checks a raw signature over data with pub.
	Verify(pub crypto.PublicKey, data, signature []byte) error
}

// HashData is what a cryptosuite signs, with the intermediate values that
// explain it: diffing them against another implementation's shows where a
// signature mismatch comes from.
type HashData struct {
	// Data is the byte string signed: for eddsa-rdfc-2022,
	// SHA-256(CanonicalProofConfig) followed by SHA-256(CanonicalDocument).
	Data                 []byte
	CanonicalProofConfig []byte
	CanonicalDocument    []byte
	ProofConfigHash      []byte
	DocumentHash         []byte
}

// Cryptosuite names.
const (
	SuiteEdDSARDFC2022 = "eddsa-rdfc-2022"
)

// ErrSignature reports a signature that does not verify.
var ErrSignature = errors.New("proof: signature does not verify")

// EdDSARDFC2022 is the eddsa-rdfc-2022 cryptosuite: RDFC-1.0 canonical
// N-Quads, SHA-256, Ed25519.
type EdDSARDFC2022 struct {
	// Canonicalizer turns documents into canonical N-Quads; nil means
	// ld.Default(), the embedded contexts only.
	Canonicalizer *ld.Canonicalizer
}

var _ Cryptosuite = EdDSARDFC2022{}

// Name returns "eddsa-rdfc-2022".
func (EdDSARDFC2022) Name() string { return SuiteEdDSARDFC2022 }

func (s EdDSARDFC2022) canonicalizer() *ld.Canonicalizer {
	if s.Canonicalizer != nil {
		return s.Canonicalizer
	}
	return ld.Default()
}

// HashData canonicalizes the proof configuration and the document and
// returns SHA-256 of the first followed by SHA-256 of the second.
func (s EdDSARDFC2022) HashData(ctx context.Context, unsecured, proofConfig map[string]any) (*HashData, error) {
	return rdfcHashData(ctx, s.canonicalizer(), unsecured, nil, proofConfig, crypto.SHA256)
}

func (EdDSARDFC2022) hashFor(crypto.PublicKey) (crypto.Hash, error) { return crypto.SHA256, nil }

// rdfcSuite is implemented by the suites that canonicalize with RDFC-1.0
// and hash both canonical forms: the canonical document depends only on
// the canonicalizer, so Verify computes it once for all the proofs of a set
// (those without previousProof) whose suites share one.
type rdfcSuite interface {
	canonicalizer() *ld.Canonicalizer
	// hashFor is the hash applied to both canonical forms for key pub.
	hashFor(pub crypto.PublicKey) (crypto.Hash, error)
	// withCanonicalizer returns the suite canonicalizing with c.
	withCanonicalizer(c *ld.Canonicalizer) Cryptosuite
}

func (s EdDSARDFC2022) withCanonicalizer(c *ld.Canonicalizer) Cryptosuite {
	s.Canonicalizer = c
	return s
}

var _, _, _, _, _ rdfcSuite = EdDSARDFC2022{}, ECDSARDFC2019{}, EdDSA2022{}, Ed25519Signature2020{}, Ed25519Signature2018{}

// rdfcHashData is the hashing of the RDFC suites: the canonical N-Quads of
// the proof configuration and of the document, each hashed with h, in that
// order. doc is the document's canonical form when it was computed before
// (it is then shared by the result), nil to canonicalize unsecured.
func rdfcHashData(ctx context.Context, c *ld.Canonicalizer, unsecured map[string]any, doc *ld.Canonical, proofConfig map[string]any, h crypto.Hash) (*HashData, error) {
	cfg, err := canonicalConfig(ctx, c, proofConfig, 0)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		if doc, err = canonicalDocument(ctx, c, unsecured, 0); err != nil {
			return nil, err
		}
	}
	return rdfcHash(doc, cfg, h), nil
}

// rdfcHash is the data the RDFC suites sign: the canonical proof
// configuration and document, each hashed with h, in that order.
func rdfcHash(doc, cfg *ld.Canonical, h crypto.Hash) *HashData {
	ch, dh := cfg.DigestWith(h), doc.DigestWith(h)
	data := append(append(make([]byte, 0, len(ch)+len(dh)), ch...), dh...)
	return &HashData{Data: data, CanonicalProofConfig: cfg.NQuads, CanonicalDocument: doc.NQuads,
		ProofConfigHash: ch, DocumentHash: dh}
}

// canonicalDocument returns the canonical form of the unsecured document,
// without labels: the suites hash or compare the N-Quads only. With a
// digest hash h, it keeps the hash with h rather than the N-Quads
// (ld.Canonicalizer.DigestOnly).
func canonicalDocument(ctx context.Context, c *ld.Canonicalizer, unsecured map[string]any, h crypto.Hash) (*ld.Canonical, error) {
	doc, err := canonicalForm(ctx, c, unsecured, h)
	if err != nil {
		return nil, fmt.Errorf("proof: document: %w", err)
	}
	return doc, nil
}

// canonicalConfig returns the canonical form of a proof configuration,
// as canonicalDocument does.
func canonicalConfig(ctx context.Context, c *ld.Canonicalizer, proofConfig map[string]any, h crypto.Hash) (*ld.Canonical, error) {
	cfg, err := canonicalForm(ctx, c, proofConfig, h)
	if err != nil {
		return nil, fmt.Errorf("proof: proof configuration: %w", err)
	}
	return cfg, nil
}

func canonicalForm(ctx context.Context, c *ld.Canonicalizer, doc map[string]any, h crypto.Hash) (*ld.Canonical, error) {
	c = c.WithoutLabels()
	if h != 0 {
		var err error
		if c, err = c.DigestOnly(h); err != nil {
			return nil, err
		}
	}
	return c.CanonicalizeValue(ctx, doc)
}

// Sign signs data with an Ed25519 key (pure EdDSA, no pre-hash). Any
// crypto.Signer whose public key is Ed25519 works, HSM and KMS keys
// included.
func (s EdDSARDFC2022) Sign(key crypto.Signer, data []byte) ([]byte, error) {
	if err := s.checkKey(key.Public()); err != nil {
		return nil, err
	}
	return key.Sign(nil, data, crypto.Hash(0))
}

func (EdDSARDFC2022) checkKey(pub crypto.PublicKey) error {
	if _, ok := pub.(ed25519.PublicKey); !ok {
		return fmt.Errorf("%w: %s needs an Ed25519 key, not %T", ErrKeyType, SuiteEdDSARDFC2022, pub)
	}
	return nil
}

// Verify checks an Ed25519 signature of 64 bytes over data.
func (EdDSARDFC2022) Verify(pub crypto.PublicKey, data, signature []byte) error {
	k, ok := pub.(ed25519.PublicKey)
	if !ok {
		return fmt.Errorf("%w: %s needs an Ed25519 key, not %T", ErrKeyType, SuiteEdDSARDFC2022, pub)
	}
	if !edverify.Verify(k, data, signature) {
		return ErrSignature
	}
	return nil
}

// proofConfig returns the proof without proofValue, carrying the
// document's @context, as the Data Integrity algorithms of the RDFC suites
// hash it.
func proofConfig(proof map[string]any, docContext any) map[string]any {
	cfg := maps.Clone(proof)
	delete(cfg, "proofValue")
	cfg["@context"] = docContext
	return cfg
}

// contextProof is implemented by the suites whose proofs carry the
// @context their configuration is hashed with (eddsa-jcs-2022): the
// configuration is the proof as it stands.
type contextProof interface{ proofCarriesContext() }
