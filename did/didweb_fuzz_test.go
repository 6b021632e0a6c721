package did

import (
	"net/url"
	"os"
	"strings"
	"testing"
)

func FuzzWebURL(f *testing.F) {
	for _, row := range readLines(f, "testdata/did-web/did-to-url.tsv") {
		f.Add(row[0])
	}
	for _, s := range []string{"did:web:example.com%3A0", "did:web:127.1", "did:web:xn--bcher-kva.example:a%2Fb", "did:web:example.com:%2E%2E", "did:web:a%3A1%3A2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, did string) {
		got, err := WebURL(did)
		if err != nil {
			if _, ok := err.(*ResolutionError); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		u, perr := url.Parse(got)
		if perr != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
			!strings.HasSuffix(u.Path, "/did.json") || isIPHost(u.Hostname()) {
			t.Fatalf("WebURL(%q) = %q: not an https URL of a did.json on a named host", did, got)
		}
		if u.String() != got {
			t.Fatalf("WebURL(%q) = %q does not round-trip through net/url (%q)", did, got, u.String())
		}
		for seg := range strings.SplitSeq(strings.TrimPrefix(u.EscapedPath(), "/"), "/") {
			if seg == "" || seg == "." || seg == ".." {
				t.Fatalf("WebURL(%q) = %q has segment %q", did, got, seg)
			}
		}
		// The DID's host part must come back as the URL's host.
		msid := strings.TrimPrefix(did, "did:web:")
		host, _, _ := strings.Cut(msid, ":")
		if dec, _ := url.PathUnescape(host); !strings.EqualFold(dec, u.Host) {
			t.Fatalf("WebURL(%q) = %q: host %q, want %q", did, got, u.Host, dec)
		}
	})
}

func FuzzParseDIDURL(f *testing.F) {
	for _, s := range []string{
		exampleKeyVM, "did:example:123", "did:example:123/path?q=1#frag", "did:web:example.com%3A3000:u:bob#key-1",
		"did:example:123?#", "did:example:123#a#b", "did:x:%zz", "#frag",
	} {
		f.Add(s)
	}
	doc, err := os.ReadFile("testdata/did-web/example-did-jwk.json")
	if err != nil {
		f.Fatal(err)
	}
	d, err := ParseDocument(doc)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseDIDURL(s)
		if err != nil {
			if _, ok := err.(*ResolutionError); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		if u.String() != s {
			t.Fatalf("ParseDIDURL(%q).String() = %q", s, u.String())
		}
		if _, _, err := ParseDID(u.DID); err != nil {
			t.Fatalf("ParseDIDURL(%q) accepted DID %q: %v", s, u.DID, err)
		}
		rest := u.Path + u.Query + u.Fragment
		for i := 0; i < len(rest); i++ {
			if c := rest[i]; c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 {
				t.Fatalf("ParseDIDURL(%q) kept the byte %q", s, c)
			}
		}
		if strings.Contains(u.Fragment, "#") || strings.ContainsAny(u.Path, "?#") {
			t.Fatalf("ParseDIDURL(%q) = %+v: delimiters inside a component", s, u)
		}
		// Dereferencing never panics and finds a method only by its id.
		if m, err := d.Method(s); err == nil && absoluteID(m.ID, d.ID) != s && m.ID != s {
			t.Fatalf("Method(%q) returned %q", s, m.ID)
		}
	})
}
