package oauth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/clrkit/clrkit/vc/api"
)

// Accounts checks users' credentials for the built-in login page.
type Accounts interface {
	// Authenticate returns the account (the owner whose credentials a
	// token reaches) for a user name and password, or an error.
	Authenticate(ctx context.Context, username, password string) (owner string, err error)
}

// AccountsFunc is Accounts from a function.
type AccountsFunc func(ctx context.Context, username, password string) (string, error)

// Authenticate calls f.
func (f AccountsFunc) Authenticate(ctx context.Context, u, p string) (string, error) {
	return f(ctx, u, p)
}

// Options configure a Server.
type Options struct {
	// Issuer is the server's public URL (https; the endpoints are under
	// it). Required.
	Issuer string
	// Scopes are those clients may register for and ask (the APIs').
	// Required.
	Scopes []string
	// Accounts checks the built-in login page's users. Required unless the
	// host completes logins itself (Complete).
	Accounts Accounts
	// AllowLoopbackRedirects lets clients register http redirect URIs on
	// a loopback address (RFC 8252, for programs on the user's machine);
	// otherwise every URL must be https.
	AllowLoopbackRedirects bool
	// Insecure allows an http Issuer, for tests on loopback only.
	Insecure bool
	// AccessTokenLifetime is how long an access token lasts (default an
	// hour).
	AccessTokenLifetime time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Records keeps the clients, authorizations, tokens and the server's
	// keys: in memory when nil (a restart signs everyone out); in a
	// database shared by several servers, which then accept each other's
	// tokens (vc/api/oauth/sqlitestore, vc/api/oauth/pgstore).
	Records *Records
}

// Registered is a client as registered: its id and the metadata it sent.
type Registered struct {
	ClientID         string `json:"client_id"`
	ClientIDIssuedAt int64  `json:"client_id_issued_at"`
	api.Registration
}

// Server is the authorization server.
type Server struct {
	opts     Options
	csrfKey  [32]byte
	store    backend
	provider *op.Provider
	mux      *http.ServeMux
	callback func(context.Context, string) string
}

// Paths of the endpoints, under the Issuer.
const (
	PathRegister  = "/register"
	PathAuthorize = "/authorize"
	PathToken     = "/oauth/token"
	PathRevoke    = "/revoke"
	PathLogin     = "/login"
)

// NewServer returns a Server.
func NewServer(opts Options) (*Server, error) {
	if opts.Issuer == "" || len(opts.Scopes) == 0 {
		return nil, errors.New("oauth: a Server needs its Issuer and Scopes")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.AccessTokenLifetime <= 0 {
		opts.AccessTokenLifetime = time.Hour
	}
	records := opts.Records
	if records == nil {
		records = MemoryRecords()
	}
	s := &Server{opts: opts, store: records.b}
	s.store.setup(settings{now: opts.Now, lifetime: opts.AccessTokenLifetime, codeLife: 10 * time.Minute, refreshLife: 30 * 24 * time.Hour,
		loginURL: func(id string) string { return PathLogin + "?authRequestID=" + url.QueryEscape(id) }})
	keys, err := s.store.keys(context.Background())
	if err != nil {
		return nil, fmt.Errorf("oauth: the server's keys: %w", err)
	}
	cryptoKey := keys.crypto
	s.csrfKey = keys.csrf
	cfg := &op.Config{CryptoKey: cryptoKey, CodeMethodS256: true, GrantTypeRefreshToken: true}
	// AES-GCM only: the provider's default also decrypts with
	// unauthenticated AES-CFB, which takes any string for a token.
	popts := []op.Option{op.WithCrypto(op.NewAES256GCMCrypto(cryptoKey, "k1"))}
	if opts.Insecure {
		popts = append(popts, op.WithAllowInsecure())
	}
	popts = append(popts, op.WithCustomAuthEndpoint(op.NewEndpoint(strings.TrimPrefix(PathAuthorize, "/"))),
		op.WithCustomTokenEndpoint(op.NewEndpoint(strings.TrimPrefix(PathToken, "/"))),
		op.WithCustomRevocationEndpoint(op.NewEndpoint(strings.TrimPrefix(PathRevoke, "/"))))
	s.provider, err = op.NewProvider(cfg, s.store, op.StaticIssuer(opts.Issuer), popts...)
	if err != nil {
		return nil, fmt.Errorf("oauth: %w", err)
	}
	s.callback = op.AuthCallbackURL(s.provider)
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST "+PathRegister, s.register)
	s.mux.HandleFunc(PathLogin, s.login)
	s.mux.Handle("/", s.provider)
	return s, nil
}

// Handler serves the endpoints: PathRegister, PathAuthorize (and its
// callback), PathToken, PathRevoke, PathLogin, and the provider's
// discovery documents.
func (s *Server) Handler() http.Handler { return s.mux }

// Discovery fills the parts of an api.Discovery that name this server.
func (s *Server) Discovery(d api.Discovery) api.Discovery {
	base := strings.TrimSuffix(s.opts.Issuer, "/")
	d.RegistrationURL, d.AuthorizationURL, d.TokenURL, d.RefreshURL = base+PathRegister, base+PathAuthorize, base+PathToken, base+PathToken
	return d
}

// Authorizer checks the access tokens this server issued: a live token
// carrying the scope, for its owner (401 otherwise, 403 without the
// scope).
func (s *Server) Authorizer() api.Authorizer {
	return api.AuthorizerFunc(func(r *http.Request, scope string) (string, error) {
		scheme, raw, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		raw = strings.TrimSpace(raw)
		if !strings.EqualFold(scheme, "Bearer") || raw == "" { // RFC 6750: the scheme is case-insensitive
			return "", api.Failure(http.StatusUnauthorized, api.MinorUnauthorized, "no access token")
		}
		plain, err := s.provider.Crypto().Decrypt(raw)
		id, subject, found := strings.Cut(plain, ":")
		if err != nil || !found || id == "" || strings.Contains(subject, ":") {
			return "", api.Failure(http.StatusUnauthorized, api.MinorUnauthorized, "the access token is not one this server issued")
		}
		t, err := s.store.access(r.Context(), id)
		if err != nil {
			return "", err // the records failed: not the client's fault
		}
		if t == nil || t.subject != subject {
			return "", api.Failure(http.StatusUnauthorized, api.MinorUnauthorized, "the access token has expired or was revoked")
		}
		if !slices.Contains(t.scopes, scope) {
			return "", api.Failure(http.StatusForbidden, api.MinorForbidden, "the access token does not carry the scope %s", scope)
		}
		return t.subject, nil
	})
}

// oauthError writes an RFC 6749 / 7591 error.
func oauthError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": description})
}

