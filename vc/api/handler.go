package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/vc"
)

// Standard is what differs between the OB 3.0 and CLR 2.0 APIs: where they
// are served, their scopes, and the credentials they exchange.
// openbadges/api and clr/api give the two.
type Standard struct {
	// Name is the API's name and Version the specification's version, for
	// the service description.
	Name, Version string
	// BasePath is the path of the API, such as /ims/ob/v3p0.
	BasePath string
	// ScopePrefix begins each scope, such as
	// https://purl.imsglobal.org/spec/ob/v3p0/scope/.
	ScopePrefix string
	// CredentialTypes lists the types of which a credential must have one
	// to be upserted (AchievementCredential, OpenBadgeCredential;
	// ClrCredential).
	CredentialTypes []string
}

// The operations' scopes, after the ScopePrefix.
const (
	ScopeCredentialRead   = "credential.readonly"
	ScopeCredentialUpsert = "credential.upsert"
	ScopeProfileRead      = "profile.readonly"
	ScopeProfileUpdate    = "profile.update"
)

// Scope returns the full scope of an operation (one of the Scope values).
func (s Standard) Scope(op string) string { return s.ScopePrefix + op }

// Scopes returns the four scopes of the API.
func (s Standard) Scopes() []string {
	return []string{s.Scope(ScopeCredentialRead), s.Scope(ScopeCredentialUpsert), s.Scope(ScopeProfileRead), s.Scope(ScopeProfileUpdate)}
}

// Authorizer decides whether a request may use an operation: it reads the
// request's access token and returns the owner it was granted for (whose
// credentials and profile the request reaches) when the token is valid and
// carries scope, and otherwise an *Error: 401 (no valid token) or 403 (the
// scope is missing). The OAuth 2.0 server of this package, or the host
// application's own, provides it.
type Authorizer interface {
	Authorize(r *http.Request, scope string) (owner string, err error)
}

// AuthorizerFunc is an Authorizer from a function.
type AuthorizerFunc func(r *http.Request, scope string) (string, error)

// Authorize calls f.
func (f AuthorizerFunc) Authorize(r *http.Request, scope string) (string, error) { return f(r, scope) }

// Discovery is what the service description document says besides the
// operations.
type Discovery struct {
	// Title names the service; TermsOfService and PrivacyPolicyURL are
	// URLs of its terms and privacy policy (required by the
	// specifications), Image the URL of its logo (optional).
	Title, TermsOfService, PrivacyPolicyURL, Image string
	// RegistrationURL, AuthorizationURL, TokenURL and RefreshURL are the
	// OAuth 2.0 endpoints: dynamic client registration, authorization,
	// token and refresh (often the token URL).
	RegistrationURL, AuthorizationURL, TokenURL, RefreshURL string
}

// Options configure a Handler.
type Options struct {
	// Standard is the API served. Required.
	Standard Standard
	// Store keeps the credentials and profiles. Required.
	Store Store
	// Authorizer checks access tokens. Required.
	Authorizer Authorizer
	// Discovery fills the service description. Required.
	Discovery Discovery
	// PublicURL is the URL of the server as clients reach it (scheme and
	// host, such as https://example.edu), for the Link headers of paged
	// responses; the request's own host (https when it came over TLS)
	// when empty.
	PublicURL string
	// Verify, when set, checks each credential upserted (its bytes as
	// received); an error refuses it with 400 and its message.
	Verify func(ctx context.Context, credential []byte) error
	// MaxBodyBytes bounds a request body (default 2 MiB; 413 beyond).
	MaxBodyBytes int64
	// DefaultLimit is the page size when a request gives no limit, and
	// MaxLimit the largest one allowed (defaults 100 and 1,000).
	DefaultLimit, MaxLimit int
}

// handler serves one API.
type handler struct {
	opts Options
	std  Standard
	sdd  []byte
	etag string
}

