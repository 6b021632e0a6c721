package httpfetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"
	"weak"
)

// ErrAddressNotAllowed is what a connection to a non-public address fails
// with: loopback, private (RFC 1918, RFC 4193), link-local, multicast,
// unspecified, shared (RFC 6598), benchmarking, documentation and reserved
// ranges, and IPv6 forms that embed such an IPv4 address. A credential must
// not steer a verifier into its own network, and a DNS answer must not
// rebind a public name to an internal address, so the check is made on the
// address actually dialled.
var ErrAddressNotAllowed = errors.New("httpfetch: address not allowed")

// nonPublic are the ranges refused besides what netip classifies.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("2001:db8::/32"),
	netip.MustParsePrefix("fec0::/10"),
}

// The IPv6 ranges that embed an IPv4 address, which decides for them.
var (
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	sixTo4 = netip.MustParsePrefix("2002::/16")
)

// PublicAddress reports whether a may be connected to without an explicit
// allowance: a global unicast address outside the ranges
// ErrAddressNotAllowed lists.
func PublicAddress(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || !a.IsGlobalUnicast() || a.IsPrivate() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64.Contains(a):
			return PublicAddress(netip.AddrFrom4([4]byte(b[12:16])))
		case sixTo4.Contains(a):
			return PublicAddress(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	return true
}

// hostAllowed reports whether the dial target addr ("host:port") is named
// by an allowance: "host" (any port) or "host:port", compared without case.
func hostAllowed(addr string, allow []string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	for _, a := range allow {
		if strings.EqualFold(a, addr) || strings.EqualFold(strings.Trim(a, "[]"), host) {
			return true
		}
	}
	return false
}

// CheckAllowHosts checks the entries of an allowance list: each a host
// name or IP address, optionally with ":port" (IPv6 in brackets then).
func CheckAllowHosts(allow []string) error {
	for _, a := range allow {
		host := a
		if h, port, err := net.SplitHostPort(a); err == nil {
			if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
				return fmt.Errorf("allowed host %q: the port %q is not a number from 1 to 65535", a, port)
			}
			host = h
		}
		if host == "" || strings.ContainsAny(host, "/?#@ ") {
			return fmt.Errorf("allowed host %q is not host or host:port", a)
		}
	}
	return nil
}

// addrAllowed reports whether the dialled address ap is public, or named
// by an allowance entry that is an IP address ("127.0.0.1", "[::1]:8443").
func addrAllowed(ap netip.AddrPort, allow []string) bool {
	if PublicAddress(ap.Addr()) {
		return true
	}
	for _, a := range allow {
		if ip, err := netip.ParseAddr(strings.Trim(a, "[]")); err == nil && ip.Unmap() == ap.Addr().Unmap() {
			return true
		}
		if p, err := netip.ParseAddrPort(a); err == nil && p.Addr().Unmap() == ap.Addr().Unmap() && p.Port() == ap.Port() {
			return true
		}
	}
	return false
}

// checkAddr refuses the dialled address unless addrAllowed.
func checkAddr(address string, allow []string) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s is not an IP address and port", ErrAddressNotAllowed, address)
	}
	if !addrAllowed(ap, allow) {
		return fmt.Errorf("%w: %s is not a public address", ErrAddressNotAllowed, ap.Addr())
	}
	return nil
}

type dialFunc = func(ctx context.Context, network, addr string) (net.Conn, error)

// guardDial wraps a dial function: targets a host name of the allowance
// names are dialled as they are; others only to public addresses or to IP
// addresses the allowance names. With no dial function of the caller's,
// the check is a dialer's Control hook, before any packet is sent; around
// the caller's own, it is made on the connection it returns, before any
// byte is written.
func guardDial(dial dialFunc, allow []string) dialFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		named := hostAllowed(addr, allow)
		if dial == nil {
			d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
			if !named {
				d.Control = func(_, address string, _ syscall.RawConn) error { return checkAddr(address, allow) }
			}
			return d.DialContext(ctx, network, addr)
		}
		conn, err := dial(ctx, network, addr)
		if err != nil || named {
			return conn, err
		}
		if err := checkAddr(conn.RemoteAddr().String(), allow); err != nil {
			conn.Close()
			return nil, err
		}
		return conn, nil
	}
}

// guardable is a RoundTripper that sends what it does not answer itself
// through another, which it can guard (LocalTransport).
type guardable interface {
	guarded(allow []string) http.RoundTripper
}

// Guard returns rt with connections to non-public addresses refused, except
// to the hosts allow names: nil means http.DefaultTransport; an
// *http.Transport is cloned with its dial functions wrapped; a
// LocalTransport guards what it forwards. Any other RoundTripper is the
// caller's own network and is returned as it is.
//
// The clone of a Transport is made once per allowance and shared by every
// later call with the same Transport and the same allowance (in any
// order) while a fetcher still uses it, so that the fetchers of one client
// share one connection pool. A Transport is therefore read when its clone
// is made: settings changed afterwards reach new clones only. Fetchers with
// different allowances never share connections, since a connection allowed
// to one would otherwise be reused by the other without a check.
//
// The check is on the address dialled. Through a proxy (the Transport's
// Proxy, such as the environment's HTTPS_PROXY for http.DefaultTransport)
// that is the proxy's address, which must then be public or allowed, and
// the address the proxy reaches is the proxy's to check.
func Guard(rt http.RoundTripper, allow []string) http.RoundTripper {
	if rt == nil {
		rt = http.DefaultTransport
	}
	switch t := rt.(type) {
	case *http.Transport:
		return sharedClone(t, allow)
	case guardable:
		return t.guarded(allow)
	}
	return rt
}

