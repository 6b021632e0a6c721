package schema

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFixtures checks every copied example and interop fixture, in both
// flavours. want lists the pointers of the expected problems ("" entries
// mean valid); a missing row is a test failure so new fixtures get a verdict.
func TestFixtures(t *testing.T) {
	signedProof := []string{"/proof"} // formal schemas want proof as an array
	upgraded := []string{"/issuer/otherIdentifier/0/type"}
	tests := map[string]struct{ adapted, formal []string }{
		"clr-3creds.json":                                           {},
		"clr-3creds.signed.json":                                    {},
		"ob3-achievement-alignment-case.unsigned.json":              {},
		"ob3-achievement-alignment-credential-engine.unsigned.json": {},
		"ob3-basic-openbadgecredential.unsigned.json":               {},
		"ob3-basic.json":                                            {},
		"ob3-basic.signed.json":                                     {nil, signedProof},
		"ob3-complete-openbadgecredential.json":                     {},
		"ob3-course.json":                                           {},
		"ob3-course.signed.json":                                    {nil, signedProof},
		"ob3-degree.json":                                           {},
		"ob3-degree.signed.json":                                    {nil, signedProof},
		"ob3-docformat-sample-with-credentialschema.unsigned.json":  {},
		"ob3-equality-sample-A.unsigned.json":                       {},
		"ob3-equality-sample-B.unsigned.json":                       {},
		"ob3-equality-sample-C.unsigned.json":                       {},
		"ob3-equality-sample-D.unsigned.json":                       {},
		"ob3-skill-assertion-case.unsigned.json":                    {},
		"ob3-skill-assertion-ctdl.unsigned.json":                    {},
		"testvector-clr2-eddsa-rdfc-2022.signed.json":               {},
		"testvector-clr2-eddsa-rdfc-2022.unsigned.json":             {},
		"testvector-ob3-eddsa-rdfc-2022.signed.json":                {nil, signedProof},
		"testvector-ob3-eddsa-rdfc-2022.unsigned.json":              {},
		// The migration guide types IdentifierEntry with an array, which
		// neither schema flavour allows; the formal one also wants arrays
		// for several type members.
		"clr2-with-upgraded-ob2-assertion.unsigned.json": {upgraded, []string{
			"/credentialSubject/achievement/creator/type", "/credentialSubject/achievement/type",
			"/credentialSubject/type", "/issuer/otherIdentifier/0/type"}},
	}
	files, _ := filepath.Glob("testdata/*.json")
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasPrefix(name, "fragment-") {
			continue // partial documents, see TestFragment
		}
		tc, ok := tests[name]
		if !ok {
			t.Errorf("%s: no expectation", name)
			continue
		}
		for _, strict := range []bool{false, true} {
			want := tc.adapted
			if strict {
				want = tc.formal
			}
			r, err := Validate(readTestdata(t, name), Options{Strict: strict})
			if err != nil {
				t.Errorf("%s strict=%v: %v", name, strict, err)
				continue
			}
			if got := pointers(r); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s strict=%v: problems at %q, want %q\n%v", name, strict, got, want, r)
			}
			if r.Valid != (len(want) == 0) {
				t.Errorf("%s strict=%v: Valid=%v", name, strict, r.Valid)
			}
		}
	}
}

func pointers(r *Report) []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, p.Pointer)
	}
	return out
}

func TestFragment(t *testing.T) {
	_, err := Validate(readTestdata(t, "fragment-email-identifier-in-subject.json"), Options{})
	if !errors.Is(err, ErrUnknownKind) {
		t.Fatalf("err = %v, want ErrUnknownKind", err)
	}
}

