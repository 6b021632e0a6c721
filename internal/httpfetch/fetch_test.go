package httpfetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var errRefused = errors.New("refused by test policy")

// server is a TLS test server counting the requests per path.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newServer(t *testing.T, routes map[string]http.HandlerFunc) *server {
	t.Helper()
	s := &server{hits: map[string]int{}}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		if h, ok := routes[r.URL.Path]; ok {
			h(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func serve(body, ct string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Write([]byte(body))
	}
}

func redirectTo(target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, target, http.StatusFound) }
}

// loopback allows the test servers' address, which the guard would refuse.
var loopback = []string{"127.0.0.1"}

// allowAll admits every URL.
func allowAll(u, origin *url.URL) error { return nil }

// opts returns working Options for the tests to adjust.
func opts(p Policy) Options {
	return Options{Policy: p, MediaTypes: []string{"application/json", "+json"}, MaxBytes: 1024, AllowHosts: loopback}
}

func newFetcher(t *testing.T, s *server, o Options) *Fetcher {
	t.Helper()
	f, err := New(s.Client(), o)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func wantKind(t *testing.T, err error, k Kind) *Error {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want an *Error", err)
	}
	if fe.Kind != k {
		t.Fatalf("err = %v (kind %v), want kind %v", err, fe.Kind, k)
	}
	return fe
}

func TestGet(t *testing.T) {
	var accept atomic.Value
	s := newServer(t, map[string]http.HandlerFunc{
		"/doc": func(w http.ResponseWriter, r *http.Request) {
			accept.Store(r.Header.Get("Accept"))
			serve(`{"a":1}`, "Application/VC+JSON; charset=utf-8")(w, r)
		},
	})
	o := opts(allowAll)
	o.Accept = "application/json"
	f := newFetcher(t, s, o)
	body, ct, err := f.Get(context.Background(), s.URL+"/doc")
	if err != nil || string(body) != `{"a":1}` || ct != "application/vc+json" {
		t.Fatalf("Get = %q, %q, %v", body, ct, err)
	}
	if accept.Load() != "application/json" {
		t.Errorf("Accept header %q", accept.Load())
	}
	if f.CacheLen() != 0 {
		t.Errorf("CacheLen %d without a cache", f.CacheLen())
	}
}

func TestPolicy(t *testing.T) {
	s := newServer(t, map[string]http.HandlerFunc{
		"/in":        serve(`{}`, "application/json"),
		"/out":       serve(`{}`, "application/json"),
		"/to-in":     redirectTo("/in"),
		"/to-out":    redirectTo("/out"),
		"/to-to-out": redirectTo("/to-out"),
	})
	var mu sync.Mutex
	var origins []string
	policy := func(u, origin *url.URL) error {
		mu.Lock()
		o := "<nil>"
		if origin != nil {
			o = origin.Path
		}
		origins = append(origins, u.Path+" from "+o)
		mu.Unlock()
		if u.Path == "/out" || u.Path == "/forbidden" {
			return fmt.Errorf("%w: %s", errRefused, u.Path)
		}
		return nil
	}
	f := newFetcher(t, s, Options{Policy: policy, MediaTypes: []string{"application/json"}, MaxBytes: 100, MaxRedirects: 5, AllowHosts: loopback})
	ctx := context.Background()

	_, _, err := f.Get(ctx, s.URL+"/forbidden")
	fe := wantKind(t, err, KindNotAllowed)
	if fe.Redirect || !errors.Is(err, errRefused) || s.count("/forbidden") != 0 {
		t.Errorf("refused URL: %v (redirect %v, %d requests)", err, fe.Redirect, s.count("/forbidden"))
	}

	if _, _, err := f.Get(ctx, s.URL+"/to-in"); err != nil {
		t.Fatalf("allowed redirect: %v", err)
	}

	_, _, err = f.Get(ctx, s.URL+"/to-to-out")
	fe = wantKind(t, err, KindNotAllowed)
	if !fe.Redirect || !errors.Is(err, errRefused) || fe.URL != s.URL+"/to-to-out" {
		t.Errorf("refused redirect: %+v", fe)
	}
	if s.count("/out") != 0 {
		t.Error("a refused redirect target was requested")
	}
	want := []string{
		"/forbidden from <nil>",
		"/to-in from <nil>", "/in from /to-in",
		"/to-to-out from <nil>", "/to-out from /to-to-out", "/out from /to-to-out",
	}
	if strings.Join(origins, "; ") != strings.Join(want, "; ") {
		t.Errorf("policy calls:\n%s\nwant\n%s", strings.Join(origins, "\n"), strings.Join(want, "\n"))
	}

	if _, _, err := f.Get(ctx, "http://[::1"); err == nil {
		t.Error("unparsable URL accepted")
	} else {
		wantKind(t, err, KindBadURL)
	}
}

