package vcapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/proof"
)

// TestVerifyOptionsProfile: options.profile picks the profile of the
// verify endpoints; an unknown one is a malformed request.
func TestVerifyOptionsProfile(t *testing.T) {
	k := newTestKey(t, 3)
	// An OpenBadgeCredential whose subject has neither id nor identifier:
	// its proof verifies, its OB conformance does not.
	unsigned := `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {"id": "` + k.did + `", "type": ["Profile"], "name": "Example U"}, "name": "Badge",
  "validFrom": "2024-06-01T00:00:00Z",
  "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "https://example.edu/a/1",
    "type": ["Achievement"], "name": "A", "description": "D", "criteria": {"narrative": "N"}}}}`
	signed, err := proof.Sign(context.Background(), []byte(unsigned), k.priv, proof.SignOptions{VerificationMethod: k.vm,
		Created: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	h := newHandler(t, nil)
	body := func(options string) string {
		return `{"verifiableCredential": ` + string(signed) + `, "options": ` + options + `}`
	}
	for _, c := range []struct {
		options string
		status  int
		profile string
	}{
		{`{}`, http.StatusUnprocessableEntity, "spec"},
		{`{"profile": "spec"}`, http.StatusUnprocessableEntity, "spec"},
		{`{"profile": "authenticity"}`, http.StatusOK, "authenticity"},
		{`{"profile": "1edtech"}`, http.StatusOK, "1edtech"},
	} {
		rec := do(h, http.MethodPost, "/credentials/verify", body(c.options))
		require.Equal(t, c.status, rec.Code, "%s: %s", c.options, rec.Body)
		var r struct {
			Profile  string
			Warnings []struct{ Code string }
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &r))
		assert.Equal(t, c.profile, r.Profile)
		if c.status == http.StatusOK {
			assert.Equal(t, "MISSING_SUBJECT_IDENTIFIER", r.Warnings[0].Code)
		}
	}
	rec := do(h, http.MethodPost, "/credentials/verify", body(`{"profile": "lenient"}`))
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "options.profile")
	rec = do(h, http.MethodPost, "/credentials/verify", body(`{"profile": 1}`))
	assert.Equal(t, http.StatusBadRequest, rec.Code)
}
