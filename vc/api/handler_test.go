package api_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/vc/api"
)

// std is an API like Open Badges 3.0's (openbadges/api holds the real one;
// this package does not import what sits above it).
var std = api.Standard{Name: "Test", Version: "1.0", BasePath: "/ims/test/v1p0",
	ScopePrefix: "https://example.org/scope/", CredentialTypes: []string{"OpenBadgeCredential", "AchievementCredential"}}

// tokens: an access token is "OWNER:SCOPE,SCOPE..." with short scope
// names, or "OWNER:all".
var tokens = api.AuthorizerFunc(func(r *http.Request, scope string) (string, error) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	owner, scopes, ok2 := strings.Cut(tok, ":")
	if !ok || !ok2 || owner == "" {
		return "", api.Failure(http.StatusUnauthorized, api.MinorUnauthorized, "no valid access token")
	}
	for s := range strings.SplitSeq(scopes, ",") {
		if s == "all" || std.Scope(s) == scope {
			return owner, nil
		}
	}
	return "", api.Failure(http.StatusForbidden, api.MinorForbidden, "the token lacks %s", scope)
})

type apiServer struct {
	*httptest.Server
	store *api.MemoryStore
}

func newAPI(t testing.TB, edit func(*api.Options)) *apiServer {
	t.Helper()
	store := api.NewMemoryStore()
	opts := api.Options{Standard: std, Store: store, Authorizer: tokens, Discovery: api.Discovery{
		Title: "Test host", TermsOfService: "https://example.org/tos", PrivacyPolicyURL: "https://example.org/privacy",
		RegistrationURL: "https://example.org/register", AuthorizationURL: "https://example.org/authorize", TokenURL: "https://example.org/token",
		RefreshURL: "https://example.org/token"}}
	if edit != nil {
		edit(&opts)
	}
	h, err := api.NewHandler(opts)
	require.NoError(t, err)
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	return &apiServer{Server: srv, store: store}
}

// do sends a request with the token (none when "") and returns the
// response and its body.
func (s *apiServer) do(t testing.TB, method, path, token, contentType, body string) (*http.Response, []byte) {
	t.Helper()
	u := path
	if !strings.HasPrefix(path, "https://") {
		u = s.URL + std.BasePath + path
	}
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, data
}

func credential(n int, validFrom time.Time) string {
	return fmt.Sprintf(`{"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:00000000-0000-4000-8000-%012d", "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {"id": "did:example:issuer", "type": ["Profile"]}, "validFrom": %q,
  "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"]}}`, n, validFrom.UTC().Format(time.RFC3339))
}