func TestRedirectLimit(t *testing.T) {
	routes := map[string]http.HandlerFunc{"/0": serve(`{}`, "application/json")}
	for i := 1; i <= 4; i++ {
		routes[fmt.Sprintf("/%d", i)] = redirectTo(fmt.Sprintf("/%d", i-1))
	}
	s := newServer(t, routes)
	for _, max := range []int{0, 1, 3} {
		o := opts(allowAll)
		o.MaxRedirects = max
		f := newFetcher(t, s, o)
		// /n needs n redirects: allowed up to max, refused beyond.
		for n := 0; n <= 4; n++ {
			_, _, err := f.Get(context.Background(), fmt.Sprintf("%s/%d", s.URL, n))
			if n <= max && err != nil {
				t.Errorf("max %d, %d redirects: %v", max, n, err)
			}
			if n > max {
				fe := wantKind(t, err, KindTooManyRedirects)
				if fe.Limit != int64(max) {
					t.Errorf("Limit %d, want %d", fe.Limit, max)
				}
				mine := errors.New("mine")
				got := RedirectLimitError(fe, mine)
				var ue *url.Error
				if !errors.As(got, &ue) || ue.Err != mine || ue.Op != "Get" || ue.URL == "" {
					t.Errorf("RedirectLimitError = %#v", got)
				}
			}
		}
	}
}

func TestRedirectLimitErrorOtherKinds(t *testing.T) {
	mine := errors.New("mine")
	if got := RedirectLimitError(&Error{Kind: KindTransport, Err: &url.Error{Op: "Get", URL: "u", Err: errRefused}}, mine); got != mine {
		t.Errorf("got %v, want the cause itself", got)
	}
}

func TestClientCheckRedirectRunsAfterPolicy(t *testing.T) {
	s := newServer(t, map[string]http.HandlerFunc{
		"/in":    serve(`{}`, "application/json"),
		"/to-in": redirectTo("/in"),
	})
	client := s.Client()
	var called atomic.Int32
	errClient := errors.New("client says no")
	client.CheckRedirect = func(*http.Request, []*http.Request) error { called.Add(1); return errClient }
	o := opts(allowAll)
	o.MaxRedirects = 3
	f, err := New(client, o)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = f.Get(context.Background(), s.URL+"/to-in")
	wantKind(t, err, KindTransport)
	if !errors.Is(err, errClient) || called.Load() != 1 {
		t.Errorf("err = %v, client check called %d times", err, called.Load())
	}
	if client.CheckRedirect == nil {
		t.Error("the caller's client was modified")
	}
}

func TestSizeLimit(t *testing.T) {
	big := `{"x":"` + strings.Repeat("x", 2000) + `"}`
	exact := `{"x":"` + strings.Repeat("x", 1024-8) + `"}`
	s := newServer(t, map[string]http.HandlerFunc{
		"/declared": serve(big, "application/json"),
		"/chunked": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			for range 4 {
				w.Write([]byte(big[:500]))
				w.(http.Flusher).Flush() // no Content-Length
			}
		},
		"/exact": serve(exact, "application/json"),
	})
	f := newFetcher(t, s, opts(allowAll))
	ctx := context.Background()

	_, _, err := f.Get(ctx, s.URL+"/declared")
	if fe := wantKind(t, err, KindTooLarge); fe.Length != int64(len(big)) || fe.Limit != 1024 {
		t.Errorf("declared: %+v", fe)
	}
	_, _, err = f.Get(ctx, s.URL+"/chunked")
	if fe := wantKind(t, err, KindTooLarge); fe.Length != -1 || fe.Limit != 1024 || !strings.Contains(err.Error(), "more than 1024 bytes") {
		t.Errorf("chunked: %+v (%v)", fe, err)
	}
	if len(exact) != 1024 {
		t.Fatalf("test body is %d bytes", len(exact))
	}
	if body, _, err := f.Get(ctx, s.URL+"/exact"); err != nil || len(body) != 1024 {
		t.Errorf("exactly MaxBytes: %d bytes, %v", len(body), err)
	}
}

