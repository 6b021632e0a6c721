package jsonld

import "strings"

// keywords lists the JSON-LD 1.1 keywords.
var keywords = map[string]bool{
	"@base": true, "@container": true, "@context": true, "@default": true,
	"@direction": true, "@embed": true, "@explicit": true, "@graph": true,
	"@id": true, "@import": true, "@included": true, "@index": true,
	"@json": true, "@language": true, "@list": true, "@nest": true,
	"@none": true, "@omitDefault": true, "@prefix": true, "@preserve": true,
	"@propagate": true, "@protected": true, "@requireAll": true,
	"@reverse": true, "@set": true, "@type": true, "@value": true,
	"@version": true, "@vocab": true,
}

// isKeyword reports whether s is a JSON-LD keyword.
func isKeyword(s string) bool { return len(s) > 1 && s[0] == '@' && keywords[s] }

// hasKeywordForm reports whether s looks like a keyword ("@" followed by one
// or more ASCII letters). Such strings are reserved: processors ignore them.
func hasKeywordForm(s string) bool {
	if len(s) < 2 || s[0] != '@' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// isBlankID reports whether s is a blank node identifier ("_:" prefix).
func isBlankID(s string) bool { return len(s) >= 2 && s[0] == '_' && s[1] == ':' }

// schemeEnd returns the index of the colon ending s's scheme, or -1 if s
// does not start with a scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":").
func schemeEnd(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return i
		default:
			return -1
		}
	}
	return -1
}

// isAbsoluteIRI reports whether s has the form of an absolute IRI: a scheme
// followed by a colon. Blank node identifiers are not IRIs.
func isAbsoluteIRI(s string) bool {
	if schemeEnd(s) <= 0 || isBlankID(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if iriClass[s[i]]&iriSpace != 0 {
			return false
		}
	}
	return true
}

// Byte classes of IRI text (iriClass).
const (
	iriSpace     = 1 << iota // white space, which an absolute IRI may not hold
	iriForbidden             // a byte RFC 3987 forbids anywhere in an IRI
)

// iriClass classifies each byte value for isAbsoluteIRI and
// isWellFormedIRI, which run on every IRI a document expands to.
var iriClass = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n\r\f\v") {
		t[c] |= iriSpace
	}
	for c := 0; c <= 0x20; c++ {
		t[c] |= iriForbidden
	}
	t[0x7f] |= iriForbidden
	for _, c := range []byte(`<>"{}|\^` + "`") {
		t[c] |= iriForbidden
	}
	return t
}()

// isWellFormedIRI reports whether s is an absolute IRI that can be written
// in N-Quads: a scheme, and no character that RFC 3987 forbids anywhere
// (controls, space, <>"{}|\^`). Length and host syntax are deliberately not
// checked: a long but valid IRI is kept. At most one "#" may appear, as
// a fragment cannot contain another.
func isWellFormedIRI(s string) bool {
	if schemeEnd(s) <= 0 || isBlankID(s) {
		return false
	}
	hashes := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if iriClass[c] != 0 { // forbidden, white space included
			return false
		}
		if c == '#' {
			if hashes++; hashes > 1 {
				return false
			}
		}
	}
	return true
}

// isWellFormedRef reports whether s is a well-formed node identifier for
// the RDF step: a blank node identifier or a well-formed absolute IRI.
func isWellFormedRef(s string) bool { return isBlankID(s) || isWellFormedIRI(s) }

// endsWithGenDelim reports whether s ends with one of RFC 3986's gen-delims,
// which makes a simple term usable as a prefix.
func endsWithGenDelim(s string) bool {
	if s == "" {
		return false
	}
	switch s[len(s)-1] {
	case ':', '/', '?', '#', '[', ']', '@':
		return true
	}
	return false
}

// iriParts is an RFC 3986 reference split into its five components.
type iriParts struct {
	scheme, authority, path, query, fragment       string
	hasScheme, hasAuthority, hasQuery, hasFragment bool
}

func splitIRI(s string) iriParts {
	var p iriParts
	if i := schemeEnd(s); i > 0 {
		p.scheme, p.hasScheme, s = s[:i], true, s[i+1:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		p.fragment, p.hasFragment, s = s[i+1:], true, s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		p.query, p.hasQuery, s = s[i+1:], true, s[:i]
	}
	if strings.HasPrefix(s, "//") {
		s = s[2:]
		i := strings.IndexByte(s, '/')
		if i < 0 {
			i = len(s)
		}
		p.authority, p.hasAuthority, s = s[:i], true, s[i:]
	}
	p.path = s
	return p
}

func (p *iriParts) String() string {
	var b strings.Builder
	b.Grow(len(p.scheme) + len(p.authority) + len(p.path) + len(p.query) + len(p.fragment) + 6)
	if p.hasScheme {
		b.WriteString(p.scheme)
		b.WriteByte(':')
	}
	if p.hasAuthority {
		b.WriteString("//")
		b.WriteString(p.authority)
	}
	b.WriteString(p.path)
	if p.hasQuery {
		b.WriteByte('?')
		b.WriteString(p.query)
	}
	if p.hasFragment {
		b.WriteByte('#')
		b.WriteString(p.fragment)
	}
	return b.String()
}

// resolveIRI resolves ref against base with the basic algorithm of RFC 3986
// section 5.2. An empty base leaves ref unchanged.
func resolveIRI(base, ref string) string {
	if base == "" {
		return ref
	}
	r := splitIRI(ref)
	if r.hasScheme {
		r.path = removeDotSegments(r.path)
		return r.String()
	}
	b := splitIRI(base)
	t := iriParts{scheme: b.scheme, hasScheme: b.hasScheme, fragment: r.fragment, hasFragment: r.hasFragment}
	switch {
	case r.hasAuthority:
		t.authority, t.hasAuthority = r.authority, true
		t.path = removeDotSegments(r.path)
		t.query, t.hasQuery = r.query, r.hasQuery
	case r.path == "":
		t.authority, t.hasAuthority = b.authority, b.hasAuthority
		t.path = b.path
		if r.hasQuery {
			t.query, t.hasQuery = r.query, true
		} else {
			t.query, t.hasQuery = b.query, b.hasQuery
		}
	default:
		t.authority, t.hasAuthority = b.authority, b.hasAuthority
		if r.path[0] == '/' {
			t.path = removeDotSegments(r.path)
		} else {
			t.path = removeDotSegments(mergePaths(&b, r.path))
		}
		t.query, t.hasQuery = r.query, r.hasQuery
	}
	return t.String()
}

func mergePaths(b *iriParts, ref string) string {
	if b.hasAuthority && b.path == "" {
		return "/" + ref
	}
	i := strings.LastIndexByte(b.path, '/')
	return b.path[:i+1] + ref
}

// removeDotSegments implements RFC 3986 section 5.2.4.
func removeDotSegments(in string) string {
	if !strings.Contains(in, ".") {
		return in
	}
	out := make([]string, 0, 8)
	absolute := strings.HasPrefix(in, "/")
	segs := strings.Split(in, "/")
	if absolute {
		segs = segs[1:]
	}
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	res := strings.Join(out, "/")
	if absolute {
		return "/" + res
	}
	return res
}
