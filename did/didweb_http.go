package did

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clrkit/clrkit/internal/httpfetch"
)

// Errors that the HTTP fetches of did:web and of HTTPS key documents wrap in
// their *ResolutionError values (errors.Is finds them).
var (
	// ErrURLNotAllowed: a URL, or a redirect target, breaks the fetch rules
	// (not https, an IP address, another host, not on the allowlist).
	ErrURLNotAllowed = errors.New("did: URL not allowed")
	// ErrTooLarge: a response body exceeds HTTPOptions.MaxBytes.
	ErrTooLarge = errors.New("did: response too large")
	// ErrContentType: a response has a media type that is not accepted.
	ErrContentType = errors.New("did: unexpected content type")
)

// Defaults of HTTPOptions.
const (
	DefaultMaxBytes     = 256 << 10
	DefaultMaxRedirects = 3
	DefaultTimeout      = 10 * time.Second
)

// HTTPOptions sets the rules for every HTTP fetch a WebResolver or a
// Retriever makes. The zero value is a sound production setting.
type HTTPOptions struct {
	// AllowHTTPHosts lists "host:port" authorities that may be fetched over
	// plain http (and, for a Retriever, may be IP addresses; a did:web DID
	// never may). It exists for local test servers; leave it empty in
	// production. A URL without an explicit port is matched with its
	// scheme's default port.
	AllowHTTPHosts []string
	// AllowHosts names the hosts ("host" or "host:port") whose addresses
	// may be non-public. Connections to loopback, private, link-local and
	// other non-public addresses are otherwise refused, checked on the
	// address actually dialled so that a DNS answer cannot steer a fetch
	// into the verifier's own network. Hosts in AllowHTTPHosts are allowed
	// too. The check applies when the client's Transport is nil or an
	// *http.Transport (or a LocalDocuments client around one); any other
	// RoundTripper decides for itself.
	AllowHosts []string
	// MaxBytes caps the size of one response body (default 256 KiB).
	MaxBytes int64
	// MaxRedirects bounds how many redirects one fetch follows (default 3);
	// negative means none. Redirects never go from https to plain http
	// (unless the target is in AllowHTTPHosts) and stay on the same host
	// unless AllowCrossHostRedirects is set.
	MaxRedirects int
	// AllowCrossHostRedirects lets redirects go to other hosts (still https,
	// still no IP addresses).
	AllowCrossHostRedirects bool
	// Timeout bounds one fetch, redirects included, on top of any deadline
	// of the caller's context (default 10 s).
	Timeout time.Duration
	// CacheSize bounds the number of responses kept (default 128); negative
	// disables caching.
	CacheSize int
	// DefaultTTL is how long a response without a Cache-Control max-age is
	// reused (default 5 minutes).
	DefaultTTL time.Duration
	// MaxTTL caps the lifetime of a cached response, whatever max-age says
	// (default 24 hours).
	MaxTTL time.Duration
	// Now is the clock of the cache (default time.Now).
	Now func() time.Time
}

// Defaults of the HTTP cache.
const (
	// DefaultCacheSize is the number of responses kept when
	// HTTPOptions.CacheSize is zero.
	DefaultCacheSize = 128
	// DefaultCacheTTL is how long a response without a Cache-Control
	// max-age is reused when HTTPOptions.DefaultTTL is zero. It is short on
	// purpose: a rotated or revoked key should stop verifying soon.
	DefaultCacheTTL = 5 * time.Minute
	// DefaultMaxCacheTTL caps a server's max-age when HTTPOptions.MaxTTL is
	// zero.
	DefaultMaxCacheTTL = 24 * time.Hour
)

// cachedResponse is a fetched body and its media type. The body is shared
// with the fetcher's cache and never modified; every reader parses its own
// copy of the document from it.
type cachedResponse struct {
	body        []byte
	contentType string
}

