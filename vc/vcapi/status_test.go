package vcapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/vc/statuslist"
	"github.com/clrkit/clrkit/vc/vcapi"
)

// TestIssueWithStatus: with a status Issuer, issued VC Data Model 2.0
// credentials get their entries, as options.credentialStatus asks; 1.1
// credentials and credentials with a status of their own are issued as
// they are; a request the handler cannot serve gets 422.
func TestIssueWithStatus(t *testing.T) {
	issuer := newTestKey(t, 1)
	store := statuslist.NewMemoryStore(nil)
	status := &statuslist.Issuer{Store: store, ID: issuer.did, BaseURL: "https://example.edu/status"}
	h := newHandler(t, func(o *vcapi.Options) { o.Status = status })
	issue := func(cred, options string) (int, map[string]any) {
		t.Helper()
		rec := do(h, http.MethodPost, "/credentials/issue", `{"credential": `+cred+`, "options": `+options+`}`)
		var out map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), rec.Body.String())
		vcred, _ := out["verifiableCredential"].(map[string]any)
		return rec.Code, vcred
	}
	const v2 = `{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:11111111-2222-4333-8444-555555555555", "type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:learner"}}`

	code, c := issue(v2, `{}`)
	require.Equal(t, http.StatusCreated, code)
	s := c["credentialStatus"].(map[string]any)
	assert.Equal(t, "https://example.edu/status/revocation/1", s["statusListCredential"])
	_, _, err := store.Entry(t.Context(), "urn:uuid:11111111-2222-4333-8444-555555555555", statuslist.PurposeRevocation)
	assert.NoError(t, err, "the entry is kept under the credential's id")
	code, again := issue(v2, `{}`)
	require.Equal(t, http.StatusCreated, code)
	assert.Equal(t, s, again["credentialStatus"], "the same credential gets the same entry")

	code, c = issue(v2, `{"credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "suspension"}}`)
	require.Equal(t, http.StatusCreated, code)
	assert.Equal(t, "suspension", c["credentialStatus"].(map[string]any)["statusPurpose"])

	code, c = issue(`{"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:learner"}}`, `{}`)
	require.Equal(t, http.StatusCreated, code)
	assert.NotContains(t, c, "credentialStatus", "a 1.1 credential is issued without status")

	own := `{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:learner"},
		"credentialStatus": {"id": "https://example.org/status/9#3", "type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "3", "statusListCredential": "https://example.org/status/9"}}`
	code, c = issue(own, `{}`)
	require.Equal(t, http.StatusCreated, code)
	assert.Equal(t, "https://example.org/status/9", c["credentialStatus"].(map[string]any)["statusListCredential"], "its own status is kept")

	for name, tc := range map[string]struct{ cred, options string }{
		"other type":       {v2, `{"credentialStatus": {"type": "StatusList2021Entry"}}`},
		"unknown purpose":  {v2, `{"credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "message"}}`},
		"purpose twice":    {v2, `{"credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": ["revocation", "revocation"]}}`},
		"1.1 asked for":    {`{"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:learner"}}`, `{"credentialStatus": {"type": "BitstringStatusListEntry"}}`},
		"two statuses":     {own, `{"credentialStatus": {"type": "BitstringStatusListEntry"}}`},
		"another's issuer": {`{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": "did:example:other", "credentialSubject": {"id": "did:example:learner"}}`, `{}`},
	} {
		code, _ := issue(tc.cred, tc.options)
		assert.Equal(t, http.StatusUnprocessableEntity, code, name)
	}

	// Without a status Issuer, asking for status is refused; not asking
	// issues as before.
	plain := newHandler(t, nil)
	rec := do(plain, http.MethodPost, "/credentials/issue", `{"credential": `+v2+`, "options": {"credentialStatus": {"type": "BitstringStatusListEntry"}}}`)
	assert.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	assert.Contains(t, rec.Body.String(), "keeps no status lists")

	// Another issuer on the same store cannot take an id the first one
	// gave an entry to.
	other := newTestKey(t, 2)
	h2 := newHandler(t, func(o *vcapi.Options) {
		o.Signer, o.VerificationMethod = other.priv, other.vm
		o.Status = &statuslist.Issuer{Store: store, ID: other.did, BaseURL: "https://example.edu/other"}
	})
	rec = do(h2, http.MethodPost, "/credentials/issue", `{"credential": `+v2+`}`)
	assert.Equal(t, http.StatusUnprocessableEntity, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "another issuer")

	// A store that fails gives 503, without its own words.
	broken := newHandler(t, func(o *vcapi.Options) {
		o.Status = &statuslist.Issuer{Store: failingStore{}, ID: issuer.did, BaseURL: "https://example.edu/status"}
	})
	rec = do(broken, http.MethodPost, "/credentials/issue", `{"credential": `+v2+`}`)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.NotContains(t, rec.Body.String(), "db.internal")

	// The status Issuer must be the handler's.
	_, err = vcapi.NewHandler(vcapi.Options{Signer: issuer.priv, VerificationMethod: issuer.vm,
		Status: &statuslist.Issuer{Store: store, ID: "did:example:other", BaseURL: "https://example.edu/status"}})
	assert.ErrorIs(t, err, vcapi.ErrOptions)
}

type failingStore struct{ statuslist.Store }

func (failingStore) Allocate(context.Context, string, string, string, func(int) string) (statuslist.Entry, error) {
	return statuslist.Entry{}, errors.New("dial tcp db.internal:5432: connection refused")
}
