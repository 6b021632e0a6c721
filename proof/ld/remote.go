package ld

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
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
	client   http.Client
	allow    []string
	maxBytes int64
	ttl      time.Duration
	now      func() time.Time
	cache    *lru
}

var _ DocumentLoader = (*RemoteLoader)(nil)

// NewRemoteLoader checks opts and returns a loader that fetches through
// client. Redirects are followed only to allowlisted URLs, at most five.
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
	l := &RemoteLoader{
		client:   *client,
		allow:    append([]string(nil), opts.Allow...),
		maxBytes: opts.MaxBytes,
		ttl:      opts.CacheTTL,
		now:      opts.Now,
	}
	if l.maxBytes <= 0 {
		l.maxBytes = DefaultRemoteMaxBytes
	}
	if l.ttl <= 0 {
		l.ttl = DefaultRemoteCacheTTL
	}
	if l.now == nil {
		l.now = time.Now
	}
	switch {
	case opts.CacheSize == 0:
		l.cache = newLRU(DefaultRemoteCacheSize)
	case opts.CacheSize > 0:
		l.cache = newLRU(opts.CacheSize)
	}
	l.client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("ld: more than %d redirects", maxRedirects)
		}
		if !l.allowed(req.URL.String()) {
			return fmt.Errorf("%w: redirect to %s", ErrNotAllowed, req.URL)
		}
		return nil
	}
	return l, nil
}

func (l *RemoteLoader) allowed(u string) bool {
	if hasDotSegment(u) {
		return false // "https://ok.example/ctx/../x" would escape the prefix
	}
	for _, a := range l.allow {
		if u == a || strings.HasSuffix(a, "/") && strings.HasPrefix(u, a) {
			return true
		}
	}
	return false
}

// hasDotSegment reports whether the path of u holds a "." or ".." segment.
func hasDotSegment(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return true
	}
	for seg := range strings.SplitSeq(p.EscapedPath(), "/") {
		if s, _ := url.PathUnescape(seg); s == "." || s == ".." {
			return true
		}
	}
	return false
}

// LoadDocument fetches url (or returns it from the cache). Every failure is a
// *LoadError naming the URL.
func (l *RemoteLoader) LoadDocument(ctx context.Context, url string) ([]byte, error) {
	if !l.allowed(url) {
		return nil, &LoadError{URL: url, Err: ErrNotAllowed}
	}
	if l.cache != nil {
		if doc, ok := l.cache.get(url, l.now()); ok {
			return doc, nil
		}
	}
	doc, err := l.fetch(ctx, url)
	if err != nil {
		return nil, &LoadError{URL: url, Err: err}
	}
	if l.cache != nil {
		l.cache.put(url, doc, l.now().Add(l.ttl))
	}
	return doc, nil
}

func (l *RemoteLoader) fetch(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/ld+json, application/json;q=0.9")
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: HTTP status %d", ErrBadResponse, resp.StatusCode)
	}
	if mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err != nil ||
		mt != "application/json" && mt != "application/ld+json" && !strings.HasSuffix(mt, "+json") {
		return nil, fmt.Errorf("%w: content type %q is not JSON", ErrBadResponse, resp.Header.Get("Content-Type"))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, l.maxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > l.maxBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, l.maxBytes)
	}
	if err := checkContextDocument(body); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	return body, nil
}

// lru is a fixed-size cache of documents with expiry times.
type lru struct {
	mu    sync.Mutex
	max   int
	order *list.List // front = most recently used
	items map[string]*list.Element
}

type lruEntry struct {
	url     string
	doc     []byte
	expires time.Time
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), items: make(map[string]*list.Element)}
}

func (c *lru) get(url string, now time.Time) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[url]
	if !ok {
		return nil, false
	}
	e := el.Value.(*lruEntry)
	if !now.Before(e.expires) {
		c.order.Remove(el)
		delete(c.items, url)
		return nil, false
	}
	c.order.MoveToFront(el)
	return e.doc, true
}

func (c *lru) put(url string, doc []byte, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[url]; ok {
		el.Value = &lruEntry{url, doc, expires}
		c.order.MoveToFront(el)
		return
	}
	c.items[url] = c.order.PushFront(&lruEntry{url, doc, expires})
	for c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*lruEntry).url)
	}
}

// len reports the number of cached documents (for tests).
func (c *lru) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
