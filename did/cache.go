package did

import (
	"container/list"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

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

// cachedResponse is a fetched body and its media type, as the cache keeps
// them. The body is never modified after it is stored; every reader parses
// its own copy of the document from it.
type cachedResponse struct {
	body        []byte
	contentType string
}

// responseCache is a fixed-size LRU of HTTP responses with expiry times. It
// is safe for concurrent use.
type responseCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front = most recently used
	items map[string]*list.Element
}

type cacheEntry struct {
	key     string
	resp    cachedResponse
	expires time.Time
}

func newResponseCache(max int) *responseCache {
	return &responseCache{max: max, order: list.New(), items: make(map[string]*list.Element)}
}

// get returns the live entry for key; an expired entry is dropped.
func (c *responseCache) get(key string, now time.Time) (cachedResponse, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return cachedResponse{}, false
	}
	e := el.Value.(*cacheEntry)
	if !now.Before(e.expires) {
		c.order.Remove(el)
		delete(c.items, key)
		return cachedResponse{}, false
	}
	c.order.MoveToFront(el)
	return e.resp, true
}

// put stores resp under key until expires, evicting the least recently used
// entries beyond the size bound.
func (c *responseCache) put(key string, resp cachedResponse, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value = &cacheEntry{key, resp, expires}
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key, resp, expires})
	for c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*cacheEntry).key)
	}
}

// remove drops key, if present.
func (c *responseCache) remove(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.Remove(el)
		delete(c.items, key)
	}
}

// len reports the number of entries (for tests).
func (c *responseCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// freshness decides how long a response may be reused from its headers, as
// a private cache would: "no-store" and "no-cache" (we do not revalidate)
// mean not at all, "max-age" (less the Age header, at most maxTTL) says how
// long, and without max-age the response is kept for defaultTTL. A zero
// result means "do not store".
func freshness(h http.Header, defaultTTL, maxTTL time.Duration) time.Duration {
	maxAge, haveMaxAge := time.Duration(0), false
	for _, line := range h.Values("Cache-Control") {
		for d := range strings.SplitSeq(line, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), "=")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "no-store", "no-cache":
				return 0
			case "max-age":
				secs, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(value), `"`), 10, 64)
				if err != nil || secs < 0 {
					return 0 // an unreadable max-age is treated as stale (RFC 9111 §4.2.1)
				}
				if secs > int64(maxTTL/time.Second) {
					secs = int64(maxTTL / time.Second)
				}
				if !haveMaxAge || time.Duration(secs)*time.Second < maxAge {
					maxAge = time.Duration(secs) * time.Second
				}
				haveMaxAge = true
			}
		}
	}
	ttl := defaultTTL
	if haveMaxAge {
		ttl = maxAge
		if age, err := strconv.ParseInt(strings.TrimSpace(h.Get("Age")), 10, 64); err == nil && age > 0 {
			if age >= int64(ttl/time.Second) {
				return 0
			}
			ttl -= time.Duration(age) * time.Second
		}
	}
	if ttl > maxTTL {
		ttl = maxTTL
	}
	if ttl < 0 {
		ttl = 0
	}
	return ttl
}