// register is RFC 7591 dynamic client registration, with no initial
// access token: every member the APIs require, https URLs on one host
// (loopback http redirect URIs when allowed), scopes among the server's.
func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	var req struct {
		api.Registration
		TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
		GrantTypes              []string `json:"grant_types"`
		ResponseTypes           []string `json:"response_types"`
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil || json.Unmarshal(body, &req) != nil {
		oauthError(w, http.StatusBadRequest, "invalid_client_metadata", "the body is not the JSON client metadata")
		return
	}
	if err := s.checkRegistration(&req.Registration); err != nil {
		code := "invalid_client_metadata"
		if strings.Contains(err.Error(), "redirect") {
			code = "invalid_redirect_uri"
		}
		oauthError(w, http.StatusBadRequest, code, err.Error())
		return
	}
	switch {
	case req.TokenEndpointAuthMethod != "" && req.TokenEndpointAuthMethod != "client_secret_basic":
		oauthError(w, http.StatusBadRequest, "invalid_client_metadata", "token_endpoint_auth_method: this server takes client_secret_basic")
		return
	case slices.ContainsFunc(req.GrantTypes, func(g string) bool { return g != "authorization_code" && g != "refresh_token" }):
		oauthError(w, http.StatusBadRequest, "invalid_client_metadata", "grant_types: authorization_code and refresh_token only")
		return
	case slices.ContainsFunc(req.ResponseTypes, func(t string) bool { return t != "code" }):
		oauthError(w, http.StatusBadRequest, "invalid_client_metadata", "response_types: code only")
		return
	}
	c := &client{Registered: Registered{ClientID: randomID(), ClientIDIssuedAt: s.opts.Now().Unix(), Registration: req.Registration},
		secret: randomID(), allowed: strings.Fields(req.Scope)}
	switch err := s.store.addClient(r.Context(), c); {
	case errors.Is(err, errFull):
		oauthError(w, http.StatusServiceUnavailable, "temporarily_unavailable", "this server holds as many clients as it takes")
		return
	case err != nil:
		oauthError(w, http.StatusInternalServerError, "server_error", "the client could not be kept")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(struct {
		Registered
		ClientSecret            string   `json:"client_secret"`
		ClientSecretExpiresAt   int64    `json:"client_secret_expires_at"`
		TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
		GrantTypes              []string `json:"grant_types"`
		ResponseTypes           []string `json:"response_types"`
	}{c.Registered, c.secret, 0, "client_secret_basic", []string{"authorization_code", "refresh_token"}, []string{"code"}})
}

// maxClients bounds the clients registered (registration needs no
// token); maxField the length of each string of the metadata, and
// maxRedirects the redirect URIs of one client.
const (
	maxClients   = 10_000
	maxField     = 2048
	maxRedirects = 10
)

func (s *Server) checkRegistration(reg *api.Registration) error {
	fields := append([]string{reg.ClientName, reg.ClientURI, reg.LogoURI, reg.TOSURI, reg.PolicyURI, reg.SoftwareID, reg.SoftwareVersion, reg.Scope},
		append(reg.RedirectURIs, reg.Contacts...)...)
	for _, f := range fields {
		if len(f) > maxField {
			return fmt.Errorf("a member is longer than %d bytes", maxField)
		}
	}
	if len(reg.RedirectURIs) > maxRedirects || len(reg.Contacts) > maxRedirects {
		return fmt.Errorf("more than %d redirect_uris or contacts", maxRedirects)
	}
	required := map[string]string{"client_name": reg.ClientName, "client_uri": reg.ClientURI, "logo_uri": reg.LogoURI,
		"tos_uri": reg.TOSURI, "policy_uri": reg.PolicyURI, "software_id": reg.SoftwareID, "software_version": reg.SoftwareVersion, "scope": reg.Scope}
	for _, name := range []string{"client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri", "software_id", "software_version", "scope"} {
		if strings.TrimSpace(required[name]) == "" {
			return fmt.Errorf("%s is required", name)
		}
	}
	if len(reg.RedirectURIs) == 0 {
		return errors.New("redirect_uris is required")
	}
	host := ""
	for _, name := range []string{"client_uri", "logo_uri", "tos_uri", "policy_uri"} {
		u, err := url.Parse(required[name])
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return fmt.Errorf("%s %q is not an https URL", name, required[name])
		}
		if host == "" {
			host = u.Hostname()
		} else if u.Hostname() != host {
			return fmt.Errorf("%s is on %s, client_uri on %s: the URLs must be on one host", name, u.Hostname(), host)
		}
	}
	for _, ru := range reg.RedirectURIs {
		u, err := url.Parse(ru)
		switch {
		case err != nil || u.Host == "" || u.Fragment != "":
			return fmt.Errorf("redirect URI %q is not an absolute URL without a fragment", ru)
		case u.Scheme == "https" && u.Hostname() == host:
		case u.Scheme == "http" && s.opts.AllowLoopbackRedirects && isLoopback(u.Hostname()):
		case u.Scheme == "http" && isLoopback(u.Hostname()):
			return fmt.Errorf("redirect URI %q: this server does not take loopback redirects", ru)
		default:
			return fmt.Errorf("redirect URI %q must be https on %s", ru, host)
		}
	}
	for _, sc := range strings.Fields(reg.Scope) {
		if !slices.Contains(s.opts.Scopes, sc) {
			return fmt.Errorf("scope %q is not one this server grants", sc)
		}
	}
	return nil
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// Complete tells the server that the user of an authorization request has
// signed in as owner and agreed, and sends the browser on to finish it:
// what a host's own login page calls.
func (s *Server) Complete(w http.ResponseWriter, r *http.Request, authRequestID, owner string) {
	if err := s.store.complete(authRequestID, owner); err != nil {
		http.Error(w, "unknown or finished authorization request", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, s.callback(op.ContextWithIssuer(r.Context(), s.opts.Issuer), authRequestID), http.StatusFound)
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; background: #f4f5f7; margin: 0; }
main { max-width: 26rem; margin: 3rem auto; padding: 1.5rem 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
h1 { font-size: 1.35rem; margin-top: 0; }
ul { padding-left: 1.2rem; color: #333; }
li small { display: block; color: #666; font-size: .75rem; word-break: break-all; }
label { display: block; margin: .8rem 0 .2rem; font-weight: 600; }
input { display: block; width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #999; border-radius: 4px; }
button { margin: 1.2rem .5rem 0 0; padding: .5rem 1.2rem; font: inherit; border-radius: 4px; border: 1px solid #1d4ed8; background: #1d4ed8; color: #fff; }
button[value="deny"] { background: #fff; color: #1d4ed8; }
[role="alert"] { color: #b00020; }
</style></head>
<body><main>
<h1>Sign in to share your records</h1>
<p><strong>{{.Client}}</strong>{{if .Site}} ({{.Site}}){{end}} asks to:</p>
<ul>{{range .Scopes}}<li>{{.Text}}<small>{{.URI}}</small></li>{{end}}</ul>
{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="authRequestID" value="{{.ID}}">
<input type="hidden" name="csrf" value="{{.CSRF}}">
<label for="username">User name</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</form></main></body></html>`))

// scopeLine is a scope as the consent page shows it.
type scopeLine struct{ Text, URI string }

// scopeText says what a scope allows, for the consent page.
func scopeText(scope string) scopeLine {
	for suffix, text := range map[string]string{
		api.ScopeCredentialRead: "Read your credentials", api.ScopeCredentialUpsert: "Add and update your credentials",
		api.ScopeProfileRead: "Read your profile", api.ScopeProfileUpdate: "Update your profile"} {
		if strings.HasSuffix(scope, "/"+suffix) {
			return scopeLine{text, scope}
		}
	}
	return scopeLine{scope, ""}
}

// csrf is a token bound to the authorization request, so that a login
// form cannot be posted from another site for a request it did not see.
func (s *Server) csrf(id string) string {
	m := hmac.New(sha256.New, s.csrfKey[:])
	m.Write([]byte(id))
	return fmt.Sprintf("%x", m.Sum(nil)[:16])
}

// login is the built-in login and consent page.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Referrer-Policy", "no-referrer") // the request id is in the URL
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	id := r.Form.Get("authRequestID")
	a, ok := s.store.request(id)
	if !ok || a.done {
		http.Error(w, "unknown or finished authorization request", http.StatusBadRequest)
		return
	}
	// form-action covers the redirects after the form is sent too: the
	// one to the client's redirect URI must be allowed, or browsers stop
	// there (the headless Chromium test found it).
	formAction := "'self'"
	if u, err := url.Parse(a.redirectURI); err == nil && u.Host != "" {
		formAction += " " + u.Scheme + "://" + u.Host
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; form-action "+formAction+"; style-src 'unsafe-inline'")
	show := func(status int, msg, nonce string) {
		c, _ := s.store.GetClientByClientID(r.Context(), a.clientID)
		name, site := a.clientID, ""
		if cl, ok := c.(*client); ok {
			name = cl.ClientName
			if u, err := url.Parse(cl.ClientURI); err == nil {
				site = u.Host // what the user can check: the name is the client's own claim
			}
		}
		if u, err := url.Parse(a.redirectURI); err == nil && u.Host != site {
			site = strings.TrimPrefix(site+", returning to "+u.Host, ", ")
		}
		if nonce != "" {
			// The form is good only in the browser that loaded it.
			http.SetCookie(w, &http.Cookie{Name: "clrkit_login", Value: nonce, Path: PathLogin, HttpOnly: true,
				Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: 600})
		}
		var scopes []scopeLine
		for _, sc := range a.scopes {
			if sc != "offline_access" {
				scopes = append(scopes, scopeText(sc))
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		loginPage.Execute(w, map[string]any{"Client": name, "Site": site, "Scopes": scopes, "Error": msg, "ID": id, "CSRF": s.csrf(id), "Action": PathLogin})
	}
	if r.Method != http.MethodPost {
		// The first browser to open the page holds the request; it may
		// load it again (a reload), no other browser may.
		nonce := a.loginNonce
		if nonce == "" {
			nonce = s.store.newLoginNonce(id)
		} else if c, err := r.Cookie("clrkit_login"); err != nil || !hmac.Equal([]byte(c.Value), []byte(nonce)) {
			nonce = ""
		}
		if nonce == "" {
			http.Error(w, "this authorization's login page is open in another browser", http.StatusBadRequest)
			return
		}
		show(http.StatusOK, "", nonce)
		return
	}
	cookie, err := r.Cookie("clrkit_login")
	if !hmac.Equal([]byte(r.Form.Get("csrf")), []byte(s.csrf(id))) || err != nil || a.loginNonce == "" ||
		!hmac.Equal([]byte(cookie.Value), []byte(a.loginNonce)) {
		http.Error(w, "the form is not the one this browser was given", http.StatusForbidden)
		return
	}
	if r.Form.Get("decision") != "allow" {
		op.AuthRequestError(w, r, &a, oidc.ErrAccessDenied().WithDescription("the user denied the request"), s.provider)
		return
	}
	if s.opts.Accounts == nil {
		http.Error(w, "this server signs users in elsewhere", http.StatusNotFound)
		return
	}
	owner, err := s.opts.Accounts.Authenticate(r.Context(), r.Form.Get("username"), r.Form.Get("password"))
	if err != nil || owner == "" {
		show(http.StatusUnauthorized, "The user name or password is not right.", "")
		return
	}
	s.Complete(w, r, id, owner)
}
