package did

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
)

// DIDURL is a parsed DID URL: a DID followed by an optional path, query and
// fragment (DID Core §3.2).
type DIDURL struct {
	// DID is the DID the URL starts with.
	DID string
	// Path is the path including its leading "/", or "".
	Path string
	// Query is the query without its "?", or "".
	Query string
	// Fragment is the fragment without its "#", or "".
	Fragment string
	// HasQuery and HasFragment tell an empty query or fragment ("did:x:y#")
	// from an absent one.
	HasQuery, HasFragment bool
}

// String reassembles the DID URL.
func (u *DIDURL) String() string {
	s := u.DID + u.Path
	if u.HasQuery {
		s += "?" + u.Query
	}
	if u.HasFragment {
		s += "#" + u.Fragment
	}
	return s
}

// ParseDIDURL parses s as a DID URL. The DID must pass ParseDID; the path,
// query and fragment must consist of the characters RFC 3986 allows there,
// with well-formed percent-encoding. Failures are *ResolutionError values
// matching ErrInvalidDIDURL (ErrInvalidDID when the DID part is at fault).
func ParseDIDURL(s string) (*DIDURL, error) {
	u := &DIDURL{}
	rest := s
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		u.Fragment, u.HasFragment = rest[i+1:], true
		rest = rest[:i]
		if !validURIPart(u.Fragment, "/?") {
			return nil, &ResolutionError{Code: CodeInvalidDIDURL, DID: s, Detail: "bad fragment"}
		}
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		u.Query, u.HasQuery = rest[i+1:], true
		rest = rest[:i]
		if !validURIPart(u.Query, "/?") {
			return nil, &ResolutionError{Code: CodeInvalidDIDURL, DID: s, Detail: "bad query"}
		}
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		u.Path = rest[i:]
		rest = rest[:i]
		if !validURIPart(u.Path, "/") {
			return nil, &ResolutionError{Code: CodeInvalidDIDURL, DID: s, Detail: "bad path"}
		}
	}
	if _, _, err := ParseDID(rest); err != nil {
		var re *ResolutionError
		if errors.As(err, &re) {
			return nil, &ResolutionError{Code: CodeInvalidDID, DID: s, Detail: re.Detail}
		}
		return nil, err
	}
	u.DID = rest
	return u, nil
}

