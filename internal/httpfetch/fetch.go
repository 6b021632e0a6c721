package httpfetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// A Policy decides whether u may be requested; a non-nil error refuses it
// and becomes the cause of the *Error that Get returns. origin is nil when u
// is the URL passed to Get, and that URL when u is a redirect target, so
// that a policy can hold redirects to the origin's host.
type Policy func(u, origin *url.URL) error

// Options configures a Fetcher. Zero values mean "none" or "off", never a
// default: the callers own the defaults they document.
type Options struct {
	// Policy vets the URL passed to Get and every redirect target. Required.
	Policy Policy
	// Accept is the Accept header sent with every request ("" sends none).
	Accept string
	// MediaTypes lists the accepted media types of a response, compared
	// with the Content-Type's type/subtype, ignoring its parameters. An
	// entry "+suffix" accepts every media type with that structured syntax
	// suffix (RFC 6838 §4.2.8), as "+json" accepts application/vc+json.
	// Required.
	MediaTypes []string
	// MaxBytes caps the size of a response body. Required (> 0).
	MaxBytes int64
	// MaxRedirects is how many redirects one Get follows; zero follows
	// none.
	MaxRedirects int
	// Timeout bounds a Get, redirects and reading the body included, on top
	// of the context's own deadline. Zero adds no bound.
	Timeout time.Duration
	// CacheSize is how many responses the cache keeps; zero disables it.
	CacheSize int
	// DefaultTTL is how long a response is kept when its headers give no
	// max-age. Required (> 0) when CacheSize is positive.
	DefaultTTL time.Duration
	// MaxTTL caps the lifetime of a cached response, whatever its headers
	// say. Zero means no cap.
	MaxTTL time.Duration
	// IgnoreCacheControl keeps every response for DefaultTTL, whatever its
	// Cache-Control and Age headers say.
	IgnoreCacheControl bool
	// Validate, if set, checks a body before Get returns or caches it.
	Validate func(body []byte) error
	// Now is the cache's clock (default time.Now).
	Now func() time.Time
	// AllowHosts names the hosts ("host" or "host:port") whose connections
	// may go to non-public addresses; connections to others are refused at
	// dial time (see Guard and ErrAddressNotAllowed).
	AllowHosts []string
}

// Fetcher makes GET requests under one set of Options through a copy of the
// caller's *http.Client. It is immutable apart from its cache and safe for
// concurrent use.
type Fetcher struct {
	client       http.Client
	policy       Policy
	accept       string
	mediaTypes   []string
	maxBytes     int64
	maxRedirects int
	timeout      time.Duration
	defaultTTL   time.Duration
	maxTTL       time.Duration
	fixedTTL     bool
	validate     func([]byte) error
	now          func() time.Time
	cache        *lru // nil when caching is off
}

// New checks opts and returns a Fetcher that sends its requests through a
// copy of client. The copy keeps the client's Transport, Jar and Timeout;
// its CheckRedirect runs the redirect limit and the Policy first and then
// the client's own CheckRedirect, if it has one.
func New(client *http.Client, opts Options) (*Fetcher, error) {
	switch {
	case client == nil:
		return nil, errors.New("httpfetch: nil *http.Client")
	case opts.Policy == nil:
		return nil, errors.New("httpfetch: no Policy")
	case len(opts.MediaTypes) == 0:
		return nil, errors.New("httpfetch: no MediaTypes")
	case opts.MaxBytes <= 0:
		return nil, errors.New("httpfetch: MaxBytes must be positive")
	case opts.MaxRedirects < 0:
		return nil, errors.New("httpfetch: negative MaxRedirects")
	case opts.Timeout < 0:
		return nil, errors.New("httpfetch: negative Timeout")
	case opts.CacheSize < 0:
		return nil, errors.New("httpfetch: negative CacheSize")
	case opts.CacheSize > 0 && opts.DefaultTTL <= 0:
		return nil, errors.New("httpfetch: a cache needs a positive DefaultTTL")
	}
	if err := CheckAllowHosts(opts.AllowHosts); err != nil {
		return nil, fmt.Errorf("httpfetch: %w", err)
	}
	f := &Fetcher{
		client:       *client,
		policy:       opts.Policy,
		accept:       opts.Accept,
		mediaTypes:   append([]string(nil), opts.MediaTypes...),
		maxBytes:     opts.MaxBytes,
		maxRedirects: opts.MaxRedirects,
		timeout:      opts.Timeout,
		defaultTTL:   opts.DefaultTTL,
		maxTTL:       opts.MaxTTL,
		fixedTTL:     opts.IgnoreCacheControl,
		validate:     opts.Validate,
		now:          opts.Now,
	}
	if f.now == nil {
		f.now = time.Now
	}
	f.client.Transport = Guard(client.Transport, opts.AllowHosts)
	if opts.CacheSize > 0 {
		f.cache = newLRU(opts.CacheSize)
	}
	clientCheck := client.CheckRedirect
	f.client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > f.maxRedirects {
			return &refusal{limit: true, err: fmt.Errorf("more than %d redirects", f.maxRedirects)}
		}
		if err := f.policy(req.URL, via[0].URL); err != nil {
			return &refusal{err: err}
		}
		if clientCheck != nil {
			return clientCheck(req, via)
		}
		return nil
	}
	return f, nil
}

