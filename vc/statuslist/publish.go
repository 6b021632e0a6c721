package statuslist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/httpfetch"
	"github.com/clrkit/clrkit/proof"
)

// PublisherOptions configure a Publisher.
type PublisherOptions struct {
	// Store holds the lists. Required.
	Store Store
	// BaseURL is the Issuer's BaseURL: a request for path P under its path
	// is answered with the list whose URL is the base's scheme and host
	// with P. Required.
	BaseURL string
	// Key signs the lists. Required.
	Key *did.KeyFile
	// Issuer is the lists' issuer; lists of any other issuer in the Store
	// are not served. The key file's controller when empty.
	Issuer string
	// Sign sets the proof's suite and options (proof.SignOptions); its
	// Created is the time of signing unless set.
	Sign proof.SignOptions
	// MaxAge is how long a verifier may keep a list it fetched: the
	// response's Cache-Control max-age and the list's ttl, rounded up to
	// whole seconds. Five minutes when zero; negative for no-cache (and no
	// ttl).
	MaxAge time.Duration
	// ContentType is the media type of the responses: VC Data Model 2.0's
	// application/vc when empty. It is negotiated (RFC 9110): a request
	// whose Accept header weighs application/ld+json or application/json
	// higher, as Digital Bazaar's http-client and the W3C test suites do
	// with "application/ld+json, application/json" (they read the body of
	// a JSON type only), gets that type.
	ContentType string
	// Now is the clock of the proofs' created times (time.Now when nil).
	Now func() time.Time
}

// Publisher serves an issuer's lists from a Store as signed
// BitstringStatusListCredentials, at the URLs their entries hold. It signs
// a list when it is first asked for and again only after it has changed,
// and answers conditional requests (ETag, If-None-Match). A Publisher is
// an http.Handler; mount it at BaseURL's path followed by "/".
type Publisher struct {
	opts     PublisherOptions
	base     *url.URL
	signing  string // what identifies the signature besides the list, in ETags
	mu       sync.Mutex
	signed   map[string]signedList
	maxCache int
}

type signedList struct {
	version int64
	body    []byte
}

