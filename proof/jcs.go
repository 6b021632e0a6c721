package proof

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"maps"

	"github.com/clrkit/clrkit/internal/edverify"
	"github.com/clrkit/clrkit/internal/jcs"
)

// SuiteEdDSAJCS2022 is the name of the eddsa-jcs-2022 cryptosuite.
const SuiteEdDSAJCS2022 = "eddsa-jcs-2022"

// EdDSAJCS2022 is the eddsa-jcs-2022 cryptosuite of Data Integrity EdDSA
// Cryptosuites v1.0. It works on the JSON text rather than on the RDF
// graph: the document and the proof configuration are each put into the
// JSON Canonicalization Scheme form (RFC 8785), hashed with SHA-256, and
// the proof-configuration hash followed by the document hash is signed with
// Ed25519. No JSON-LD processing takes place, so no context is ever loaded
// and terms the contexts do not define are signed like any other member.
//
// Unlike the RDFC suites, the proof itself carries the @context that its
// configuration was hashed with (vc-di-eddsa, Create Proof
// (eddsa-jcs-2022) step 2): Sign writes the document's @context into the
// proof, and a Verifier hashes the proof as it stands, without adding one,
// and the document with the proof's @context in place of its own when the
// proof has one (Verify Proof (eddsa-jcs-2022) steps 1 to 4).
type EdDSAJCS2022 struct{}

var (
	_ Cryptosuite  = EdDSAJCS2022{}
	_ contextProof = EdDSAJCS2022{}
)

func (EdDSAJCS2022) proofCarriesContext() {}

// Name returns "eddsa-jcs-2022".
func (EdDSAJCS2022) Name() string { return SuiteEdDSAJCS2022 }

// HashData returns SHA-256 of the JCS form of proofConfig followed by
// SHA-256 of the JCS form of unsecured. The canonical texts are kept in
// the result. A nil @context in proofConfig (what a document without
// @context yields) is left out rather than written as null. Values JCS
// cannot represent, such as a number beyond the range of a double, are an
// error.
func (EdDSAJCS2022) HashData(_ context.Context, unsecured, proofConfig map[string]any) (*HashData, error) {
	if v, ok := proofConfig["@context"]; ok && v == nil {
		proofConfig = maps.Clone(proofConfig)
		delete(proofConfig, "@context")
	}
	cfg, err := jcs.Marshal(proofConfig)
	if err != nil {
		return nil, fmt.Errorf("proof: proof configuration: %w", err)
	}
	doc, err := jcs.Marshal(unsecured)
	if err != nil {
		return nil, fmt.Errorf("proof: document: %w", err)
	}
	ch := sha256.Sum256(cfg)
	dh := sha256.Sum256(doc)
	data := make([]byte, 0, 2*sha256.Size)
	data = append(append(data, ch[:]...), dh[:]...)
	return &HashData{Data: data, CanonicalProofConfig: cfg, CanonicalDocument: doc,
		ProofConfigHash: ch[:], DocumentHash: dh[:]}, nil
}

// Sign produces a pure Ed25519 signature (no pre-hashing) over data. The
// key may be any crypto.Signer whose public half is an Ed25519 key, such as
// one held in an HSM or a KMS.
func (s EdDSAJCS2022) Sign(key crypto.Signer, data []byte) ([]byte, error) {
	if err := s.checkKey(key.Public()); err != nil {
		return nil, err
	}
	return key.Sign(nil, data, crypto.Hash(0))
}

func (EdDSAJCS2022) checkKey(pub crypto.PublicKey) error {
	if _, ok := pub.(ed25519.PublicKey); !ok {
		return fmt.Errorf("%w: %s needs an Ed25519 key, not %T", ErrKeyType, SuiteEdDSAJCS2022, pub)
	}
	return nil
}

// Verify reports ErrSignature unless signature is a 64-byte Ed25519
// signature over data by pub.
func (EdDSAJCS2022) Verify(pub crypto.PublicKey, data, signature []byte) error {
	k, ok := pub.(ed25519.PublicKey)
	if !ok {
		return fmt.Errorf("%w: %s needs an Ed25519 key, not %T", ErrKeyType, SuiteEdDSAJCS2022, pub)
	}
	if !edverify.Verify(k, data, signature) {
		return ErrSignature
	}
	return nil
}
