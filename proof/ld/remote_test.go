package ld

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// contextServer serves extDoc at /ctx/*.json and a few misbehaving paths.
func contextServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/ctx/", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/ld+json")
		w.Write(extDoc)
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(extDoc)
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"@context":{"a":"` + strings.Repeat("x", 4096) + `"}}`))
	})
	mux.HandleFunc("/notjson", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"no":"context"}`))
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/redirect-in", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ctx/target.json", http.StatusFound)
	})
	mux.HandleFunc("/redirect-out", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/outside/x.json", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &hits
}

func newTestRemote(t *testing.T, srv *httptest.Server, opts RemoteOptions) *RemoteLoader {
	t.Helper()
	if opts.Allow == nil {
		opts.Allow = []string{srv.URL + "/ctx/", srv.URL + "/html", srv.URL + "/huge", srv.URL + "/notjson",
			srv.URL + "/missing", srv.URL + "/slow", srv.URL + "/redirect-in", srv.URL + "/redirect-out", srv.URL + "/loop"}
	}
	l, err := NewRemoteLoader(srv.Client(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestRemoteLoaderFetchesAndCaches(t *testing.T) {
	srv, hits := contextServer(t)
	l := newTestRemote(t, srv, RemoteOptions{})
	for range 3 {
		doc, err := l.LoadDocument(context.Background(), srv.URL+"/ctx/a.json")
		if err != nil || string(doc) != string(extDoc) {
			t.Fatalf("%q, %v", doc, err)
		}
	}
	if hits.Load() != 1 {
		t.Errorf("server hit %d times, want 1 (cached)", hits.Load())
	}
}

func TestRemoteLoaderFailures(t *testing.T) {
	srv, hits := contextServer(t)
	l := newTestRemote(t, srv, RemoteOptions{MaxBytes: 1024})
	tests := []struct {
		path string
		want error
		text string
	}{
		{"/other.json", ErrNotAllowed, ""},
		{"/ctx/../other.json", ErrNotAllowed, ""},
		{"/ctx/%2e%2e/other.json", ErrNotAllowed, ""},
		{"/html", ErrBadResponse, "text/html"},
		{"/huge", ErrTooLarge, "1024"},
		{"/notjson", ErrBadResponse, "@context"},
		{"/missing", ErrBadResponse, "404"},
		{"/redirect-out", ErrNotAllowed, "redirect"},
		{"/loop", nil, "redirects"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := l.LoadDocument(context.Background(), srv.URL+tt.path)
			var le *LoadError
			if !errors.As(err, &le) || le.URL != srv.URL+tt.path {
				t.Fatalf("err = %v, want a *LoadError naming the URL", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.text)
			}
		})
	}
	if hits.Load() != 0 {
		t.Errorf("a disallowed redirect target was fetched")
	}
}

func TestRemoteLoaderFollowsAllowedRedirect(t *testing.T) {
	srv, hits := contextServer(t)
	l := newTestRemote(t, srv, RemoteOptions{})
	if _, err := l.LoadDocument(context.Background(), srv.URL+"/redirect-in"); err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 1 {
		t.Errorf("target hit %d times", hits.Load())
	}
}

func TestRemoteLoaderHonoursDeadline(t *testing.T) {
	srv, _ := contextServer(t)
	l := newTestRemote(t, srv, RemoteOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := l.LoadDocument(ctx, srv.URL+"/slow")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatal("deadline not honoured")
	}
}

func TestRemoteLoaderCacheIsBoundedAndExpires(t *testing.T) {
	srv, hits := contextServer(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newTestRemote(t, srv, RemoteOptions{CacheSize: 2, CacheTTL: time.Hour, Now: func() time.Time { return now }})
	load := func(name string) {
		t.Helper()
		if _, err := l.LoadDocument(context.Background(), srv.URL+"/ctx/"+name); err != nil {
			t.Fatal(err)
		}
	}
	load("a")
	load("b")
	load("c") // evicts a
	if l.fetcher.CacheLen() != 2 {
		t.Fatalf("cache holds %d, want 2", l.fetcher.CacheLen())
	}
	load("b")
	if hits.Load() != 3 {
		t.Fatalf("hits = %d, want 3 (b cached)", hits.Load())
	}
	load("a")
	if hits.Load() != 4 {
		t.Fatalf("hits = %d, want 4 (a evicted)", hits.Load())
	}
	now = now.Add(2 * time.Hour)
	load("a")
	if hits.Load() != 5 {
		t.Fatalf("hits = %d, want 5 (a expired)", hits.Load())
	}
}

func TestRemoteLoaderWithoutCache(t *testing.T) {
	srv, hits := contextServer(t)
	l := newTestRemote(t, srv, RemoteOptions{CacheSize: -1})
	for range 2 {
		if _, err := l.LoadDocument(context.Background(), srv.URL+"/ctx/a"); err != nil {
			t.Fatal(err)
		}
	}
	if hits.Load() != 2 {
		t.Fatalf("hits = %d, want 2", hits.Load())
	}
}

func TestNewRemoteLoaderValidates(t *testing.T) {
	if _, err := NewRemoteLoader(nil, RemoteOptions{Allow: []string{"https://a.example/"}}); err == nil {
		t.Error("nil client accepted")
	}
	if _, err := NewRemoteLoader(http.DefaultClient, RemoteOptions{}); err == nil {
		t.Error("empty allowlist accepted")
	}
	if _, err := NewRemoteLoader(http.DefaultClient, RemoteOptions{Allow: []string{"ftp://a.example/"}}); err == nil {
		t.Error("non-http allowlist entry accepted")
	}
}

func TestRemoteLoaderAsFallback(t *testing.T) {
	srv, _ := contextServer(t)
	remote := newTestRemote(t, srv, RemoteOptions{})
	l, err := NewLoader(WithFallback(remote))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.LoadDocument(context.Background(), srv.URL+"/ctx/x.json"); err != nil {
		t.Fatal(err)
	}
	if _, err := l.LoadDocument(context.Background(), "https://elsewhere.example/x.json"); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("err = %v", err)
	}
}
