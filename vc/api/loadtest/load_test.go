//go:build clrkit_load

package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/clrkit/clrkit/internal/sqldb/pg/pgtest"
	"github.com/clrkit/clrkit/vc/api"
	"github.com/clrkit/clrkit/vc/api/oauth"
	"github.com/clrkit/clrkit/vc/api/oauth/oauthtest"
	oauthpg "github.com/clrkit/clrkit/vc/api/oauth/pgstore"
	"github.com/clrkit/clrkit/vc/api/pgstore"
	"github.com/clrkit/clrkit/vc/api/sqlitestore"
)

var std = api.Standard{Name: "OpenBadgeCredentials", Version: "3.0", BasePath: "/ims/ob/v3p0",
	ScopePrefix: "https://purl.imsglobal.org/spec/ob/v3p0/scope/", CredentialTypes: []string{"OpenBadgeCredential"}}

func duration(t *testing.T) time.Duration {
	if v := os.Getenv("CLRKIT_LOAD_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("CLRKIT_LOAD_DURATION: %v", err)
		}
		return d
	}
	return 60 * time.Second
}

// TestLoadPostgres: four servers, each with the API and the OAuth 2.0
// server, on one database; the clients hold one access token, from a
// login at the first server, which every server checks in the shared
// records.
func TestLoadPostgres(t *testing.T) {
	dsn := pgtest.Database(t)
	var servers []*httptest.Server
	for range 4 { // four servers, each with its own connections
		s, err := pgstore.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		records, err := oauthpg.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { records.Close() })
		servers = append(servers, apiServer(t, s, records))
	}
	run(t, servers, login(t, servers[0]))
}

func TestLoadSQLite(t *testing.T) {
	s, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	srv := apiServer(t, s, nil)
	run(t, []*httptest.Server{srv}, login(t, srv))
}

// apiServer serves the API and its OAuth 2.0 server (records in memory
// when nil) over TLS on loopback.
func apiServer(t *testing.T, s api.Store, records *oauth.Records) *httptest.Server {
	var h http.Handler
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	as, err := oauth.NewServer(oauth.Options{Issuer: srv.URL, Scopes: std.Scopes(), Records: records, AllowLoopbackRedirects: true,
		Accounts: oauth.AccountsFunc(func(_ context.Context, user, password string) (string, error) {
			if user == "load" && password == "load" {
				return "load", nil
			}
			return "", fmt.Errorf("no")
		})})
	if err != nil {
		t.Fatal(err)
	}
	apiH, err := api.NewHandler(api.Options{Standard: std, Store: s, Authorizer: as.Authorizer(),
		Discovery: as.Discovery(api.Discovery{TermsOfService: srv.URL + "/t", PrivacyPolicyURL: srv.URL + "/p"})})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(std.BasePath+"/", apiH)
	mux.Handle("/", as.Handler())
	h = mux
	return srv
}

