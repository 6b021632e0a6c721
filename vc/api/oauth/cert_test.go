package oauth_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/clrkit/clrkit/vc/api"
)

// connected is a consumer connected to a host as the certification flows
// begin: discovery, dynamic client registration, authorization with PKCE
// and the token request, for the scopes asked.
func connected(t *testing.T, h *host, scopes ...string) (*api.Client, *oauth2.Config, *oauth2.Token, *api.RegisteredClient) {
	t.Helper()
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, h.Client())
	disc, err := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: h.Client()})
	require.NoError(t, err)
	ep, err := disc.Endpoints(ctx)
	require.NoError(t, err, "discovery")
	lb, err := api.NewLoopback()
	require.NoError(t, err)
	defer lb.Close()
	redirect, wait := lb.URI, lb.Wait
	rc, err := api.Register(ctx, h.Client(), ep.Registration, registration(redirect, scopes...))
	require.NoError(t, err, "dynamic client registration")
	cfg := api.OAuthConfig(ep, rc, redirect, scopes)
	tok, err := api.Authorize(ctx, cfg, h.browser(t, "alice", "correct horse", "allow"), wait)
	require.NoError(t, err, "authorize and token")
	c, err := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: cfg.Client(ctx, tok), Retry: api.RetryTransient})
	require.NoError(t, err)
	return c, cfg, tok, rc
}

func badgeJSON(n int) []byte {
	return []byte(strings.NewReplacer("N", strings.Repeat("0", 11)+string(rune('0'+n))).Replace(
		`{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:5b3c1e5e-0000-4000-8000-N",
		"type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": "did:example:issuer", "validFrom": "2026-01-01T00:00:00Z",
		"credentialSubject": {"id": "did:example:learner"}}`))
}

// TestCertificationFlows: the OB 3.0 certification roles of SPEC.md
// section 6 that concern the API, each as the conformance suite walks it,
// with this package's server and vc/api's client on both sides.
func TestCertificationFlows(t *testing.T) {
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, http.DefaultClient)
	all := std.Scopes()

	t.Run("ServiceConsumerWrite", func(t *testing.T) {
		// Discovery, registration, authorize, token with the right scopes,
		// then upsertCredential; putProfile (optional in the role).
		h := newHost(t, nil)
		c, _, _, _ := connected(t, h, std.Scope(api.ScopeCredentialUpsert), std.Scope(api.ScopeProfileUpdate))
		out, err := c.Upsert(ctx, badgeJSON(1))
		require.NoError(t, err)
		assert.Equal(t, api.Created, out)
		_, _, err = c.PutProfile(ctx, []byte(`{"id": "https://1edtech.org/issuers/cert", "type": ["Profile"], "name": "Cert"}`))
		require.NoError(t, err)
	})

	t.Run("ServiceProviderWrite", func(t *testing.T) {
		// upsertCredential accepted (201 created, 200 replaced, 304 for
		// one no newer); putProfile; the scopes enforced.
		h := newHost(t, nil)
		w, _, _, _ := connected(t, h, std.Scope(api.ScopeCredentialUpsert), std.Scope(api.ScopeProfileUpdate))
		steps := []struct {
			body []byte
			want api.Outcome
		}{
			{badgeJSON(1), api.Created},
			{badgeJSON(1), api.NotNewer},
			{[]byte(strings.Replace(string(badgeJSON(1)), "2026-01-01", "2026-02-01", 1)), api.Replaced},
			{[]byte(strings.Replace(string(badgeJSON(1)), "2026-01-01", "2025-12-01", 1)), api.NotNewer},
		}
		for i, st := range steps {
			out, err := w.Upsert(ctx, st.body)
			require.NoError(t, err, "step %d", i)
			assert.Equal(t, st.want, out, "step %d", i)
		}
		_, _, err := w.PutProfile(ctx, []byte(`{"id": "https://1edtech.org/issuers/cert", "type": ["Profile"]}`))
		require.NoError(t, err)
		ro, _, _, _ := connected(t, h, std.Scope(api.ScopeCredentialRead))
		_, err = ro.Upsert(ctx, badgeJSON(2))
		var apiErr *api.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusForbidden, apiErr.HTTPStatus, "upsert without its scope")
		_, _, err = ro.PutProfile(ctx, []byte(`{"id": "https://1edtech.org/issuers/cert", "type": ["Profile"]}`))
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusForbidden, apiErr.HTTPStatus, "putProfile without its scope")
	})

	t.Run("ServiceProviderReadAndConsumerRead", func(t *testing.T) {
		// getCredentials returns the credentials with paging; getProfile
		// returns the profile; the right scope is required.
		h := newHost(t, nil)
		w, _, _, _ := connected(t, h, all...)
		for i := range 5 {
			_, err := w.Upsert(ctx, badgeJSON(i))
			require.NoError(t, err)
		}
		_, _, err := w.PutProfile(ctx, []byte(`{"id": "https://1edtech.org/issuers/cert", "type": ["Profile"]}`))
		require.NoError(t, err)

		r, cfg, tok, rc := connected(t, h, std.Scope(api.ScopeCredentialRead), std.Scope(api.ScopeProfileRead))
		p, err := r.CredentialsPage(ctx, api.Query{Limit: 2, Offset: 2}, "")
		require.NoError(t, err)
		assert.Equal(t, 5, p.Total)
		assert.Len(t, p.Credentials, 2)
		assert.NotEmpty(t, p.Next)
		assert.NotEmpty(t, p.Prev)
		prof, err := r.Profile(ctx)
		require.NoError(t, err)
		assert.Contains(t, string(prof), "https://1edtech.org/issuers/cert")
		_, err = r.Upsert(ctx, badgeJSON(9))
		var apiErr *api.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusForbidden, apiErr.HTTPStatus, "upsert without its scope")

		// Optional: a refresh token gives a new token and the calls pass
		// again; revoking it makes later calls fail.
		old := *tok
		old.Expiry = old.Expiry.AddDate(-1, 0, 0)
		fresh, err := cfg.TokenSource(context.WithValue(context.Background(), oauth2.HTTPClient, h.Client()), &old).Token()
		require.NoError(t, err)
		r2, err := api.NewClient(h.URL, std, api.ClientOptions{HTTPClient: cfg.Client(context.WithValue(context.Background(), oauth2.HTTPClient, h.Client()), fresh), Retry: api.RetryTransient})
		require.NoError(t, err)
		_, err = r2.Profile(ctx)
		require.NoError(t, err)
		revoke(t, h, rc, fresh.AccessToken)
		_, err = r2.Profile(ctx)
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusUnauthorized, apiErr.HTTPStatus)
	})
}

// revoke revokes a token at the host (RFC 7009, client_secret_basic).
func revoke(t *testing.T, h *host, rc *api.RegisteredClient, token string) {
	t.Helper()
	req, _ := http.NewRequest("POST", h.URL+"/revoke", strings.NewReader("token="+token))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(rc.ClientID, rc.ClientSecret)
	resp, err := h.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}