// fetcher applies the HTTPOptions rules (the URL policy and the limits) to
// an httpfetch.Fetcher, which does the size-limited, deadline-bound,
// cached GETs, and reports failures as *ResolutionError values. It is
// immutable after construction apart from the cache, and safe for
// concurrent use.
type fetcher struct {
	hf        *httpfetch.Fetcher
	allowHTTP []string // normalized host:port
	crossHost bool
}

func newFetcher(client *http.Client, opts HTTPOptions, accept string, acceptedTypes []string) (*fetcher, error) {
	if client == nil {
		return nil, errors.New("nil *http.Client")
	}
	f := &fetcher{crossHost: opts.AllowCrossHostRedirects}
	for _, hp := range opts.AllowHTTPHosts {
		host, port, err := net.SplitHostPort(hp)
		if err != nil || host == "" || port == "" {
			return nil, fmt.Errorf("AllowHTTPHosts entry %q is not host:port", hp)
		}
		f.allowHTTP = append(f.allowHTTP, strings.ToLower(net.JoinHostPort(host, port)))
	}
	fo := httpfetch.Options{
		Policy:       f.policy,
		Accept:       accept,
		MediaTypes:   acceptedTypes,
		MaxBytes:     opts.MaxBytes,
		MaxRedirects: opts.MaxRedirects,
		Timeout:      opts.Timeout,
		CacheSize:    opts.CacheSize,
		DefaultTTL:   opts.DefaultTTL,
		MaxTTL:       opts.MaxTTL,
		Now:          opts.Now,
		AllowHosts:   append(slices.Clone(opts.AllowHosts), f.allowHTTP...),
	}
	if fo.MaxBytes <= 0 {
		fo.MaxBytes = DefaultMaxBytes
	}
	switch {
	case fo.MaxRedirects == 0:
		fo.MaxRedirects = DefaultMaxRedirects
	case fo.MaxRedirects < 0:
		fo.MaxRedirects = 0
	}
	if fo.Timeout <= 0 {
		fo.Timeout = DefaultTimeout
	}
	if fo.DefaultTTL <= 0 {
		fo.DefaultTTL = DefaultCacheTTL
	}
	if fo.MaxTTL <= 0 {
		fo.MaxTTL = DefaultMaxCacheTTL
	}
	switch {
	case fo.CacheSize == 0:
		fo.CacheSize = DefaultCacheSize
	case fo.CacheSize < 0:
		fo.CacheSize = 0
	}
	hf, err := httpfetch.New(client, fo)
	if err != nil {
		return nil, err
	}
	f.hf = hf
	return f, nil
}

// policy is the httpfetch.Policy of the HTTPOptions rules: checkURL for
// every URL, and for a redirect target also the same-host rule unless
// AllowCrossHostRedirects is set.
func (f *fetcher) policy(u, origin *url.URL) error {
	if err := f.checkURL(u); err != nil {
		return err
	}
	if origin != nil && !f.crossHost && !strings.EqualFold(u.Host, origin.Host) {
		return fmt.Errorf("%w: redirect from %s to another host, %s", ErrURLNotAllowed, origin.Host, u.Host)
	}
	return nil
}

// hostPort returns u's authority with the scheme's default port filled in,
// lower-cased.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "443"
		if u.Scheme == "http" {
			port = "80"
		}
	}
	return strings.ToLower(net.JoinHostPort(u.Hostname(), port))
}

// checkURL applies the scheme and host rules: https to a domain name, or
// anything to a host in AllowHTTPHosts.
func (f *fetcher) checkURL(u *url.URL) error {
	if u.User != nil {
		return fmt.Errorf("%w: %s carries user information", ErrURLNotAllowed, u.Redacted())
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("%w: %s is not an http(s) URL", ErrURLNotAllowed, u.Redacted())
	}
	if slices.Contains(f.allowHTTP, hostPort(u)) {
		return nil
	}
	if u.Scheme != "https" {
		return fmt.Errorf("%w: %s is not https", ErrURLNotAllowed, u.Redacted())
	}
	if isIPHost(u.Hostname()) {
		return fmt.Errorf("%w: %s names an IP address", ErrURLNotAllowed, u.Redacted())
	}
	return nil
}

