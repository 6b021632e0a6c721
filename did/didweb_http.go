package did

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
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

// fetcher makes size-limited, deadline-bound GETs of JSON documents under
// the HTTPOptions rules, through a cache. It is immutable after
// construction apart from its cache, and safe for concurrent use.
type fetcher struct {
	client        http.Client
	allowHTTP     []string // normalized host:port
	maxBytes      int64
	maxRedirects  int
	crossHost     bool
	timeout       time.Duration
	defaultTTL    time.Duration
	maxTTL        time.Duration
	now           func() time.Time
	cache         *responseCache
	accept        string
	acceptedTypes []string
}

func newFetcher(client *http.Client, opts HTTPOptions, accept string, acceptedTypes []string) (*fetcher, error) {
	if client == nil {
		return nil, errors.New("nil *http.Client")
	}
	f := &fetcher{
		client:        *client,
		maxBytes:      opts.MaxBytes,
		maxRedirects:  opts.MaxRedirects,
		crossHost:     opts.AllowCrossHostRedirects,
		timeout:       opts.Timeout,
		defaultTTL:    opts.DefaultTTL,
		maxTTL:        opts.MaxTTL,
		now:           opts.Now,
		accept:        accept,
		acceptedTypes: acceptedTypes,
	}
	for _, hp := range opts.AllowHTTPHosts {
		host, port, err := net.SplitHostPort(hp)
		if err != nil || host == "" || port == "" {
			return nil, fmt.Errorf("AllowHTTPHosts entry %q is not host:port", hp)
		}
		f.allowHTTP = append(f.allowHTTP, strings.ToLower(net.JoinHostPort(host, port)))
	}
	if f.maxBytes <= 0 {
		f.maxBytes = DefaultMaxBytes
	}
	switch {
	case f.maxRedirects == 0:
		f.maxRedirects = DefaultMaxRedirects
	case f.maxRedirects < 0:
		f.maxRedirects = 0
	}
	if f.timeout <= 0 {
		f.timeout = DefaultTimeout
	}
	if f.defaultTTL <= 0 {
		f.defaultTTL = DefaultCacheTTL
	}
	if f.maxTTL <= 0 {
		f.maxTTL = DefaultMaxCacheTTL
	}
	if f.now == nil {
		f.now = time.Now
	}
	switch {
	case opts.CacheSize == 0:
		f.cache = newResponseCache(DefaultCacheSize)
	case opts.CacheSize > 0:
		f.cache = newResponseCache(opts.CacheSize)
	}
	callerCheck := client.CheckRedirect
	f.client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > f.maxRedirects {
			return fmt.Errorf("%w: more than %d redirects", ErrURLNotAllowed, f.maxRedirects)
		}
		if err := f.checkURL(req.URL); err != nil {
			return err
		}
		if !f.crossHost && !strings.EqualFold(req.URL.Host, via[0].URL.Host) {
			return fmt.Errorf("%w: redirect from %s to another host, %s", ErrURLNotAllowed, via[0].URL.Host, req.URL.Host)
		}
		if callerCheck != nil {
			return callerCheck(req, via)
		}
		return nil
	}
	return f, nil
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
// in the errors, which are *ResolutionError: notFound for 404 and 410,
// invalidDidDocument for a refused body, internalError otherwise.
func (f *fetcher) get(ctx context.Context, id, rawURL string) (cachedResponse, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return cachedResponse{}, &ResolutionError{Code: CodeInvalidDIDURL, DID: id, Detail: "bad URL", Err: err}
	}
	if err := f.checkURL(u); err != nil {
		return cachedResponse{}, &ResolutionError{Code: CodeInvalidDIDURL, DID: id, Err: err}
	}
	if f.cache != nil {
		if r, ok := f.cache.get(rawURL, f.now()); ok {
			return r, nil
		}
	}
	r, ttl, err := f.fetch(ctx, id, rawURL)
	if err != nil {
		return cachedResponse{}, err
	}
	if f.cache != nil {
		if ttl > 0 {
			f.cache.put(rawURL, r, f.now().Add(ttl))
		} else {
			f.cache.remove(rawURL)
		}
	}
	return r, nil
}

func (f *fetcher) fetch(ctx context.Context, id, rawURL string) (cachedResponse, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return cachedResponse{}, 0, &ResolutionError{Code: CodeInvalidDIDURL, DID: id, Detail: "bad URL", Err: err}
	}
	req.Header.Set("Accept", f.accept)
	resp, err := f.client.Do(req)
	if err != nil {
		if errors.Is(err, ErrURLNotAllowed) {
			return cachedResponse{}, 0, &ResolutionError{Code: CodeInvalidDIDDocument, DID: id, Detail: "GET " + rawURL, Err: err}
		}
		return cachedResponse{}, 0, &ResolutionError{Code: CodeInternalError, DID: id, Detail: "GET " + rawURL, Err: err}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return cachedResponse{}, 0, resolutionErrorf(CodeNotFound, id, nil, "GET %s: HTTP status %d", rawURL, resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return cachedResponse{}, 0, resolutionErrorf(CodeInternalError, id, nil, "GET %s: HTTP status %d", rawURL, resp.StatusCode)
	}
	ct := resp.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || !slices.Contains(f.acceptedTypes, mt) {
		return cachedResponse{}, 0, &ResolutionError{Code: CodeInvalidDIDDocument, DID: id,
			Detail: fmt.Sprintf("GET %s: content type %q", rawURL, ct), Err: ErrContentType}
	}
	if resp.ContentLength > f.maxBytes {
		return cachedResponse{}, 0, &ResolutionError{Code: CodeInvalidDIDDocument, DID: id,
			Detail: fmt.Sprintf("GET %s: %d bytes, limit %d", rawURL, resp.ContentLength, f.maxBytes), Err: ErrTooLarge}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.maxBytes+1))
	if err != nil {
		return cachedResponse{}, 0, &ResolutionError{Code: CodeInternalError, DID: id, Detail: "GET " + rawURL, Err: err}
	}
	if int64(len(body)) > f.maxBytes {
		return cachedResponse{}, 0, &ResolutionError{Code: CodeInvalidDIDDocument, DID: id,
			Detail: fmt.Sprintf("GET %s: more than %d bytes", rawURL, f.maxBytes), Err: ErrTooLarge}
	}
	return cachedResponse{body: body, contentType: mt}, freshness(resp.Header, f.defaultTTL, f.maxTTL), nil
}
