package httpfetch

import (
	"errors"
	"fmt"
	"net/url"
)

// Kind says which step of a fetch failed.
type Kind int

// The kinds of *Error, in the order a fetch meets them.
const (
	// KindBadURL: the URL passed to Get does not parse.
	KindBadURL Kind = iota + 1
	// KindNotAllowed: the Policy refused the URL passed to Get or, with
	// Error.Redirect set, a redirect target; or the connection would go to
	// a non-public address (ErrAddressNotAllowed), or a LocalTransport
	// without a network has no copy of the URL (ErrNoLocalCopy).
	KindNotAllowed
	// KindTooManyRedirects: the server redirected more often than
	// Options.MaxRedirects allows.
	KindTooManyRedirects
	// KindTransport: the request or the reading of the body failed
	// (connection, TLS, the context's deadline or cancellation, a refusal by
	// the client's own CheckRedirect).
	KindTransport
	// KindStatus: the response status is not 200 OK.
	KindStatus
	// KindMediaType: the Content-Type is missing, malformed or not one of
	// Options.MediaTypes.
	KindMediaType
	// KindTooLarge: the body is longer than Options.MaxBytes.
	KindTooLarge
	// KindInvalid: Options.Validate refused the body.
	KindInvalid
)

var kindNames = map[Kind]string{
	KindBadURL:           "bad URL",
	KindNotAllowed:       "not allowed",
	KindTooManyRedirects: "too many redirects",
	KindTransport:        "transport",
	KindStatus:           "bad status",
	KindMediaType:        "bad media type",
	KindTooLarge:         "too large",
	KindInvalid:          "invalid",
}

// String names the kind.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error reports a failed Get. Only the fields that belong to its Kind are
// set.
type Error struct {
	Kind Kind
	// URL is the URL passed to Get.
	URL string
	// Redirect is set, for KindNotAllowed, when the refused URL was a
	// redirect target rather than URL.
	Redirect bool
	// StatusCode is the response status, for KindStatus.
	StatusCode int
	// ContentType is the Content-Type header as received, for
	// KindMediaType.
	ContentType string
	// Limit is Options.MaxBytes for KindTooLarge, and
	// Options.MaxRedirects for KindTooManyRedirects.
	Limit int64
	// Length is, for KindTooLarge, the Content-Length the server declared,
	// or -1 when the body was cut off while reading it.
	Length int64
	// Err is the cause: the parse error (KindBadURL), the Policy's error
	// (KindNotAllowed for URL itself), the error of the http.Client, which
	// wraps the Policy's error for a refused redirect (KindNotAllowed with
	// Redirect, KindTooManyRedirects, KindTransport), or the error of
	// Options.Validate (KindInvalid).
	Err error
}

// Error describes the failure in terms of the URL passed to Get.
func (e *Error) Error() string {
	switch e.Kind {
	case KindBadURL:
		return fmt.Sprintf("httpfetch: bad URL %q: %v", e.URL, e.Err)
	case KindNotAllowed:
		if e.Redirect {
			return fmt.Sprintf("httpfetch: GET %s: redirect not allowed: %v", e.URL, e.Err)
		}
		return fmt.Sprintf("httpfetch: %s not allowed: %v", e.URL, e.Err)
	case KindTooManyRedirects:
		return fmt.Sprintf("httpfetch: GET %s: more than %d redirects", e.URL, e.Limit)
	case KindStatus:
		return fmt.Sprintf("httpfetch: GET %s: HTTP status %d", e.URL, e.StatusCode)
	case KindMediaType:
		return fmt.Sprintf("httpfetch: GET %s: content type %q not accepted", e.URL, e.ContentType)
	case KindTooLarge:
		if e.Length >= 0 {
			return fmt.Sprintf("httpfetch: GET %s: %d bytes, limit %d", e.URL, e.Length, e.Limit)
		}
		return fmt.Sprintf("httpfetch: GET %s: more than %d bytes", e.URL, e.Limit)
	}
	return fmt.Sprintf("httpfetch: GET %s: %v", e.URL, e.Err)
}

// Unwrap returns the cause, so that errors.Is finds the Policy's errors and
// the context's errors through an *Error.
func (e *Error) Unwrap() error { return e.Err }

// RedirectLimitError returns the client's error for a KindTooManyRedirects
// e with its innermost cause replaced by cause, so that a caller can report
// the limit in its own words (and wrap its own sentinel) while keeping the
// request and URL the client named. For any other e it returns cause.
func RedirectLimitError(e *Error, cause error) error {
	var ue *url.Error
	if e.Kind != KindTooManyRedirects || !errors.As(e.Err, &ue) {
		return cause
	}
	return &url.Error{Op: ue.Op, URL: ue.URL, Err: cause}
}
