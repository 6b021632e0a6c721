package did

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func readLines(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}

func TestWebURLVectors(t *testing.T) {
	rows := readLines(t, "testdata/did-web/did-to-url.tsv")
	if len(rows) != 4 {
		t.Fatalf("%d rows in did-to-url.tsv, want 4", len(rows))
	}
	for _, row := range rows {
		got, err := WebURL(row[0])
		if err != nil || got != row[1] {
			t.Errorf("WebURL(%s) = %q, %v; want %q", row[0], got, err, row[1])
		}
	}
}

func TestWebURLValidDIDs(t *testing.T) {
	rows := readLines(t, "testdata/did-web/valid-dids.txt")
	if len(rows) != 3 {
		t.Fatalf("%d DIDs in valid-dids.txt, want 3", len(rows))
	}
	for _, row := range rows {
		u, err := WebURL(row[0])
		if err != nil || !strings.HasPrefix(u, "https://") || !strings.HasSuffix(u, "/did.json") {
			t.Errorf("WebURL(%s) = %q, %v", row[0], u, err)
		}
	}
}

func TestWebURLRules(t *testing.T) {
	good := []struct{ did, url string }{
		{"did:web:example.com%3a8443", "https://example.com:8443/.well-known/did.json"},
		{"did:web:xn--bcher-kva.example", "https://xn--bcher-kva.example/.well-known/did.json"},
		{"did:web:example.com:a%20b:c", "https://example.com/a%20b/c/did.json"},
		{"did:web:example.com:a%2Fb", "https://example.com/a%2Fb/did.json"},
		{"did:web:example.com:user:alice%3Ax", "https://example.com/user/alice:x/did.json"},
		{"did:web:Example.COM", "https://Example.COM/.well-known/did.json"},
		{"did:web:localhost%3A3000", "https://localhost:3000/.well-known/did.json"},
		{"did:web:exa%6Dple.com", "https://example.com/.well-known/did.json"},
		{"did:web:a-b.c1.example:_x", "https://a-b.c1.example/_x/did.json"},
	}
	for _, tt := range good {
		if got, err := WebURL(tt.did); err != nil || got != tt.url {
			t.Errorf("WebURL(%s) = %q, %v; want %q", tt.did, got, err, tt.url)
		}
	}
	bad := []string{
		"did:web:127.0.0.1",
		"did:web:127.0.0.1%3A8080",
		"did:web:127.1",
		"did:web:0x7f000001",
		"did:web:example.123",
		"did:web:%5B%3A%3A1%5D",
		"did:web:%3A%3A1",
		"did:web:b%C3%BCcher.example", // Unicode host: use punycode
		"did:web:example.com%3A",
		"did:web:example.com%3A0",
		"did:web:example.com%3A65536",
		"did:web:example.com%3A%2B80",
		"did:web:example.com%3A80%3A80",
		"did:web:example.com%2Fpath",
		"did:web:example.com%40evil.com",
		"did:web:-example.com",
		"did:web:example..com",
		"did:web:example.com::x",
		"did:web:example.com:%2E%2E:x",
		"did:web:example.com:.",
		"did:web:example.com:a%zz",
		"did:web:",
		"did:web:%3A80",
		"did:WEB:example.com",
		"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
		"did:web:example.com#key-1",
		"did:web:example.com/path",
		"did:web:" + strings.Repeat("a.", 127) + "com",
	}
	for _, did := range bad {
		if u, err := WebURL(did); err == nil || !errors.Is(err, ErrInvalidDID) {
			t.Errorf("WebURL(%s) = %q, %v; want an invalidDid error", did, u, err)
		}
	}
}

// loopbackHosts allows the test servers' address, which fetches may
// otherwise not reach.
var loopbackHosts = []string{"127.0.0.1"}

// webServer serves documents by path from an httptest TLS server, whose
// Client() dials it for example.com and *.example.com on port 443.
type webServer struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[string]http.HandlerFunc
	hits  atomic.Int64
}

func newWebServer(t *testing.T) *webServer {
	s := &webServer{pages: map[string]http.HandlerFunc{}}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		s.mu.Lock()
		h := s.pages[r.Host+r.URL.Path]
		s.mu.Unlock()
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *webServer) handle(hostPath string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[hostPath] = h
}

