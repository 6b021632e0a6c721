package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Registration is the client metadata a consumer registers with (RFC 7591
// dynamic client registration), with every member the OB 3.0 and CLR 2.0
// APIs require.
type Registration struct {
	ClientName      string   `json:"client_name"`
	ClientURI       string   `json:"client_uri"`
	LogoURI         string   `json:"logo_uri"`
	TOSURI          string   `json:"tos_uri"`
	PolicyURI       string   `json:"policy_uri"`
	SoftwareID      string   `json:"software_id"`
	SoftwareVersion string   `json:"software_version"`
	RedirectURIs    []string `json:"redirect_uris"`
	// Scope is the space-separated scopes asked for.
	Scope    string   `json:"scope"`
	Contacts []string `json:"contacts,omitempty"`
}

// RegisteredClient is what the registration endpoint answers: the client
// id and secret (used with HTTP Basic authentication at the token
// endpoint) and the metadata as registered.
type RegisteredClient struct {
	ClientID              string `json:"client_id"`
	ClientSecret          string `json:"client_secret"`
	ClientIDIssuedAt      int64  `json:"client_id_issued_at,omitempty"`
	ClientSecretExpiresAt int64  `json:"client_secret_expires_at,omitempty"`
	Registration
}

// check reports the first required member missing, or a URL that is not
// https (redirect URIs may be loopback http, RFC 8252).
func (r *Registration) check() error {
	for name, v := range map[string]string{"client_name": r.ClientName, "client_uri": r.ClientURI, "logo_uri": r.LogoURI,
		"tos_uri": r.TOSURI, "policy_uri": r.PolicyURI, "software_id": r.SoftwareID, "software_version": r.SoftwareVersion, "scope": r.Scope} {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("api: registration: %s is required", name)
		}
	}
	if len(r.RedirectURIs) == 0 {
		return errors.New("api: registration: redirect_uris is required")
	}
	return nil
}

// Register registers a client at registrationURL (the service
// description's x-imssf-registrationUrl; no initial access token) and
// returns the client as registered. The request asks for the
// authorization_code and refresh_token grants, response type code, and
// client_secret_basic.
func Register(ctx context.Context, client *http.Client, registrationURL string, reg Registration) (*RegisteredClient, error) {
	if err := reg.check(); err != nil {
		return nil, err
	}
	if client == nil {
		client = http.DefaultClient
	}
	body, err := json.Marshal(struct {
		Registration
		TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
		GrantTypes              []string `json:"grant_types"`
		ResponseTypes           []string `json:"response_types"`
	}{reg, "client_secret_basic", []string{"authorization_code", "refresh_token"}, []string{"code"}})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, registrationURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		var oe struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		_ = json.Unmarshal(data, &oe)
		return nil, fmt.Errorf("api: registration at %s: %d %s %s", registrationURL, resp.StatusCode, oe.Error, oe.Description)
	}
	var rc RegisteredClient
	if err := json.Unmarshal(data, &rc); err != nil || rc.ClientID == "" {
		return nil, fmt.Errorf("api: registration at %s: the answer has no client_id", registrationURL)
	}
	return &rc, nil
}

// OAuthEndpoints are the endpoints a service description names.
type OAuthEndpoints struct {
	Registration, Authorization, Token, Refresh string
	Scopes                                      []string
}

