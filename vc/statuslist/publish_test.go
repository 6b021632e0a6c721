package statuslist_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/testkit"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc"
	"github.com/clrkit/clrkit/vc/statuslist"
)

// publishing is an issuer with a Store, publishing its lists over HTTPS on
// loopback with a clock the test moves.
type publishing struct {
	key    *did.KeyFile
	store  *statuslist.MemoryStore
	srv    *httptest.Server
	pub    *statuslist.Publisher
	issuer *statuslist.Issuer
	now    time.Time
}

func newPublishing(t *testing.T) *publishing {
	t.Helper()
	k := testkit.NewKey(t, 1)
	kf, err := did.NewKeyFile(k.Private, did.KeyFileOptions{})
	require.NoError(t, err)
	p := &publishing{key: kf, now: testkit.Now}
	p.store = statuslist.NewMemoryStore(func() time.Time { return p.now })
	mux := http.NewServeMux()
	p.srv = httptest.NewTLSServer(mux)
	t.Cleanup(p.srv.Close)
	base := p.srv.URL + "/status"
	p.pub, err = statuslist.NewPublisher(statuslist.PublisherOptions{Store: p.store, BaseURL: base, Key: kf, Now: func() time.Time { return p.now }})
	require.NoError(t, err)
	mux.Handle("/status/", p.pub)
	p.issuer = &statuslist.Issuer{Store: p.store, ID: kf.Controller, BaseURL: base}
	return p
}

// verifier fetches through the test server's client, on loopback only
// because the test allows it, at the test's clock.
func (p *publishing) verifier(t *testing.T) *vc.Verifier {
	t.Helper()
	v, err := vc.NewVerifier(vc.VerifierOptions{HTTPClient: p.srv.Client(), AllowHosts: []string{"127.0.0.1"}, Now: func() time.Time { return p.now }})
	require.NoError(t, err)
	return v
}

func (p *publishing) credential(id string) []byte {
	return []byte(`{
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  "id": "` + id + `",
  "type": ["VerifiableCredential"],
  "issuer": {"id": "` + p.key.Controller + `", "name": "Example College"},
  "validFrom": "2025-01-01T00:00:00Z",
  "credentialSubject": {"id": "did:example:learner", "name": "Sam"}
}`)
}

// TestEndToEnd: a credential given revocation and suspension entries,
// signed, verifies against the lists the Publisher serves over HTTPS; a
// suspension fails it until it is lifted, a revocation for good, each
// seen once a verifier's cached copy is older than the list's max-age.
func TestEndToEnd(t *testing.T) {
	ctx := context.Background()
	p := newPublishing(t)
	const id = "urn:uuid:7e0d6f4c-1b2a-4e8f-9a55-000000000001"
	unsigned, err := p.issuer.AddStatus(ctx, p.credential(id), statuslist.PurposeRevocation, statuslist.PurposeSuspension)
	require.NoError(t, err)
	signed, err := proof.SignWithKeyFile(ctx, unsigned, p.key, proof.SignOptions{Created: p.now})
	require.NoError(t, err)

	var doc struct {
		CredentialStatus []map[string]string `json:"credentialStatus"`
		Subject          json.RawMessage     `json:"credentialSubject"`
	}
	require.NoError(t, json.Unmarshal(signed, &doc))
	require.Len(t, doc.CredentialStatus, 2)
	assert.JSONEq(t, `{"id": "did:example:learner", "name": "Sam"}`, string(doc.Subject), "the other members are kept")
	for i, purpose := range []string{statuslist.PurposeRevocation, statuslist.PurposeSuspension} {
		assert.Equal(t, purpose, doc.CredentialStatus[i]["statusPurpose"])
		assert.Equal(t, p.srv.URL+"/status/"+purpose+"/1", doc.CredentialStatus[i]["statusListCredential"])
	}

	v := p.verifier(t)
	verify := func(want string) {
		t.Helper()
		r, err := v.Verify(ctx, signed, vc.Expectations{})
		if want == "" {
			testkit.RequireVerified(t, r, err)
			assert.Equal(t, vc.StatusPassed, r.CheckStatus(vc.CheckStatus), "the status was checked")
			return
		}
		require.ErrorIs(t, err, vc.ErrNotVerified)
		require.True(t, r.HasError(want), "want %s: %s", want, r.Summary())
	}
	verify("")

	require.NoError(t, p.store.SetStatus(ctx, id, statuslist.PurposeSuspension, true))
	verify("") // the verifier's copy is fresh for five minutes
	p.now = p.now.Add(6 * time.Minute)
	verify(vc.CodeSuspended)

	require.NoError(t, p.store.SetStatus(ctx, id, statuslist.PurposeSuspension, false))
	p.now = p.now.Add(6 * time.Minute)
	verify("")

	require.NoError(t, p.store.SetStatus(ctx, id, statuslist.PurposeRevocation, true))
	p.now = p.now.Add(6 * time.Minute)
	verify(vc.CodeRevoked)
	require.ErrorIs(t, p.store.SetStatus(ctx, id, statuslist.PurposeRevocation, false), statuslist.ErrIrreversible)
	verify(vc.CodeRevoked)
}

