package jsonld

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/internal/rdf"
)

const obContexts = `["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]`

// TestSafeModeErrors checks every safe-mode rejection: its code and the JSON
// pointer of the offending member. Each document is accepted with Safe off.
func TestSafeModeErrors(t *testing.T) {
	tests := []struct {
		name, doc, code, path string
		expandOK              bool // Expand (not ToRDF) accepts the document
	}{
		{"undefined term", `{"@context": {"name": "http://schema.org/name"}, "@id": "urn:x", "name": "a", "foo": "bar"}`,
			CodeSafeDroppedProperty, "/foo", false},
		{"null-mapped term", `{"@context": {"foo": null}, "@id": "urn:x", "foo": "bar"}`,
			CodeSafeDroppedProperty, "/foo", false},
		{"keyword-like property", `{"@id": "urn:x", "@foo": "bar", "http://ex/p": "x"}`,
			CodeSafeDroppedProperty, "/@foo", false},
		{"undefined type without @vocab (json-gold trap)", `{"@context": ` + obContexts + `,
			"id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
			"credentialSchema": [{"id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
			"type": "1EdTechJsonSchemaValidator2019"}]}`,
			CodeSafeRelativeIRI, "/credentialSchema/0/type", false},
		{"undefined type in array", `{"@context": {"@base": null}, "@type": ["http://ex/T", "Thing"], "http://ex/p": "x"}`,
			CodeSafeRelativeIRI, "/@type/1", false},
		{"relative @id without base", `{"@context": {"@vocab": "http://ex/"}, "@id": "relative", "name": "x"}`,
			CodeSafeRelativeIRI, "/@id", false},
		{"reserved @id value", `{"@id": "@foo", "http://ex/p": "x"}`,
			CodeSafeDroppedValue, "/@id", false},
		{"relative IRI through @type @id coercion", `{"@context": {"link": {"@id": "http://ex/link", "@type": "@id"}}, "@id": "urn:x", "link": "rel/x"}`,
			CodeSafeRelativeIRI, "/link", false},
		{"relative datatype of a value object", `{"@id": "urn:x", "http://ex/p": {"@value": "x", "@type": "myType"}}`,
			CodeSafeRelativeIRI, "/http:~1~1ex~1p/@type", false},
		{"relative @id map key", `{"@context": {"m": {"@id": "http://ex/m", "@container": "@id"}}, "@id": "urn:x", "m": {"rel": {"http://ex/p": "x"}}}`,
			CodeSafeRelativeIRI, "/m/rel", false},
		{"relative @vocab", `{"@context": {"@vocab": "terms/"}, "@id": "urn:x", "p": "x"}`,
			CodeSafeRelativeIRI, "/@context", false},
		{"ill-formed @id IRI", `{"@id": "http://ex/a<b>", "http://ex/p": "x"}`,
			CodeSafeInvalidIRI, "/@id", false},
		{"ill-formed IRI with two fragments", `{"@id": "http://ex/a#b#c", "http://ex/p": "x"}`,
			CodeSafeInvalidIRI, "/@id", false},
		{"ill-formed property IRI", `{"@id": "urn:x", "http://ex/a{b}": "x"}`,
			CodeSafeInvalidIRI, "/http:~1~1ex~1a{b}", false},
		{"ill-formed type IRI", `{"@id": "urn:x", "@type": "http://ex/a|b", "http://ex/p": "x"}`,
			CodeSafeInvalidIRI, "/@type", false},
		{"null @value", `{"@id": "urn:x", "http://ex/p": {"@value": null}}`,
			CodeSafeDroppedValue, "/http:~1~1ex~1p", false},
		{"object with only @language", `{"@id": "urn:x", "http://ex/p": {"@language": "en"}}`,
			CodeSafeDroppedValue, "/http:~1~1ex~1p", false},
		{"ill-formed language tag", `{"@id": "urn:x", "http://ex/p": {"@value": "x", "@language": "en US"}}`,
			CodeSafeDroppedValue, "/http:~1~1ex~1p/@language", false},
		{"ill-formed language map key", `{"@context": {"l": {"@id": "http://ex/l", "@container": "@language"}}, "@id": "urn:x", "l": {"not a tag": "x"}}`,
			CodeSafeDroppedValue, "/l/not a tag", false},
		{"ill-formed default language", `{"@context": {"@language": "x_y"}, "@id": "urn:x", "http://ex/p": "x"}`,
			CodeSafeDroppedValue, "/@context", false},
		{"direction without rdfDirection", `{"@id": "urn:x", "http://ex/p": {"@value": "x", "@direction": "rtl"}}`,
			CodeSafeDroppedValue, "/http:~1~1ex~1p", true},
		{"default direction without rdfDirection", `{"@context": {"@direction": "ltr"}, "@id": "urn:x", "http://ex/p": "x"}`,
			CodeSafeDroppedValue, "/http:~1~1ex~1p", true},
		{"free-floating scalar", `{"@graph": ["x", {"@id": "urn:x", "http://ex/p": "y"}]}`,
			CodeSafeDroppedValue, "/@graph/0", false},
		{"free-floating value object", `{"@value": "x"}`,
			CodeSafeDroppedValue, "", false},
		{"free-floating list", `{"@graph": [{"@list": ["a"]}]}`,
			CodeSafeDroppedValue, "/@graph/0/@list", false},
		{"free-floating node with only @id", `{"@graph": [{"@id": "urn:y"}, {"@id": "urn:x", "http://ex/p": "y"}]}`,
			CodeSafeDroppedValue, "/@graph/0", false},
		{"empty top-level object", `{"@context": {"@vocab": "http://ex/"}}`,
			CodeSafeDroppedValue, "", false},
		{"blank node property", `{"@id": "urn:x", "_:p": "x"}`,
			CodeSafeDroppedProperty, "/_:p", true},
		{"nested pointer escaping", `{"@context": {"@vocab": "http://ex/"}, "@id": "urn:x", "a/b~c": [{"d": {"@value": null}}]}`,
			CodeSafeDroppedValue, "/a~1b~0c/0/d", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := DecodeJSON([]byte(tc.doc), 0)
			if err != nil {
				t.Fatal(err)
			}
			loader := newFixtureLoader(t)
			_, err = NewProcessor(Options{Loader: loader, Safe: true}).ToRDF(context.Background(), doc)
			var je *Error
			if !errors.As(err, &je) {
				t.Fatalf("want %q at %q, got %v", tc.code, tc.path, err)
			}
			if je.Code != tc.code || je.Path != tc.path {
				t.Fatalf("want %q at %q, got %q at %q (%v)", tc.code, tc.path, je.Code, je.Path, err)
			}
			if !strings.HasPrefix(err.Error(), "jsonld: "+tc.code) || !strings.Contains(err.Error(), `"`+tc.path+`"`) {
				t.Errorf("error text %q does not name the code and pointer", err)
			}
			_, err = NewProcessor(Options{Loader: loader, Safe: true}).Expand(context.Background(), doc)
			if (err == nil) != tc.expandOK {
				t.Errorf("Expand in safe mode: err = %v, want error: %v", err, !tc.expandOK)
			}
			if _, err := NewProcessor(Options{Loader: loader}).ToRDF(context.Background(), doc); err != nil &&
				!strings.Contains(tc.name, "relative datatype") {
				t.Errorf("without safe mode: %v", err)
			}
		})
	}
}

