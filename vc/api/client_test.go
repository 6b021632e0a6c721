package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clrkit/clrkit/vc/api"
)

// bearer adds an access token to every request.
type bearer struct {
	token string
	next  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.next.RoundTrip(r)
}

func newClient(t *testing.T, srv *httptest.Server, token string, edit func(*api.ClientOptions)) *api.Client {
	t.Helper()
	// Failures are retried as the specification says, after 30 minutes:
	// the tests' sleep returns at once.
	opts := api.ClientOptions{HTTPClient: &http.Client{Transport: bearer{token, srv.Client().Transport}},
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}
	if edit != nil {
		edit(&opts)
	}
	c, err := api.NewClient(srv.URL, std, opts)
	require.NoError(t, err)
	return c
}

// TestClientExchange: 250 credentials upserted through the client come
// back, in order, through its iterator over pages of 100; replace and
// not-newer outcomes; profiles; a 404 is an *Error.
func TestClientExchange(t *testing.T) {
	ctx := context.Background()
	s := newAPI(t, nil)
	c := newClient(t, s.Server, "alice:all", nil)
	for i := range 250 {
		out, err := c.Upsert(ctx, []byte(credential(i, t0.Add(time.Duration(i)*time.Minute))))
		require.NoError(t, err)
		require.Equal(t, api.Created, out)
	}
	out, err := c.Upsert(ctx, []byte(credential(7, t0)))
	require.NoError(t, err)
	assert.Equal(t, api.NotNewer, out)
	out, err = c.Upsert(ctx, []byte(credential(7, t0.Add(24*time.Hour))))
	require.NoError(t, err)
	assert.Equal(t, api.Replaced, out)

	p, err := c.CredentialsPage(ctx, api.Query{Limit: 100, Offset: 100}, "")
	require.NoError(t, err)
	assert.Equal(t, 250, p.Total)
	assert.Len(t, p.Credentials, 100)
	assert.Contains(t, p.Next, "offset=200")
	assert.Contains(t, p.Prev, "offset=0")
	assert.Contains(t, p.Last, "offset=200")

	n := 0
	for cred, err := range c.Credentials(ctx, api.Query{Limit: 100}) {
		require.NoError(t, err)
		require.Contains(t, string(cred), fmt.Sprintf(`"urn:uuid:00000000-0000-4000-8000-%012d"`, n))
		n++
	}
	assert.Equal(t, 250, n)

	_, err = c.Profile(ctx)
	var apiErr *api.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.HTTPStatus)
	assert.Equal(t, api.MinorNotFound, apiErr.Info.Minor())
	profile := `{"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "Example College"}`
	got, accepted, err := c.PutProfile(ctx, []byte(profile))
	require.NoError(t, err)
	assert.Nil(t, accepted)
	assert.JSONEq(t, profile, string(got))
	got, err = c.Profile(ctx)
	require.NoError(t, err)
	assert.JSONEq(t, profile, string(got))

	// Without the scope: 403, as an *Error; no retry.
	ro := newClient(t, s.Server, "alice:credential.readonly", nil)
	_, err = ro.Upsert(ctx, []byte(credential(999, t0)))
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.HTTPStatus)
}

// TestClientVerify: with Verify, a credential that fails it is yielded
// with the error, and the iteration goes on.
func TestClientVerify(t *testing.T) {
	ctx := context.Background()
	s := newAPI(t, nil)
	c := newClient(t, s.Server, "alice:all", func(o *api.ClientOptions) {
		o.Verify = func(_ context.Context, cred []byte) error {
			if strings.Contains(string(cred), "000000000001") {
				return errors.New("bad signature")
			}
			return nil
		}
	})
	for i := range 3 {
		_, err := c.Upsert(ctx, []byte(credential(i, t0)))
		require.NoError(t, err)
	}
	var errs, ok int
	for _, err := range c.Credentials(ctx, api.Query{}) {
		if err != nil {
			assert.ErrorContains(t, err, "bad signature")
			errs++
		} else {
			ok++
		}
	}
	assert.Equal(t, 1, errs)
	assert.Equal(t, 2, ok)
}

