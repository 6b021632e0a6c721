package httpfetch

import (
	"net/url"
	"strings"
)

// InPrefixes reports whether u is allowed by an allowlist of URL prefixes:
// u equals an entry, or starts with an entry that ends in "/". A URL whose
// path holds a "." or ".." segment (escaped or not) is never allowed, since
// it could climb out of the prefix once the server resolves it; neither is
// one with an escaped "/" or "\\" in a segment, which some servers decode
// before resolving dot segments.
func InPrefixes(u string, prefixes []string) bool {
	if hasDotSegment(u) {
		return false
	}
	for _, p := range prefixes {
		if u == p || strings.HasSuffix(p, "/") && strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

// hasDotSegment reports whether the path of u holds a "." or ".." segment,
// or a segment with an escaped slash or backslash; a URL that does not
// parse counts as having one.
func hasDotSegment(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return true
	}
	for seg := range strings.SplitSeq(p.EscapedPath(), "/") {
		if s, _ := url.PathUnescape(seg); s == "." || s == ".." || strings.ContainsAny(s, "/\\") {
			return true
		}
	}
	return false
}