// statusInfo reads an error body, failing unless it is an Imsx_StatusInfo
// of a failure with the code minor value want.
func statusInfo(t testing.TB, resp *http.Response, body []byte, want string) api.StatusInfo {
	t.Helper()
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var si api.StatusInfo
	require.NoError(t, json.Unmarshal(body, &si), "%s", body)
	assert.Equal(t, api.CodeMajorFailure, si.CodeMajor)
	assert.Equal(t, api.SeverityError, si.Severity)
	assert.Equal(t, want, si.Minor(), "%s", body)
	return si
}

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// TestPaging: 250 credentials, read a page at a time by following the Link
// headers, come back each once, in order, with X-Total-Count.
func TestPaging(t *testing.T) {
	s := newAPI(t, nil)
	for i := range 250 {
		resp, _ := s.do(t, "POST", "/credentials", "alice:all", "application/json", credential(i, t0.Add(time.Duration(i)*time.Hour)))
		require.Equal(t, http.StatusCreated, resp.StatusCode)
	}
	linkRE := regexp.MustCompile(`<([^>]+)>; rel="(\w+)"`)
	next := s.URL + std.BasePath + "/credentials?limit=100"
	var ids []string
	for pages := 0; next != ""; pages++ {
		require.Less(t, pages, 3)
		resp, body := s.do(t, "GET", next, "alice:credential.readonly", "", "")
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
		assert.Equal(t, "250", resp.Header.Get("X-Total-Count"))
		var page struct {
			Credential []struct {
				ID string `json:"id"`
			} `json:"credential"`
		}
		require.NoError(t, json.Unmarshal(body, &page))
		for _, c := range page.Credential {
			ids = append(ids, c.ID)
		}
		rels := map[string]string{}
		for _, m := range linkRE.FindAllStringSubmatch(resp.Header.Get("Link"), -1) {
			rels[m[2]] = m[1]
		}
		assert.Contains(t, rels, "first")
		assert.Contains(t, rels, "last")
		assert.True(t, strings.HasSuffix(rels["last"], "offset=200"), rels["last"])
		if pages > 0 {
			assert.Contains(t, rels, "prev")
		} else {
			assert.NotContains(t, rels, "prev")
		}
		next = rels["next"]
	}
	require.Len(t, ids, 250)
	for i, id := range ids {
		require.Equal(t, fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i), id)
	}

	// since: only those valid from after it; a page that holds everything
	// has no Link.
	resp, body := s.do(t, "GET", "/credentials?since="+t0.Add(245*time.Hour).Format(time.RFC3339), "alice:credential.readonly", "", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "4", resp.Header.Get("X-Total-Count"))
	assert.Empty(t, resp.Header.Get("Link"))
	assert.Equal(t, 4, strings.Count(string(body), `"id": "urn:uuid:`))

	for _, q := range []string{"limit=0", "limit=x", "offset=-1", "since=yesterday"} {
		resp, body := s.do(t, "GET", "/credentials?"+q, "alice:credential.readonly", "", "")
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, q)
		statusInfo(t, resp, body, api.MinorInvalidQueryParameter)
	}
}

// TestUpsert: create (201), the same again or older (304, no body), newer
// (200), each echoing the credential; a compact JWS as text/plain.
func TestUpsert(t *testing.T) {
	s := newAPI(t, nil)
	c := credential(1, t0)
	resp, body := s.do(t, "POST", "/credentials", "alice:credential.upsert", "application/vc+ld+json", c)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", body)
	assert.Equal(t, c, string(body))
	assert.Equal(t, "application/vc+ld+json", resp.Header.Get("Content-Type"))

	resp, body = s.do(t, "POST", "/credentials", "alice:credential.upsert", "application/json", c)
	assert.Equal(t, http.StatusNotModified, resp.StatusCode)
	assert.Empty(t, body)
	resp, _ = s.do(t, "POST", "/credentials", "alice:credential.upsert", "application/json", credential(1, t0.Add(-time.Hour)))
	assert.Equal(t, http.StatusNotModified, resp.StatusCode, "older")
	newer := credential(1, t0.Add(time.Hour))
	resp, body = s.do(t, "POST", "/credentials", "alice:credential.upsert", "application/json", newer)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "newer replaces")
	assert.Equal(t, newer, string(body))

	// A VC-JWT (VC Data Model 1.1 form: the credential under vc, nbf).
	claims, _ := json.Marshal(map[string]any{"iss": "did:example:issuer", "jti": "urn:uuid:jwt-1", "nbf": t0.Unix(),
		"vc": map[string]any{"@context": []string{"https://www.w3.org/2018/credentials/v1"}, "type": []string{"VerifiableCredential", "OpenBadgeCredential"}}})
	jws := "eyJhbGciOiJFUzI1NiJ9." + base64.RawURLEncoding.EncodeToString(claims) + ".c2ln"
	resp, body = s.do(t, "POST", "/credentials", "alice:credential.upsert", "text/plain", jws)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", body)
	assert.Equal(t, "text/plain", resp.Header.Get("Content-Type"))
	resp, _ = s.do(t, "POST", "/credentials", "alice:credential.upsert", "text/plain", jws)
	assert.Equal(t, http.StatusNotModified, resp.StatusCode)

	resp, body = s.do(t, "GET", "/credentials", "alice:credential.readonly", "", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var got struct {
		Credential []json.RawMessage `json:"credential"`
		JWS        []string          `json:"compactJwsString"`
	}
	require.NoError(t, json.Unmarshal(body, &got))
	require.Len(t, got.Credential, 1)
	assert.JSONEq(t, newer, string(got.Credential[0]))
	assert.Equal(t, []string{jws}, got.JWS)

	for name, tc := range map[string]struct{ ct, body, minor string }{
		"another type":   {"application/json", strings.Replace(c, "OpenBadgeCredential", "ClrCredential", 1), api.MinorInvalidData},
		"no id":          {"application/json", strings.Replace(c, `"id": "urn:uuid:00000000-0000-4000-8000-000000000001", `, "", 1), api.MinorInvalidData},
		"no validFrom":   {"application/json", regexp.MustCompile(`"validFrom": "[^"]+",`).ReplaceAllString(c, ""), api.MinorInvalidData},
		"bad validFrom":  {"application/json", strings.Replace(c, "2026-01-01T00:00:00Z", "soon", 1), api.MinorInvalidData},
		"not JSON":       {"application/json", `{"id":`, api.MinorInvalidData},
		"duplicate name": {"application/json", `{"id": "a", "id": "b"}`, api.MinorInvalidData},
		"not a JWS":      {"text/plain", "hello", api.MinorInvalidData},
		"JWS of junk":    {"text/plain", "eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln", api.MinorInvalidData},
		"alg none":       {"text/plain", "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString([]byte(`{"vc":{"type":["OpenBadgeCredential"]},"iss":"did:example:i","jti":"urn:x:1","nbf":1}`)) + ".c2ln", api.MinorInvalidData},
		"no signature":   {"text/plain", "eyJhbGciOiJFUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(`{"vc":{"type":["OpenBadgeCredential"]},"iss":"did:example:i","jti":"urn:x:1","nbf":1}`)) + ".", api.MinorInvalidData},
		"year 10000":     {"application/json", strings.Replace(c, "2026-01-01T00:00:00Z", "9999-12-31T23:00:00-02:00", 1), api.MinorInvalidData},
	} {
		resp, body := s.do(t, "POST", "/credentials", "alice:credential.upsert", tc.ct, tc.body)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, name)
		statusInfo(t, resp, body, tc.minor)
	}
	resp, body = s.do(t, "POST", "/credentials", "alice:credential.upsert", "application/xml", c)
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)
	statusInfo(t, resp, body, api.MinorInvalidData)
}

