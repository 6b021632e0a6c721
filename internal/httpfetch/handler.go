package httpfetch

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// HandlerTransport answers the requests whose URL begins with a prefix by
// calling an http.Handler in the same process, and sends every other
// request to its next RoundTripper, or fails it with ErrNoLocalCopy when
// there is none: a server that publishes documents (status lists) and
// also fetches them (to verify) reads its own without the network. The
// handler's response goes through everything a Fetcher does with one,
// except that no cache keeps it (Cache-Control: no-store): the handler's
// answer is current, and asking it again costs no round trip.
type HandlerTransport struct {
	prefix  string
	handler http.Handler
	next    http.RoundTripper
}

// NewHandlerTransport returns a HandlerTransport serving the URLs that
// begin with prefix (an absolute URL; a "/" is added to a prefix that
// does not end with one) from h, sending others to next (nil: none).
func NewHandlerTransport(prefix string, h http.Handler, next http.RoundTripper) *HandlerTransport {
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return &HandlerTransport{prefix: prefix, handler: h, next: next}
}

// RoundTrip implements http.RoundTripper.
func (t *HandlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	u := *req.URL
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	if strings.HasPrefix(u.String(), t.prefix) {
		if req.Body != nil {
			req.Body.Close()
		}
		rec := &recorder{header: http.Header{}}
		t.handler.ServeHTTP(rec, req)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		rec.header.Set("Content-Length", strconv.Itoa(rec.body.Len()))
		rec.header.Set("Cache-Control", "no-store")
		return &http.Response{Status: fmt.Sprintf("%d %s", rec.status, http.StatusText(rec.status)), StatusCode: rec.status,
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: rec.header, Body: io.NopCloser(&rec.body),
			ContentLength: int64(rec.body.Len()), Request: req}, nil
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
func (t *HandlerTransport) guarded(allow []string) http.RoundTripper {
	c := *t
	if t.next != nil {
		c.next = Guard(t.next, allow)
	}
	return &c
}

// recorder is the http.ResponseWriter a HandlerTransport hands its handler.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}