func serveJSON(body, contentType, cacheControl string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		if cacheControl != "" {
			w.Header().Set("Cache-Control", cacheControl)
		}
		w.Write([]byte(body))
	}
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestWebResolverSpecExamples(t *testing.T) {
	s := newWebServer(t)
	r, err := NewWebResolver(s.Client(), HTTPOptions{AllowHosts: loopbackHosts, CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"testdata/did-web/example-did-jwk.json", "testdata/did-web/example-did-ethereum.json"} {
		doc := readFile(t, f)
		s.handle("example.com/.well-known/did.json", serveJSON(doc, "application/did+json", ""))
		res, err := r.Resolve(context.Background(), "did:web:example.com")
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if res.Document.ID != "did:web:example.com" || res.ContentType != "application/did+json" {
			t.Errorf("%s: resolution %+v", f, res)
		}
	}
	// The verbatim upstream JWK example has a trailing comma: not JSON.
	s.handle("example.com/.well-known/did.json", serveJSON(readFile(t, "testdata/did-web/example-did-jwk.verbatim.txt"), "application/json", ""))
	if _, err := r.Resolve(context.Background(), "did:web:example.com"); !errors.Is(err, ErrInvalidDIDDocument) {
		t.Errorf("verbatim example with trailing comma: err = %v, want invalidDidDocument", err)
	}
}

func TestWebResolverPathAndMediaTypes(t *testing.T) {
	s := newWebServer(t)
	r, _ := NewWebResolver(s.Client(), HTTPOptions{AllowHosts: loopbackHosts, CacheSize: -1})
	doc := `{"id": "did:web:example.com:user:alice"}`
	for _, ct := range []string{"application/did+json", "application/json; charset=utf-8", "application/did+ld+json"} {
		s.handle("example.com/user/alice/did.json", serveJSON(doc, ct, ""))
		if _, err := r.Resolve(context.Background(), "did:web:example.com:user:alice"); err != nil {
			t.Errorf("content type %s: %v", ct, err)
		}
	}
	for _, ct := range []string{"text/html", "application/ld+json", "text/plain", ""} {
		s.handle("example.com/user/alice/did.json", serveJSON(doc, ct, ""))
		_, err := r.Resolve(context.Background(), "did:web:example.com:user:alice")
		if !errors.Is(err, ErrInvalidDIDDocument) || !errors.Is(err, ErrContentType) {
			t.Errorf("content type %q: err = %v, want invalidDidDocument/ErrContentType", ct, err)
		}
	}
}

func TestWebResolverErrors(t *testing.T) {
	s := newWebServer(t)
	s.handle("example.com/wrong/did.json", serveJSON(`{"id": "did:web:example.com:other"}`, "application/json", ""))
	s.handle("example.com/notjson/did.json", serveJSON(`<html>`, "application/json", ""))
	s.handle("example.com/gone/did.json", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) })
	s.handle("example.com/boom/did.json", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	big := `{"id": "did:web:example.com:huge", "x": "` + strings.Repeat("a", 5000) + `"}`
	s.handle("example.com/huge/did.json", serveJSON(big, "application/json", ""))
	s.handle("example.com/chunked/did.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		for range 100 {
			w.Write([]byte(strings.Repeat(" ", 100)))
			w.(http.Flusher).Flush() // no Content-Length: the limit must hold while reading
		}
	})
	r, err := NewWebResolver(s.Client(), HTTPOptions{AllowHosts: loopbackHosts, MaxBytes: 4096, CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		did   string
		want  error
		cause error
	}{
		{"did:web:example.com:wrong", ErrInvalidDIDDocument, nil},
		{"did:web:example.com:notjson", ErrInvalidDIDDocument, nil},
		{"did:web:example.com:missing", ErrNotFound, nil},
		{"did:web:example.com:gone", ErrNotFound, nil},
		{"did:web:example.com:boom", ErrInternal, nil},
		{"did:web:example.com:huge", ErrInvalidDIDDocument, ErrTooLarge},
		{"did:web:example.com:chunked", ErrInvalidDIDDocument, ErrTooLarge},
		{"did:web:127.0.0.1", ErrInvalidDID, nil},
		{"did:web:example.com#frag", ErrInvalidDID, nil},
		{"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", ErrMethodNotSupported, nil},
	}
	for _, tt := range tests {
		_, err := r.Resolve(context.Background(), tt.did)
		var re *ResolutionError
		if !errors.Is(err, tt.want) || !errors.As(err, &re) || tt.cause != nil && !errors.Is(err, tt.cause) {
			t.Errorf("%s: err = %v, want %v (%v)", tt.did, err, tt.want, tt.cause)
		}
	}
}

