package clr_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof"
)

// Build a CLR from three separately signed badges and the associations
// between their achievements, then sign the record itself. A fixed key,
// clock and random source make the output repeatable.
func ExampleNewCredential() {
	ctx := context.Background()
	key, err := did.Ed25519KeyFromSeed(bytes.Repeat([]byte{42}, 32)) // a test key: use your own
	if err != nil {
		log.Fatal(err)
	}
	issuerDID, err := did.DIDKey(key.Public())
	if err != nil {
		log.Fatal(err)
	}
	vm := issuerDID + "#" + strings.TrimPrefix(issuerDID, "did:key:")
	now := func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
	ids := bytes.NewReader(bytes.Repeat([]byte{1, 2, 3, 4}, 64))
	sign := func(v any) []byte {
		doc, err := json.Marshal(v)
		if err != nil {
			log.Fatal(err)
		}
		signed, err := proof.Sign(ctx, doc, key, proof.SignOptions{VerificationMethod: vm, Created: now()})
		if err != nil {
			log.Fatal(err)
		}
		return signed
	}

	university, err := openbadges.NewProfile(issuerDID).Name("Example University").Build()
	if err != nil {
		log.Fatal(err)
	}
	var badges [][]byte
	for _, a := range []struct{ id, name string }{
		{"https://example.edu/courses/cs101", "Introduction to Programming"},
		{"https://example.edu/courses/cs201", "Data Structures"},
		{"https://example.edu/degrees/bs-cs", "BS in Computer Science"},
	} {
		achievement, err := openbadges.NewAchievement(a.id).Name(a.name).
			Description("Awarded for " + a.name + ".").Criteria("Pass every assessment.").Build()
		if err != nil {
			log.Fatal(err)
		}
		badge, err := openbadges.NewCredential(university).Name(a.name).
			Recipient("did:example:learner").Achievement(achievement).
			Clock(now).Random(ids).Build()
		if err != nil {
			log.Fatal(err)
		}
		badges = append(badges, sign(badge))
	}

	record, err := clr.NewCredential(university).
		Name("Transcript").
		Learner("did:example:learner").
		AddCredential(badges[0]).AddCredential(badges[1]).AddCredential(badges[2]).
		Associate("https://example.edu/courses/cs101", clr.IsPartOf, "https://example.edu/degrees/bs-cs").
		Associate("https://example.edu/courses/cs101", clr.Precedes, "https://example.edu/courses/cs201").
		Clock(now).Random(ids).
		Build()
	if err != nil {
		log.Fatal(err)
	}
	signed := sign(record)

	parsed, err := clr.Parse(signed)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(parsed.Context.URLs())
	fmt.Println(parsed.Type, parsed.ID)
	for _, a := range parsed.CredentialSubject.Achievement {
		fmt.Println("achievement:", a.ID)
	}
	for _, a := range parsed.CredentialSubject.Association {
		fmt.Println("association:", a.SourceID, a.AssociationType, a.TargetID)
	}
	fmt.Println(len(parsed.CredentialSubject.VerifiableCredential), "nested credentials, each with its own proof")
	fmt.Println("record proof:", parsed.Proof[0].Cryptosuite)
	// Output:
	// [https://www.w3.org/ns/credentials/v2 https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json]
	// [VerifiableCredential ClrCredential] urn:uuid:01020304-0102-4304-8102-030401020304
	// achievement: https://example.edu/courses/cs101
	// achievement: https://example.edu/courses/cs201
	// achievement: https://example.edu/degrees/bs-cs
	// association: https://example.edu/courses/cs101 isPartOf https://example.edu/degrees/bs-cs
	// association: https://example.edu/courses/cs101 precedes https://example.edu/courses/cs201
	// 3 nested credentials, each with its own proof
	// record proof: eddsa-rdfc-2022
}