// TestTypedCredential: an entry goes into an OB 3.0 credential through
// its builder; signed with vc.Sign, it verifies against the published list.
func TestTypedCredential(t *testing.T) {
	ctx := context.Background()
	p := newPublishing(t)
	const id = "urn:uuid:7e0d6f4c-1b2a-4e8f-9a55-000000000002"
	entries, err := p.issuer.Allocate(ctx, id)
	require.NoError(t, err)
	status, err := entries[0].CredentialStatus()
	require.NoError(t, err)
	issuer, err := openbadges.NewProfile(p.key.Controller).Name("Example College").Build()
	require.NoError(t, err)
	badge, err := openbadges.NewAchievement("https://example.edu/achievements/welding-1").
		Name("Welding I").Description("Safe MIG welding of mild steel.").Criteria("Pass the practical test.").Build()
	require.NoError(t, err)
	cred, err := openbadges.NewCredential(issuer).ID(id).Name("Welding I").
		Recipient("did:example:learner").Achievement(badge).
		ValidFrom(p.now.Add(-time.Hour)).CredentialStatus(status).Build()
	require.NoError(t, err)
	signed, err := vc.Sign(ctx, cred, p.key, proof.SignOptions{Created: p.now})
	require.NoError(t, err)
	v, err := openbadges.NewVerifier(vc.VerifierOptions{HTTPClient: p.srv.Client(), AllowHosts: []string{"127.0.0.1"}, Now: func() time.Time { return p.now }})
	require.NoError(t, err)
	r, err := v.Verify(ctx, signed, vc.Expectations{})
	testkit.RequireVerified(t, r, err)

	require.NoError(t, p.store.SetStatus(ctx, id, statuslist.PurposeRevocation, true))
	v, err = openbadges.NewVerifier(vc.VerifierOptions{HTTPClient: p.srv.Client(), AllowHosts: []string{"127.0.0.1"}, Now: func() time.Time { return p.now }})
	require.NoError(t, err)
	r, err = v.Verify(ctx, signed, vc.Expectations{})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	require.True(t, r.HasError(vc.CodeRevoked), r.Summary())
}