func TestResponseChecks(t *testing.T) {
	s := newServer(t, map[string]http.HandlerFunc{
		"/html":    serve(`{}`, "text/html"),
		"/none":    serve(`{}`, ""),
		"/bad":     serve(`{}`, "application/json; =x"),
		"/ldjson":  serve(`{}`, "application/ld+json"),
		"/gone":    func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) },
		"/invalid": serve(`not json`, "application/json"),
	})
	o := opts(allowAll)
	o.Validate = func(b []byte) error {
		if !strings.HasPrefix(string(b), "{") {
			return errRefused
		}
		return nil
	}
	o.CacheSize, o.DefaultTTL = 10, time.Hour
	f := newFetcher(t, s, o)
	ctx := context.Background()
	for _, p := range []string{"/html", "/none", "/bad"} {
		_, _, err := f.Get(ctx, s.URL+p)
		wantKind(t, err, KindMediaType)
	}
	_, _, err := f.Get(ctx, s.URL+"/html")
	if fe := wantKind(t, err, KindMediaType); fe.ContentType != "text/html" {
		t.Errorf("ContentType %q", fe.ContentType)
	}
	if _, ct, err := f.Get(ctx, s.URL+"/ldjson"); err != nil || ct != "application/ld+json" {
		t.Errorf("+json suffix: %q, %v", ct, err)
	}
	_, _, err = f.Get(ctx, s.URL+"/gone")
	if fe := wantKind(t, err, KindStatus); fe.StatusCode != http.StatusGone {
		t.Errorf("StatusCode %d", fe.StatusCode)
	}
	for range 2 {
		_, _, err = f.Get(ctx, s.URL+"/invalid")
		wantKind(t, err, KindInvalid)
		if !errors.Is(err, errRefused) {
			t.Errorf("err = %v, want the Validate error", err)
		}
	}
	if s.count("/invalid") != 2 {
		t.Errorf("a body Validate refused was cached: %d requests for 2 calls", s.count("/invalid"))
	}
	if f.CacheLen() != 1 {
		t.Errorf("CacheLen %d, want 1 (only /ldjson)", f.CacheLen())
	}
}

func TestTimeoutAndContext(t *testing.T) {
	release := make(chan struct{})
	s := newServer(t, map[string]http.HandlerFunc{
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
				panic(http.ErrAbortHandler) // a server gives no answer to a client that left
			case <-release:
			}
		},
	})
	defer close(release)
	o := opts(allowAll)
	o.Timeout = 50 * time.Millisecond
	f := newFetcher(t, s, o)
	start := time.Now()
	_, _, err := f.Get(context.Background(), s.URL+"/slow")
	wantKind(t, err, KindTransport)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 3*time.Second {
		t.Errorf("Timeout: %v after %v", err, time.Since(start))
	}

	f = newFetcher(t, s, opts(allowAll)) // no Timeout: the context decides
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, _, err = f.Get(ctx, s.URL+"/slow")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

