package ld_test

import (
	"context"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/clrkit/clrkit/proof/ld"
)

func ExampleCanonicalizer_Canonicalize() {
	credential := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2",
	               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:1",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": "https://example.edu/issuers/1",
	  "validFrom": "2024-06-01T00:00:00Z",
	  "credentialSubject": {"id": "did:example:learner", "type": "AchievementSubject"}
	}`)
	canon, err := ld.Default().Canonicalize(context.Background(), credential)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(canon.NQuads))
	fmt.Println(hex.EncodeToString(canon.Digest())[:16])
	// Output:
	// <did:example:learner> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementSubject> .
	// <urn:uuid:1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential> .
	// <urn:uuid:1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
	// <urn:uuid:1> <https://www.w3.org/2018/credentials#credentialSubject> <did:example:learner> .
	// <urn:uuid:1> <https://www.w3.org/2018/credentials#issuer> <https://example.edu/issuers/1> .
	// <urn:uuid:1> <https://www.w3.org/2018/credentials#validFrom> "2024-06-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
	// 0ce8b5ceb436b64e
}

// Safe mode names what would have been lost and where.
func ExampleErrSafeMode() {
	doc := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2"],
	  "type": "VerifiableCredential",
	  "credentialSubject": {"favoriteColor": "blue"}
	}`)
	_, err := ld.Default().Canonicalize(context.Background(), doc)
	var e *ld.Error
	if errors.As(err, &e) && errors.Is(err, ld.ErrSafeMode) {
		fmt.Println(e.Code, "at", e.Path)
	}
	// Output:
	// safe mode: dropped property at /credentialSubject/favoriteColor
}

// Extension contexts are added to a loader the caller builds.
func ExampleNewLoader() {
	ext := []byte(`{"@context": {"favoriteColor": "https://example.edu/vocab#favoriteColor"}}`)
	loader, err := ld.NewLoader(ld.WithContext("https://example.edu/contexts/v1.json", ext))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := ld.NewCanonicalizer(ld.Options{Loader: loader})
	if err != nil {
		fmt.Println(err)
		return
	}
	canon, err := c.Canonicalize(context.Background(), []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://example.edu/contexts/v1.json"],
	  "id": "urn:uuid:2", "type": "VerifiableCredential", "favoriteColor": "blue"
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(canon.NQuads))
	// Output:
	// <urn:uuid:2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
	// <urn:uuid:2> <https://example.edu/vocab#favoriteColor> "blue" .
}