func TestWebResolverTransportFailure(t *testing.T) {
	s := newWebServer(t)
	client := s.Client()
	s.Close() // the client still dials the (now closed) loopback listener
	r, _ := NewWebResolver(client, HTTPOptions{AllowHosts: loopbackHosts})
	_, err := r.Resolve(context.Background(), "did:web:example.com")
	if !errors.Is(err, ErrInternal) {
		t.Errorf("err = %v, want internalError", err)
	}
}

func TestWebResolverDeadline(t *testing.T) {
	s := newWebServer(t)
	release := make(chan struct{})
	defer close(release)
	s.handle("example.com/slow/did.json", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
			panic(http.ErrAbortHandler) // a server gives no answer to a client that left
		}
	})
	r, _ := NewWebResolver(s.Client(), HTTPOptions{AllowHosts: loopbackHosts})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := r.Resolve(ctx, "did:web:example.com:slow")
	if !errors.Is(err, ErrInternal) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want internalError caused by the deadline", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	// The resolver's own Timeout applies when the context has no deadline.
	r2, _ := NewWebResolver(s.Client(), HTTPOptions{AllowHosts: loopbackHosts, Timeout: 100 * time.Millisecond})
	if _, err := r2.Resolve(context.Background(), "did:web:example.com:slow"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Timeout: err = %v, want a deadline error", err)
	}
}

func TestWebResolverRedirects(t *testing.T) {
	s := newWebServer(t)
	redirect := func(to string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusFound) }
	}
	s.handle("example.com/moved/did.json", redirect("/new/did.json"))
	s.handle("example.com/new/did.json", serveJSON(`{"id": "did:web:example.com:moved"}`, "application/json", ""))
	s.handle("example.com/tohttp/did.json", redirect("http://example.com/new/did.json"))
	s.handle("example.com/elsewhere/did.json", redirect("https://other.example.com/elsewhere/did.json"))
	s.handle("other.example.com/elsewhere/did.json", serveJSON(`{"id": "did:web:example.com:elsewhere"}`, "application/json", ""))
	s.handle("example.com/toip/did.json", redirect("https://127.0.0.1/x"))
	s.handle("example.com/loop/did.json", redirect("/loop/did.json"))

	r, _ := NewWebResolver(s.Client(), HTTPOptions{AllowHosts: loopbackHosts, CacheSize: -1})
	if res, err := r.Resolve(context.Background(), "did:web:example.com:moved"); err != nil || res.Document.ID != "did:web:example.com:moved" {
		t.Errorf("same-host redirect: %v", err)
	}
	for _, did := range []string{"did:web:example.com:tohttp", "did:web:example.com:elsewhere", "did:web:example.com:toip", "did:web:example.com:loop"} {
		if _, err := r.Resolve(context.Background(), did); !errors.Is(err, ErrURLNotAllowed) {
			t.Errorf("%s: err = %v, want ErrURLNotAllowed", did, err)
		}
	}
	cross, _ := NewWebResolver(s.Client(), HTTPOptions{AllowHosts: loopbackHosts, CacheSize: -1, AllowCrossHostRedirects: true})
	if _, err := cross.Resolve(context.Background(), "did:web:example.com:elsewhere"); err != nil {
		t.Errorf("cross-host redirect allowed: %v", err)
	}
	if _, err := cross.Resolve(context.Background(), "did:web:example.com:tohttp"); !errors.Is(err, ErrURLNotAllowed) {
		t.Errorf("cross-host allowed, to http: err = %v", err)
	}
	none, _ := NewWebResolver(s.Client(), HTTPOptions{AllowHosts: loopbackHosts, CacheSize: -1, MaxRedirects: -1})
	if _, err := none.Resolve(context.Background(), "did:web:example.com:moved"); !errors.Is(err, ErrURLNotAllowed) {
		t.Errorf("MaxRedirects -1: err = %v", err)
	}
}