// refusal marks a redirect that the Fetcher's own CheckRedirect refused,
// as opposed to one the client's CheckRedirect refused. It reads and
// unwraps as the error it carries.
type refusal struct {
	limit bool
	err   error
}

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

// CacheLen reports how many responses the cache holds, expired ones not
// yet dropped included; zero without a cache.
func (f *Fetcher) CacheLen() int {
	if f.cache == nil {
		return 0
	}
	return f.cache.len()
}

// Get returns the body of the document at rawURL and its media type
// (type/subtype, lower case, without parameters), from the cache when a
// live copy is there. The Policy is consulted before the cache, so a cached
// document is returned only for a URL the Policy allows. The body is shared
// with the cache: callers must not modify it. Every failure is an *Error.
func (f *Fetcher) Get(ctx context.Context, rawURL string) (body []byte, contentType string, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, "", &Error{Kind: KindBadURL, URL: rawURL, Err: err}
	}
	if err := f.policy(u, nil); err != nil {
		return nil, "", &Error{Kind: KindNotAllowed, URL: rawURL, Err: err}
	}
	if f.cache != nil {
		if r, ok := f.cache.get(rawURL, f.now()); ok {
			return r.body, r.contentType, nil
		}
	}
	r, header, err := f.fetch(ctx, rawURL)
	if err != nil {
		return nil, "", err
	}
	if f.cache != nil {
		ttl := f.defaultTTL
		if !f.fixedTTL {
			ttl = freshness(header, f.defaultTTL, f.maxTTL)
		}
		if ttl > 0 {
			f.cache.put(rawURL, r, f.now().Add(ttl))
		} else {
			f.cache.remove(rawURL)
		}
	}
	return r.body, r.contentType, nil
}

// fetch makes the request and checks the response; it returns the response
// headers for the cache's decision.
func (f *Fetcher) fetch(ctx context.Context, rawURL string) (response, http.Header, error) {
	if f.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return response{}, nil, &Error{Kind: KindBadURL, URL: rawURL, Err: err}
	}
	if f.accept != "" {
		req.Header.Set("Accept", f.accept)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		var r *refusal
		switch {
		case errors.As(err, &r) && r.limit:
			return response{}, nil, &Error{Kind: KindTooManyRedirects, URL: rawURL, Limit: int64(f.maxRedirects), Err: err}
		case r != nil:
			return response{}, nil, &Error{Kind: KindNotAllowed, URL: rawURL, Redirect: true, Err: err}
		case errors.Is(err, ErrAddressNotAllowed), errors.Is(err, ErrNoLocalCopy):
			return response{}, nil, &Error{Kind: KindNotAllowed, URL: rawURL, Err: err}
		}
		return response{}, nil, &Error{Kind: KindTransport, URL: rawURL, Err: err}
	}
	defer resp.Body.Close()
	if err := ctx.Err(); err != nil {
		// The deadline or cancellation came as the response did, and
		// net/http may return either. The Get has failed by its deadline,
		// whatever arrived: what a caller sees must not depend on that
		// race (TestResponseAfterDeadline).
		return response{}, nil, &Error{Kind: KindTransport, URL: rawURL, Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		return response{}, nil, &Error{Kind: KindStatus, URL: rawURL, StatusCode: resp.StatusCode}
	}
	ct := resp.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || !f.accepts(mt) {
		return response{}, nil, &Error{Kind: KindMediaType, URL: rawURL, ContentType: ct}
	}
	if resp.ContentLength > f.maxBytes {
		return response{}, nil, &Error{Kind: KindTooLarge, URL: rawURL, Limit: f.maxBytes, Length: resp.ContentLength}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.maxBytes+1))
	if err != nil {
		return response{}, nil, &Error{Kind: KindTransport, URL: rawURL, Err: err}
	}
	if int64(len(body)) > f.maxBytes {
		return response{}, nil, &Error{Kind: KindTooLarge, URL: rawURL, Limit: f.maxBytes, Length: -1}
	}
	if f.validate != nil {
		if err := f.validate(body); err != nil {
			return response{}, nil, &Error{Kind: KindInvalid, URL: rawURL, Err: err}
		}
	}
	return response{body: body, contentType: mt}, resp.Header, nil
}

// accepts reports whether the media type mt is one of f.mediaTypes.
func (f *Fetcher) accepts(mt string) bool {
	for _, a := range f.mediaTypes {
		if mt == a || strings.HasPrefix(a, "+") && strings.HasSuffix(mt, a) {
			return true
		}
	}
	return false
}
