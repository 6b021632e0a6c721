package ld

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/clrkit/clrkit/internal/httpfetch"
)

// Errors a RemoteLoader wraps in its *LoadError values.
var (
	// ErrNotAllowed: the URL (or a redirect target) is not on the allowlist.
	ErrNotAllowed = errors.New("ld: URL not on the remote context allowlist")
	// ErrTooLarge: the response body exceeds RemoteOptions.MaxBytes.
	ErrTooLarge = errors.New("ld: remote context too large")
	// ErrBadResponse: the server answered with an error status, a content
	// type that is not JSON, or a body that is not a JSON-LD context.
	ErrBadResponse = errors.New("ld: bad remote context response")
)

// Defaults of RemoteOptions.
const (
	DefaultRemoteMaxBytes  = 1 << 20
	DefaultRemoteCacheSize = 64
	DefaultRemoteCacheTTL  = 24 * time.Hour
	maxRedirects           = 5
)

// RemoteOptions configures a RemoteLoader.
type RemoteOptions struct {
	// Allow lists the URLs that may be fetched: an entry ending in "/" allows
	// every URL under it, any other entry allows exactly that URL. Required.
	Allow []string
	// MaxBytes caps the size of one response body (default 1 MiB).
	MaxBytes int64
	// CacheSize bounds the number of documents kept (default 64). Negative
	// disables caching.
	CacheSize int
	// CacheTTL is how long a fetched document is reused (default 24 hours).
	CacheTTL time.Duration
	// Now is the clock used for cache expiry (default time.Now).
	Now func() time.Time
}

// RemoteLoader fetches context documents over HTTP with a client the caller
// supplies, but only from allowlisted URLs, with a size limit, the caller's
// context deadline, and a bounded cache. It is an explicit opt-in: no part of
// clrkit builds one for you. Safe for concurrent use.
type RemoteLoader struct {
	allow   []string
	fetcher *httpfetch.Fetcher
}

var _ DocumentLoader = (*RemoteLoader)(nil)

// NewRemoteLoader checks opts and returns a loader that fetches through
// client. Redirects are followed only to allowlisted URLs, at most five.
// The client's own CheckRedirect, if it has one, runs after those rules.
func NewRemoteLoader(client *http.Client, opts RemoteOptions) (*RemoteLoader, error) {
	if client == nil {
		return nil, errors.New("ld: NewRemoteLoader: nil *http.Client")
	}
	if len(opts.Allow) == 0 {
		return nil, errors.New("ld: NewRemoteLoader: empty allowlist")
	}
	for _, a := range opts.Allow {
		u, err := url.Parse(a)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("ld: NewRemoteLoader: allowlist entry %q is not an absolute http(s) URL", a)
		}
	}
	l := &RemoteLoader{allow: append([]string(nil), opts.Allow...)}
	fo := httpfetch.Options{
		Policy:             l.policy,
		Accept:             "application/ld+json, application/json;q=0.9",
		MediaTypes:         []string{"application/json", "application/ld+json", "+json"},
		MaxBytes:           opts.MaxBytes,
		MaxRedirects:       maxRedirects,
		CacheSize:          opts.CacheSize,
		DefaultTTL:         opts.CacheTTL,
		IgnoreCacheControl: true,
		Validate:           checkContextDocument,
		Now:                opts.Now,
		// The hosts of the allowlist may be internal: naming them allows it.
		AllowHosts: httpfetch.HostsOf(opts.Allow),
	}
	if fo.MaxBytes <= 0 {
		fo.MaxBytes = DefaultRemoteMaxBytes
	}
	if fo.DefaultTTL <= 0 {
		fo.DefaultTTL = DefaultRemoteCacheTTL
	}
	switch {
	case fo.CacheSize == 0:
		fo.CacheSize = DefaultRemoteCacheSize
	case fo.CacheSize < 0:
		fo.CacheSize = 0
	}
	f, err := httpfetch.New(client, fo)
	if err != nil {
		return nil, fmt.Errorf("ld: NewRemoteLoader: %w", err)
	}
	l.fetcher = f
	return l, nil
}

// policy admits allowlisted URLs, for the URL asked for and for redirect
// targets alike.
func (l *RemoteLoader) policy(u, origin *url.URL) error {
	if l.allowed(u.String()) {
		return nil
	}
	if origin == nil {
		return ErrNotAllowed
	}
	return fmt.Errorf("%w: redirect to %s", ErrNotAllowed, u)
}

func (l *RemoteLoader) allowed(u string) bool { return httpfetch.InPrefixes(u, l.allow) }

// LoadDocument fetches url (or returns it from the cache). Every failure is a
// *LoadError naming the URL.
func (l *RemoteLoader) LoadDocument(ctx context.Context, url string) ([]byte, error) {
	// The allowlist is matched against url exactly as given; the fetcher's
	// policy sees it again after parsing, and sees every redirect target.
	if !l.allowed(url) {
		return nil, &LoadError{URL: url, Err: ErrNotAllowed}
	}
	doc, _, err := l.fetcher.Get(ctx, url)
	if err != nil {
		return nil, &LoadError{URL: url, Err: loadCause(err)}
	}
	return doc, nil
}

// loadCause turns an *httpfetch.Error into the cause a *LoadError carries,
// wrapping this package's sentinel errors.
func loadCause(err error) error {
	var fe *httpfetch.Error
	if !errors.As(err, &fe) {
		return err
	}
	switch fe.Kind {
	case httpfetch.KindBadURL:
		return fmt.Errorf("%w: %v", ErrNotAllowed, fe.Err)
	case httpfetch.KindStatus:
		return fmt.Errorf("%w: HTTP status %d", ErrBadResponse, fe.StatusCode)
	case httpfetch.KindMediaType:
		return fmt.Errorf("%w: content type %q is not JSON", ErrBadResponse, fe.ContentType)
	case httpfetch.KindTooLarge:
		return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, fe.Limit)
	case httpfetch.KindInvalid:
		return fmt.Errorf("%w: %v", ErrBadResponse, fe.Err)
	case httpfetch.KindTooManyRedirects:
		return httpfetch.RedirectLimitError(fe, fmt.Errorf("ld: more than %d redirects", fe.Limit))
	}
	// KindNotAllowed (wrapping ErrNotAllowed) and KindTransport: the
	// policy's or the client's error.
	return fe.Err
}
