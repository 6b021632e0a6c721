package vc_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/clrkit/clrkit/did"
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