func TestWebResolverAllowHTTPHosts(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/did.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/did+json")
		w.Write([]byte(`{"id": "did:web:localhost%3A` + strings.Split(r.Host, ":")[1] + `"}`))
	}))
	defer srv.Close()
	port := strings.Split(srv.Listener.Addr().String(), ":")[1]
	did := "did:web:localhost%3A" + port

	strict, _ := NewWebResolver(srv.Client(), HTTPOptions{AllowHosts: loopbackHosts})
	if _, err := strict.Resolve(context.Background(), did); err == nil {
		t.Error("plain http server resolved without AllowHTTPHosts")
	}
	r, err := NewWebResolver(srv.Client(), HTTPOptions{AllowHosts: loopbackHosts, AllowHTTPHosts: []string{"localhost:" + port}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Resolve(context.Background(), did)
	if err != nil || res.Document.ID != did {
		t.Fatalf("allowed http host: %v", err)
	}
	if _, err := NewWebResolver(srv.Client(), HTTPOptions{AllowHosts: loopbackHosts, AllowHTTPHosts: []string{"localhost"}}); err == nil {
		t.Error("AllowHTTPHosts entry without a port accepted")
	}
	if _, err := NewWebResolver(nil, HTTPOptions{}); err == nil {
		t.Error("nil client accepted")
	}
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestWebResolverCache(t *testing.T) {
	s := newWebServer(t)
	count := map[string]int{}
	var mu sync.Mutex
	page := func(id, cc string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			count[id]++
			mu.Unlock()
			serveJSON(`{"id": "`+id+`"}`, "application/did+json", cc)(w, r)
		}
	}
	s.handle("example.com/maxage/did.json", page("did:web:example.com:maxage", "public, max-age=60"))
	s.handle("example.com/nostore/did.json", page("did:web:example.com:nostore", "no-store"))
	s.handle("example.com/nocache/did.json", page("did:web:example.com:nocache", "no-cache"))
	s.handle("example.com/default/did.json", page("did:web:example.com:default", ""))
	s.handle("example.com/aged/did.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Age", "50")
		page("did:web:example.com:aged", "max-age=60")(w, r)
	})
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	r, _ := NewWebResolver(s.Client(), HTTPOptions{AllowHosts: loopbackHosts, Now: clock.now, DefaultTTL: 10 * time.Minute, CacheSize: 3})
	ctx := context.Background()
	resolve := func(did string) {
		t.Helper()
		res, err := r.Resolve(ctx, did)
		if err != nil {
			t.Fatalf("%s: %v", did, err)
		}
		res.Document.ID = "mutated" // a caller's change must not reach the cache
	}
	fetches := func(did string) int {
		mu.Lock()
		defer mu.Unlock()
		return count[did]
	}

	for range 3 {
		resolve("did:web:example.com:maxage")
	}
	if n := fetches("did:web:example.com:maxage"); n != 1 {
		t.Errorf("max-age=60: %d fetches for 3 resolutions, want 1", n)
	}
	clock.t = clock.t.Add(61 * time.Second)
	resolve("did:web:example.com:maxage")
	if n := fetches("did:web:example.com:maxage"); n != 2 {
		t.Errorf("after max-age expiry: %d fetches, want 2", n)
	}

	for _, did := range []string{"did:web:example.com:nostore", "did:web:example.com:nocache"} {
		resolve(did)
		resolve(did)
		if n := fetches(did); n != 2 {
			t.Errorf("%s: %d fetches for 2 resolutions, want 2", did, n)
		}
	}

	resolve("did:web:example.com:aged") // Age 50 of max-age 60: 10 s left
	clock.t = clock.t.Add(5 * time.Second)
	resolve("did:web:example.com:aged")
	clock.t = clock.t.Add(6 * time.Second)
	resolve("did:web:example.com:aged")
	if n := fetches("did:web:example.com:aged"); n != 2 {
		t.Errorf("Age header: %d fetches, want 2", n)
	}

	resolve("did:web:example.com:default")
	clock.t = clock.t.Add(9 * time.Minute)
	resolve("did:web:example.com:default")
	if n := fetches("did:web:example.com:default"); n != 1 {
		t.Errorf("default TTL: %d fetches, want 1", n)
	}
	clock.t = clock.t.Add(2 * time.Minute)
	resolve("did:web:example.com:default")
	if n := fetches("did:web:example.com:default"); n != 2 {
		t.Errorf("after default TTL: %d fetches, want 2", n)
	}
	if n := r.f.hf.CacheLen(); n > 3 {
		t.Errorf("cache holds %d entries, bound 3", n)
	}
}

func TestWebResolverConcurrent(t *testing.T) {
	s := newWebServer(t)
	s.handle("example.com/.well-known/did.json", serveJSON(readFile(t, "testdata/did-web/example-did-jwk.json"), "application/json", "max-age=300"))
	r, _ := NewWebResolver(s.Client(), HTTPOptions{AllowHosts: loopbackHosts})
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 20 {
				if _, err := r.Resolve(context.Background(), "did:web:example.com"); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
