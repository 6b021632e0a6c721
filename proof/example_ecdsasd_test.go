package proof_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
)

// An issuer signs a credential with an ecdsa-sd-2023 base proof, making
// the issuer and the validity date mandatory; the holder derives a
// disclosure of the achievement's name only; a verifier checks it.
func ExampleSignSD() {
	ctx := context.Background()
	key, _ := did.GenerateKey(did.KeyTypeP256, rand.Reader)
	issuer, _ := did.DIDKey(key.Public())
	vm := issuer + "#" + strings.TrimPrefix(issuer, "did:key:")

	credential := `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:6a9c92a9-2530-4e2b-9776-530467e9bbe0",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {"id": "` + issuer + `", "type": ["Profile"], "name": "Example University"},
  "validFrom": "2024-06-01T00:00:00Z",
  "name": "Teamwork Badge",
  "credentialSubject": {
    "id": "did:example:learner",
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://example.edu/achievements/teamwork",
      "type": ["Achievement"],
      "name": "Teamwork",
      "description": "Collaborates within a group.",
      "criteria": {"narrative": "Nominated by peers."}
    }
  }
}`
	base, err := proof.SignSD(ctx, []byte(credential), key, proof.SignOptions{VerificationMethod: vm},
		[]string{"/issuer", "/validFrom"})
	if err != nil {
		fmt.Println(err)
		return
	}

	derived, err := proof.Derive(ctx, base, []string{"/credentialSubject/achievement/name"}, proof.DeriveOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var shown struct {
		Name              *string
		CredentialSubject struct {
			Achievement map[string]any
		}
	}
	json.Unmarshal(derived, &shown)
	fmt.Println("top-level name disclosed:", shown.Name != nil)
	fmt.Println("achievement:", shown.CredentialSubject.Achievement["name"], "| description disclosed:", shown.CredentialSubject.Achievement["description"] != nil)

	resolver, _ := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	retriever, _ := did.NewRetriever(did.RetrieverOptions{Resolver: resolver})
	verifier, _ := proof.NewVerifier(proof.VerifierOptions{Retriever: retriever})
	res, err := verifier.Verify(ctx, derived, proof.Expectations{})
	fmt.Println("derived proof verified:", err == nil && res.Proofs[0].Verified)

	_, err = verifier.Verify(ctx, base, proof.Expectations{})
	fmt.Println("base proof refused:", err != nil)
	// Output:
	// top-level name disclosed: false
	// achievement: Teamwork | description disclosed: false
	// derived proof verified: true
	// base proof refused: true
}
