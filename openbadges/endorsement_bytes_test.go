package openbadges_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof"
)

// TestEndorsementKeepsSignedBytes: an endorsement signed with
// eddsa-jcs-2022 (whose proof covers the exact JSON members and values)
// still verifies after the credential holding it is parsed and marshalled,
// although the model would write some of its members differently (here a
// single credentialSchema object, which the model writes as an array).
func TestEndorsementKeepsSignedBytes(t *testing.T) {
	endorser := testkit.NewKey(t, 3)
	unsigned := `{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json","https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"],` +
		`"id":"urn:uuid:6a1c1c6e-0000-4000-8000-000000000001","type":["VerifiableCredential","EndorsementCredential"],"name":"Endorsement",` +
		`"issuer":"` + endorser.DID + `","validFrom":"2025-01-01T00:00:00Z",` +
		`"credentialSchema":{"id":"https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json","type":"1EdTechJsonSchemaValidator2019"},` +
		`"credentialSubject":{"id":"https://example.edu/issuers/1","type":"EndorsementSubject","endorsementComment":"Good"}}`
	signed := endorser.Sign(t, []byte(unsigned), proof.SignOptions{Suite: proof.EdDSAJCS2022{}})

	cred := `{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],` +
		`"id":"urn:uuid:6a1c1c6e-0000-4000-8000-000000000002","type":["VerifiableCredential","OpenBadgeCredential"],` +
		`"issuer":"https://example.edu/issuers/1","validFrom":"2025-01-01T00:00:00Z",` +
		`"credentialSubject":{"id":"did:example:learner","type":"AchievementSubject","achievement":{"id":"https://example.edu/a","type":"Achievement","name":"A","description":"A","criteria":{"narrative":"n"}}},` +
		`"endorsement":[` + string(signed) + `]}`
	c, err := openbadges.Parse([]byte(cred))
	require.NoError(t, err)
	out, err := json.Marshal(c)
	require.NoError(t, err)
	var back struct {
		Endorsement []json.RawMessage `json:"endorsement"`
	}
	require.NoError(t, json.Unmarshal(out, &back))
	require.Len(t, back.Endorsement, 1)
	v, err := proof.NewVerifier(proof.VerifierOptions{Retriever: testkit.Retriever(t)})
	require.NoError(t, err)
	_, err = v.Verify(context.Background(), back.Endorsement[0], proof.Expectations{})
	require.NoError(t, err, "the endorsement's JCS proof must still verify")
}