// clock is a settable time source safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func TestCache(t *testing.T) {
	s := newServer(t, map[string]http.HandlerFunc{
		"/default":  serve(`{}`, "application/json"),
		"/maxage":   serve(`{}`, "application/json", "Cache-Control", "max-age=60"),
		"/aged":     serve(`{}`, "application/json", "Cache-Control", "max-age=60", "Age", "50"),
		"/long":     serve(`{}`, "application/json", "Cache-Control", "max-age=86400"),
		"/nostore":  serve(`{}`, "application/json", "Cache-Control", "no-store"),
		"/nocache":  serve(`{}`, "application/json", "Cache-Control", "no-cache"),
		"/policy":   serve(`{}`, "application/json"),
		"/a":        serve(`{}`, "application/json"),
		"/b":        serve(`{}`, "application/json"),
		"/c":        serve(`{}`, "application/json"),
		"/fixed":    serve(`{}`, "application/json", "Cache-Control", "no-store"),
		"/fixedmax": serve(`{}`, "application/json", "Cache-Control", "max-age=5"),
	})
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	var block atomic.Bool
	policy := func(u, origin *url.URL) error {
		if block.Load() && u.Path == "/policy" {
			return errRefused
		}
		return nil
	}
	o := opts(policy)
	o.CacheSize, o.DefaultTTL, o.MaxTTL, o.Now = 16, 10*time.Minute, time.Hour, c.now
	f := newFetcher(t, s, o)
	get := func(p string) {
		t.Helper()
		if _, _, err := f.Get(context.Background(), s.URL+p); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	check := func(p string, want int) {
		t.Helper()
		if n := s.count(p); n != want {
			t.Errorf("%s: %d requests, want %d", p, n, want)
		}
	}

	get("/maxage")
	get("/maxage")
	check("/maxage", 1)
	c.add(61 * time.Second)
	get("/maxage")
	check("/maxage", 2)

	get("/aged") // 10 s left
	c.add(9 * time.Second)
	get("/aged")
	check("/aged", 1)
	c.add(2 * time.Second)
	get("/aged")
	check("/aged", 2)

	for _, p := range []string{"/nostore", "/nocache"} {
		get(p)
		get(p)
		check(p, 2)
	}

	get("/default")
	c.add(9 * time.Minute)
	get("/default")
	check("/default", 1)
	c.add(2 * time.Minute)
	get("/default")
	check("/default", 2)

	get("/long") // capped at MaxTTL
	c.add(59 * time.Minute)
	get("/long")
	check("/long", 1)
	c.add(2 * time.Minute)
	get("/long")
	check("/long", 2)

	get("/policy")
	block.Store(true)
	_, _, err := f.Get(context.Background(), s.URL+"/policy")
	wantKind(t, err, KindNotAllowed) // the cached copy is not served past the policy

	// IgnoreCacheControl: DefaultTTL whatever the headers say.
	o.IgnoreCacheControl = true
	fixed := newFetcher(t, s, o)
	for _, p := range []string{"/fixed", "/fixedmax"} {
		for range 2 {
			if _, _, err := fixed.Get(context.Background(), s.URL+p); err != nil {
				t.Fatal(err)
			}
			c.add(time.Minute)
		}
		check(p, 1)
	}
	c.add(10 * time.Minute)
	if _, _, err := fixed.Get(context.Background(), s.URL+"/fixed"); err != nil {
		t.Fatal(err)
	}
	check("/fixed", 2)
}

func TestCacheBound(t *testing.T) {
	s := newServer(t, map[string]http.HandlerFunc{
		"/a": serve(`{}`, "application/json"),
		"/b": serve(`{}`, "application/json"),
		"/c": serve(`{}`, "application/json"),
	})
	o := opts(allowAll)
	o.CacheSize, o.DefaultTTL = 2, time.Hour
	f := newFetcher(t, s, o)
	for _, p := range []string{"/a", "/b", "/a", "/c", "/a", "/b"} {
		if _, _, err := f.Get(context.Background(), s.URL+p); err != nil {
			t.Fatal(err)
		}
		if f.CacheLen() > 2 {
			t.Fatalf("CacheLen %d, bound 2", f.CacheLen())
		}
	}
	// a stays (recently used), b is evicted by c and fetched again.
	if s.count("/a") != 1 || s.count("/b") != 2 || s.count("/c") != 1 {
		t.Errorf("requests a=%d b=%d c=%d, want 1, 2, 1", s.count("/a"), s.count("/b"), s.count("/c"))
	}
}

