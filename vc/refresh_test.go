package vc_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/vc"
)

const refreshID = "urn:uuid:00000000-0000-4000-8000-0000000000aa"

// refreshable returns a credential with a 1EdTechCredentialRefresh service
// at url, valid from validFrom until validUntil.
func refreshable(t *testing.T, iss statusIssuer, url string, validFrom, validUntil time.Time) []byte {
	t.Helper()
	return iss.credential(t, refreshID, validFrom, map[string]any{
		"validUntil":     vc.NewDateTime(validUntil),
		"refreshService": map[string]any{"id": url, "type": "1EdTechCredentialRefresh"},
	})
}

func refreshVerifier(t *testing.T, srv *docServer) *vc.Verifier {
	return statusVerifier(t, srv.Client(), func(o *vc.VerifierOptions) { o.Refresh = true })
}

func TestRefreshNewer(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	url := srv.URL + "/refresh"
	// The original expired yesterday; the refreshed version is newer and
	// valid for a year.
	original := refreshable(t, iss, url, statusEpoch, statusNow.Add(-24*time.Hour))
	fresh := refreshable(t, iss, url, statusNow.Add(-time.Hour), statusNow.Add(365*24*time.Hour))
	srv.put("/refresh", fresh)

	rep, err := refreshVerifier(t, srv).Verify(context.Background(), original, vc.Expectations{})
	require.NoError(t, err, "the refreshed credential is the one whose dates are checked: %s", rep.Summary())
	assert.Equal(t, refreshID, rep.ID)
	assert.Equal(t, vc.StatusPassed, rep.CheckStatus(vc.CheckDates))
	require.Equal(t, []string{vc.CodeRefreshed}, issueCodes(rep.Warnings))
	assert.Equal(t, "/refreshService", rep.Warnings[0].Path)
	assert.Contains(t, rep.Warnings[0].Message, string(vc.NewDateTime(statusNow.Add(-time.Hour))))
	assert.Contains(t, rep.Warnings[0].Message, "verified VerifiableCredential "+refreshID)
	assert.Empty(t, rep.Nested, "the refreshed credential's report is not a nested report")
	assert.Equal(t, int64(1), srv.count("/refresh"))

	// Without refresh the original is expired.
	rep, _ = statusVerifier(t, srv.Client(), nil).Verify(context.Background(), original, vc.Expectations{})
	assert.False(t, rep.Verified)
	assert.Equal(t, []string{vc.CodeExpired}, issueCodes(rep.Errors))
}

func TestRefreshRejected(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	other := newStatusIssuer(t, 2)
	srv := newDocServer(t)
	url := srv.URL + "/refresh"
	original := refreshable(t, iss, url, statusNow.Add(-time.Hour), statusNow.Add(24*time.Hour))

	older := refreshable(t, iss, url, statusEpoch, statusNow.Add(24*time.Hour))
	tampered := []byte(replaceOnce(t, string(refreshable(t, iss, url, statusNow.Add(-time.Minute), statusNow.Add(24*time.Hour))),
		"did:example:learner", "did:example:mallory"))
	otherID := iss.credential(t, "urn:uuid:00000000-0000-4000-8000-0000000000bb", statusNow.Add(-time.Minute), nil)
	otherIssuer := other.credential(t, refreshID, statusNow.Add(-time.Minute), nil)

	for name, d := range map[string]doc{
		"older":        {body: older},
		"tampered":     {body: tampered},
		"other id":     {body: otherID},
		"other issuer": {body: otherIssuer},
		"server error": {status: http.StatusInternalServerError, body: []byte("{}")},
		"not json":     {contentType: "text/html", body: []byte("<html></html>")},
	} {
		t.Run(name, func(t *testing.T) {
			srv.putDoc("/refresh", d)
			rep, err := refreshVerifier(t, srv).Verify(context.Background(), original, vc.Expectations{})
			require.NoError(t, err, "the original stands: %s", rep.Summary())
			require.Equal(t, []string{vc.CodeRefreshFailed}, issueCodes(rep.Warnings))
			assert.Equal(t, "/refreshService", rep.Warnings[0].Path)
			assert.Equal(t, vc.StatusWarning, rep.CheckStatus(vc.CheckRefresh))
			t.Log(rep.Warnings[0].Message)
		})
	}
}

