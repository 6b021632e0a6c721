package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/clrkit/clrkit/proof"
)

// ClientOptions configure a Client.
type ClientOptions struct {
	// HTTPClient sends the requests and adds their access token: an
	// oauth2.Config's Client, for example. Required for every operation
	// but Discover.
	HTTPClient *http.Client
	// Verify, when set, checks each credential received (JSON, or a
	// compact JWS); Credentials yields an error for one that fails.
	Verify func(ctx context.Context, credential []byte) error
	// Sleep waits before a retry; it returns early with the context's
	// error when the context ends. A timer when nil; tests give their
	// own clock.
	Sleep func(ctx context.Context, d time.Duration) error
	// Retry decides whether a failed response is sent again, and after
	// how long: RetryAsSpecified when nil (every failure, after its
	// Retry-After or 30 minutes); RetryTransient retries only 429 and
	// 5xx responses, which programs that report a refusal at once may
	// prefer. Two retries at most either way.
	Retry func(resp *http.Response) (time.Duration, bool)
	// MaxBodyBytes bounds a response body (default 16 MiB).
	MaxBodyBytes int64
}

// Client calls one service's API (OB 3.0 or CLR 2.0) as a consumer:
// discovery, getCredentials, upsertCredential, getProfile and putProfile.
// A response that is not a success is an *Error carrying the server's
// Imsx_StatusInfo. As the specification's retry rule says, a failed
// request is sent again after the response's Retry-After delay, or 30
// minutes without one, at most twice (ClientOptions.Retry changes which
// failures). It follows redirects on the service's own scheme and host
// only, so that its access token goes nowhere else. It is safe for
// concurrent use.
type Client struct {
	base string // the service's URL up to and with the base path
	std  Standard
	opts ClientOptions

	mu    sync.Mutex
	sdd   []byte
	etag  string
	until time.Time // the cached description is fresh until then
}

// NewClient returns a Client of the API std served at serviceURL (the
// server's URL, such as https://example.edu; the base path is added).
func NewClient(serviceURL string, std Standard, opts ClientOptions) (*Client, error) {
	u, err := url.Parse(serviceURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("api: service URL %q is not an absolute http(s) URL", serviceURL)
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 16 << 20
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	if opts.Retry == nil {
		opts.Retry = RetryAsSpecified
	}
	if opts.HTTPClient != nil {
		hc := *opts.HTTPClient
		given := hc.CheckRedirect
		hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			if !sameOrigin(req.URL.String(), serviceURL) {
				return fmt.Errorf("api: a redirect to %s, off the service's host: not followed", req.URL.Redacted())
			}
			if given != nil {
				return given(req, via)
			}
			if len(via) >= 10 {
				return errors.New("api: stopped after 10 redirects")
			}
			return nil
		}
		opts.HTTPClient = &hc
	}
	return &Client{base: strings.TrimSuffix(serviceURL, "/") + std.BasePath, std: std, opts: opts}, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryDefault is the wait before a retry when the server gives no
// Retry-After.
const retryDefault = 30 * time.Minute

// do sends a request (again, as the retry rule allows) and returns the
// response with its body read. Statuses in ok are successes; others are
// an *Error.
func (c *Client) do(ctx context.Context, client *http.Client, method, u, contentType string, body []byte, header http.Header, ok ...int) (*http.Response, []byte, error) {
	if client == nil {
		client = c.opts.HTTPClient
	}
	if client == nil {
		return nil, nil, errors.New("api: the Client has no HTTPClient")
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
		if err != nil {
			return nil, nil, err
		}
		for k, vs := range header {
			req.Header[k] = vs
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("Accept", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return nil, nil, err
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBodyBytes+1))
		resp.Body.Close()
		if err != nil {
			return nil, nil, err
		}
		if int64(len(data)) > c.opts.MaxBodyBytes {
			return nil, nil, fmt.Errorf("api: %s %s: a response larger than %d bytes", method, u, c.opts.MaxBodyBytes)
		}
		for _, s := range ok {
			if resp.StatusCode == s {
				return resp, data, nil
			}
		}
		apiErr := errorOf(resp, data)
		wait, retry := c.opts.Retry(resp)
		if !retry || attempt == 2 {
			return resp, data, apiErr
		}
		if err := c.opts.Sleep(ctx, wait); err != nil {
			return resp, data, fmt.Errorf("%w (while waiting %s to retry: %w)", apiErr, wait, err)
		}
	}
}

// errorOf reads the Imsx_StatusInfo of a failed response.
func errorOf(resp *http.Response, body []byte) *Error {
	e := &Error{HTTPStatus: resp.StatusCode}
	if json.Unmarshal(body, &e.Info) != nil || e.Info.CodeMajor == "" {
		e.Info = StatusInfo{CodeMajor: CodeMajorFailure, Severity: SeverityError, Description: strings.TrimSpace(string(body[:min(len(body), 200)]))}
	}
	return e
}

// maxRetryWait bounds a Retry-After delay (a day): a larger one, or one
// that does not fit a time.Duration, is not waited for.
const maxRetryWait = 24 * time.Hour

// RetryAsSpecified is the specification's retry rule: every failed
// response is retried, after its Retry-After (seconds or an HTTP date) or
// 30 minutes. A delay beyond a day is not waited for.
func RetryAsSpecified(resp *http.Response) (time.Duration, bool) {
	if v := resp.Header.Get("Retry-After"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
			if n > int64(maxRetryWait/time.Second) {
				return 0, false
			}
			return time.Duration(n) * time.Second, true
		}
		if t, err := http.ParseTime(v); err == nil {
			d := max(0, time.Until(t))
			return d, d <= maxRetryWait
		}
	}
	return retryDefault, true
}

