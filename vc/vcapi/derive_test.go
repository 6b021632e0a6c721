package vcapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc/vcapi"
)

// TestSelectiveDisclosure: a handler issuing ecdsa-sd-2023 writes base
// proofs with the request's mandatory pointers, /credentials/derive
// discloses what the holder selects, and the verify endpoint verifies the
// derived credential (and refuses the base one, which must be derived).
func TestSelectiveDisclosure(t *testing.T) {
	key, err := did.GenerateKey(did.KeyTypeP256, nil)
	require.NoError(t, err)
	issuer, err := did.DIDKey(key.Public())
	require.NoError(t, err)
	h := newHandler(t, func(o *vcapi.Options) {
		o.Signer, o.VerificationMethod, o.Issuer = key, issuer+"#"+strings.TrimPrefix(issuer, "did:key:"), ""
		o.Suite = proof.ECDSASD2023{}
		o.Now = func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
	})
	credential := `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
  "type": ["VerifiableCredential"], "validFrom": "2024-06-01T00:00:00Z",
  "credentialSubject": {"id": "did:example:learner", "name": "Jane", "birthDate": "2000-01-01", "degree": "BSc"}}`

	rec := do(h, http.MethodPost, "/credentials/issue", `{"credential": `+credential+`, "options": {"mandatoryPointers": ["/issuer", "/validFrom"]}}`)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var issued struct{ VerifiableCredential json.RawMessage }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &issued))
	assert.Contains(t, string(issued.VerifiableCredential), `"cryptosuite":"ecdsa-sd-2023"`)

	rec = do(h, http.MethodPost, "/credentials/verify", `{"verifiableCredential": `+string(issued.VerifiableCredential)+`}`)
	assert.Equal(t, http.StatusUnprocessableEntity, rec.Code, "a base proof is for holders to derive from")
	assert.Contains(t, rec.Body.String(), "base proof")

	rec = do(h, http.MethodPost, "/credentials/derive", `{"verifiableCredential": `+string(issued.VerifiableCredential)+
		`, "options": {"selectivePointers": ["/credentialSubject/degree"]}}`)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var derived struct{ VerifiableCredential json.RawMessage }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &derived))
	assert.Contains(t, string(derived.VerifiableCredential), `"degree"`)
	assert.NotContains(t, string(derived.VerifiableCredential), `"birthDate"`)

	rec = do(h, http.MethodPost, "/credentials/verify", `{"verifiableCredential": `+string(derived.VerifiableCredential)+`}`)
	assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())

	for _, c := range []struct {
		body   string
		status int
	}{
		{`{"verifiableCredential": ` + credential + `, "options": {"selectivePointers": ["/credentialSubject/degree"]}}`, http.StatusUnprocessableEntity},
		{`{"verifiableCredential": ` + string(issued.VerifiableCredential) + `, "options": {"selectivePointers": ["/credentialSubject/nothing"]}}`, http.StatusUnprocessableEntity},
		{`{"verifiableCredential": ` + string(issued.VerifiableCredential) + `, "options": {"selectivePointers": "/credentialSubject"}}`, http.StatusBadRequest},
		{`{"verifiableCredential": ` + string(issued.VerifiableCredential) + `, "options": {"selectivePointers": [1]}}`, http.StatusBadRequest},
		{`{"verifiableCredential": "x"}`, http.StatusBadRequest},
	} {
		rec := do(h, http.MethodPost, "/credentials/derive", c.body)
		assert.Equal(t, c.status, rec.Code, "%.120s: %s", c.body, rec.Body.String())
	}
}