// TestScopes: no token is 401 with WWW-Authenticate, a token without the
// operation's scope 403; owners see only their own credentials.
func TestScopes(t *testing.T) {
	s := newAPI(t, nil)
	resp, body := s.do(t, "GET", "/credentials", "", "", "")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("WWW-Authenticate"), "Bearer")
	statusInfo(t, resp, body, api.MinorUnauthorized)
	for _, tc := range []struct{ method, path, token string }{
		{"GET", "/credentials", "alice:credential.upsert"},
		{"POST", "/credentials", "alice:credential.readonly"},
		{"GET", "/profile", "alice:credential.readonly,profile.update"},
		{"PUT", "/profile", "alice:profile.readonly"},
	} {
		resp, body := s.do(t, tc.method, tc.path, tc.token, "application/json", credential(1, t0))
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "%s %s", tc.method, tc.path)
		statusInfo(t, resp, body, api.MinorForbidden)
	}
	resp, _ = s.do(t, "POST", "/credentials", "alice:all", "application/json", credential(1, t0))
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	resp, body = s.do(t, "GET", "/credentials", "bob:all", "", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "0", resp.Header.Get("X-Total-Count"))
	assert.JSONEq(t, `{}`, string(body))
}

// TestProfile: 404 before one is put, then the profile as put; a body
// that is no Profile is 400.
func TestProfile(t *testing.T) {
	s := newAPI(t, nil)
	resp, body := s.do(t, "GET", "/profile", "alice:all", "", "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	statusInfo(t, resp, body, api.MinorNotFound)
	p := `{"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "Example College"}`
	resp, body = s.do(t, "PUT", "/profile", "alice:all", "application/json", p)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	assert.JSONEq(t, p, string(body))
	resp, body = s.do(t, "GET", "/profile", "alice:profile.readonly", "", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, p, string(body))
	for _, bad := range []string{`{"type": ["Profile"]}`, `{"id": "https://example.edu/1", "type": "Achievement"}`, `[]`, `{`} {
		resp, body := s.do(t, "PUT", "/profile", "alice:all", "application/json", bad)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, bad)
		statusInfo(t, resp, body, api.MinorInvalidData)
	}
}

