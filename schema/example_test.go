package schema_test

import (
	"fmt"

	"github.com/clrkit/clrkit/schema"
)

func Example() {
	badge := `{
	  "@context": ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://www.w3.org/ns/credentials/v2"],
	  "id": "urn:uuid:0f4c1a5e-5b1e-4f0e-9d1a-2f1f7c6c0a01",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": {"id": "https://example.edu/issuers/1", "type": "Profile", "name": "Example U"},
	  "validFrom": "2024-06-01",
	  "credentialSubject": {"type": "AchievementSubject", "achievement": {"id": "https://example.edu/a/1",
	    "type": "Achievement", "name": "A", "description": "D", "criteria": {"narrative": "N"}}}
	}`
	report, err := schema.New().Validate([]byte(badge), schema.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report.Kind, report.Valid)
	for _, p := range report.Problems {
		fmt.Println(p.Pointer, p.Keyword)
	}
	// Output:
	// AchievementCredential false
	// /@context/0 enum
	// /@context/1 pattern
	// /validFrom format
}