// NewPublisher checks opts and returns a Publisher.
func NewPublisher(opts PublisherOptions) (*Publisher, error) {
	if opts.Store == nil || opts.Key == nil {
		return nil, errors.New("statuslist: a Publisher needs a Store and a Key")
	}
	if err := CheckBaseURL(opts.BaseURL); err != nil {
		return nil, err
	}
	base, _ := url.Parse(opts.BaseURL)
	if opts.Issuer == "" {
		opts.Issuer = opts.Key.Controller
	}
	if opts.Issuer == "" {
		return nil, errors.New("statuslist: no Issuer, and the key file names no controller")
	}
	switch {
	case opts.MaxAge == 0:
		opts.MaxAge = 5 * time.Minute
	case opts.MaxAge > 0:
		// Whole seconds, as Cache-Control counts them; the ttl says the
		// same.
		opts.MaxAge = (opts.MaxAge + time.Second - 1).Truncate(time.Second)
	}
	if opts.ContentType == "" {
		opts.ContentType = "application/vc"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	vm := opts.Sign.VerificationMethod
	if vm == "" {
		vm = opts.Key.ID
	}
	suite := ""
	if opts.Sign.Suite != nil {
		suite = opts.Sign.Suite.Name()
	}
	// What the signed copy depends on besides the list: a restart with
	// another key, suite or max-age (the ttl in the body) changes ETags.
	sum := sha256.Sum256([]byte(opts.Issuer + "\n" + vm + "\n" + suite + "\n" + opts.MaxAge.String()))
	return &Publisher{opts: opts, base: base, signing: hex.EncodeToString(sum[:4]), signed: map[string]signedList{}, maxCache: 1024}, nil
}

// Credential returns the signed list credential published at url, and the
// version of the list it holds. ErrNotFound when the Store has no list of
// the Publisher's issuer there.
func (p *Publisher) Credential(ctx context.Context, url string) ([]byte, int64, error) {
	l, err := p.opts.Store.List(ctx, url)
	if err != nil {
		return nil, 0, err
	}
	if l.Issuer != p.opts.Issuer {
		return nil, 0, fmt.Errorf("%w: the list at %s is not %s's", ErrNotFound, url, p.opts.Issuer)
	}
	p.mu.Lock()
	cached, ok := p.signed[url]
	p.mu.Unlock()
	if ok && cached.version == l.Version {
		return cached.body, l.Version, nil
	}
	var ttl time.Duration
	if p.opts.MaxAge > 0 {
		ttl = p.opts.MaxAge
	}
	// Valid from the list's last change, as this Publisher's clock sees it:
	// another server's clock, ahead, must not make the list not yet valid.
	now := p.opts.Now()
	doc, err := credential(url, l.Issuer, l.Purpose, minTime(l.Updated, now), ttl, l.Bits)
	if err != nil {
		return nil, 0, err
	}
	so := p.opts.Sign
	if so.Created.IsZero() {
		so.Created = now
	}
	body, err := proof.SignWithKeyFile(ctx, doc, p.opts.Key, so)
	if err != nil {
		return nil, 0, fmt.Errorf("statuslist: signing the list at %s: %w", url, err)
	}
	p.mu.Lock()
	if _, ok := p.signed[url]; !ok && len(p.signed) >= p.maxCache {
		for k := range p.signed { // make room: any one will do
			delete(p.signed, k)
			break
		}
	}
	if c, ok := p.signed[url]; !ok || c.version < l.Version {
		p.signed[url] = signedList{version: l.Version, body: body}
	}
	p.mu.Unlock()
	return body, l.Version, nil
}

// ServeHTTP answers GET and HEAD requests for the lists under BaseURL's
// path: 200 with the signed list, its negotiated Content-Type,
// Cache-Control and a weak ETag (which changes with the list, the key and
// the max-age, not with the time of signing); 304 when If-None-Match names
// the current ETag; 404 for a path that is no list of the issuer; 405 for
// other methods; 500 (without details) when the Store or the signing
// fails.
func (p *Publisher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	prefix := strings.TrimSuffix(p.base.EscapedPath(), "/") + "/"
	if !strings.HasPrefix(r.URL.EscapedPath(), prefix) {
		http.NotFound(w, r)
		return
	}
	u := url.URL{Scheme: p.base.Scheme, Host: p.base.Host, Path: r.URL.Path, RawPath: r.URL.RawPath}
	body, version, err := p.Credential(r.Context(), u.String())
	switch {
	case errors.Is(err, ErrNotFound):
		http.NotFound(w, r)
		return
	case err != nil:
		http.Error(w, "the status list is unavailable", http.StatusInternalServerError)
		return
	}
	etag := `W/"` + strconv.FormatInt(version, 10) + "." + p.signing + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Add("Vary", "Accept") // on a 304 too (RFC 9110 section 15.4.5)
	if p.opts.MaxAge > 0 {
		h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(p.opts.MaxAge/time.Second)))
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if matchesETag(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", negotiate(r.Header.Values("Accept"), p.opts.ContentType))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

// Client returns an HTTP client that answers requests for the lists under
// BaseURL from this Publisher in the same process, and sends every other
// request through next (with its Transport, Jar and Timeout), or fails it
// when next is nil. A server that publishes lists and verifies credentials
// (clrkit serve) gives it to its verifier (vc.VerifierOptions.HTTPClient),
// which then reads the current lists without the network and without
// caching them; next keeps the verifier's guards on what it fetches.
func (p *Publisher) Client(next *http.Client) *http.Client {
	c := &http.Client{}
	var rt http.RoundTripper
	if next != nil {
		*c = *next
		rt = next.Transport
		if rt == nil {
			rt = http.DefaultTransport
		}
	}
	c.Transport = httpfetch.NewHandlerTransport(p.base.String(), p, rt)
	return c
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// negotiate returns the media type of a response to a request with the
// Accept header values accept (RFC 9110 section 12.5.1): of preferred,
// application/ld+json and application/json (the body is JSON), the one the
// request weighs highest, the first of them on a tie; preferred when the
// request has no Accept header or accepts none of them.
func negotiate(accept []string, preferred string) string {
	if len(accept) == 0 {
		return preferred
	}
	best, bestQ := preferred, 0.0
	for _, mt := range []string{preferred, "application/ld+json", "application/json"} {
		if q := acceptWeight(accept, mt); q > bestQ {
			best, bestQ = mt, q
		}
	}
	return best
}

// acceptWeight returns the weight (q) that Accept header values give the
// media type mt: that of the most specific range matching it (type/subtype,
// type/*, */*), 0 when none does.
func acceptWeight(accept []string, mt string) float64 {
	typ, _, _ := strings.Cut(mt, "/")
	q, specific := 0.0, -1
	for _, v := range accept {
		for r := range strings.SplitSeq(v, ",") {
			params := strings.Split(r, ";")
			level := -1
			switch rng := strings.ToLower(strings.TrimSpace(params[0])); rng {
			case mt:
				level = 2
			case typ + "/*":
				level = 1
			case "*/*":
				level = 0
			}
			if level < 0 || level < specific {
				continue
			}
			rq := 1.0
			for _, p := range params[1:] {
				if k, val, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(k, "q") {
					if f, err := strconv.ParseFloat(val, 64); err == nil && f >= 0 && f <= 1 {
						rq = f
					}
				}
			}
			if level > specific || rq > q {
				q, specific = rq, level
			}
		}
	}
	return q
}

// matchesETag reports whether an If-None-Match header names etag, compared
// weakly (RFC 9110 section 13.1.2).
func matchesETag(header, etag string) bool {
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}