// TestSafeModeKeeps checks that safe mode keeps what json-gold drops: long
// and unusual but well-formed IRIs, and that OB's extension context makes
// the 1EdTech schema type legitimate.
func TestSafeModeKeeps(t *testing.T) {
	long := "https://example.org/" + strings.Repeat("a", 2100)
	tests := []struct {
		name, doc string
		want      []string // substrings of the N-Quads output
	}{
		{"2100-character IRI", `{"@context": {"link": {"@id": "http://ex/link", "@type": "@id"}}, "@id": "` + long + `", "link": "` + long + `"}`,
			[]string{"<" + long + "> <http://ex/link> <" + long + ">"}},
		{"odd host", `{"@id": "https://-bad.example/x", "@type": "https://-bad.example/T", "http://ex/p": {"@id": "https://-bad.example/y"}}`,
			[]string{"<https://-bad.example/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://-bad.example/T>",
				"<https://-bad.example/x> <http://ex/p> <https://-bad.example/y>"}},
		{"schema type defined by extensions.json", `{"@context": ["https://www.w3.org/ns/credentials/v2",
			"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"],
			"id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
			"credentialSchema": [{"id": "https://example.org/schema.json", "type": "1EdTechJsonSchemaValidator2019"}]}`,
			[]string{"<https://example.org/schema.json> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vccs/v1p0/context.json#1EdTechJsonSchemaValidator2019>"}},
		{"relative @id with a base", `{"@context": {"@base": "https://example.org/"}, "@id": "x", "http://ex/p": "y"}`,
			[]string{`<https://example.org/x> <http://ex/p> "y"`}},
		{"direction with rdfDirection", `{"@id": "urn:x", "http://ex/p": {"@value": "x", "@direction": "rtl", "@language": "ar"}}`,
			[]string{`<urn:x> <http://ex/p> "x"^^<https://www.w3.org/ns/i18n#ar_rtl>`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := DecodeJSON([]byte(tc.doc), 0)
			if err != nil {
				t.Fatal(err)
			}
			p := NewProcessor(Options{Loader: newFixtureLoader(t), Safe: true, RDFDirection: "i18n-datatype"})
			quads, err := p.ToRDF(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			out := string(rdf.SerializeNQuads(quads))
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
