// Command quickstart shows clrkit's main job on embedded defaults, with no
// network. Acting as a registrar, it builds a small Comprehensive Learner
// Record: an issuer profile, three achievements (two courses and the degree
// they are part of), one Open Badges 3.0 credential per achievement, each
// signed with an eddsa-rdfc-2022 Data Integrity proof, and a CLR 2.0
// credential that bundles the three with the associations between their
// achievements, checked against the CLR JSON Schema and signed in turn. It
// prints the signed record, then runs the CLR verification procedure on it
// (every credential inside included, each signing key bound to the issuer)
// and prints the report.
//
// Run it with: go run ./examples/quickstart
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/clrkit/clrkit/clr"
	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/schema"
	"github.com/clrkit/clrkit/vc"
)

// issuerKey is the test key of the issuer (a did:key, secret key
// included) from the interop fixtures. Never use it for real credentials.
//
//go:embed issuer-key.json
var issuerKey []byte

const learner = "did:example:ebfeb1f712ebc6f1c276e12ec21"

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	key, err := did.ParseKeyFile(issuerKey)
	if err != nil {
		return err
	}
	signer, err := key.Signer()
	if err != nil {
		return err
	}
	sign := func(doc []byte) ([]byte, error) {
		return proof.Sign(ctx, doc, signer, proof.SignOptions{VerificationMethod: key.ID})
	}

	// 1. The issuer: the key's controller, a did:key.
	university, err := openbadges.NewProfile(key.Controller).
		Name("Example University").
		URL("https://example.edu").
		Build()
	if err != nil {
		return err
	}

	// 2. Three achievements: two courses and the degree they are part of.
	cs101, err := openbadges.NewAchievement("https://example.edu/courses/cs101").
		Type(openbadges.AchievementTypeCourse).
		Name("CS 101: Introduction to Programming").
		Description("Variables, control flow, functions and testing, in Go.").
		Criteria("Pass the final project with a grade of C or better.").
		CreditsAvailable(4).
		Build()
	if err != nil {
		return err
	}
	cs201, err := openbadges.NewAchievement("https://example.edu/courses/cs201").
		Type(openbadges.AchievementTypeCourse).
		Name("CS 201: Data Structures").
		Description("Lists, trees, hash tables and graphs, and their costs.").
		Criteria("Pass the midterm and the final exam.").
		CreditsAvailable(4).
		Build()
	if err != nil {
		return err
	}
	degree, err := openbadges.NewAchievement("https://example.edu/degrees/bs-cs").
		Type(openbadges.AchievementTypeBachelorDegree).
		Name("Bachelor of Science in Computer Science").
		Description("Four years of computer science and mathematics.").
		CriteriaURL("https://example.edu/degrees/bs-cs/requirements").
		Build()
	if err != nil {
		return err
	}

	// 3. One OpenBadgeCredential per achievement, each signed on its own.
	var badges [][]byte
	for _, a := range []*openbadges.Achievement{cs101, cs201, degree} {
		badge, err := openbadges.NewCredential(university).
			Name(a.Name.String()).
			Recipient(learner).
			Achievement(a).
			Build()
		if err != nil {
			return err
		}
		doc, err := json.Marshal(badge)
		if err != nil {
			return err
		}
		signed, err := sign(doc)
		if err != nil {
			return err
		}
		badges = append(badges, signed)
	}

	// 4. The CLR: the three signed badges, and how their achievements relate.
	record, err := clr.NewCredential(university).
		Name("Academic record of the class of 2026").
		Learner(learner).
		AddCredential(badges[0]).
		AddCredential(badges[1]).
		AddCredential(badges[2]).
		Associate(cs101.ID, clr.IsPartOf, degree.ID).
		Associate(cs201.ID, clr.IsPartOf, degree.ID).
		Associate(cs101.ID, clr.Precedes, cs201.ID).
		Build()
	if err != nil {
		return err
	}
	doc, err := json.Marshal(record)
	if err != nil {
		return err
	}
	conformance, err := schema.Validate(doc, schema.Options{Strict: true})
	if err != nil {
		return err
	}
	if !conformance.Valid {
		return conformance.Err()
	}
	signed, err := sign(doc)
	if err != nil {
		return err
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, signed, "", "  "); err != nil {
		return err
	}
	fmt.Printf("%s\n\n", pretty.Bytes())

	// 5. Verify it as a registrar or employer would: the CLR verification
	// procedure (structure, schema, proof and issuer binding, status, dates,
	// then every nested credential on its own), and print the report.
	// The zero options verify offline: did:key and did:jwk issuers, the
	// embedded contexts. vc.VerifierOptions{HTTPClient: ...} opens did:web,
	// https keys, status lists and refresh.
	verifier, err := clr.NewVerifier(vc.VerifierOptions{})
	if err != nil {
		return err
	}
	start := time.Now()
	report, err := verifier.Verify(ctx, signed, vc.Expectations{Recipient: learner})
	elapsed := time.Since(start)
	report.WriteText(os.Stdout)
	if err != nil {
		return err
	}
	start = time.Now()
	if _, err := verifier.Verify(ctx, signed, vc.Expectations{Recipient: learner}); err != nil {
		return err
	}
	fmt.Printf("\nThe record and its %d credentials verified in %v the first time (schemas compiled, contexts processed), %v the second.\n",
		len(report.Nested), elapsed.Round(time.Microsecond), time.Since(start).Round(time.Microsecond))
	return nil
}