// Fetching contexts is an explicit opt-in, limited to an allowlist.
func ExampleNewRemoteLoader() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/ld+json")
		fmt.Fprint(w, `{"@context": {"nickname": "https://example.org/vocab#nickname"}}`)
	}))
	defer srv.Close()

	remote, err := ld.NewRemoteLoader(srv.Client(), ld.RemoteOptions{Allow: []string{srv.URL + "/contexts/"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	loader, _ := ld.NewLoader(ld.WithFallback(remote))
	_, err = loader.LoadDocument(context.Background(), srv.URL+"/contexts/v1.json")
	fmt.Println(err)
	_, err = loader.LoadDocument(context.Background(), "https://elsewhere.example/ctx.json")
	fmt.Println(errors.Is(err, ld.ErrNotAllowed))
	// Output:
	// <nil>
	// true
}

// DecodeJSON reads a document as Canonicalize does: text that is not
// I-JSON is refused with the pointer of the value, not repaired.
func ExampleDecodeJSON() {
	for _, doc := range []string{
		`{"name": "A\ud800"}`,        // an unpaired surrogate: a repairing decoder reads U+FFFD
		`{"n": [1, 1e400]}`,          // beyond a double: infinity to some readers
		`{"name": "A", "name": "B"}`, // which one is signed?
		`{"n": 1e2, "name": "A"}`,
	} {
		v, err := ld.DecodeJSON([]byte(doc), 0)
		var e *ld.Error
		if errors.As(err, &e) {
			fmt.Println(e.Code, "at", e.Path)
			continue
		}
		fmt.Println(v)
	}
	// Output:
	// not I-JSON at /name
	// not I-JSON at /n/1
	// not I-JSON at /name
	// map[n:1e2 name:A]
}

// Limits bound the work on one document: a scoped context is processed
// once however many nodes use it, so six hundred nodes of one type cost a
// few term definitions; a document of more statements than MaxQuads is
// refused while its dataset is being built.
func ExampleLimits() {
	c, err := ld.NewCanonicalizer(ld.Options{Limits: ld.Limits{MaxTermDefinitions: 1000}})
	if err != nil {
		fmt.Println(err)
		return
	}
	doc := []byte(`{"@context": {"@vocab": "https://example.org/",
	  "T": {"@id": "https://example.org/T", "@context": {"a": "https://example.org/a", "b": "https://example.org/b"}}},
	  "@id": "urn:x", "n": [` + strings.Repeat(`{"@type": "T", "a": 1}, `, 600) + `{"@type": "T"}]}`)
	_, err = c.Canonicalize(context.Background(), doc)
	fmt.Println(err) // one scoped context, applied once however many nodes use it
	var many strings.Builder
	for i := range 100_001 {
		fmt.Fprintf(&many, "%d, ", i)
	}
	_, err = ld.Default().Canonicalize(context.Background(), []byte(`{"@context": {"@vocab": "https://example.org/"}, "@id": "urn:x", "n": [`+many.String()+`0]}`))
	fmt.Println(errors.Is(err, ld.ErrLimit), err)
	// Output:
	// <nil>
	// true ld: max quads exceeded: more than 100000 quads
}

func ExampleCanonicalizer_CompareDialects() {
	doc := []byte(`{
	  "@context": {"@vocab": "https://example.org/"},
	  "@id": "https://example.org/course",
	  "credits": 1e-7
	}`)
	cmp, err := ld.Default().CompareDialects(context.Background(), doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("differs:", cmp.Differs())
	for _, c := range cmp.Constructs {
		fmt.Println(c)
		fmt.Println(c.Remedy())
	}
	// Output:
	// differs: true
	// /credits: small number: the specs write "1.0E-7"^^<http://www.w3.org/2001/XMLSchema#double>, jsonld.js "0"^^<http://www.w3.org/2001/XMLSchema#integer>
	// write the number with a decimal point in its digits (1.0e-7) or as a string
}

// jsonld.js loses a context's default direction once a type-scoped context
// applies (here Thing's, empty as it is), and in every node below.
func ExampleCanonicalizer_WithDialect() {
	doc := []byte(`{
	  "@context": [{"@vocab": "https://example.org/", "Thing": {"@id": "https://example.org/Thing", "@context": {}}},
	               {"@direction": "rtl"}],
	  "@id": "https://example.org/s",
	  "@type": "Thing",
	  "name": "שלום",
	  "child": {"name": "עולם"}
	}`)
	for _, d := range []ld.Dialect{ld.DialectSpec, ld.DialectJSONLDJS} {
		canon, err := ld.Default().WithDialect(d).Canonicalize(context.Background(), doc)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s:\n%s", d, canon.NQuads)
	}
	// Output:
	// spec:
	// <https://example.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/Thing> .
	// <https://example.org/s> <https://example.org/child> _:c14n0 .
	// <https://example.org/s> <https://example.org/name> "שלום"^^<https://www.w3.org/ns/i18n#_rtl> .
	// _:c14n0 <https://example.org/name> "עולם"^^<https://www.w3.org/ns/i18n#_rtl> .
	// jsonld-js:
	// <https://example.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/Thing> .
	// <https://example.org/s> <https://example.org/child> _:c14n0 .
	// <https://example.org/s> <https://example.org/name> "שלום" .
	// _:c14n0 <https://example.org/name> "עולם" .
}

// WithoutLabels gives the same canonical N-Quads without the map from the
// JSON-LD step's blank node labels to the canonical ones, for a caller
// that hashes or compares them, as proof suites do.
func ExampleCanonicalizer_WithoutLabels() {
	credential := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2",
	               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": "https://example.edu/issuers/1",
	  "validFrom": "2024-06-01T00:00:00Z",
	  "credentialSubject": {"type": "AchievementSubject"}
	}`)
	c := ld.Default()
	labelled, err := c.Canonicalize(context.Background(), credential)
	if err != nil {
		fmt.Println(err)
		return
	}
	plain, err := c.WithoutLabels().Canonicalize(context.Background(), credential)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(plain.NQuads) == string(labelled.NQuads), labelled.Labels, plain.Labels == nil)
	// Output:
	// true map[b0:c14n1 b1:c14n0] true
}

// A caller that signs or checks a hash keeps only the hash: the canonical
// N-Quads are never written out.
func ExampleCanonicalizer_DigestOnly() {
	credential := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2",
	               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:1",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": "https://example.edu/issuers/1",
	  "validFrom": "2024-06-01T00:00:00Z",
	  "credentialSubject": {"id": "did:example:learner", "type": "AchievementSubject"}
	}`)
	c, err := ld.Default().WithoutLabels().DigestOnly(crypto.SHA256)
	if err != nil {
		fmt.Println(err)
		return
	}
	canon, err := c.Canonicalize(context.Background(), credential)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(canon.NQuads == nil, hex.EncodeToString(canon.Digest())[:16])
	// Output:
	// true 0ce8b5ceb436b64e
}