// TestClientRetry: 429 and 5xx are retried after Retry-After (30 minutes
// without it), twice at most; other errors are not; a context that ends
// while waiting ends the call.
func TestClientRetry(t *testing.T) {
	ctx := context.Background()
	s := newAPI(t, nil)
	var fail atomic.Int32
	var status, retryAfter atomic.Value
	flaky := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail.Add(-1) >= 0 {
			if ra := retryAfter.Load().(string); ra != "" {
				w.Header().Set("Retry-After", ra)
			}
			w.WriteHeader(status.Load().(int))
			return
		}
		s.Config.Handler.ServeHTTP(w, r)
	}))
	defer flaky.Close()
	var waits []time.Duration
	c := newClient(t, flaky, "alice:all", func(o *api.ClientOptions) {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			waits = append(waits, d)
			return ctx.Err()
		}
	})
	run := func(n int32, code int, ra string) error {
		fail.Store(n)
		status.Store(code)
		retryAfter.Store(ra)
		waits = nil
		_, err := c.Upsert(ctx, []byte(credential(int(fail.Load())+100*code, t0)))
		return err
	}
	require.NoError(t, run(2, http.StatusServiceUnavailable, "7"))
	assert.Equal(t, []time.Duration{7 * time.Second, 7 * time.Second}, waits)

	err := run(3, http.StatusInternalServerError, "")
	var apiErr *api.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusInternalServerError, apiErr.HTTPStatus)
	assert.Equal(t, []time.Duration{30 * time.Minute, 30 * time.Minute}, waits, "twice, then the error")

	require.NoError(t, run(1, http.StatusTooManyRequests, ""))
	assert.Equal(t, []time.Duration{30 * time.Minute}, waits)

	// The specification retries every failure; RetryTransient only 429
	// and 5xx.
	require.NoError(t, run(1, http.StatusBadRequest, ""))
	assert.Equal(t, []time.Duration{30 * time.Minute}, waits, "a 400 is retried as specified")
	transient := newClient(t, flaky, "alice:all", func(o *api.ClientOptions) {
		o.Retry = api.RetryTransient
		o.Sleep = func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	})
	fail.Store(1)
	status.Store(http.StatusBadRequest)
	retryAfter.Store("")
	waits = nil
	_, err = transient.Upsert(ctx, []byte(credential(4000, t0)))
	require.ErrorAs(t, err, &apiErr)
	assert.Empty(t, waits, "RetryTransient: a 400 is not retried")

	// Retry-After as an HTTP date; and one too far off is not waited for.
	require.NoError(t, run(1, http.StatusServiceUnavailable, time.Now().Add(90*time.Second).UTC().Format(http.TimeFormat)))
	require.Len(t, waits, 1)
	assert.InDelta(t, 90, waits[0].Seconds(), 2)
	err = run(1, http.StatusServiceUnavailable, "99999999999999")
	require.ErrorAs(t, err, &apiErr)
	assert.Empty(t, waits)

	// A context that ends while waiting ends the call, with its error.
	cctx, cancel := context.WithCancel(ctx)
	waiting := newClient(t, flaky, "alice:all", func(o *api.ClientOptions) {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			cancel() // the user gives up during the wait
			<-ctx.Done()
			return ctx.Err()
		}
	})
	fail.Store(1)
	status.Store(http.StatusServiceUnavailable)
	retryAfter.Store("5")
	_, err = waiting.Upsert(cctx, []byte(credential(5000, t0)))
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.HTTPStatus)
}

// TestClientFollowsOnlyItsService: a next link off the service's
// getCredentials URL, or back to a page fetched before, ends the
// iteration with an error; a redirect off its host is not followed.
func TestClientFollowsOnlyItsService(t *testing.T) {
	ctx := context.Background()
	for name, link := range map[string]string{
		"another host": `<https://elsewhere.example/ims/test/v1p0/credentials?offset=1>; rel="next"`,
		"another path": `</ims/test/v1p0/profile?offset=1>; rel="next"`,
		"a loop":       `</ims/test/v1p0/credentials?offset=1>; rel="next"`,
	} {
		t.Run(name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.Header().Set("Link", link)
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"credential": [%s]}`, credential(1, t0))
			}))
			defer srv.Close()
			c := newClient(t, srv, "alice:all", nil)
			var errs []error
			for _, err := range c.Credentials(ctx, api.Query{}) {
				if err != nil {
					errs = append(errs, err)
				}
			}
			require.Len(t, errs, 1)
			assert.LessOrEqual(t, hits.Load(), int32(2))
		})
	}
	var offHost atomic.Int32
	other := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		offHost.Add(1)
		assert.Empty(t, r.Header.Get("Authorization"))
	}))
	defer other.Close()
	redirecting := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirecting.Close()
	c := newClient(t, redirecting, "alice:all", nil)
	_, err := c.Profile(ctx)
	assert.ErrorContains(t, err, "off the service's host")
	assert.Zero(t, offHost.Load())
}

// TestClientDiscover: the description is kept while its max-age lasts,
// then revalidated with If-None-Match (304 keeps the copy).
func TestClientDiscover(t *testing.T) {
	ctx := context.Background()
	s := newAPI(t, nil)
	var hits, notModified atomic.Int32
	maxAge := "max-age=3600"
	front := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		rec := httptest.NewRecorder()
		s.Config.Handler.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Cache-Control", maxAge)
		if rec.Code == http.StatusNotModified {
			notModified.Add(1)
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}))
	defer front.Close()
	c, err := api.NewClient(front.URL, std, api.ClientOptions{HTTPClient: front.Client()})
	require.NoError(t, err)
	first, err := c.Discover(ctx)
	require.NoError(t, err)
	assert.Contains(t, string(first), "x-imssf-registrationUrl")
	_, err = c.Discover(ctx)
	require.NoError(t, err)
	assert.Equal(t, int32(1), hits.Load(), "fresh: no request")

	maxAge = "no-cache"
	c2, err := api.NewClient(front.URL, std, api.ClientOptions{HTTPClient: front.Client()})
	require.NoError(t, err)
	_, err = c2.Discover(ctx)
	require.NoError(t, err)
	again, err := c2.Discover(ctx)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(again))
	assert.Equal(t, int32(1), notModified.Load(), "revalidated with the ETag")
}
