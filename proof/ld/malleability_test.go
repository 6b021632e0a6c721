package ld

import (
	"context"
	"errors"
	"testing"
)

// TestNoTwoValuesSignAlike: pairs of documents that differ as JSON-LD values
// but once canonicalized alike, so that a signature over one verified the
// other. Each pair now either canonicalizes differently or has its altered
// member refused (in safe mode, which the Canonicalizer always uses) with
// the code and JSON pointer given. The JSON-LD 1.1 API steps cited are
// those of the Recommendation of 2020-07-16.
func TestNoTwoValuesSignAlike(t *testing.T) {
	const at = "/credentialSubject/achievement/"
	tests := []struct {
		name, a, b string
		// code and path of the refusal of b; "" when both canonicalize
		// and must differ.
		code, path string
	}{
		// Expansion step 13.4.11.2 expands the @list value with the active
		// property, whose container mapping has no @list, so step 5.2.3
		// flattens the inner array; jsonld.js makes it a list of lists.
		// Neither reading is safe to sign.
		{"array inside @list", `, "n": {"@list": [1]}`, `, "n": {"@list": [[1]]}`,
			"safe mode: dropped value", at + "n/@list/0"},
		{"empty array inside @list", `, "n": {"@list": [1]}`, `, "n": {"@list": [1, []]}`,
			"safe mode: dropped value", at + "n/@list/1"},
		{"@set inside @list", `, "n": {"@list": [1, 2]}`, `, "n": {"@list": [{"@set": [1, 2]}]}`,
			"safe mode: dropped value", at + "n/@list/0"},
		// Step 5.2.2: with a @list container an inner array is a list of
		// lists, as in jsonld.js; it differs from the flat list.
		{"array in a @list container", `, "l": [1, 2]`, `, "l": [[1], 2]`, "", ""},
		// Deserialize JSON-LD to RDF step 1.3.2.1 skips a type that is not
		// a well-formed IRI: a node typed @json lost its type.
		{"@json as a node type", `, "o": {"id": "urn:x:1", "n": 1}`, `, "o": {"id": "urn:x:1", "type": "@json", "n": 1}`,
			"safe mode: relative IRI", at + "o/type"},
		{"@json among node types", `, "o": {"id": "urn:x:1", "type": "Image"}`, `, "o": {"id": "urn:x:1", "type": ["Image", "@json"]}`,
			"safe mode: relative IRI", at + "o/type"},
		// Deserialize JSON-LD to RDF ignores @index (step 1.3.2.2, a
		// keyword), so indexes were never signed.
		{"@index on a value", `, "n": "a"`, `, "n": {"@value": "a", "@index": "x"}`,
			"safe mode: dropped value", at + "n/@index"},
		{"@index on a node", `, "o": {"id": "urn:x:1"}`, `, "o": {"id": "urn:x:1", "@index": "x"}`,
			"safe mode: dropped value", at + "o/@index"},
		{"index map key", `, "ix": ["a"]`, `, "ix": {"x": "a"}`,
			"safe mode: dropped value", at + "ix/x"},
		// I-JSON (see ijson_test.go): an unpaired surrogate escape was
		// read as U+FFFD, a duplicate member as its last occurrence.
		{"unpaired surrogate", `, "n": "\ufffd"`, `, "n": "\ud800"`, CodeNotIJSON, at + "n"},
		{"duplicate member", `, "n": "b"`, `, "n": "a", "n": "b"`, CodeNotIJSON, at + "n"},
	}
	c := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := c.Canonicalize(context.Background(), []byte(achievementDoc(tt.a)))
			if err != nil {
				t.Fatalf("the original: %v", err)
			}
			b, err := c.Canonicalize(context.Background(), []byte(achievementDoc(tt.b)))
			if tt.code == "" {
				if err != nil {
					t.Fatalf("the alteration: %v", err)
				}
				if string(a.NQuads) == string(b.NQuads) {
					t.Fatalf("both canonicalize to\n%s", a.NQuads)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code || e.Path != tt.path {
				t.Fatalf("the alteration: err = %v, want code %q at %q", err, tt.code, tt.path)
			}
		})
	}
}

// TestOneValueOneForm: what JSON-LD defines as one value keeps one
// canonical form, and the limits of that rule stay as the specification
// sets them.
func TestOneValueOneForm(t *testing.T) {
	tests := []struct{ name, a, b string }{
		// Two lexical forms of one number are one value (JSON-LD reads
		// numbers as doubles; Object to RDF step 11).
		{"one number written twice", `, "n": 1.0`, `, "n": 10e-1`},
		// Object to RDF step 10 writes a double with 16 significant
		// digits ("the mantissa is rounded to 15 digits after the decimal
		// point", section 8.6), as jsonld.js does with toExponential(15):
		// doubles that differ beyond the 16th digit sign alike. A value
		// that must be signed exactly is better written as a string.
		{"doubles equal to 16 digits", `, "n": 0.3`, `, "n": 0.30000000000000004`},
		// Blank node labels are not data (RDFC-1.0 relabels them).
		{"blank node labels", `, "o": {"id": "_:a", "n": 1}`, `, "o": {"id": "_:b", "n": 1}`},
		// A set is unordered.
		{"set order", `, "n": [1, 2]`, `, "n": [2, 1]`},
	}
	c := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := c.Canonicalize(context.Background(), []byte(achievementDoc(tt.a)))
			if err != nil {
				t.Fatal(err)
			}
			b, err := c.Canonicalize(context.Background(), []byte(achievementDoc(tt.b)))
			if err != nil {
				t.Fatal(err)
			}
			if string(a.NQuads) != string(b.NQuads) {
				t.Fatalf("one value, two forms:\n%s\n%s", a.NQuads, b.NQuads)
			}
		})
	}
}

// achievementDoc returns a small OB 3.0 credential whose context defines
// the terms the tests alter (n, o, j as @json, l as @list, ix as @index),
// with extra (a string starting with ", ") appended to its achievement.
func achievementDoc(extra string) string {
	return `{"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
  {"n": "https://example.org/n", "o": "https://example.org/o",
   "j": {"@id": "https://example.org/j", "@type": "@json"},
   "l": {"@id": "https://example.org/l", "@container": "@list"},
   "ix": {"@id": "https://example.org/ix", "@container": "@index"}}],
 "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
 "issuer": {"id": "https://example.edu/issuers/1", "type": "Profile", "name": "Example U"},
 "validFrom": "2024-01-01T00:00:00Z",
 "credentialSubject": {"type": "AchievementSubject", "achievement": {"id": "https://example.edu/a/1",
  "type": "Achievement", "name": "A", "description": "d", "criteria": {"narrative": "n"}` + extra + `}}}`
}