// RetryTransient retries, as RetryAsSpecified does, only the responses
// that may succeed later unchanged: 429 and 5xx, and any with Retry-After.
func RetryTransient(resp *http.Response) (time.Duration, bool) {
	if resp.Header.Get("Retry-After") == "" && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
		return 0, false
	}
	return RetryAsSpecified(resp)
}

// Discover returns the service description document, from the client's
// copy while its Cache-Control max-age lasts, then revalidated with its
// ETag. It needs no access token (it goes through the HTTPClient when set,
// else http.DefaultClient).
func (c *Client) Discover(ctx context.Context) ([]byte, error) {
	c.mu.Lock()
	sdd, etag, fresh := c.sdd, c.etag, time.Now().Before(c.until)
	c.mu.Unlock()
	if sdd != nil && fresh {
		return sdd, nil
	}
	client := c.opts.HTTPClient
	if client == nil {
		client = http.DefaultClient
	}
	h := http.Header{}
	if etag != "" {
		h.Set("If-None-Match", etag)
	}
	resp, body, err := c.do(ctx, client, http.MethodGet, c.base+"/discovery", "", nil, h, http.StatusOK, http.StatusNotModified)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if resp.StatusCode == http.StatusOK {
		if !json.Valid(body) {
			return nil, errors.New("api: the service description is not JSON")
		}
		c.sdd, c.etag = body, resp.Header.Get("ETag")
	}
	if c.sdd == nil {
		return nil, errors.New("api: the service answered 304 to a request for a description it never sent")
	}
	c.until = time.Now().Add(freshFor(resp.Header))
	return c.sdd, nil
}

var maxAgeRE = regexp.MustCompile(`(?:^|[ ,])max-age=(\d+)`)

// freshFor is how long a response may be used without asking again: its
// Cache-Control max-age, else its Expires; 0 for no-store, no-cache or
// neither.
func freshFor(h http.Header) time.Duration {
	cc := h.Get("Cache-Control")
	if strings.Contains(cc, "no-store") || strings.Contains(cc, "no-cache") {
		return 0
	}
	if m := maxAgeRE.FindStringSubmatch(cc); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n < int(maxRetryWait/time.Second)*365 {
			return time.Duration(n) * time.Second
		}
		return 0
	}
	if e := h.Get("Expires"); e != "" {
		if t, err := http.ParseTime(e); err == nil {
			return max(0, time.Until(t))
		}
	}
	return 0
}

// Page is one response of getCredentials.
type Page struct {
	// Credentials are the credentials of the page: JSON, or compact JWSs.
	Credentials [][]byte
	// Total is X-Total-Count (-1 when the server did not send it).
	Total int
	// Next, Prev, First and Last are the Link header's URLs ("" when
	// absent).
	Next, Prev, First, Last string
}

