package httpfetch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestHandlerTransport: URLs under the prefix are answered by the handler
// (status and headers kept, never cached), others go to next, which stays
// guarded, or fail without one.
func TestHandlerTransport(t *testing.T) {
	calls := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		switch r.URL.Path {
		case "/lists/1":
			w.Header().Set("Content-Type", "application/vc")
			w.Header().Set("Cache-Control", "max-age=300")
			io.WriteString(w, `{"n":1}`)
		default:
			http.NotFound(w, r)
		}
	})
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"remote":true}`)
	}))
	defer remote.Close()

	fetcher := func(next http.RoundTripper, allow []string) *Fetcher {
		t.Helper()
		rt := NewHandlerTransport("https://issuer.example/lists", h, next)
		f, err := New(&http.Client{Transport: rt}, Options{Policy: allowAll, MediaTypes: []string{"application/vc", "application/json"},
			MaxBytes: 100, CacheSize: 4, DefaultTTL: 60e9, AllowHosts: allow})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	ctx := context.Background()
	f := fetcher(nil, nil)
	for range 2 {
		body, ct, err := f.Get(ctx, "https://issuer.example/lists/1?x=1")
		if err != nil || string(body) != `{"n":1}` || ct != "application/vc" {
			t.Fatalf("%q %q %v", body, ct, err)
		}
	}
	if calls != 2 {
		t.Errorf("the handler answered %d times, want 2: its answers are not cached", calls)
	}
	_, _, err := f.Get(ctx, "https://issuer.example/lists/2")
	wantKind(t, err, KindStatus) // the handler's 404
	for _, u := range []string{"https://issuer.example/listsX", "https://other.example/lists/1", "http://issuer.example/lists/1"} {
		_, _, err = f.Get(ctx, u)
		if e := wantKind(t, err, KindNotAllowed); !errors.Is(e, ErrNoLocalCopy) {
			t.Fatalf("%s: %v", u, err)
		}
	}

	// Forwarded requests are guarded: the loopback server is refused
	// unless allowed.
	_, _, err = fetcher(&http.Transport{}, nil).Get(ctx, remote.URL)
	if e := wantKind(t, err, KindNotAllowed); !errors.Is(e, ErrAddressNotAllowed) {
		t.Fatalf("forwarded to loopback: %v", err)
	}
	body, _, err := fetcher(&http.Transport{}, []string{"127.0.0.1"}).Get(ctx, remote.URL)
	if err != nil || string(body) != `{"remote":true}` {
		t.Fatalf("forwarded, allowed: %q %v", body, err)
	}
}