// Endpoints reads the OAuth 2.0 endpoints and scopes from the service
// description (Discover).
func (c *Client) Endpoints(ctx context.Context) (*OAuthEndpoints, error) {
	sdd, err := c.Discover(ctx)
	if err != nil {
		return nil, err
	}
	var d struct {
		Components struct {
			SecuritySchemes struct {
				OAuth2ACG struct {
					Registration string `json:"x-imssf-registrationUrl"`
					Flows        struct {
						AuthorizationCode struct {
							AuthorizationURL string            `json:"authorizationUrl"`
							TokenURL         string            `json:"tokenUrl"`
							RefreshURL       string            `json:"refreshUrl"`
							Scopes           map[string]string `json:"scopes"`
						} `json:"authorizationCode"`
					} `json:"flows"`
				} `json:"OAuth2ACG"`
			} `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(sdd, &d); err != nil {
		return nil, fmt.Errorf("api: the service description: %w", err)
	}
	acg := d.Components.SecuritySchemes.OAuth2ACG
	e := &OAuthEndpoints{Registration: acg.Registration, Authorization: acg.Flows.AuthorizationCode.AuthorizationURL,
		Token: acg.Flows.AuthorizationCode.TokenURL, Refresh: acg.Flows.AuthorizationCode.RefreshURL}
	for s := range acg.Flows.AuthorizationCode.Scopes {
		e.Scopes = append(e.Scopes, s)
	}
	slices.Sort(e.Scopes)
	if e.Registration == "" || e.Authorization == "" || e.Token == "" {
		return nil, errors.New("api: the service description names no OAuth2ACG registration, authorization or token URL")
	}
	// The client's secret and the user's codes go to these: https only.
	for _, u := range []string{e.Registration, e.Authorization, e.Token, e.Refresh} {
		if pu, err := url.Parse(u); u != "" && (err != nil || pu.Scheme != "https" || pu.Host == "") {
			return nil, fmt.Errorf("api: the service description's OAuth endpoint %q is not an https URL", u)
		}
	}
	return e, nil
}

// OAuthConfig is the oauth2.Config of a registered client at endpoints,
// redirecting to redirectURI and asking for scopes.
func OAuthConfig(e *OAuthEndpoints, rc *RegisteredClient, redirectURI string, scopes []string) *oauth2.Config {
	return &oauth2.Config{ClientID: rc.ClientID, ClientSecret: rc.ClientSecret, RedirectURL: redirectURI, Scopes: scopes,
		Endpoint: oauth2.Endpoint{AuthURL: e.Authorization, TokenURL: e.Token, AuthStyle: oauth2.AuthStyleInHeader}}
}

// Authorize runs the authorization code grant with PKCE (S256): it hands
// the authorization URL to open (which shows it to the user, in a
// browser), waits for the redirect with wait (a Loopback's Wait, for
// programs on the user's machine), passes over redirects with another
// state, and exchanges the code, with the code verifier, for a token. The token's refresh token, when there is one, renews it through
// cfg.TokenSource.
func Authorize(ctx context.Context, cfg *oauth2.Config, open func(authURL string) error, wait func(context.Context) (url.Values, error)) (*oauth2.Token, error) {
	verifier := oauth2.GenerateVerifier()
	var b [18]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	state := base64.RawURLEncoding.EncodeToString(b[:])
	if err := open(cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))); err != nil {
		return nil, fmt.Errorf("api: opening the authorization URL: %w", err)
	}
	// A redirect with another state is not this authorization's (another
	// program's, or forged): it is passed over, a few times at most.
	var got url.Values
	for tries := 0; ; tries++ {
		v, err := wait(ctx)
		if err != nil {
			return nil, err
		}
		if v.Get("state") == state {
			got = v
			break
		}
		if tries == 9 {
			return nil, errors.New("api: ten authorization redirects carried another state: refused")
		}
	}
	if e := got.Get("error"); e != "" {
		return nil, fmt.Errorf("api: authorization refused: %s %s", e, got.Get("error_description"))
	}
	code := got.Get("code")
	if code == "" {
		return nil, errors.New("api: the authorization redirect carries no code")
	}
	return cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
}

// Loopback receives the redirect of an authorization on a free port of
// 127.0.0.1 (RFC 8252 section 7.3, for programs on the user's machine).
// Register and send URI; Wait returns the redirects' query parameters as
// they come, so that Authorize can pass over one that is not its own (any
// local program can request the URI). Close it when done.
type Loopback struct {
	// URI is the redirect URI: http://127.0.0.1:PORT/callback.
	URI string
	srv *http.Server
	got chan url.Values
}

// NewLoopback starts listening for redirects.
func NewLoopback() (*Loopback, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	l := &Loopback{URI: "http://" + ln.Addr().String() + "/callback", got: make(chan url.Values, 8)}
	l.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/callback" {
			http.NotFound(w, r)
			return
		}
		select {
		case l.got <- r.URL.Query():
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			io.WriteString(w, "Authorization received: you may close this page.\n")
		default: // a flood: the waiting program is not reading
			http.Error(w, "too many redirects at once", http.StatusServiceUnavailable)
		}
	})}
	go l.srv.Serve(ln)
	return l, nil
}

// Wait returns the query parameters of the next redirect, or the context's
// error when it ends first.
func (l *Loopback) Wait(ctx context.Context) (url.Values, error) {
	select {
	case v := <-l.got:
		return v, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close stops listening.
func (l *Loopback) Close() error { return l.srv.Close() }
