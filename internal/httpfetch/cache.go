package httpfetch

import (
	"container/list"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// response is a fetched body and its media type as the cache keeps them.
// The body is never modified once stored.
type response struct {
	body        []byte
	contentType string
}

// lru is a fixed-size cache of responses with expiry times, safe for
// concurrent use.
type lru struct {
	mu    sync.Mutex
	max   int
	order *list.List // front = most recently used
	items map[string]*list.Element
}

type lruEntry struct {
	key     string
	resp    response
	expires time.Time
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), items: make(map[string]*list.Element)}
}

// get returns the live entry for key; an expired entry is dropped.
func (c *lru) get(key string, now time.Time) (response, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return response{}, false
	}
	e := el.Value.(*lruEntry)
	if !now.Before(e.expires) {
		c.order.Remove(el)
		delete(c.items, key)
		return response{}, false
	}
	c.order.MoveToFront(el)
	return e.resp, true
}

// put stores resp under key until expires, evicting the least recently
// used entries beyond the size bound.
func (c *lru) put(key string, resp response, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value = &lruEntry{key, resp, expires}
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&lruEntry{key, resp, expires})
	for c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*lruEntry).key)
	}
}

// remove drops key, if present.
func (c *lru) remove(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.Remove(el)
		delete(c.items, key)
	}
}

// len reports the number of entries, expired ones included.
func (c *lru) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// freshness says how long a response may be reused, judging by its headers
// as a private cache that never revalidates would. "no-store" and
// "no-cache" give zero; the smallest "max-age", capped at maxTTL and less
// the Age header, gives the lifetime; without a max-age the lifetime is
// defaultTTL, capped at maxTTL. maxTTL <= 0 means no cap. Zero means "do
// not store".
func freshness(h http.Header, defaultTTL, maxTTL time.Duration) time.Duration {
	if maxTTL <= 0 {
		maxTTL = time.Duration(1<<63 - 1)
	}
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
					return 0 // an unreadable max-age makes the response stale (RFC 9111 §4.2.1)
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