func TestClrStrictFallsBack(t *testing.T) {
	r, err := Validate(readTestdata(t, "clr-3creds.json"), Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind != ClrCredential || r.Flavour != "adapted" || len(r.Notes) != 1 {
		t.Fatalf("kind %s flavour %s notes %q", r.Kind, r.Flavour, r.Notes)
	}
}

// mutate returns the basic badge with edit applied to its decoded form.
func mutate(t *testing.T, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(readTestdata(t, "ob3-basic.json"), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func subject(m map[string]any) map[string]any { return m["credentialSubject"].(map[string]any) }

func TestInvalid(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(m map[string]any)
		strict  bool
		pointer string
		keyword string
	}{
		{"no credentialSubject", func(m map[string]any) { delete(m, "credentialSubject") }, false, "/credentialSubject", "required"},
		{"no issuer", func(m map[string]any) { delete(m, "issuer") }, false, "/issuer", "required"},
		{"no validFrom", func(m map[string]any) { delete(m, "validFrom") }, true, "/validFrom", "required"},
		{"no achievement name", func(m map[string]any) {
			delete(subject(m)["achievement"].(map[string]any), "name")
		}, false, "/credentialSubject/achievement/name", "required"},
		{"wrong subject type", func(m map[string]any) {
			subject(m)["type"] = []any{"NotASubject"}
		}, false, "/credentialSubject/type", "contains"},
		{"type lacks VerifiableCredential", func(m map[string]any) {
			m["type"] = []any{"OpenBadgeCredential"}
		}, false, "/type", "contains"},
		{"issuer a number", func(m map[string]any) { m["issuer"] = 42 }, false, "/issuer", "anyOf"},
		{"context order", func(m map[string]any) {
			c := m["@context"].([]any)
			c[0], c[1] = c[1], c[0]
		}, false, "/@context/0", "enum"},
		{"bad validFrom", func(m map[string]any) { m["validFrom"] = "2024-13-01" }, false, "/validFrom", "format"},
		{"validFrom without zone", func(m map[string]any) { m["validFrom"] = "2024-01-01T00:00:00" }, false, "/validFrom", "format"},
		{"bad validUntil", func(m map[string]any) { m["validUntil"] = "tomorrow" }, false, "/validUntil", "format"},
		{"bad identity hash", func(m map[string]any) {
			subject(m)["identifier"] = []any{map[string]any{"type": "IdentityObject", "hashed": true,
				"identityHash": "sha256$nothex", "identityType": "emailAddress", "salt": "s"}}
		}, false, "/credentialSubject/identifier/0/identityHash", "identityHash"},
		{"identity hash not a string", func(m map[string]any) {
			subject(m)["identifier"] = []any{map[string]any{"type": "IdentityObject", "hashed": false,
				"identityHash": 7, "identityType": "emailAddress"}}
		}, false, "/credentialSubject/identifier/0/identityHash", "oneOf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Validate(mutate(t, tc.edit), Options{Strict: tc.strict})
			if err != nil {
				t.Fatal(err)
			}
			if r.Valid {
				t.Fatal("valid, want invalid")
			}
			for _, p := range r.Problems {
				if p.Pointer == tc.pointer && p.Keyword == tc.keyword {
					if !errors.Is(r.Err(), ErrInvalid) || !strings.Contains(r.Error(), tc.pointer) {
						t.Errorf("Err() = %v", r.Err())
					}
					return
				}
			}
			t.Errorf("no %s problem at %s in %+v", tc.keyword, tc.pointer, r.Problems)
		})
	}
}

func TestCredentialSchema(t *testing.T) {
	unknown := "https://example.org/no-such-schema.json"
	doc := mutate(t, func(m map[string]any) {
		m["credentialSchema"] = []any{map[string]any{"id": unknown, "type": CredentialSchemaType}}
	})
	_, err := Validate(doc, Options{})
	if !errors.Is(err, ErrUnknownSchema) || !strings.Contains(err.Error(), unknown) {
		t.Fatalf("err = %v", err)
	}
	formal := obJSON + "ob_v3p0_achievementcredential-jsonschema1.json"
	doc = mutate(t, func(m map[string]any) {
		m["credentialSchema"] = map[string]any{"id": formal, "type": CredentialSchemaType}
		m["type"] = "OpenBadgeCredential" // a single value: adapted accepts, formal rejects
	})
	r, err := Validate(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Schemas) != 2 || r.Schemas[1] != formal || r.Valid {
		t.Fatalf("schemas %q valid %v problems %+v", r.Schemas, r.Valid, r.Problems)
	}
}

func TestUnparseableAndKinds(t *testing.T) {
	if _, err := Validate([]byte("{"), Options{}); !errors.Is(err, ErrUnparseable) {
		t.Errorf("err = %v", err)
	}
	if _, err := Validate(`{"type":"Nope"}`, Options{}); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("err = %v", err)
	}
	if _, err := Validate(`{}`, Options{Kind: "Nope"}); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("err = %v", err)
	}
	status := map[string]any{"imsx_codeMajor": "success", "imsx_severity": "status"}
	r, err := Validate(status, Options{Strict: true})
	if err != nil || !r.Valid || r.Kind != ImsxStatusInfo {
		t.Errorf("status: %v %+v", err, r)
	}
	var badge any
	json.Unmarshal(readTestdata(t, "ob3-basic.json"), &badge)
	resp := map[string]any{"credential": []any{badge}}
	r, err = Validate(resp, Options{})
	if err != nil || !r.Valid || r.Kind != GetOpenBadgeCredentialsResponse {
		t.Errorf("response: %v %+v", err, r)
	}
}

// Every embedded schema compiles with the embedded-only loader.
func TestAllSchemasCompile(t *testing.T) {
	ids := IDs()
	if len(ids) != 18 {
		t.Errorf("%d schemas embedded", len(ids))
	}
	for _, id := range ids {
		_, err := compiled(id)
		// The assessment extension schema is published with a $ref to a
		// definitions/Section it does not contain, so it cannot compile.
		if broken := id == "http://purl.imsglobal.org/spec/ob-assessment/v2p0/schema/"; (err != nil) != broken {
			t.Errorf("%s: %v", id, err)
		}
	}
}

func TestConcurrent(t *testing.T) {
	doc := readTestdata(t, "clr-3creds.json")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r, err := Validate(doc, Options{}); err != nil || !r.Valid {
				t.Error(err, r)
			}
		}()
	}
	wg.Wait()
}

func BenchmarkValidateCLR3Creds(b *testing.B) {
	doc := readTestdata(b, "clr-3creds.json")
	v := New()
	if _, err := v.Validate(doc, Options{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Validate(doc, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
