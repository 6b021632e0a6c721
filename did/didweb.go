package did

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// WebURL maps a did:web DID to the HTTPS URL of its DID document, by the
// rules of the did:web method specification: the method-specific identifier
// is split at ":", the first part is the host (with "%3A" standing for the
// colon before a port), the other parts are path segments; without a path
// the document is at "/.well-known/did.json", with one it is at
// "<path>/did.json".
//
// Every part is percent-decoded and the path segments are re-encoded as a
// URL path needs them, so "did:web:example.com:a%20b" maps to
// "https://example.com/a%20b/did.json". WebURL is stricter than the
// specification's prose in these ways, each an invalidDid error:
//   - the host must be a DNS name of ASCII letters, digits and hyphens;
//     an internationalized name must be written in its punycode ("xn--")
//     form, as the specification requires, and a percent-encoded non-ASCII
//     host is refused rather than converted;
//   - IP addresses are refused, including the numeric forms some
//     resolvers read as addresses ("127.1"): no top-level domain is numeric;
//   - the port, if any, is a decimal number from 1 to 65535;
//   - a path segment may not be empty, "." or "..", so the URL cannot climb
//     out of the directory the DID names.
//
// Failures are *ResolutionError values matching ErrInvalidDID.
func WebURL(did string) (string, error) {
	host, segments, err := parseWebDID(did)
	if err != nil {
		return "", err
	}
	return webURL("https", host, segments), nil
}

// parseWebDID checks a did:web DID and returns its decoded host (with port)
// and path segments.
func parseWebDID(did string) (host string, segments []string, err error) {
	method, msid, err := ParseDID(did)
	if err != nil {
		return "", nil, err
	}
	if method != "web" {
		return "", nil, &ResolutionError{Code: CodeInvalidDID, DID: did, Detail: "not a did:web DID"}
	}
	parts := strings.Split(msid, ":")
	host, err = url.PathUnescape(parts[0])
	if err != nil {
		return "", nil, &ResolutionError{Code: CodeInvalidDID, DID: did, Detail: "bad percent-encoding in the host", Err: err}
	}
	if err := checkWebHost(host); err != nil {
		return "", nil, &ResolutionError{Code: CodeInvalidDID, DID: did, Detail: err.Error()}
	}
	segments = make([]string, 0, len(parts)-1)
	for _, p := range parts[1:] {
		seg, err := url.PathUnescape(p)
		if err != nil {
			return "", nil, &ResolutionError{Code: CodeInvalidDID, DID: did, Detail: "bad percent-encoding in a path segment", Err: err}
		}
		if seg == "" || seg == "." || seg == ".." {
			return "", nil, &ResolutionError{Code: CodeInvalidDID, DID: did, Detail: fmt.Sprintf("path segment %q is not allowed", seg)}
		}
		segments = append(segments, seg)
	}
	return host, segments, nil
}

// checkWebHost checks host[:port] as decoded from a did:web DID.
func checkWebHost(hostport string) error {
	host, port, hasPort := strings.Cut(hostport, ":")
	if hasPort {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || port[0] == '0' || strings.TrimLeft(port, "0123456789") != "" {
			return fmt.Errorf("bad port %q", port)
		}
	}
	if host == "" {
		return fmt.Errorf("empty host")
	}
	if len(host) > 253 {
		return fmt.Errorf("host longer than 253 characters")
	}
	if isIPHost(host) {
		return fmt.Errorf("host %q is an IP address", host)
	}
	for label := range strings.SplitSeq(host, ".") {
		if label == "" || len(label) > 63 {
			return fmt.Errorf("host %q has an empty or over-long label", host)
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("host %q has a label starting or ending with a hyphen", host)
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if c >= 0x80 {
				return fmt.Errorf("host %q is not ASCII; write internationalized names in punycode (xn--)", host)
			}
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return fmt.Errorf("host %q holds %q", host, c)
			}
		}
	}
	return nil
}

// webURL builds the document URL from a checked host and segments.
func webURL(scheme, host string, segments []string) string {
	var b strings.Builder
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	if len(segments) == 0 {
		b.WriteString("/.well-known")
	}
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	b.WriteString("/did.json")
	return b.String()
}

// webMediaTypes are the media types a did:web document may be served as.
var webMediaTypes = []string{"application/did+json", "application/json", "application/did+ld+json"}

// WebResolver resolves did:web DIDs over HTTPS with the caller's
// *http.Client. It is configured once by NewWebResolver and is safe for
// concurrent use.
//
// A resolution fetches the URL WebURL gives, under the HTTPOptions rules:
// https only (plain http only for hosts in AllowHTTPHosts), a timeout and
// the context's deadline, a size limit, few redirects and only to https on
// the same host, and a media type of application/did+json,
// application/json or application/did+ld+json. The document's id must
// equal the DID. Responses are cached by URL as Cache-Control allows; each
// call parses its own copy, so callers may modify the returned document.
// The TLS versions and roots are the client's (Go's client default is
// TLS 1.2 or later, as the did:web specification asks).
type WebResolver struct {
	f *fetcher
}

var _ Resolver = (*WebResolver)(nil)

// NewWebResolver returns a did:web resolver that fetches through client,
// which is required: this package opens no connection the caller did not
// hand it. The client's Transport and Timeout are used as they are; its
// CheckRedirect, if any, runs after the resolver's own redirect rules.
func NewWebResolver(client *http.Client, opts HTTPOptions) (*WebResolver, error) {
	f, err := newFetcher(client, opts, "application/did+json, application/did+ld+json;q=0.9, application/json;q=0.8", webMediaTypes)
	if err != nil {
		return nil, fmt.Errorf("did: NewWebResolver: %w", err)
	}
	return &WebResolver{f: f}, nil
}

// Resolve fetches and checks the DID document of a did:web DID. Errors are
// *ResolutionError: invalidDid for a DID WebURL refuses, methodNotSupported
// for another method, notFound when the server answers 404 or 410,
// invalidDidDocument for a response that is not an acceptable DID document
// (media type, size, JSON, id) or a redirect the rules refuse (wrapping
// ErrURLNotAllowed), internalError for transport failures and
// other statuses (with ctx.Err() as the cause after a deadline).
func (r *WebResolver) Resolve(ctx context.Context, did string) (*Resolution, error) {
	if method, _, err := ParseDID(did); err == nil && method != "web" {
		return nil, &ResolutionError{Code: CodeMethodNotSupported, DID: did, Detail: "not a did:web DID"}
	}
	host, segments, err := parseWebDID(did)
	if err != nil {
		return nil, err
	}
	scheme := "https"
	if r.f.allowsHTTP(host) {
		scheme = "http"
	}
	resp, err := r.f.get(ctx, did, webURL(scheme, host, segments))
	if err != nil {
		return nil, err
	}
	doc, err := ParseDocument(resp.body)
	if err != nil {
		return nil, &ResolutionError{Code: CodeInvalidDIDDocument, DID: did, Err: err}
	}
	if doc.ID != did {
		return nil, resolutionErrorf(CodeInvalidDIDDocument, did, nil, "document id %q is not the DID", doc.ID)
	}
	return &Resolution{Document: doc, ContentType: resp.contentType}, nil
}

// allowsHTTP reports whether the decoded host[:port] of a did:web DID is
// one the caller allowed plain http for.
func (f *fetcher) allowsHTTP(hostport string) bool {
	if len(f.allowHTTP) == 0 {
		return false
	}
	u := &url.URL{Scheme: "http", Host: hostport}
	for _, a := range f.allowHTTP {
		if a == hostPort(u) {
			return true
		}
	}
	return false
}