// TestAddStatusRefuses: each credential AddStatus cannot take is refused
// with ErrCredential and a message naming the problem, and allocates
// nothing.
func TestAddStatusRefuses(t *testing.T) {
	ctx := context.Background()
	p := newPublishing(t)
	iss := p.key.Controller
	for name, c := range map[string]struct{ doc, want string }{
		"signed":        {`{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:x:1","type":["VerifiableCredential"],"issuer":"` + iss + `","proof":{}}`, "signed already"},
		"has status":    {`{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:x:1","type":["VerifiableCredential"],"issuer":"` + iss + `","credentialStatus":{}}`, "has a credentialStatus"},
		"no id":         {`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"` + iss + `"}`, "has no id"},
		"VCDM 1.1":      {`{"@context":["https://www.w3.org/2018/credentials/v1"],"id":"urn:x:1","type":["VerifiableCredential"],"issuer":"` + iss + `"}`, "VC Data Model 2.0 term"},
		"other issuer":  {`{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:x:1","type":["VerifiableCredential"],"issuer":"did:example:other"}`, "did:example:other"},
		"presentation":  {`{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:x:1","type":["VerifiablePresentation"],"issuer":"` + iss + `"}`, "not a VerifiableCredential"},
		"no issuer":     {`{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:x:1","type":["VerifiableCredential"]}`, "has no issuer"},
		"id not a URL":  {`{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"not a url","type":["VerifiableCredential"],"issuer":"` + iss + `"}`, "/id is not a URL"},
		"lone @context": {`{"@context":"https://www.w3.org/ns/credentials/v2","id":"urn:x:1","type":["VerifiableCredential"],"issuer":"` + iss + `"}`, "must be a list"},
		"not an object": {`[1]`, "not a JSON object"},
		"not JSON":      {`{"id":`, "JSON"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := p.issuer.AddStatus(ctx, []byte(c.doc))
			require.ErrorIs(t, err, statuslist.ErrCredential)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	_, err := p.issuer.AddStatus(ctx, p.credential("urn:x:2"), "refresh")
	assert.ErrorContains(t, err, `"refresh"`)
	_, err = p.issuer.AddStatus(ctx, p.credential("urn:x:2"), statuslist.PurposeRevocation, statuslist.PurposeRevocation)
	assert.ErrorContains(t, err, "twice")
	_, _, err = p.pub.Credential(ctx, p.issuer.ListURL(statuslist.PurposeRevocation, 1))
	assert.ErrorIs(t, err, statuslist.ErrNotFound, "nothing was allocated")

	bad := &statuslist.Issuer{Store: p.store, ID: iss, BaseURL: "status/lists"}
	_, err = bad.AddStatus(ctx, p.credential("urn:x:3"))
	assert.ErrorContains(t, err, "not an absolute http(s) URL")
}

// TestPublisherHTTP: what the Publisher answers, header by header.
func TestPublisherHTTP(t *testing.T) {
	ctx := context.Background()
	p := newPublishing(t)
	_, err := p.issuer.Allocate(ctx, "urn:x:1")
	require.NoError(t, err)
	list := p.issuer.ListURL(statuslist.PurposeRevocation, 1)
	c := p.srv.Client()
	get := func(method, url, inm string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, url, nil)
		require.NoError(t, err)
		if inm != "" {
			req.Header.Set("If-None-Match", inm)
		}
		resp, err := c.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp, body
	}

	resp, first := get("GET", list, "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "application/vc", resp.Header.Get("Content-Type"))
	assert.Equal(t, "public, max-age=300", resp.Header.Get("Cache-Control"))
	etag := resp.Header.Get("ETag")
	assert.True(t, strings.HasPrefix(etag, `W/"0.`), etag)
	var lc struct {
		ID      string `json:"id"`
		Issuer  string `json:"issuer"`
		Subject struct {
			Purpose string `json:"statusPurpose"`
			TTL     int64  `json:"ttl"`
			Encoded string `json:"encodedList"`
		} `json:"credentialSubject"`
		Proof map[string]any `json:"proof"`
	}
	require.NoError(t, json.Unmarshal(first, &lc))
	assert.Equal(t, list, lc.ID)
	assert.Equal(t, p.key.Controller, lc.Issuer)
	assert.Equal(t, statuslist.PurposeRevocation, lc.Subject.Purpose)
	assert.Equal(t, int64(300_000), lc.Subject.TTL)
	assert.Equal(t, "eddsa-rdfc-2022", lc.Proof["cryptosuite"])

	p.now = p.now.Add(time.Hour)
	_, again := get("GET", list, "")
	assert.Equal(t, string(first), string(again), "an unchanged list is not signed again")

	resp, body := get("GET", list, etag)
	assert.Equal(t, http.StatusNotModified, resp.StatusCode)
	assert.Empty(t, body)
	resp, _ = get("GET", list, `"other", `+strings.TrimPrefix(etag, "W/"))
	assert.Equal(t, http.StatusNotModified, resp.StatusCode, "weak comparison, one of a list")

	require.NoError(t, p.store.SetStatus(ctx, "urn:x:1", statuslist.PurposeRevocation, true))
	resp, changed := get("GET", list, etag)
	require.Equal(t, http.StatusOK, resp.StatusCode, "a changed list has a new ETag")
	assert.NotEqual(t, etag, resp.Header.Get("ETag"))
	assert.NotEqual(t, string(first), string(changed))

	resp, _ = get("HEAD", list, "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, strconv.Itoa(len(changed)), resp.Header.Get("Content-Length"), "HEAD gives the length of what GET sends")
	assert.Equal(t, "application/vc", resp.Header.Get("Content-Type"))
	resp, _ = get("GET", list, resp.Header.Get("ETag"))
	assert.Equal(t, http.StatusNotModified, resp.StatusCode)
	assert.Equal(t, "Accept", resp.Header.Get("Vary"), "a 304 names what the 200 varies on")

	resp, _ = get("POST", list, "")
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	assert.Equal(t, "GET, HEAD", resp.Header.Get("Allow"))
	resp, _ = get("GET", p.issuer.ListURL(statuslist.PurposeRevocation, 2), "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	// Another issuer's list in the same store is not served by this key.
	other := &statuslist.Issuer{Store: p.store, ID: "did:example:other", BaseURL: p.srv.URL + "/status/other"}
	_, err = other.Allocate(ctx, "urn:x:2")
	require.NoError(t, err)
	resp, _ = get("GET", other.ListURL(statuslist.PurposeRevocation, 1), "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	_, _, err = p.pub.Credential(ctx, other.ListURL(statuslist.PurposeRevocation, 1))
	assert.ErrorIs(t, err, statuslist.ErrNotFound)
}

// TestPublisherStoreFailure: a Store that fails gives 500 without its
// message.
func TestPublisherStoreFailure(t *testing.T) {
	k := testkit.NewKey(t, 1)
	kf, err := did.NewKeyFile(k.Private, did.KeyFileOptions{})
	require.NoError(t, err)
	pub, err := statuslist.NewPublisher(statuslist.PublisherOptions{Store: failingStore{}, BaseURL: "https://example.edu/status", Key: kf})
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	pub.ServeHTTP(rec, httptest.NewRequest("GET", "https://example.edu/status/revocation/1", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.NotContains(t, rec.Body.String(), "secret")
}

type failingStore struct{ statuslist.Store }

func (failingStore) List(context.Context, string) (*statuslist.StoredList, error) {
	return nil, errors.New("connection to secret-db.internal refused")
}

// TestPublisherClient: a verifier given the Publisher's client reads the
// lists in-process, current at every verification, and nothing else
// unless a next client is given.
func TestPublisherClient(t *testing.T) {
	ctx := context.Background()
	p := newPublishing(t)
	const id = "urn:uuid:7e0d6f4c-1b2a-4e8f-9a55-000000000003"
	unsigned, err := p.issuer.AddStatus(ctx, p.credential(id))
	require.NoError(t, err)
	signed, err := proof.SignWithKeyFile(ctx, unsigned, p.key, proof.SignOptions{Created: p.now})
	require.NoError(t, err)
	p.srv.Close() // nothing goes over the network

	v, err := vc.NewVerifier(vc.VerifierOptions{HTTPClient: p.pub.Client(nil), Now: func() time.Time { return p.now }})
	require.NoError(t, err)
	r, err := v.Verify(ctx, signed, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
	require.NoError(t, p.store.SetStatus(ctx, id, statuslist.PurposeRevocation, true))
	r, err = v.Verify(ctx, signed, vc.Expectations{})
	require.ErrorIs(t, err, vc.ErrNotVerified)
	assert.True(t, r.HasError(vc.CodeRevoked), "seen at once, not cached: %s", r.Summary())

	// Other URLs: refused without a next client.
	resp, err := p.pub.Client(nil).Get("https://example.org/elsewhere")
	if err == nil {
		resp.Body.Close()
	}
	assert.Error(t, err)
	next := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "next") }))
	defer next.Close()
	resp, err = p.pub.Client(next.Client()).Get(next.URL)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "next", string(body))
}

// TestPublisherNegotiates: the media type follows the request's Accept
// header among application/vc, application/ld+json and application/json.
func TestPublisherNegotiates(t *testing.T) {
	ctx := context.Background()
	p := newPublishing(t)
	_, err := p.issuer.Allocate(ctx, "urn:x:1")
	require.NoError(t, err)
	list := p.issuer.ListURL(statuslist.PurposeRevocation, 1)
	for accept, want := range map[string]string{
		"":                                      "application/vc",
		"*/*":                                   "application/vc",
		"application/*":                         "application/vc",
		"application/vc, application/json":      "application/vc",
		"application/ld+json, application/json": "application/ld+json", // Digital Bazaar's http-client
		"application/json":                      "application/json",
		"application/json;q=0.9, application/ld+json;q=0.5": "application/json",
		"application/vc;q=0, application/json":              "application/json",
		"*/*;q=0.1, application/json":                       "application/json",
		"application/*;q=0.2, application/ld+json;q=0.1":    "application/vc",
		"text/html":               "application/vc",
		"APPLICATION/JSON; Q=0.5": "application/json",
	} {
		req, err := http.NewRequest("GET", list, nil)
		require.NoError(t, err)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := p.srv.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, want, resp.Header.Get("Content-Type"), "Accept: %q", accept)
		assert.Equal(t, "Accept", resp.Header.Get("Vary"))
	}
}

// BenchmarkPublisher: a GET of a list as verifiers send it, answered from
// the signed copy (Cached), and after every change of the list, signed
// again (Changed); both read the list from a MemoryStore.
func BenchmarkPublisher(b *testing.B) {
	ctx := context.Background()
	k := testkit.NewKey(b, 1)
	kf, err := did.NewKeyFile(k.Private, did.KeyFileOptions{})
	require.NoError(b, err)
	store := statuslist.NewMemoryStore(nil)
	base := "https://example.edu/status"
	pub, err := statuslist.NewPublisher(statuslist.PublisherOptions{Store: store, BaseURL: base, Key: kf})
	require.NoError(b, err)
	is := &statuslist.Issuer{Store: store, ID: kf.Controller, BaseURL: base}
	_, err = is.Allocate(ctx, "urn:x:0", statuslist.PurposeSuspension)
	require.NoError(b, err)
	list := is.ListURL(statuslist.PurposeSuspension, 1)
	get := func(b *testing.B) {
		rec := httptest.NewRecorder()
		pub.ServeHTTP(rec, httptest.NewRequest("GET", list, nil))
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
	b.Run("Cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			get(b)
		}
	})
	b.Run("Changed", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if err := store.SetStatus(ctx, "urn:x:0", statuslist.PurposeSuspension, i%2 == 0); err != nil {
				b.Fatal(err)
			}
			get(b)
		}
	})
}

