// Package jsonptr reads JSON pointers (RFC 6901) and follows them through
// decoded JSON (map[string]any and []any), for every package of clrkit
// that takes one: the selective disclosure suites, and the verifier when
// it looks up a nested credential in its parent; Token writes one. It also
// reads decoded JSON for them: AnyMember searches it for a member by its
// decoded name, Strings reads a string or an array of strings.
package jsonptr

import (
	"fmt"
	"strings"
)

// Parse splits a JSON pointer into its reference tokens, unescaped ("~1"
// is "/", "~0" is "~"). The empty pointer, the whole document, has none. A
// pointer must begin with "/", and a "~" must be followed by 0 or 1.
func Parse(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if p[0] != '/' {
		return nil, fmt.Errorf("JSON pointer %q does not begin with \"/\"", p)
	}
	toks := strings.Split(p[1:], "/")
	for i, s := range toks {
		if !strings.Contains(s, "~") {
			continue
		}
		for j := 0; j < len(s); j++ {
			if s[j] == '~' && (j+1 == len(s) || s[j+1] != '0' && s[j+1] != '1') {
				return nil, fmt.Errorf("JSON pointer %q has a \"~\" not followed by 0 or 1", p)
			}
		}
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return toks, nil
}

// Token returns a member name as a reference token: "~" as "~0" and "/"
// as "~1".
func Token(name string) string {
	if !strings.ContainsAny(name, "~/") {
		return name
	}
	return strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
}

// Index reads a reference token as an index into an array of n elements:
// decimal digits without a sign or a leading zero, less than n.
func Index(tok string, n int) (int, bool) {
	if tok == "" || len(tok) > 1 && tok[0] == '0' || len(tok) > 9 {
		return 0, false
	}
	i := 0
	for _, c := range []byte(tok) {
		if c < '0' || c > '9' { // strconv.Atoi would take a sign
			return 0, false
		}
		i = 10*i + int(c-'0')
	}
	return i, i < n
}

// Lookup returns the value p points to in v, a decoded JSON value; ok is
// false when p is not a pointer or nothing is there.
func Lookup(v any, p string) (any, bool) {
	toks, err := Parse(p)
	if err != nil {
		return nil, false
	}
	for _, tok := range toks {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[tok]; !ok {
				return nil, false
			}
		case []any:
			i, ok := Index(tok, len(x))
			if !ok {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// AnyMember reports whether some member of an object anywhere in v, a
// decoded JSON value, satisfies f, given the member's decoded name and its
// value. Objects are visited before what they hold.
func AnyMember(v any, f func(name string, value any) bool) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, w := range x {
			if f(k, w) || AnyMember(w, f) {
				return true
			}
		}
	case []any:
		for _, w := range x {
			if AnyMember(w, f) {
				return true
			}
		}
	}
	return false
}

// Strings reads a decoded JSON value that is a string or an array of
// strings (a type member, a list of ids); ok is false for anything else,
// an absent value (nil) included.
func Strings(v any) (list []string, ok bool) {
	switch x := v.(type) {
	case string:
		return []string{x}, true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}
