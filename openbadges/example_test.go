package openbadges_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"time"

	"github.com/clrkit/clrkit/openbadges"
)

// zeroReader stands in for crypto/rand so that generated ids are the same
// on every run. Real code leaves Random unset.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func printJSON(v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		log.Fatal(err)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.String())
}

// Build an Open Badges 3.0 badge. The fixed clock and random source make
// the output repeatable; without them validFrom is the current time and the
// id a random urn:uuid.
func ExampleNewCredential() {
	issuer, err := openbadges.NewProfile("https://example.edu/issuers/565049").
		Name("Example University").
		URL("https://example.edu").
		Build()
	if err != nil {
		log.Fatal(err)
	}
	badge, err := openbadges.NewAchievement("https://example.edu/achievements/intro-go").
		Name("Introduction to Go").
		Description("Completed the introductory Go workshop.").
		Criteria("Write, test and ship a small Go module.").
		Type(openbadges.AchievementTypeBadge).
		Build()
	if err != nil {
		log.Fatal(err)
	}
	cred, err := openbadges.NewCredential(issuer).
		Name("Introduction to Go").
		Recipient("did:example:ebfeb1f712ebc6f1c276e12ec21").
		Achievement(badge).
		Clock(func() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) }).
		Random(zeroReader{}).
		Build()
	if err != nil {
		log.Fatal(err)
	}
	printJSON(cred)
	// Output:
	// {
	//   "@context": [
	//     "https://www.w3.org/ns/credentials/v2",
	//     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	//   ],
	//   "id": "urn:uuid:00000000-0000-4000-8000-000000000000",
	//   "type": [
	//     "VerifiableCredential",
	//     "OpenBadgeCredential"
	//   ],
	//   "validFrom": "2026-01-15T09:30:00Z",
	//   "name": "Introduction to Go",
	//   "issuer": {
	//     "id": "https://example.edu/issuers/565049",
	//     "type": [
	//       "Profile"
	//     ],
	//     "name": "Example University",
	//     "url": "https://example.edu"
	//   },
	//   "credentialSubject": {
	//     "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
	//     "type": [
	//       "AchievementSubject"
	//     ],
	//     "achievement": {
	//       "id": "https://example.edu/achievements/intro-go",
	//       "type": [
	//         "Achievement"
	//       ],
	//       "achievementType": "Badge",
	//       "name": "Introduction to Go",
	//       "description": "Completed the introductory Go workshop.",
	//       "criteria": {
	//         "narrative": "Write, test and ship a small Go module."
	//       }
	//     }
	//   }
	// }
}

// An achievement that carries a letter grade: the result description lists
// the grades in order, and a credential's result gives the one earned.
func ExampleNewAchievement() {
	grade, err := openbadges.NewResultDescription("https://example.edu/results/cs101-grade", "Final grade", openbadges.ResultTypeLetterGrade).
		AllowedValues("D", "C", "B", "A").
		RequiredValue("C").
		Build()
	if err != nil {
		log.Fatal(err)
	}
	course, err := openbadges.NewAchievement("https://example.edu/courses/cs101").
		Name("CS 101").
		Description("Introduction to computer science.").
		CriteriaURL("https://example.edu/courses/cs101/syllabus").
		Type(openbadges.AchievementTypeCourse).
		CreditsAvailable(3).
		ResultDescription(grade).
		Build()
	if err != nil {
		log.Fatal(err)
	}
	result, err := openbadges.NewResult(grade.ID).Value("A").Build()
	if err != nil {
		log.Fatal(err)
	}
	printJSON(course)
	printJSON(result)
	// Output:
	// {
	//   "id": "https://example.edu/courses/cs101",
	//   "type": [
	//     "Achievement"
	//   ],
	//   "achievementType": "Course",
	//   "name": "CS 101",
	//   "description": "Introduction to computer science.",
	//   "criteria": {
	//     "id": "https://example.edu/courses/cs101/syllabus"
	//   },
	//   "creditsAvailable": 3,
	//   "resultDescription": [
	//     {
	//       "id": "https://example.edu/results/cs101-grade",
	//       "type": [
	//         "ResultDescription"
	//       ],
	//       "name": "Final grade",
	//       "resultType": "LetterGrade",
	//       "allowedValue": [
	//         "D",
	//         "C",
	//         "B",
	//         "A"
	//       ],
	//       "requiredValue": "C"
	//     }
	//   ]
	// }
	// {
	//   "type": [
	//     "Result"
	//   ],
	//   "resultDescription": "https://example.edu/results/cs101-grade",
	//   "value": "A"
	// }
}

// Identify a recipient by a salted hash of their email address, and check
// an address against it later.
func ExampleHashIdentity() {
	fmt.Println(openbadges.HashIdentity("alice@example.edu", "salt"))

	id := openbadges.NewHashedIdentity(openbadges.IdentifierEmailAddress, "alice@example.edu", "salt")
	for _, email := range []string{"alice@example.edu", "bob@example.edu"} {
		ok, err := id.Matches(email)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(email, ok)
	}
	// Output:
	// sha256$3d0d04bcf538e11efae3a9a2214b6921db591df59dedace771ecae4765f2f8cf
	// alice@example.edu true
	// bob@example.edu false
}