// TestPublisherMaxAge: max-age and ttl are whole seconds, the same; the
// ETag changes with them (a restart with another max-age serves another
// ttl), and a negative MaxAge means no-cache and no ttl.
func TestPublisherMaxAge(t *testing.T) {
	ctx := context.Background()
	p := newPublishing(t)
	_, err := p.issuer.Allocate(ctx, "urn:x:1")
	require.NoError(t, err)
	list := p.issuer.ListURL(statuslist.PurposeRevocation, 1)
	serve := func(maxAge time.Duration) (*httptest.ResponseRecorder, int64) {
		t.Helper()
		pub, err := statuslist.NewPublisher(statuslist.PublisherOptions{Store: p.store, BaseURL: p.issuer.BaseURL, Key: p.key, MaxAge: maxAge})
		require.NoError(t, err)
		rec := httptest.NewRecorder()
		pub.ServeHTTP(rec, httptest.NewRequest("GET", list, nil))
		require.Equal(t, http.StatusOK, rec.Code)
		var lc struct {
			Subject struct {
				TTL int64 `json:"ttl"`
			} `json:"credentialSubject"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &lc))
		return rec, lc.Subject.TTL
	}
	half, ttl := serve(500 * time.Millisecond)
	assert.Equal(t, "public, max-age=1", half.Header().Get("Cache-Control"))
	assert.Equal(t, int64(1000), ttl)
	minute, ttl := serve(time.Minute)
	assert.Equal(t, "public, max-age=60", minute.Header().Get("Cache-Control"))
	assert.Equal(t, int64(60_000), ttl)
	assert.NotEqual(t, half.Header().Get("ETag"), minute.Header().Get("ETag"))
	none, ttl := serve(-1)
	assert.Equal(t, "no-cache", none.Header().Get("Cache-Control"))
	assert.Zero(t, ttl)
}

// TestPublisherClockAhead: a list changed by a server whose clock is ahead
// is still valid now, as the Publisher's clock sees it.
func TestPublisherClockAhead(t *testing.T) {
	ctx := context.Background()
	p := newPublishing(t)
	ahead := statuslist.NewMemoryStore(func() time.Time { return p.now.Add(time.Hour) })
	pub, err := statuslist.NewPublisher(statuslist.PublisherOptions{Store: ahead, BaseURL: p.issuer.BaseURL, Key: p.key, Now: func() time.Time { return p.now }})
	require.NoError(t, err)
	is := &statuslist.Issuer{Store: ahead, ID: p.key.Controller, BaseURL: p.issuer.BaseURL}
	const id = "urn:uuid:7e0d6f4c-1b2a-4e8f-9a55-000000000004"
	unsigned, err := is.AddStatus(ctx, p.credential(id))
	require.NoError(t, err)
	signed, err := proof.SignWithKeyFile(ctx, unsigned, p.key, proof.SignOptions{Created: p.now})
	require.NoError(t, err)
	v, err := vc.NewVerifier(vc.VerifierOptions{HTTPClient: pub.Client(nil), Now: func() time.Time { return p.now }})
	require.NoError(t, err)
	r, err := v.Verify(ctx, signed, vc.Expectations{})
	testkit.RequireVerified(t, r, err)
}