// CredentialsPage fetches one page of getCredentials: q's limit, offset
// and since (zero values left out), or the URL of a Link (next) when
// pageURL is not empty.
func (c *Client) CredentialsPage(ctx context.Context, q Query, pageURL string) (*Page, error) {
	u := pageURL
	if u == "" {
		v := url.Values{}
		if q.Limit > 0 {
			v.Set("limit", strconv.Itoa(q.Limit))
		}
		if q.Offset > 0 {
			v.Set("offset", strconv.Itoa(q.Offset))
		}
		if !q.Since.IsZero() {
			v.Set("since", q.Since.UTC().Format(time.RFC3339Nano))
		}
		u = c.base + "/credentials"
		if len(v) > 0 {
			u += "?" + v.Encode()
		}
	}
	resp, body, err := c.do(ctx, nil, http.MethodGet, u, "", nil, nil, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var raw struct {
		Credential       json.RawMessage `json:"credential"`
		CompactJwsString json.RawMessage `json:"compactJwsString"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("api: getCredentials: the response is not JSON: %w", err)
	}
	p := &Page{Total: -1}
	// Both members may be a lone value, as the JSON-LD adapted schemas
	// allow, or a list.
	creds, err := oneOrMany(raw.Credential)
	if err != nil {
		return nil, fmt.Errorf("api: getCredentials: credential: %w", err)
	}
	for _, c := range creds {
		p.Credentials = append(p.Credentials, []byte(c))
	}
	jwss, err := oneOrMany(raw.CompactJwsString)
	if err != nil {
		return nil, fmt.Errorf("api: getCredentials: compactJwsString: %w", err)
	}
	for _, j := range jwss {
		var s string
		if json.Unmarshal(j, &s) != nil || !proof.IsCompactJWT([]byte(s)) {
			return nil, errors.New("api: getCredentials: a compactJwsString entry is not a compact JWS")
		}
		p.Credentials = append(p.Credentials, []byte(s))
	}
	if t := resp.Header.Get("X-Total-Count"); t != "" {
		if n, err := strconv.Atoi(t); err == nil && n >= 0 {
			p.Total = n
		}
	}
	for _, m := range linkRE.FindAllStringSubmatch(strings.Join(resp.Header.Values("Link"), ","), -1) {
		target, err := url.Parse(resp.Request.URL.String())
		if err != nil {
			continue
		}
		if ref, err := target.Parse(m[1]); err == nil {
			switch m[2] {
			case "next":
				p.Next = ref.String()
			case "prev":
				p.Prev = ref.String()
			case "first":
				p.First = ref.String()
			case "last":
				p.Last = ref.String()
			}
		}
	}
	return p, nil
}

var linkRE = regexp.MustCompile(`<([^>]*)>\s*;\s*rel="?(\w+)"?`)

func oneOrMany(raw json.RawMessage) ([]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] != '[' {
		return []json.RawMessage{raw}, nil
	}
	var list []json.RawMessage
	return list, json.Unmarshal(raw, &list)
}

// Credentials iterates over the credentials q selects, page by page,
// following each page's next link until there is none. A next link off the
// service's getCredentials URL (another scheme, host or path), or one
// fetched before, ends the iteration with an error, as does any failure
// of a request. With ClientOptions.Verify, a credential that fails it is
// yielded with the error, and the iteration goes on.
func (c *Client) Credentials(ctx context.Context, q Query) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		next := ""
		seen := map[string]bool{}
		for {
			p, err := c.CredentialsPage(ctx, q, next)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, cred := range p.Credentials {
				if c.opts.Verify != nil {
					if err := c.opts.Verify(ctx, cred); err != nil {
						if !yield(cred, fmt.Errorf("api: a credential received does not verify: %w", err)) {
							return
						}
						continue
					}
				}
				if !yield(cred, nil) {
					return
				}
			}
			if p.Next == "" || len(p.Credentials) == 0 {
				return
			}
			switch {
			case !underBase(p.Next, c.base+"/credentials"):
				yield(nil, fmt.Errorf("api: getCredentials: the next page %s is not the service's getCredentials", p.Next))
				return
			case seen[p.Next] || len(seen) >= maxPages:
				yield(nil, fmt.Errorf("api: getCredentials: the next page %s was fetched already, or more than %d pages: stopped", p.Next, maxPages))
				return
			}
			seen[p.Next] = true
			next = p.Next
		}
	}
}

// maxPages bounds the pages one Credentials iteration fetches.
const maxPages = 100_000

// underBase reports whether u is on base's scheme and host, at base's
// path (the query may differ).
func underBase(u, base string) bool {
	pu, err1 := url.Parse(u)
	pb, err2 := url.Parse(base)
	return err1 == nil && err2 == nil && pu.Scheme == pb.Scheme && pu.Host == pb.Host && pu.Path == pb.Path && pu.User == nil
}

func sameOrigin(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Scheme == ub.Scheme && ua.Host == ub.Host
}

// Upsert sends a credential to upsertCredential: JSON as application/json,
// a compact JWS as text/plain. It returns Created (201), Replaced (200) or
// NotNewer (304: the server holds it as new or newer).
func (c *Client) Upsert(ctx context.Context, credential []byte) (Outcome, error) {
	ct := "application/json"
	if trimmed := bytes.TrimSpace(credential); proof.IsCompactJWT(trimmed) {
		ct, credential = "text/plain", trimmed
	}
	resp, _, err := c.do(ctx, nil, http.MethodPost, c.base+"/credentials", ct, credential, nil, http.StatusOK, http.StatusCreated, http.StatusNotModified)
	if err != nil {
		return 0, err
	}
	return map[int]Outcome{http.StatusCreated: Created, http.StatusOK: Replaced, http.StatusNotModified: NotNewer}[resp.StatusCode], nil
}

// Profile fetches getProfile. A service with none answers 404: an *Error
// whose HTTPStatus says so.
func (c *Client) Profile(ctx context.Context) ([]byte, error) {
	_, body, err := c.do(ctx, nil, http.MethodGet, c.base+"/profile", "", nil, nil, http.StatusOK)
	return body, err
}

// PutProfile sends putProfile. It returns the profile the service answers
// with (200), or nil and the StatusInfo when the service accepted the
// change for later processing (202).
func (c *Client) PutProfile(ctx context.Context, profile []byte) ([]byte, *StatusInfo, error) {
	resp, body, err := c.do(ctx, nil, http.MethodPut, c.base+"/profile", "application/json", profile, nil, http.StatusOK, http.StatusAccepted)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode == http.StatusAccepted {
		var si StatusInfo
		_ = json.Unmarshal(body, &si)
		return nil, &si, nil
	}
	return body, nil, nil
}