func TestRefreshNotEnabled(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	srv.put("/refresh", refreshable(t, iss, srv.URL+"/refresh", statusNow.Add(-time.Hour), statusNow.Add(time.Hour)))
	original := refreshable(t, iss, srv.URL+"/refresh", statusEpoch, statusNow.Add(time.Hour))
	rep, err := statusVerifier(t, srv.Client(), nil).Verify(context.Background(), original, vc.Expectations{})
	require.NoError(t, err)
	assert.Equal(t, vc.StatusSkipped, rep.CheckStatus(vc.CheckRefresh))
	assert.Contains(t, rep.Checks, vc.Check{Check: vc.CheckRefresh, Class: vc.ClassValidity, Status: vc.StatusSkipped, Detail: "refresh not enabled"})
	assert.Zero(t, srv.total.Load())

	_, err = vc.NewVerifier(vc.VerifierOptions{Retriever: mustRetriever(t), Refresh: true})
	assert.ErrorIs(t, err, vc.ErrVerifierOptions, "Refresh needs an HTTP client")

	// Without a refreshService there is nothing to do.
	plain := iss.credential(t, refreshID, statusEpoch, nil)
	rep, err = refreshVerifier(t, srv).Verify(context.Background(), plain, vc.Expectations{})
	require.NoError(t, err)
	assert.Contains(t, rep.Checks, vc.Check{Check: vc.CheckRefresh, Class: vc.ClassValidity, Status: vc.StatusSkipped, Detail: "no refreshService"})
}

func TestRefreshOnce(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	url := srv.URL + "/refresh"
	// The service returns a credential that names the service again: it
	// is used, and the service is asked once.
	srv.put("/refresh", refreshable(t, iss, url, statusNow.Add(-time.Hour), statusNow.Add(time.Hour)))
	original := refreshable(t, iss, url, statusEpoch, statusNow.Add(time.Hour))
	rep, err := refreshVerifier(t, srv).Verify(context.Background(), original, vc.Expectations{})
	require.NoError(t, err, rep.Summary())
	assert.Equal(t, []string{vc.CodeRefreshed}, issueCodes(rep.Warnings))
	assert.Equal(t, int64(1), srv.count("/refresh"), "a refreshed credential's refreshService is not followed")
}

func TestRefreshThenStatus(t *testing.T) {
	// The refreshed credential is the one whose status is checked: the
	// original's entry is revoked, the refreshed one's is not.
	iss := newStatusIssuer(t, 1)
	srv := newDocServer(t)
	list := srv.URL + "/lists/1"
	srv.put("/lists/1", iss.bitstringList(t, list, vc.PurposeRevocation, 1))
	url := srv.URL + "/refresh"
	service := map[string]any{"id": url, "type": "1EdTechCredentialRefresh"}
	srv.put("/refresh", iss.credential(t, refreshID, statusNow.Add(-time.Hour), map[string]any{
		"refreshService": service, "credentialStatus": bitstringEntry(list, vc.PurposeRevocation, "2")}))
	original := iss.credential(t, refreshID, statusEpoch, map[string]any{
		"refreshService": service, "credentialStatus": bitstringEntry(list, vc.PurposeRevocation, "1")})
	rep, err := refreshVerifier(t, srv).Verify(context.Background(), original, vc.Expectations{})
	require.NoError(t, err, rep.Summary())
	assert.Equal(t, []string{vc.CodeRefreshed}, issueCodes(rep.Warnings))
	assert.Equal(t, int64(1), srv.count("/lists/1"), "the list is fetched once for both credentials")
}
