package httpfetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
)

// ErrNoLocalCopy is what a LocalTransport without a network answers for a
// URL it has no copy of.
var ErrNoLocalCopy = errors.New("httpfetch: no local copy, and fetching is off")

// LocalDocument is a local copy of what a URL serves.
type LocalDocument struct {
	// Body is the document's bytes.
	Body []byte
	// Name says where the copy came from (a file name), for reports.
	Name string
}

// LocalTransport answers GET requests for the URLs it holds copies of with
// those copies, as 200 responses that no cache keeps (so that every use is
// seen), and sends every other request to Next, or fails it with
// ErrNoLocalCopy when Next is nil. The copies then go through everything a
// Fetcher does with a response: media type, size limit, validation and the
// caller's checks. A JSON body is served as application/json, anything else
// as application/jwt.
type LocalTransport struct {
	docs map[string]LocalDocument
	next http.RoundTripper
}

// NewLocalTransport returns a LocalTransport for docs, keyed by absolute
// URL (a fragment is ignored), sending other requests to next (nil: none).
func NewLocalTransport(docs map[string]LocalDocument, next http.RoundTripper) (*LocalTransport, error) {
	t := &LocalTransport{docs: make(map[string]LocalDocument, len(docs)), next: next}
	for raw, d := range docs {
		key, err := localKey(raw)
		if err != nil {
			return nil, err
		}
		if _, dup := t.docs[key]; dup {
			return nil, fmt.Errorf("httpfetch: two local copies of %s", key)
		}
		t.docs[key] = d
	}
	return t, nil
}

// localKey is the form a URL is looked up by: parsed, without fragment.
func localKey(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return "", fmt.Errorf("httpfetch: local copy for %q: not an absolute URL", raw)
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// Forward returns a LocalTransport with the same copies that sends every
// other request to next (nil: none).
func (t *LocalTransport) Forward(next http.RoundTripper) *LocalTransport {
	return &LocalTransport{docs: t.docs, next: next}
}

// RoundTrip implements http.RoundTripper.
func (t *LocalTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet || req.Method == http.MethodHead {
		key, err := localKey(req.URL.String())
		if d, ok := t.docs[key]; err == nil && ok {
			if req.Body != nil {
				req.Body.Close()
			}
			logUse(req.Context(), key, d.Name)
			ct := "application/jwt"
			if b := bytes.TrimSpace(d.Body); len(b) > 0 && (b[0] == '{' || b[0] == '[') {
				ct = "application/json"
			}
			h := http.Header{"Content-Type": {ct}, "Cache-Control": {"no-store"}, "Content-Length": {strconv.Itoa(len(d.Body))}}
			body := io.NopCloser(bytes.NewReader(d.Body))
			if req.Method == http.MethodHead {
				body = http.NoBody
			}
			return &http.Response{Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header: h, Body: body, ContentLength: int64(len(d.Body)), Request: req}, nil
		}
	}
	if t.next == nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("%w: %s", ErrNoLocalCopy, req.URL.Redacted())
	}
	return t.next.RoundTrip(req)
}

// guarded returns a copy of t whose forwarded requests are guarded.
func (t *LocalTransport) guarded(allow []string) http.RoundTripper {
	c := *t
	if t.next != nil {
		c.next = Guard(t.next, allow)
	}
	return &c
}

// Use records that a local copy answered a request.
type Use struct {
	URL  string `json:"url"`
	Name string `json:"file"`
}

// Log collects the local copies used under a context (see WithLog). It is
// safe for concurrent use.
type Log struct {
	mu   sync.Mutex
	uses []Use
}

type logKey struct{}

// WithLog returns a context under which LocalTransport records the copies
// it answers with in the returned Log. A WithLog context inside another
// takes the records of the requests made under it.
func WithLog(ctx context.Context) (context.Context, *Log) {
	l := &Log{}
	return context.WithValue(ctx, logKey{}, l), l
}

func logUse(ctx context.Context, url, name string) {
	if l, ok := ctx.Value(logKey{}).(*Log); ok {
		l.mu.Lock()
		l.uses = append(l.uses, Use{URL: url, Name: name})
		l.mu.Unlock()
	}
}

// Uses returns the copies used so far, in order, without repeats.
func (l *Log) Uses() []Use {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Use
	seen := map[Use]bool{}
	for _, u := range l.uses {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}