// guardedClones holds, weakly, the guarded clone of each Transport Guard
// was given, per allowance. Neither the Transport nor the clone is kept
// alive by it: the fetchers hold their clone, and an entry goes when its
// clone is collected (a clone may refer to its Transport through a copied
// hook, so holding clones here would keep both forever).
var guardedClones sync.Map // guardKey → weak.Pointer[http.Transport]

// sharedClone returns the guarded clone of t for the allowance, making it
// when there is none alive.
func sharedClone(t *http.Transport, allow []string) *http.Transport {
	k := guardKey{src: weak.Make(t), allow: allowanceKey(allow)}
	for {
		old, found := guardedClones.Load(k)
		if found {
			if c := old.(weak.Pointer[http.Transport]).Value(); c != nil {
				return c
			}
		}
		c := guardedClone(t, allow)
		wp := weak.Make(c)
		stored := false
		if found {
			stored = guardedClones.CompareAndSwap(k, old, wp)
		} else {
			_, loaded := guardedClones.LoadOrStore(k, wp)
			stored = !loaded
		}
		if stored {
			runtime.AddCleanup(c, func(e guardEntry) { guardedClones.CompareAndDelete(e.k, e.wp) }, guardEntry{k, wp})
			return c
		}
		// Another goroutine stored a clone first: take that one.
	}
}

type guardEntry struct {
	k  guardKey
	wp weak.Pointer[http.Transport]
}

type guardKey struct {
	src   weak.Pointer[http.Transport]
	allow string
}

// allowanceKey is the allowance as a set: its entries sorted, without case.
func allowanceKey(allow []string) string {
	keys := make([]string, len(allow))
	for i, a := range allow {
		keys[i] = strings.ToLower(a)
	}
	slices.Sort(keys)
	return strings.Join(slices.Compact(keys), "\n")
}

// guardedClone returns a clone of t whose dial functions refuse what the
// allowance does not allow.
func guardedClone(t *http.Transport, allow []string) *http.Transport {
	// DialContext and DialTLSContext take precedence over the older Dial
	// and DialTLS, which are wrapped when they are all there is.
	c := t.Clone()
	dial, dialTLS := t.DialContext, t.DialTLSContext
	if isStockDefault(t) {
		// Its dialer is a plain net.Dialer with the timeouts guardDial's
		// own has: checking in the Control hook refuses an address before
		// a packet is sent, where checking the connection would open it
		// first.
		dial = nil
	}
	// A caller's Transport may still set the deprecated Dial and DialTLS
	// hooks; what they dial must be guarded too.
	//lint:ignore SA1019 wrapped, not used for new code
	if plain := t.Dial; dial == nil && plain != nil {
		dial = func(_ context.Context, n, a string) (net.Conn, error) { return plain(n, a) }
	}
	//lint:ignore SA1019 wrapped, not used for new code
	if plain := t.DialTLS; dialTLS == nil && plain != nil {
		dialTLS = func(_ context.Context, n, a string) (net.Conn, error) { return plain(n, a) }
	}
	allow = slices.Clone(allow)
	c.DialContext = guardDial(dial, allow)
	if dialTLS != nil {
		c.DialTLSContext = guardDial(dialTLS, allow)
	}
	return c
}

// stockDefault is net/http's default Transport and the dialer it came
// with, as the process started.
var stockDefault, stockDial = func() (*http.Transport, unsafe.Pointer) {
	t, _ := http.DefaultTransport.(*http.Transport)
	if t == nil {
		return nil, nil
	}
	return t, funcIdentity(t.DialContext)
}()

// isStockDefault reports whether t is net/http's default Transport with
// its own dialer: not a Transport a program put in its place, nor the
// default with a DialContext the program set, whose dialer must be kept.
func isStockDefault(t *http.Transport) bool {
	return t == stockDefault && t.DialContext != nil && funcIdentity(t.DialContext) == stockDial
}

// funcIdentity returns what a func value points to (its closure), which
// tells two values of the same code apart.
func funcIdentity(f func(context.Context, string, string) (net.Conn, error)) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&f))
}

// HostsOf returns the "host:port" of each absolute http(s) URL in urls
// (the scheme's default port when none is given), for an allowance built
// from a URL allowlist: a caller that names URLs to fetch has allowed
// their hosts. Entries that do not parse are left out.
func HostsOf(urls []string) []string {
	var hosts []string
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			continue
		}
		port := u.Port()
		if port == "" {
			port = map[string]string{"https": "443", "http": "80"}[u.Scheme]
		}
		if port == "" {
			continue
		}
		hosts = append(hosts, net.JoinHostPort(u.Hostname(), port))
	}
	return hosts
}