// NewHandler returns the http.Handler of the API: GET BasePath/discovery
// (unprotected), GET and POST BasePath/credentials, GET and PUT
// BasePath/profile, each operation requiring its scope. Every error
// response is an Imsx_StatusInfo; no input makes it panic.
func NewHandler(opts Options) (http.Handler, error) {
	switch {
	case opts.Store == nil || opts.Authorizer == nil:
		return nil, errors.New("api: a Handler needs a Store and an Authorizer")
	case !strings.HasPrefix(opts.Standard.BasePath, "/") || strings.HasSuffix(opts.Standard.BasePath, "/"):
		return nil, fmt.Errorf("api: base path %q must begin and not end with /", opts.Standard.BasePath)
	case len(opts.Standard.CredentialTypes) == 0 || opts.Standard.ScopePrefix == "":
		return nil, errors.New("api: the Standard needs its credential types and scope prefix")
	}
	d := opts.Discovery
	for name, u := range map[string]string{"TermsOfService": d.TermsOfService, "PrivacyPolicyURL": d.PrivacyPolicyURL,
		"RegistrationURL": d.RegistrationURL, "AuthorizationURL": d.AuthorizationURL, "TokenURL": d.TokenURL} {
		if p, err := url.Parse(u); err != nil || p.Scheme == "" || p.Host == "" {
			return nil, fmt.Errorf("api: Discovery.%s %q is not an absolute URL", name, u)
		}
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 2 << 20
	}
	if opts.MaxLimit <= 0 {
		opts.MaxLimit = 1000
	}
	if opts.DefaultLimit <= 0 {
		opts.DefaultLimit = min(100, opts.MaxLimit)
	}
	h := &handler{opts: opts, std: opts.Standard}
	sdd, err := serviceDescription(opts.Standard, opts.Discovery, opts.PublicURL)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(sdd)
	h.sdd, h.etag = sdd, `"`+hex.EncodeToString(sum[:8])+`"`
	return h, nil
}

// ServeHTTP routes a request to its operation.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, h.std.BasePath)
	if !ok {
		writeStatus(w, Failure(http.StatusNotFound, MinorNotFound, "%s is not under %s", r.URL.Path, h.std.BasePath))
		return
	}
	var allowed string
	switch rest {
	case "/discovery":
		allowed = "GET, HEAD"
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			h.discovery(w, r)
			return
		}
	case "/credentials":
		allowed = "GET, POST"
		switch r.Method {
		case http.MethodGet:
			h.getCredentials(w, r)
			return
		case http.MethodPost:
			h.upsertCredential(w, r)
			return
		}
	case "/profile":
		allowed = "GET, PUT"
		switch r.Method {
		case http.MethodGet:
			h.getProfile(w, r)
			return
		case http.MethodPut:
			h.putProfile(w, r)
			return
		}
	default:
		writeStatus(w, Failure(http.StatusNotFound, MinorNotFound, "no operation at %s", r.URL.Path))
		return
	}
	w.Header().Set("Allow", allowed)
	writeStatus(w, Failure(http.StatusMethodNotAllowed, MinorNotAllowed, "%s does not take %s", r.URL.Path, r.Method))
}