// TestDiscovery: the service description needs no token, names the
// registration URL, the flows and every scope, and answers If-None-Match.
func TestDiscovery(t *testing.T) {
	s := newAPI(t, nil)
	resp, body := s.do(t, "GET", "/discovery", "", "", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var sdd struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Title, TermsOfService string
			Privacy               string `json:"x-imssf-privacyPolicyUrl"`
		} `json:"info"`
		Components struct {
			SecuritySchemes struct {
				OAuth2ACG struct {
					Type         string `json:"type"`
					Registration string `json:"x-imssf-registrationUrl"`
					Flows        struct {
						AuthorizationCode struct {
							AuthorizationURL string            `json:"authorizationUrl"`
							TokenURL         string            `json:"tokenUrl"`
							RefreshURL       string            `json:"refreshUrl"`
							Scopes           map[string]string `json:"scopes"`
						} `json:"authorizationCode"`
					} `json:"flows"`
				}
			} `json:"securitySchemes"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(body, &sdd))
	assert.Equal(t, "3.0.1", sdd.OpenAPI)
	assert.Equal(t, "Test host", sdd.Info.Title)
	assert.Equal(t, "https://example.org/privacy", sdd.Info.Privacy)
	acg := sdd.Components.SecuritySchemes.OAuth2ACG
	assert.Equal(t, "oauth2", acg.Type)
	assert.Equal(t, "https://example.org/register", acg.Registration)
	assert.Equal(t, "https://example.org/authorize", acg.Flows.AuthorizationCode.AuthorizationURL)
	assert.Equal(t, "https://example.org/token", acg.Flows.AuthorizationCode.TokenURL)
	for _, sc := range std.Scopes() {
		assert.Contains(t, acg.Flows.AuthorizationCode.Scopes, sc)
	}
	etag := resp.Header.Get("ETag")
	require.NotEmpty(t, etag)
	assert.Contains(t, resp.Header.Get("Cache-Control"), "max-age=")
	for _, inm := range []string{etag, `"x", W/` + etag, "*"} {
		req, _ := http.NewRequest("GET", s.URL+std.BasePath+"/discovery", nil)
		req.Header.Set("If-None-Match", inm)
		r2, err := s.Client().Do(req)
		require.NoError(t, err)
		r2.Body.Close()
		assert.Equal(t, http.StatusNotModified, r2.StatusCode, inm)
	}
}

// TestErrors: unknown paths, other methods and bodies over the limit get
// their status with an Imsx_StatusInfo.
func TestErrors(t *testing.T) {
	s := newAPI(t, func(o *api.Options) { o.MaxBodyBytes = 1 << 10 })
	resp, body := s.do(t, "GET", "/elsewhere", "alice:all", "", "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	statusInfo(t, resp, body, api.MinorNotFound)
	resp, body = s.do(t, "DELETE", "/credentials", "alice:all", "", "")
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	assert.Equal(t, "GET, POST", resp.Header.Get("Allow"))
	statusInfo(t, resp, body, api.MinorNotAllowed)
	resp, body = s.do(t, "POST", "/credentials", "alice:all", "application/json", `{"x": "`+strings.Repeat("a", 2<<10)+`"}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	statusInfo(t, resp, body, api.MinorInvalidData)
}

// TestNewHandlerRefuses: options a handler cannot serve with.
func TestNewHandlerRefuses(t *testing.T) {
	ok := api.Options{Standard: std, Store: api.NewMemoryStore(), Authorizer: tokens, Discovery: api.Discovery{TermsOfService: "https://e.org/t",
		PrivacyPolicyURL: "https://e.org/p", RegistrationURL: "https://e.org/r", AuthorizationURL: "https://e.org/a", TokenURL: "https://e.org/t"}}
	_, err := api.NewHandler(ok)
	require.NoError(t, err)
	for name, edit := range map[string]func(*api.Options){
		"no store":         func(o *api.Options) { o.Store = nil },
		"no authorizer":    func(o *api.Options) { o.Authorizer = nil },
		"base path":        func(o *api.Options) { o.Standard.BasePath = "ims/ob" },
		"no types":         func(o *api.Options) { o.Standard.CredentialTypes = nil },
		"relative token":   func(o *api.Options) { o.Discovery.TokenURL = "/token" },
		"no registration":  func(o *api.Options) { o.Discovery.RegistrationURL = "" },
		"trailing slash":   func(o *api.Options) { o.Standard.BasePath = "/ims/ob/" },
		"no scope prefix":  func(o *api.Options) { o.Standard.ScopePrefix = "" },
		"no privacy":       func(o *api.Options) { o.Discovery.PrivacyPolicyURL = "" },
		"no authorization": func(o *api.Options) { o.Discovery.AuthorizationURL = "x" },
	} {
		o := ok
		o.Standard.CredentialTypes = append([]string(nil), ok.Standard.CredentialTypes...)
		edit(&o)
		_, err := api.NewHandler(o)
		assert.Error(t, err, name)
	}
}

// TestPagingLinks: links step from the request's offset and reach last
// exactly; prev stays within the pages; offsets past the end or too large
// for a sum give sane links; PublicURL and since go into them.
func TestPagingLinks(t *testing.T) {
	s := newAPI(t, func(o *api.Options) { o.PublicURL = "https://api.example.edu" })
	for i := range 30 {
		resp, _ := s.do(t, "POST", "/credentials", "alice:all", "application/json", credential(i, t0.Add(time.Duration(i)*time.Hour)))
		require.Equal(t, http.StatusCreated, resp.StatusCode)
	}
	linkRE := regexp.MustCompile(`<([^>]+)>; rel="(\w+)"`)
	rels := func(query string) map[string]string {
		t.Helper()
		resp, body := s.do(t, "GET", "/credentials?"+query, "alice:credential.readonly", "", "")
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
		out := map[string]string{}
		for _, m := range linkRE.FindAllStringSubmatch(resp.Header.Get("Link"), -1) {
			out[m[2]] = m[1]
		}
		return out
	}
	base := "https://api.example.edu" + std.BasePath + "/credentials?"
	got := rels("limit=10&offset=5")
	assert.Equal(t, base+"limit=10&offset=15", got["next"])
	assert.Equal(t, base+"limit=10&offset=25", got["last"], "reachable from offset 5 by steps of 10")
	assert.Equal(t, base+"limit=10&offset=0", got["prev"])
	assert.Equal(t, base+"limit=10&offset=0", got["first"])
	got = rels("limit=10&offset=25")
	assert.NotContains(t, got, "next")
	assert.Equal(t, base+"limit=10&offset=15", got["prev"])
	got = rels("limit=10&offset=40")
	assert.NotContains(t, got, "next")
	assert.Equal(t, base+"limit=10&offset=20", got["last"])
	assert.Equal(t, got["last"], got["prev"], "past the end, prev is the last page")
	got = rels("limit=10&offset=9223372036854775807")
	assert.NotContains(t, got, "next")
	for _, u := range got {
		assert.NotContains(t, u, "offset=-", "no overflow")
	}
	since := t0.Add(10 * time.Hour).Format(time.RFC3339)
	got = rels("limit=5&since=" + since)
	assert.Contains(t, got["next"], "since="+strings.ReplaceAll(since, ":", "%3A"))
}

// TestAuthorizerFailure: an Authorizer that fails on its own (not an
// *Error) is a 500, not a 401 that would send the client to log in again.
func TestAuthorizerFailure(t *testing.T) {
	s := newAPI(t, func(o *api.Options) {
		o.Authorizer = api.AuthorizerFunc(func(*http.Request, string) (string, error) {
			return "", fmt.Errorf("token store: connection refused")
		})
	})
	resp, body := s.do(t, "GET", "/credentials", "alice:all", "", "")
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	statusInfo(t, resp, body, api.MinorInternalServerError)
	assert.NotContains(t, string(body), "connection refused")
}
