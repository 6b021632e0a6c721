package did

import (
	"context"
	"fmt"
	"strings"
)

// Resolver resolves a DID to its DID document. Implementations must be safe
// for concurrent use, honour ctx (deadlines, cancellation) for any I/O, and
// return a *ResolutionError on failure.
type Resolver interface {
	Resolve(ctx context.Context, did string) (*Resolution, error)
}

// Resolution is the result of resolving a DID.
type Resolution struct {
	// Document is the DID document; its ID equals the resolved DID.
	Document *Document
	// ContentType is the media type of the representation the document was
	// read from (for example "application/did+json"), when known.
	ContentType string
}

// MultiResolver dispatches each DID to the resolver registered for its
// method. The caller assembles it; there is no global registry. It is
// immutable after construction and safe for concurrent use.
type MultiResolver struct {
	methods map[string]Resolver
}

var _ Resolver = (*MultiResolver)(nil)

// NewMultiResolver returns a resolver for the given methods, keyed by method
// name ("key", "web", "jwk").
func NewMultiResolver(methods map[string]Resolver) (*MultiResolver, error) {
	m := &MultiResolver{methods: make(map[string]Resolver, len(methods))}
	for name, r := range methods {
		if !validMethodName(name) {
			return nil, fmt.Errorf("did: NewMultiResolver: %q is not a DID method name", name)
		}
		if r == nil {
			return nil, fmt.Errorf("did: NewMultiResolver: nil resolver for method %q", name)
		}
		m.methods[name] = r
	}
	return m, nil
}

// Resolve parses did, picks the resolver of its method and resolves it. A
// method without a resolver is an error matching ErrMethodNotSupported.
func (m *MultiResolver) Resolve(ctx context.Context, did string) (*Resolution, error) {
	method, _, err := ParseDID(did)
	if err != nil {
		return nil, err
	}
	r, ok := m.methods[method]
	if !ok {
		return nil, &ResolutionError{Code: CodeMethodNotSupported, DID: did, Detail: "no resolver for method " + method}
	}
	return r.Resolve(ctx, did)
}

// resolveForFragment lets Dereference reach a method resolver's
// fragment-aware resolution through the MultiResolver.
func (m *MultiResolver) resolveForFragment(ctx context.Context, did, fragment string) (*Resolution, error) {
	method, _, err := ParseDID(did)
	if err != nil {
		return nil, err
	}
	if fr, ok := m.methods[method].(fragmentResolver); ok {
		return fr.resolveForFragment(ctx, did, fragment)
	}
	return m.Resolve(ctx, did)
}

// ParseDID checks that s is a DID per the DID Core syntax
// (did:<method-name>:<method-specific-id>, without path, query or fragment)
// and returns its method name and method-specific identifier. Failures match
// ErrInvalidDID.
func ParseDID(s string) (method, id string, err error) {
	rest, ok := strings.CutPrefix(s, "did:")
	if !ok {
		return "", "", &ResolutionError{Code: CodeInvalidDID, DID: s, Detail: `does not start with "did:"`}
	}
	method, id, ok = strings.Cut(rest, ":")
	if !ok || !validMethodName(method) {
		return "", "", &ResolutionError{Code: CodeInvalidDID, DID: s, Detail: "bad method name"}
	}
	if !validMethodSpecificID(id) {
		return "", "", &ResolutionError{Code: CodeInvalidDID, DID: s, Detail: "bad method-specific identifier"}
	}
	return method, id, nil
}

// validMethodName reports whether s is a method-name: 1*(%x61-7A / DIGIT).
func validMethodName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// validMethodSpecificID reports whether s matches
// *( *idchar ":" ) 1*idchar, where idchar is ALPHA / DIGIT / "." / "-" /
// "_" / pct-encoded.
func validMethodSpecificID(s string) bool {
	if s == "" || s[len(s)-1] == ':' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '_', c == ':':
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
