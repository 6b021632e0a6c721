package vc_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc"
)

// Verify a signed Open Badges credential with the generic verifier (the
// openbadges and clr packages add their checks with their own
// NewVerifier) and print its checks.
func ExampleVerifier_Verify() {
	data, err := os.ReadFile("testdata/ob3-basic.signed.json")
	if err != nil {
		log.Fatal(err)
	}
	resolver, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	if err != nil {
		log.Fatal(err)
	}
	retriever, err := did.NewRetriever(did.RetrieverOptions{Resolver: resolver})
	if err != nil {
		log.Fatal(err)
	}
	v, err := vc.NewVerifier(vc.VerifierOptions{Retriever: retriever})
	if err != nil {
		log.Fatal(err)
	}
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	report, err := v.Verify(context.Background(), data, vc.Expectations{At: at})
	fmt.Println("verified:", err == nil && report.Verified, report.Kind)
	for _, c := range report.Checks {
		fmt.Println(c.Check, c.Status)
	}
	// Output:
	// verified: true OpenBadgeCredential
	// structure passed
	// schema passed
	// proof passed
	// refresh skipped
	// status skipped
	// dates passed
	// recipient skipped
}

// Sign a credential read from a file with a key file in one call, then
// verify it: the key file's did:key is the credential's issuer.
func ExampleSign() {
	seed := bytes.Repeat([]byte{7}, 32)
	key, err := did.Ed25519KeyFromSeed(seed)
	if err != nil {
		log.Fatal(err)
	}
	kf, err := did.NewKeyFile(key, did.KeyFileOptions{}) // a did:key key
	if err != nil {
		log.Fatal(err)
	}
	cred, err := vc.ParseCredential([]byte(`{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
  "type": ["VerifiableCredential", "ExampleAlumniCredential"],
  "issuer": "` + kf.Controller + `",
  "validFrom": "2024-01-01T00:00:00Z",
  "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"}
}`))
	if err != nil {
		log.Fatal(err)
	}
	created := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	signed, err := vc.Sign(context.Background(), cred, kf, proof.SignOptions{Created: created})
	if err != nil {
		log.Fatal(err)
	}

	v, err := vc.NewVerifier(vc.VerifierOptions{}) // offline: did:key and did:jwk
	if err != nil {
		log.Fatal(err)
	}
	report, err := v.Verify(context.Background(), signed, vc.Expectations{At: created})
	fmt.Println("verified:", err == nil && report.Verified)
	fmt.Println("proof as a list:", bytes.Contains(signed, []byte(`"proof": [`)))
	// Output:
	// verified: true
	// proof as a list: true
}

// Two versions of the same credential: same issuer and id, and validFrom
// says which is newer.
func ExampleIdentity_Compare() {
	older := vc.Identity{Issuer: "https://example.edu", ID: "urn:uuid:1", ValidFrom: "2024-01-01T00:00:00Z"}
	newer := vc.Identity{Issuer: "https://example.edu", ID: "urn:uuid:1", ValidFrom: "2025-01-01T00:00:00+01:00"}
	n, err := newer.Compare(older)
	fmt.Println(older.Same(newer), n, err)
	_, err = older.Compare(vc.Identity{Issuer: "https://other.example", ID: "urn:uuid:1"})
	fmt.Println(err)
	// Output:
	// true 1 <nil>
	// vc: credentials have different issuers or ids
}

// A badge signed by its issuer whose achievementType is not one of OB 3.0's:
// the OB 3.0 procedure as written fails it for its schema, the
// authenticity profile accepts it with the problem as a warning, since the
// proof binds it to its issuer all the same.
func ExampleProfile() {
	key, err := did.Ed25519KeyFromSeed(bytes.Repeat([]byte{4}, 32))
	if err != nil {
		log.Fatal(err)
	}
	issuer, err := did.DIDKey(key.Public())
	if err != nil {
		log.Fatal(err)
	}
	badge := `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"], "name": "Chess club",
  "issuer": {"id": "` + issuer + `", "type": ["Profile"], "name": "Example School"}, "validFrom": "2024-06-01T00:00:00Z",
  "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"], "achievement": {
    "id": "https://example.edu/a/chess", "type": ["Achievement"], "achievementType": "Trophy",
    "name": "Chess", "description": "Played a season", "criteria": {"narrative": "Play"}}}}`
	signed, err := proof.Sign(context.Background(), []byte(badge), key, proof.SignOptions{
		VerificationMethod: issuer + "#" + strings.TrimPrefix(issuer, "did:key:")})
	if err != nil {
		log.Fatal(err)
	}
	resolver, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}})
	if err != nil {
		log.Fatal(err)
	}
	retriever, err := did.NewRetriever(did.RetrieverOptions{Resolver: resolver})
	if err != nil {
		log.Fatal(err)
	}
	v, err := vc.NewVerifier(vc.VerifierOptions{Retriever: retriever})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range []vc.Profile{vc.ProfileSpec, vc.ProfileAuthenticity} {
		r, _ := v.Verify(context.Background(), signed, vc.Expectations{Profile: p})
		fmt.Println(r.Profile, "verified:", r.Verified, "proof:", r.CheckStatus(vc.CheckProof), "schema:", r.CheckStatus(vc.CheckSchema))
		for _, e := range append(r.Errors, r.Warnings...) {
			fmt.Println(" ", e.Class, e.Code, e.Path)
		}
	}
	// Output:
	// spec verified: false proof: passed schema: failed
	//   conformance SCHEMA_INVALID /credentialSubject/achievement/achievementType
	// authenticity verified: true proof: passed schema: warning
	//   conformance SCHEMA_INVALID /credentialSubject/achievement/achievementType
}

// Print a report for people: what clrkit verify --format text prints.
func ExampleReport_WriteText() {
	r := &vc.Report{
		Verified: false, Profile: vc.ProfileSpec, Kind: "OpenBadgeCredential",
		ID: "urn:uuid:1", Issuer: "did:key:z6Mk...",
		Checks: []vc.Check{
			{Check: "schema", Class: vc.ClassConformance, Status: vc.StatusPassed},
			{Check: "proof", Class: vc.ClassAuthenticity, Status: vc.StatusFailed, Detail: "eddsa-rdfc-2022"},
		},
		Errors: []vc.Issue{{Code: vc.CodeProof, Path: "/proof", Message: "the signature does not match"}},
	}
	if err := r.WriteText(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// NOT VERIFIED: OpenBadgeCredential urn:uuid:1 (issuer did:key:z6Mk...; profile spec)
	//   schema       passed  conformance
	//   proof        failed  authenticity eddsa-rdfc-2022
	//   error PROOF_VERIFICATION_ERROR at /proof: the signature does not match
}