func TestConcurrentUse(t *testing.T) {
	routes := map[string]http.HandlerFunc{}
	for i := range 8 {
		cc := "max-age=60"
		if i%3 == 0 {
			cc = "no-store"
		}
		routes[fmt.Sprintf("/%d", i)] = serve(fmt.Sprintf(`{"n":%d}`, i), "application/json", "Cache-Control", cc)
	}
	s := newServer(t, routes)
	c := &clock{t: time.Unix(0, 0)}
	o := opts(allowAll)
	o.CacheSize, o.DefaultTTL, o.Now = 4, time.Minute, c.now
	f := newFetcher(t, s, o)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 40 {
				n := (g + i) % 8
				body, _, err := f.Get(context.Background(), fmt.Sprintf("%s/%d", s.URL, n))
				if err != nil || string(body) != fmt.Sprintf(`{"n":%d}`, n) {
					t.Errorf("%d: %q, %v", n, body, err)
					return
				}
				if i%10 == 0 {
					c.add(10 * time.Second)
				}
			}
		})
	}
	wg.Wait()
	if f.CacheLen() > 4 {
		t.Errorf("CacheLen %d, bound 4", f.CacheLen())
	}
}

func TestNewValidates(t *testing.T) {
	good := opts(allowAll)
	tests := map[string]func(*Options){
		"no policy":          func(o *Options) { o.Policy = nil },
		"no media types":     func(o *Options) { o.MediaTypes = nil },
		"no MaxBytes":        func(o *Options) { o.MaxBytes = 0 },
		"negative redirects": func(o *Options) { o.MaxRedirects = -1 },
		"negative timeout":   func(o *Options) { o.Timeout = -1 },
		"negative cache":     func(o *Options) { o.CacheSize = -1 },
		"cache without TTL":  func(o *Options) { o.CacheSize = 1 },
	}
	for name, mutate := range tests {
		o := good
		mutate(&o)
		if _, err := New(http.DefaultClient, o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := New(nil, good); err == nil {
		t.Error("nil client accepted")
	}
	if _, err := New(http.DefaultClient, good); err != nil {
		t.Error(err)
	}
}

func TestErrorText(t *testing.T) {
	for _, e := range []*Error{
		{Kind: KindBadURL, URL: "u", Err: errRefused},
		{Kind: KindNotAllowed, URL: "u", Err: errRefused},
		{Kind: KindNotAllowed, URL: "u", Redirect: true, Err: errRefused},
		{Kind: KindTooManyRedirects, URL: "u", Limit: 3},
		{Kind: KindTransport, URL: "u", Err: errRefused},
		{Kind: KindStatus, URL: "u", StatusCode: 500},
		{Kind: KindMediaType, URL: "u", ContentType: "text/html"},
		{Kind: KindTooLarge, URL: "u", Limit: 10, Length: 20},
		{Kind: KindTooLarge, URL: "u", Limit: 10, Length: -1},
		{Kind: KindInvalid, URL: "u", Err: errRefused},
	} {
		if s := e.Error(); !strings.HasPrefix(s, "httpfetch: ") || !strings.Contains(s, "u") {
			t.Errorf("%v: %q", e.Kind, s)
		}
		if e.Kind.String() == "" || strings.HasPrefix(e.Kind.String(), "Kind(") {
			t.Errorf("kind %d has no name", e.Kind)
		}
	}
}

// lateAnswer is a transport that answers only once the request's context
// has ended, with the empty 200 a server stopped by the client's departure
// may leave: what net/http can hand back when a deadline and a response
// arrive together.
type lateAnswer struct{}

func (lateAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	<-req.Context().Done()
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: req}, nil
}

// TestResponseAfterDeadline: a response that arrives once the Get's
// deadline or cancellation has come does not count; the Get fails by the
// deadline, as a transport error.
func TestResponseAfterDeadline(t *testing.T) {
	o := opts(allowAll)
	o.Timeout = 20 * time.Millisecond
	f, err := New(&http.Client{Transport: lateAnswer{}}, o)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = f.Get(context.Background(), "https://198.51.100.7/doc")
	wantKind(t, err, KindTransport)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Timeout: %v", err)
	}
	f, err = New(&http.Client{Transport: lateAnswer{}}, opts(allowAll))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	if _, _, err = f.Get(ctx, "https://198.51.100.7/doc"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}