// login registers a client at srv and signs the user in through the login
// page, with PKCE, and returns the access token.
func login(t *testing.T, srv *httptest.Server) string {
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, srv.Client())
	disc, err := api.NewClient(srv.URL, std, api.ClientOptions{HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	ep, err := disc.Endpoints(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lb, err := api.NewLoopback()
	if err != nil {
		t.Fatal(err)
	}
	defer lb.Close()
	rc, err := api.Register(ctx, srv.Client(), ep.Registration, api.Registration{ClientName: "Load", ClientURI: "https://load.example",
		LogoURI: "https://load.example/l.png", TOSURI: "https://load.example/t", PolicyURI: "https://load.example/p", SoftwareID: "load",
		SoftwareVersion: "1", RedirectURIs: []string{lb.URI}, Scope: strings.Join(std.Scopes(), " ")})
	if err != nil {
		t.Fatal(err)
	}
	cfg := api.OAuthConfig(ep, rc, lb.URI, std.Scopes())
	tok, err := api.Authorize(ctx, cfg, oauthtest.Browser(srv.Client().Transport, srv.URL, "load", "load", "allow"), lb.Wait)
	if err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

type bearer struct {
	token string
	next  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.next.RoundTrip(r)
}

// run drives 16 clients against the servers in turn, with the access
// token: each upserts new credentials, now and then a newer version of one
// of its earlier ones, and lists a page; all of them to one owner.
func run(t *testing.T, servers []*httptest.Server, token string) {
	var urls []string
	for _, s := range servers {
		urls = append(urls, s.URL)
	}
	tlsTransport := servers[0].Client().Transport.(*http.Transport)
	ctx := context.Background()
	deadline := time.Now().Add(duration(t))
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	type result struct {
		created map[string]time.Time // id → newest validFrom acknowledged
		upserts []time.Duration
		lists   []time.Duration
		err     error
	}
	results := make([]result, 16)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			res := &results[g]
			res.created = map[string]time.Time{}
			transport := tlsTransport.Clone()
			transport.MaxIdleConnsPerHost = 4
			var clients []*api.Client
			for _, u := range urls {
				c, err := api.NewClient(u, std, api.ClientOptions{HTTPClient: &http.Client{Transport: bearer{token, transport}, Timeout: 30 * time.Second},
					Retry: api.RetryTransient, Sleep: func(context.Context, time.Duration) error { return nil }})
				if err != nil {
					res.err = err
					return
				}
				clients = append(clients, c)
			}
			for i := 0; time.Now().Before(deadline); i++ {
				c := clients[i%len(clients)]
				id := fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%04d%08d", g, i)
				when := t0.Add(time.Duration(i) * time.Second)
				if i%5 == 4 { // a newer version of an earlier one
					id = fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%04d%08d", g, i/2)
					when = t0.Add(time.Duration(i) * time.Hour)
				}
				body, _ := json.Marshal(map[string]any{"@context": []string{"https://www.w3.org/ns/credentials/v2"}, "id": id,
					"type": []string{"VerifiableCredential", "OpenBadgeCredential"}, "issuer": "did:example:issuer",
					"validFrom": when.Format(time.RFC3339), "credentialSubject": map[string]any{"id": "did:example:learner"}})
				start := time.Now()
				out, err := c.Upsert(ctx, body)
				res.upserts = append(res.upserts, time.Since(start))
				if err != nil {
					res.err = fmt.Errorf("upsert %s: %w", id, err)
					return
				}
				if out != api.NotNewer && when.After(res.created[id]) {
					res.created[id] = when
				}
				if i%10 == 9 {
					start := time.Now()
					if _, err := c.CredentialsPage(ctx, api.Query{Limit: 50, Offset: i}, ""); err != nil {
						res.err = fmt.Errorf("list: %w", err)
						return
					}
					res.lists = append(res.lists, time.Since(start))
				}
			}
		})
	}
	wg.Wait()
	want := map[string]time.Time{}
	var upserts, lists []time.Duration
	for g, r := range results {
		if r.err != nil {
			t.Fatalf("client %d: %v", g, r.err)
		}
		for id, when := range r.created {
			want[id] = when
		}
		upserts = append(upserts, r.upserts...)
		lists = append(lists, r.lists...)
	}

	// Every credential acknowledged is held once, at its newest version.
	c, err := api.NewClient(urls[0], std, api.ClientOptions{HTTPClient: &http.Client{Transport: bearer{token, tlsTransport}}})
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]time.Time{}
	for cred, err := range c.Credentials(ctx, api.Query{Limit: 1000}) {
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			ID        string `json:"id"`
			ValidFrom string `json:"validFrom"`
		}
		if err := json.Unmarshal(cred, &doc); err != nil {
			t.Fatal(err)
		}
		if _, dup := held[doc.ID]; dup {
			t.Fatalf("%s is held twice", doc.ID)
		}
		held[doc.ID], _ = time.Parse(time.RFC3339, doc.ValidFrom)
	}
	if len(held) != len(want) {
		t.Fatalf("%d credentials held, %d acknowledged", len(held), len(want))
	}
	for id, when := range want {
		if !held[id].Equal(when) {
			t.Fatalf("%s: held from %v, the newest acknowledged is from %v", id, held[id], when)
		}
	}
	t.Logf("%d servers, 16 clients, %s: %d upserts (p50 %s, p99 %s, max %s), %d pages of 50 (p50 %s, p99 %s), %d credentials held",
		len(urls), duration(t), len(upserts), pct(upserts, 50), pct(upserts, 99), pct(upserts, 100), len(lists), pct(lists, 50), pct(lists, 99), len(held))
}

// pct returns the p-th percentile of ds.
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))].Round(10 * time.Microsecond)
}
