package proof_test

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
)

// remoteSigner stands for a key held in an HSM or a KMS: it exposes only
// the public key and a signing operation.
type remoteSigner struct {
	pub  ed25519.PublicKey
	sign func(msg []byte) ([]byte, error) // the call to the device or service
}

func (s remoteSigner) Public() crypto.PublicKey { return s.pub }

func (s remoteSigner) Sign(_ io.Reader, msg []byte, _ crypto.SignerOpts) ([]byte, error) {
	return s.sign(msg)
}

// Sign accepts any crypto.Signer, so keys that never leave a device work.
func ExampleSign_customSigner() {
	seed := make([]byte, ed25519.SeedSize) // a test key; a real one stays in the device
	priv := ed25519.NewKeyFromSeed(seed)
	signer := remoteSigner{pub: priv.Public().(ed25519.PublicKey), sign: func(msg []byte) ([]byte, error) {
		return ed25519.Sign(priv, msg), nil
	}}
	issuer, _ := did.DIDKey(signer.Public())
	mb := issuer[len("did:key:"):]
	doc := []byte(`{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
		"issuer": "` + issuer + `", "credentialSubject": {"id": "did:example:alice"}}`)
	signed, err := proof.Sign(context.Background(), doc, signer, proof.SignOptions{
		VerificationMethod: issuer + "#" + mb, ID: "urn:uuid:example-proof", Nonce: "1234",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var out struct {
		Proof map[string]any `json:"proof"`
	}
	json.Unmarshal(signed, &out)
	fmt.Println(out.Proof["type"], out.Proof["cryptosuite"], out.Proof["id"], out.Proof["nonce"])
	// Output: DataIntegrityProof eddsa-rdfc-2022 urn:uuid:example-proof 1234
}