// authorize runs the Authorizer, answering the request itself when it
// refuses.
func (h *handler) authorize(w http.ResponseWriter, r *http.Request, op string) (string, bool) {
	owner, err := h.opts.Authorizer.Authorize(r, h.std.Scope(op))
	if err != nil {
		// An *Error says what to answer (401, 403); any other error is
		// the Authorizer's own failure (its database down), a 500.
		var e *Error
		if !errors.As(err, &e) || e.HTTPStatus < 400 || e.HTTPStatus > 599 {
			e = Failure(http.StatusInternalServerError, MinorInternalServerError, "the access token could not be checked")
		}
		if e.HTTPStatus == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="`+h.std.BasePath+`"`)
		}
		writeStatus(w, e)
		return "", false
	}
	return owner, true
}

// storeFailed answers a Store error: 503 when the request's context ended
// (the client went away, or a deadline), 500 otherwise; the store's own
// words, which may name its host, are not sent.
func storeFailed(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		writeStatus(w, Failure(http.StatusServiceUnavailable, MinorServerBusy, "the request ended before the store answered"))
		return
	}
	writeStatus(w, Failure(http.StatusInternalServerError, MinorInternalServerError, "the store failed"))
}

func (h *handler) discovery(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("ETag", h.etag)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	if matchesETag(r.Header.Values("If-None-Match"), h.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(h.sdd)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(h.sdd)
}

func (h *handler) getCredentials(w http.ResponseWriter, r *http.Request) {
	owner, ok := h.authorize(w, r, ScopeCredentialRead)
	if !ok {
		return
	}
	q, e := h.readQuery(r.URL.Query())
	if e != nil {
		writeStatus(w, e)
		return
	}
	page, total, err := h.opts.Store.Credentials(r.Context(), owner, q)
	if err != nil {
		storeFailed(w, r, err)
		return
	}
	// Written by hand: the credentials go out as the bytes received
	// (json.Marshal would compact them and escape <, > and &).
	var out bytes.Buffer
	out.WriteByte('{')
	var jws []string
	n := 0
	for _, c := range page {
		if c.Format == FormatJWS {
			jws = append(jws, string(c.Body))
			continue
		}
		if n == 0 {
			out.WriteString(`"credential":[`)
		} else {
			out.WriteByte(',')
		}
		out.Write(bytes.TrimSpace(c.Body))
		n++
	}
	if n > 0 {
		out.WriteByte(']')
	}
	if len(jws) > 0 {
		if n > 0 {
			out.WriteByte(',')
		}
		list, _ := json.Marshal(jws)
		out.WriteString(`"compactJwsString":`)
		out.Write(list)
	}
	out.WriteByte('}')
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	if link := h.links(r, q, total); link != "" {
		w.Header().Set("Link", link)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(out.Bytes())
}

// readQuery reads limit, offset and since; a malformed one is a 400.
func (h *handler) readQuery(v url.Values) (Query, *Error) {
	q := Query{Limit: h.opts.DefaultLimit}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return q, Failure(http.StatusBadRequest, MinorInvalidQueryParameter, "limit %q is not a positive integer", s)
		}
		q.Limit = min(n, h.opts.MaxLimit)
	}
	if s := v.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return q, Failure(http.StatusBadRequest, MinorInvalidQueryParameter, "offset %q is not a non-negative integer", s)
		}
		q.Offset = n
	}
	if s := v.Get("since"); s != "" {
		t, err := vc.DateTime(s).Time()
		if err != nil {
			return q, Failure(http.StatusBadRequest, MinorInvalidQueryParameter, "since %q is not a date-time", s)
		}
		q.Since = t
	}
	return q, nil
}

// links returns the Link header of a page: first and last always, next
// when more follow, prev when the page is not the first. None when the
// page holds everything. Pages step by the limit from the request's
// offset, so that following next reaches last exactly; prev never goes
// below 0 nor beyond last.
func (h *handler) links(r *http.Request, q Query, total int) string {
	if q.Offset == 0 && total <= q.Limit {
		return ""
	}
	base := h.opts.PublicURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	page := func(offset int) string {
		v := url.Values{}
		v.Set("limit", strconv.Itoa(q.Limit))
		v.Set("offset", strconv.Itoa(offset))
		if !q.Since.IsZero() {
			v.Set("since", q.Since.UTC().Format(time.RFC3339Nano))
		}
		return "<" + strings.TrimSuffix(base, "/") + h.std.BasePath + "/credentials?" + v.Encode() + ">"
	}
	// The last page: the one of the pages from the request's offset (or,
	// past the end, from 0) that holds the last credential. Written
	// without sums that could overflow: offset is the client's.
	last := 0
	switch {
	case total == 0:
	case q.Offset < total:
		last = q.Offset + (total-1-q.Offset)/q.Limit*q.Limit
	default:
		last = (total - 1) / q.Limit * q.Limit
	}
	links := []string{page(0) + `; rel="first"`, page(last) + `; rel="last"`}
	if q.Offset < total-q.Limit {
		links = append(links, page(q.Offset+q.Limit)+`; rel="next"`)
	}
	if q.Offset > 0 {
		prev := 0
		if q.Offset > q.Limit {
			prev = q.Offset - q.Limit
		}
		links = append(links, page(min(prev, last))+`; rel="prev"`)
	}
	return strings.Join(links, ", ")
}

// matchesETag reports whether If-None-Match values name etag (weakly
// compared, RFC 9110 section 13.1.2) or are "*".
func matchesETag(values []string, etag string) bool {
	for _, v := range values {
		for t := range strings.SplitSeq(v, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || (t != "" && strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/")) {
				return true
			}
		}
	}
	return false
}

// readBody reads a request body within the size limit.
func (h *handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeStatus(w, Failure(http.StatusRequestEntityTooLarge, MinorInvalidData, "the body is larger than %d bytes", h.opts.MaxBodyBytes))
		return nil, false
	case err != nil:
		writeStatus(w, Failure(http.StatusBadRequest, MinorInvalidData, "the body could not be read"))
		return nil, false
	}
	return body, true
}

func (h *handler) upsertCredential(w http.ResponseWriter, r *http.Request) {
	owner, ok := h.authorize(w, r, ScopeCredentialUpsert)
	if !ok {
		return
	}
	body, ok := h.readBody(w, r)
	if !ok {
		return
	}
	c, e := h.readCredential(r.Header.Get("Content-Type"), body)
	if e != nil {
		writeStatus(w, e)
		return
	}
	if h.opts.Verify != nil {
		if err := h.opts.Verify(r.Context(), body); err != nil {
			writeStatus(w, Failure(http.StatusBadRequest, MinorInvalidData, "the credential does not verify: %v", err))
			return
		}
	}
	outcome, err := h.opts.Store.UpsertCredential(r.Context(), owner, c)
	if err != nil {
		storeFailed(w, r, err)
		return
	}
	status := map[Outcome]int{Created: http.StatusCreated, Replaced: http.StatusOK, NotNewer: http.StatusNotModified}[outcome]
	if status == http.StatusNotModified {
		w.WriteHeader(status) // a 304 has no body
		return
	}
	ct := "application/json"
	if c.Format == FormatJWS {
		ct = "text/plain"
	} else if mt := r.Header.Get("Content-Type"); strings.HasPrefix(mt, "application/vc+ld+json") {
		ct = "application/vc+ld+json"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (h *handler) getProfile(w http.ResponseWriter, r *http.Request) {
	owner, ok := h.authorize(w, r, ScopeProfileRead)
	if !ok {
		return
	}
	p, err := h.opts.Store.Profile(r.Context(), owner)
	if errors.Is(err, ErrNotFound) {
		writeStatus(w, Failure(http.StatusNotFound, MinorNotFound, "no profile"))
		return
	}
	if err != nil {
		storeFailed(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(p)
}

func (h *handler) putProfile(w http.ResponseWriter, r *http.Request) {
	owner, ok := h.authorize(w, r, ScopeProfileUpdate)
	if !ok {
		return
	}
	body, ok := h.readBody(w, r)
	if !ok {
		return
	}
	if err := jsonobj.Check(body); err != nil {
		writeStatus(w, Failure(http.StatusBadRequest, MinorInvalidData, "the profile is not JSON the API accepts: %v", err))
		return
	}
	var p struct {
		ID   string   `json:"id"`
		Type vc.Types `json:"type"`
	}
	if err := json.Unmarshal(body, &p); err != nil || vc.CheckURI(p.ID) != nil || !slices.Contains(p.Type, "Profile") {
		writeStatus(w, Failure(http.StatusBadRequest, MinorInvalidData, "a Profile needs an id (a URI) and the type Profile"))
		return
	}
	if err := h.opts.Store.PutProfile(r.Context(), owner, body); err != nil {
		storeFailed(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}