// isIPHost reports whether host is an IP address, including the legacy
// forms some resolvers accept ("127.1", "0x7f.0.0.1"): a host whose last
// label is all digits, or that parses as hex/octal numbers, is treated as an
// address, since no top-level domain is numeric.
func isIPHost(host string) bool {
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if host == "" || net.ParseIP(host) != nil || strings.Contains(host, ":") {
		return true
	}
	last := host[strings.LastIndexByte(host, '.')+1:]
	if _, err := strconv.ParseUint(last, 0, 64); err == nil {
		return true
	}
	return false
}

// get fetches rawURL (or returns it from the cache). id names the DID or URL
// in the errors, which are *ResolutionError: invalidDidUrl for a URL the
// rules refuse, notFound for 404 and 410, invalidDidDocument for a refused
// redirect or body, internalError otherwise.
func (f *fetcher) get(ctx context.Context, id, rawURL string) (cachedResponse, error) {
	body, mt, err := f.hf.Get(ctx, rawURL)
	if err != nil {
		return cachedResponse{}, resolutionErrorFor(id, rawURL, err)
	}
	return cachedResponse{body: body, contentType: mt}, nil
}

// resolutionErrorFor turns an *httpfetch.Error from fetching rawURL into
// the *ResolutionError that names id.
func resolutionErrorFor(id, rawURL string, err error) error {
	var fe *httpfetch.Error
	if !errors.As(err, &fe) {
		return &ResolutionError{Code: CodeInternalError, DID: id, Detail: "GET " + rawURL, Err: err}
	}
	switch fe.Kind {
	case httpfetch.KindBadURL:
		return &ResolutionError{Code: CodeInvalidDIDURL, DID: id, Detail: "bad URL", Err: fe.Err}
	case httpfetch.KindNotAllowed:
		if errors.Is(fe, httpfetch.ErrAddressNotAllowed) || errors.Is(fe, httpfetch.ErrNoLocalCopy) {
			// The URL is fine; where it leads is not allowed (a non-public
			// address, or the network when only local copies are).
			return &ResolutionError{Code: CodeInvalidDIDURL, DID: id, Detail: "GET " + rawURL, Err: fmt.Errorf("%w: %w", ErrURLNotAllowed, fe.Err)}
		}
		if !fe.Redirect {
			return &ResolutionError{Code: CodeInvalidDIDURL, DID: id, Err: fe.Err}
		}
		return &ResolutionError{Code: CodeInvalidDIDDocument, DID: id, Detail: "GET " + rawURL, Err: fe.Err}
	case httpfetch.KindTooManyRedirects:
		return &ResolutionError{Code: CodeInvalidDIDDocument, DID: id, Detail: "GET " + rawURL,
			Err: httpfetch.RedirectLimitError(fe, fmt.Errorf("%w: more than %d redirects", ErrURLNotAllowed, fe.Limit))}
	case httpfetch.KindStatus:
		code := CodeInternalError
		if fe.StatusCode == http.StatusNotFound || fe.StatusCode == http.StatusGone {
			code = CodeNotFound
		}
		return resolutionErrorf(code, id, nil, "GET %s: HTTP status %d", rawURL, fe.StatusCode)
	case httpfetch.KindMediaType:
		return &ResolutionError{Code: CodeInvalidDIDDocument, DID: id,
			Detail: fmt.Sprintf("GET %s: content type %q", rawURL, fe.ContentType), Err: ErrContentType}
	case httpfetch.KindTooLarge:
		detail := fmt.Sprintf("GET %s: more than %d bytes", rawURL, fe.Limit)
		if fe.Length >= 0 {
			detail = fmt.Sprintf("GET %s: %d bytes, limit %d", rawURL, fe.Length, fe.Limit)
		}
		return &ResolutionError{Code: CodeInvalidDIDDocument, DID: id, Detail: detail, Err: ErrTooLarge}
	}
	return &ResolutionError{Code: CodeInternalError, DID: id, Detail: "GET " + rawURL, Err: fe.Err}
}
