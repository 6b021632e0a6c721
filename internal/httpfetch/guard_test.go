package httpfetch

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestPublicAddress(t *testing.T) {
	for _, c := range []struct {
		addr   string
		public bool
	}{
		{"93.184.215.14", true}, {"2606:2800:21f:cb07:6820:80da:af6b:8b2c", true}, {"8.8.8.8", true},
		{"127.0.0.1", false}, {"127.8.9.10", false}, {"::1", false},
		{"10.1.2.3", false}, {"172.16.0.1", false}, {"192.168.1.1", false}, {"fd00::1", false},
		{"169.254.169.254", false}, {"fe80::1", false},
		{"224.0.0.1", false}, {"ff02::1", false}, {"0.0.0.0", false}, {"::", false}, {"255.255.255.255", false},
		{"100.64.0.1", false}, {"198.18.0.1", false}, {"192.0.2.1", false}, {"240.0.0.1", false}, {"2001:db8::1", false},
		{"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false}, {"::ffff:8.8.8.8", true},
		{"64:ff9b::7f00:1", false}, {"64:ff9b::808:808", true}, // NAT64 of 127.0.0.1, 8.8.8.8
		{"2002:7f00:1::1", false}, {"2002:808:808::1", true}, // 6to4 of 127.0.0.1, 8.8.8.8
	} {
		if got := PublicAddress(netip.MustParseAddr(c.addr)); got != c.public {
			t.Errorf("PublicAddress(%s) = %v, want %v", c.addr, got, c.public)
		}
	}
}

// guardedGet fetches u through Guard(rt, allow) and returns the error.
func guardedGet(t *testing.T, rt http.RoundTripper, allow []string, u string) error {
	t.Helper()
	c := &http.Client{Transport: Guard(rt, allow)}
	resp, err := c.Get(u)
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return err
}

// TestGuard: connections to a loopback server are refused, whether the
// address comes from the URL, from a name the system resolver answers with
// a loopback address, or from a dialer that sends a public-looking name
// there (a DNS answer rebinding it), unless the allowance names the host
// or the address.
func TestGuard(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	var conns atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	port := u.Port()

	// The default transport (nil, or http.DefaultTransport itself) and a
	// Transport without a dialer: refused before connecting.
	for _, rt := range []http.RoundTripper{nil, http.DefaultTransport, &http.Transport{}} {
		if err := guardedGet(t, rt, nil, srv.URL); !errors.Is(err, ErrAddressNotAllowed) {
			t.Fatalf("loopback IP: %v", err)
		}
		// A name the resolver answers with a loopback address.
		if err := guardedGet(t, rt, nil, "http://localhost:"+port+"/"); !errors.Is(err, ErrAddressNotAllowed) {
			t.Fatalf("localhost: %v", err)
		}
	}
	// A connection of our own, accepted after any the guard might have
	// opened (the server accepts in order and counts each as it does).
	sentinel, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer sentinel.Close()
	for deadline := time.Now().Add(5 * time.Second); conns.Load() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server never saw the sentinel connection")
		}
	}
	if n := conns.Load(); n != 1 {
		t.Fatalf("the server saw %d connections before ours: the address was refused after connecting", n-1)
	}
	// A caller's dialer that sends a public name to the loopback server,
	// as a rebinding DNS answer would.
	rebind := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, u.Host)
	}}
	if err := guardedGet(t, rebind, nil, "http://public.example/"); !errors.Is(err, ErrAddressNotAllowed) {
		t.Fatalf("rebound name: %v", err)
	}
	// The older Dial field is guarded too.
	//lint:ignore SA1019 the deprecated field is what is tested
	old := &http.Transport{Dial: func(network, addr string) (net.Conn, error) { return net.Dial(network, u.Host) }}
	if err := guardedGet(t, old, nil, "http://public.example/"); !errors.Is(err, ErrAddressNotAllowed) {
		t.Fatalf("Dial: %v", err)
	}

	// Allowances: by host, by host and port, by IP address.
	for _, allow := range [][]string{{"127.0.0.1"}, {"127.0.0.1:" + port}, {"public.example"}, {"public.example:80"}, {"PUBLIC.example"}} {
		if err := guardedGet(t, rebind, allow, "http://public.example/"); err != nil {
			t.Errorf("allowed by %v: %v", allow, err)
		}
	}
	if err := guardedGet(t, nil, []string{"localhost:" + port}, "http://localhost:"+port+"/"); err != nil {
		t.Errorf("localhost allowed: %v", err)
	}
	if err := guardedGet(t, nil, []string{"127.0.0.1"}, srv.URL); err != nil {
		t.Errorf("IP allowed: %v", err)
	}
	for _, allow := range [][]string{{"127.0.0.1:1"}, {"other.example"}, {"public.example:8080"}} {
		if err := guardedGet(t, rebind, allow, "http://public.example/"); !errors.Is(err, ErrAddressNotAllowed) {
			t.Errorf("not allowed by %v: %v", allow, err)
		}
	}

	// A RoundTripper that is not an *http.Transport is the caller's own.
	own := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
	})
	if err := guardedGet(t, own, nil, srv.URL); err != nil {
		t.Errorf("own RoundTripper: %v", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestFetcherGuards: a Fetcher guards the client it is given, and reports
// a refused address as KindNotAllowed.
func TestFetcherGuards(t *testing.T) {
	s := newServer(t, map[string]http.HandlerFunc{"/doc": serve(`{}`, "application/json")})
	f, err := New(s.Client(), Options{Policy: allowAll, MediaTypes: []string{"application/json"}, MaxBytes: 100})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = f.Get(context.Background(), s.URL+"/doc")
	e := wantKind(t, err, KindNotAllowed)
	if !errors.Is(e, ErrAddressNotAllowed) {
		t.Fatalf("%v", err)
	}
	if _, err := New(s.Client(), Options{Policy: allowAll, MediaTypes: []string{"application/json"}, MaxBytes: 100, AllowHosts: []string{"a/b"}}); err == nil {
		t.Fatal("a malformed allowance was accepted")
	}
}

func TestHostsOf(t *testing.T) {
	got := HostsOf([]string{"https://example.edu/keys/", "http://127.0.0.1:8080/x", "https://[::1]/y", "not a url", "ftp://x.example/"})
	want := []string{"example.edu:443", "127.0.0.1:8080", "[::1]:443"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("HostsOf = %q, want %q", got, want)
	}
}

// TestCheckAllowHosts: an allowance entry is a host or IP address,
// optionally with a numeric port; a URL or a named port is refused rather
// than kept as an entry that can never match.
func TestCheckAllowHosts(t *testing.T) {
	for _, a := range []string{"issuer.example", "issuer.example:8443", "127.0.0.1", "127.0.0.1:1", "[::1]:443", "::1", "[::1]"} {
		if err := CheckAllowHosts([]string{a}); err != nil {
			t.Errorf("%q refused: %v", a, err)
		}
	}
	for _, a := range []string{"", "https://issuer.example", "issuer.example:https", "issuer.example:", "issuer.example:65536",
		"issuer.example:-1", "issuer.example:0", "127.0.0.1:0", "issuer.example/path", "user@issuer.example", "issuer.example:abc"} {
		if err := CheckAllowHosts([]string{"ok.example", a}); err == nil {
			t.Errorf("%q accepted", a)
		}
	}
}

// TestGuardSharesClones: the fetchers of one client share one guarded
// transport (one connection pool) per allowance, whatever its order and
// case; another allowance or another transport gets its own; and the
// clone goes when its transport is collected.
func TestGuardSharesClones(t *testing.T) {
	src := &http.Transport{}
	a := Guard(src, []string{"b.example", "A.example:8443"})
	if a == http.RoundTripper(src) {
		t.Fatal("Guard returned the transport itself")
	}
	if b := Guard(src, []string{"a.example:8443", "b.example", "b.example"}); b != a {
		t.Error("the same allowance in another order got another clone")
	}
	if c := Guard(src, []string{"b.example"}); c == a {
		t.Error("another allowance shares a clone: a connection it allows would be reused unchecked")
	}
	if d := Guard(&http.Transport{}, []string{"b.example", "a.example:8443"}); d == a {
		t.Error("another transport shares a clone")
	}
	if Guard(nil, nil) != Guard(http.DefaultTransport, nil) {
		t.Error("nil and http.DefaultTransport got different clones")
	}

	func() {
		Guard(&http.Transport{}, []string{"gone.example"})
	}()
	requireCollected(t, []string{"gone.example"}, "the clone of a collected transport was kept")
}

// TestGuardForgetsSelfReferringTransports: a Transport whose hook refers to
// itself (a DialContext closure, as http2.ConfigureTransport's TLSNextProto
// does) is not kept alive through its clone: the entry goes once no
// fetcher holds the clone.
func TestGuardForgetsSelfReferringTransports(t *testing.T) {
	allow := []string{"self.example"}
	func() {
		tr := &http.Transport{}
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			_ = tr // the clone copies this closure, which holds tr
			return nil, errors.New("not dialled")
		}
		Guard(tr, allow)
	}()
	requireCollected(t, allow, "a self-referring transport and its clone were kept")
}

// TestGuardKeepsProgramDialer: a program that put its own Transport in
// http.DefaultTransport, or set the default's DialContext, keeps its
// dialer under the guard; only net/http's own default dialer is replaced
// by the check made before connecting.
func TestGuardKeepsProgramDialer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()
	allow := []string{srv.Listener.Addr().String()}
	var used atomic.Int32
	dialer := func(ctx context.Context, network, addr string) (net.Conn, error) {
		used.Add(1)
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	get := func(rt http.RoundTripper) {
		t.Helper()
		resp, err := (&http.Client{Transport: rt}).Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}

	saved := http.DefaultTransport
	defer func() { http.DefaultTransport = saved }()
	http.DefaultTransport = &http.Transport{DialContext: dialer}
	get(Guard(nil, allow))
	if used.Load() != 1 {
		t.Errorf("a Transport put in http.DefaultTransport: its dialer ran %d times, want 1", used.Load())
	}

	http.DefaultTransport = saved
	stock := saved.(*http.Transport)
	savedDial := stock.DialContext
	defer func() { stock.DialContext = savedDial }()
	stock.DialContext = dialer
	get(Guard(nil, append(allow, "in-place.example")))
	if used.Load() != 2 {
		t.Errorf("the default Transport with the program's DialContext: its dialer ran %d times in all, want 2", used.Load())
	}
}

// requireCollected fails t unless the one clone cached for the allowance
// goes within a few collections.
func requireCollected(t *testing.T, allow []string, msg string) {
	t.Helper()
	count := func() int {
		n := 0
		guardedClones.Range(func(k, _ any) bool {
			if k.(guardKey).allow == allowanceKey(allow) {
				n++
			}
			return true
		})
		return n
	}
	if count() != 1 {
		t.Fatalf("%d clones for the allowance", count())
	}
	for deadline := time.Now().Add(5 * time.Second); count() > 0; {
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