// validURIPart reports whether s is made of pchar (unreserved, sub-delims,
// ":", "@", pct-encoded) and the extra characters given.
func validURIPart(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0:
		case strings.IndexByte(extra, c) >= 0:
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

// ErrNotInRelationship is matched by a *RelationshipError: the method
// exists but the document does not list it under the relationship asked
// for.
var ErrNotInRelationship = errors.New("did: verification method not authorized for this relationship")

// RelationshipError reports a verification method that the controller
// document defines but does not list under the relationship a proof claims
// (for example a keyAgreement key used for assertionMethod).
type RelationshipError struct {
	Method       string
	Relationship Relationship
}

// Error names the method and the relationship.
func (e *RelationshipError) Error() string {
	return fmt.Sprintf("did: verification method %s is not listed under %s", e.Method, e.Relationship)
}

// Is reports whether target is ErrNotInRelationship.
func (e *RelationshipError) Is(target error) bool { return target == ErrNotInRelationship }

// sameID reports whether two ids, either of them possibly relative to base
// ("#key-1"), name the same URL, without allocating.
func sameID(x, y, base string) bool {
	xr, yr := len(x) > 0 && x[0] == '#', len(y) > 0 && y[0] == '#'
	switch {
	case xr == yr:
		return x == y
	case xr:
		x, y = y, x
	}
	// x is absolute, y relative.
	return len(x) == len(base)+len(y) && strings.HasPrefix(x, base) && x[len(base):] == y
}

// absoluteID resolves a "#fragment" id against base; other ids are
// returned unchanged.
func absoluteID(id, base string) string {
	if len(id) > 0 && id[0] == '#' {
		return base + id
	}
	return id
}

// Method finds the verification method that id names, whether it is
// defined under verificationMethod or embedded in a relationship. id is an
// absolute URL ("did:web:example.com#key-1") or a fragment relative to the
// document id ("#key-1"); method ids in the document may be either.
//
// The method's controller (made absolute) must be the document's id, as
// Controlled Identifiers §"Retrieve Verification Method" requires, and two
// different methods may not share the id. A missing method is a
// *ResolutionError matching ErrNotFound; a method with another controller,
// or a duplicated id, matches ErrInvalidDIDDocument.
//
// The returned method is the document's own; do not modify it.
func (d *Document) Method(id string) (*VerificationMethod, error) {
	var found *VerificationMethod
	consider := func(m *VerificationMethod) error {
		if !sameID(m.ID, id, d.ID) {
			return nil
		}
		if found != nil && !sameMethod(found, m, d.ID) {
			return resolutionErrorf(CodeInvalidDIDDocument, d.ID, nil, "two different verification methods have the id %s", absoluteID(id, d.ID))
		}
		found = m
		return nil
	}
	for i := range d.VerificationMethod {
		if err := consider(&d.VerificationMethod[i]); err != nil {
			return nil, err
		}
	}
	for _, r := range relationships {
		for _, ref := range d.Relationships[r] {
			if ref.Method != nil {
				if err := consider(ref.Method); err != nil {
					return nil, err
				}
			}
		}
	}
	if found == nil {
		return nil, resolutionErrorf(CodeNotFound, absoluteID(id, d.ID), nil, "no verification method with this id in the document of %s", d.ID)
	}
	if !sameID(found.Controller, d.ID, d.ID) {
		return nil, resolutionErrorf(CodeInvalidDIDDocument, absoluteID(id, d.ID), nil, "method controller %q is not the document id %q", found.Controller, d.ID)
	}
	return found, nil
}

// sameMethod reports whether two method entries describe the same key, ids
// and controllers compared as absolute URLs.
func sameMethod(a, b *VerificationMethod, base string) bool {
	x, y := *a, *b
	x.ID, y.ID = absoluteID(x.ID, base), absoluteID(y.ID, base)
	x.Controller, y.Controller = absoluteID(x.Controller, base), absoluteID(y.Controller, base)
	jx, errx := x.MarshalJSON()
	jy, erry := y.MarshalJSON()
	return errx == nil && erry == nil && bytes.Equal(jx, jy)
}

// Authorizes reports whether the document lists the method id (absolute or
// relative to the document id) under rel, by reference or embedded.
func (d *Document) Authorizes(id string, rel Relationship) bool {
	for _, ref := range d.Relationships[rel] {
		if sameID(ref.ID, id, d.ID) {
			return true
		}
	}
	return false
}

// MethodFor finds the method id names (see Method) and checks that the
// document lists it under rel. A method that exists but is not listed is a
// *RelationshipError matching ErrNotInRelationship.
func (d *Document) MethodFor(id string, rel Relationship) (*VerificationMethod, error) {
	m, err := d.Method(id)
	if err != nil {
		return nil, err
	}
	if !d.Authorizes(id, rel) {
		return nil, &RelationshipError{Method: absoluteID(id, d.ID), Relationship: rel}
	}
	return m, nil
}

// fragmentResolver is implemented by resolvers that can build a smaller
// document when only one fragment of it will be dereferenced.
type fragmentResolver interface {
	resolveForFragment(ctx context.Context, did, fragment string) (*Resolution, error)
}

// Dereference resolves the DID of a DID URL with r and returns the
// verification method its fragment names, together with the resolved
// document. Only fragment dereferencing is supported: a DID URL with a path
// or query, or without a fragment, is an invalidDidUrl error.
func Dereference(ctx context.Context, r Resolver, didURL string) (*VerificationMethod, *Document, error) {
	u, err := ParseDIDURL(didURL)
	if err != nil {
		return nil, nil, err
	}
	if u.Path != "" || u.HasQuery || !u.HasFragment || u.Fragment == "" {
		return nil, nil, &ResolutionError{Code: CodeInvalidDIDURL, DID: didURL, Detail: "only DID#fragment URLs name verification methods"}
	}
	var res *Resolution
	if fr, ok := r.(fragmentResolver); ok {
		res, err = fr.resolveForFragment(ctx, u.DID, u.Fragment)
	} else {
		res, err = r.Resolve(ctx, u.DID)
	}
	if err != nil {
		return nil, nil, err
	}
	if res == nil || res.Document == nil || res.Document.ID != u.DID {
		return nil, nil, &ResolutionError{Code: CodeInvalidDIDDocument, DID: u.DID, Detail: "resolver returned a document for another id"}
	}
	m, err := res.Document.Method(didURL)
	if err != nil {
		return nil, nil, err
	}
	return m, res.Document, nil
}
