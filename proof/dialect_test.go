package proof

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/clrkit/clrkit/proof/ld"
)

// The dialect fixtures (testdata/dialect, recorded by record.sh there): an
// OB 3.0 credential made to hit each construct the JavaScript stack
// canonicalizes otherwise than the specs, signed by the JavaScript
// reference (CASE.js-signed.json) and by clrkit in the jsonld-js dialect
// (CASE.clrkit-signed.json), with the reference's verdict on both.
var dialectCases = []struct {
	name string
	// kinds and paths are the constructs clrkit must name.
	kinds []ld.ConstructKind
	paths []string
	// jsRewrites is set when the reference's JSON output differs from its
	// input (JSON.stringify writes -0 as 0).
	jsRewrites bool
}{
	{name: "control"},
	{name: "small-number", kinds: []ld.ConstructKind{ld.KindSmallNumber}, paths: []string{"/credentialSubject/achievement/creditsAvailable"}},
	// JSON-LD 1.1 API section 8.6 writes both zeros "0.0E0" and rounds
	// as toExponential(15) does: the dialects agree on these.
	{name: "negative-zero", jsRewrites: true},
	{name: "rounding-tie"},
	{name: "double-string", kinds: []ld.ConstructKind{ld.KindDoubleString}, paths: []string{"/credentialSubject/weight"}},
	{name: "dropped-direction", kinds: []ld.ConstructKind{ld.KindDroppedDirection}},
	{name: "merged-direction", kinds: []ld.ConstructKind{ld.KindMergedDirection}, paths: []string{"/credentialSubject/tags/1"}},
	{name: "duplicate-statement", kinds: []ld.ConstructKind{ld.KindDuplicateStatement}, paths: []string{"/credentialSubject/tags/1"}},
	{name: "utf16-order", kinds: []ld.ConstructKind{ld.KindUTF16Order}, paths: []string{"/credentialSubject/tags/0", "/credentialSubject/tags/1"}},
	{name: "ignored-direction", kinds: []ld.ConstructKind{ld.KindIgnoredDirection}, paths: []string{"/credentialSubject/tags/0"}},
	{name: "untagged-langstring", kinds: []ld.ConstructKind{ld.KindUntaggedLangString}, paths: []string{"/credentialSubject/tags/0"}},
	{name: "json-key-order", kinds: []ld.ConstructKind{ld.KindJSONKeyOrder}, paths: []string{"/credentialSubject/extra"}},
	{name: "noncharacter", kinds: []ld.ConstructKind{ld.KindNonCharacter}, paths: []string{"/credentialSubject/tags/0"}},
	{name: "nest-context", kinds: []ld.ConstructKind{ld.KindNestContext}, paths: []string{"/credentialSubject/meta"}},
	{name: "propagate", kinds: []ld.ConstructKind{ld.KindPropagate}, paths: []string{"/credentialSubject/related/@context"}},
}

// checkConstructs requires cs to hold exactly the expected kinds and, when
// given, exactly the expected paths.
func checkConstructs(t *testing.T, what string, cs []ld.Construct, kinds []ld.ConstructKind, paths []string) {
	t.Helper()
	var gotKinds []ld.ConstructKind
	var gotPaths []string
	for _, c := range cs {
		if !slices.Contains(gotKinds, c.Kind) {
			gotKinds = append(gotKinds, c.Kind)
		}
		gotPaths = append(gotPaths, c.Path)
	}
	if !slices.Equal(gotKinds, kinds) {
		t.Errorf("%s: construct kinds %v, want %v (%v)", what, gotKinds, kinds, cs)
	}
	if paths != nil && !slices.Equal(gotPaths, paths) {
		t.Errorf("%s: construct paths %v, want %v", what, gotPaths, paths)
	}
}

// TestDialectSigning: by default Sign refuses every case but the control,
// naming its constructs with a remedy; in the jsonld-js dialect it writes
// the bytes the reference verified, which are the reference's own signed
// credential wherever the reference keeps the input's JSON.
func TestDialectSigning(t *testing.T) {
	var verdicts map[string]bool
	if err := json.Unmarshal(readTestdata(t, "dialect/verdicts.json"), &verdicts); err != nil {
		t.Fatal(err)
	}
	kf := interopKey(t, "issuer-ed25519")
	signer, err := kf.Signer()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range dialectCases {
		t.Run(tc.name, func(t *testing.T) {
			unsigned := readTestdata(t, "dialect/"+tc.name+".unsigned.json")
			opts := SignOptions{VerificationMethod: kf.ID, Created: interopCreated}
			out, err := Sign(context.Background(), unsigned, signer, opts)
			var de *DialectError
			switch {
			case tc.kinds == nil && err != nil:
				t.Fatalf("the control case is refused: %v", err)
			case tc.kinds != nil && !errors.As(err, &de):
				t.Fatalf("signed a dialect-dependent document (err %v)", err)
			case tc.kinds != nil:
				if !errors.Is(err, ErrDialectDependent) {
					t.Errorf("error %v is not ErrDialectDependent", err)
				}
				checkConstructs(t, "Sign", de.Constructs, tc.kinds, tc.paths)
				if !bytes.Contains([]byte(err.Error()), []byte(de.Constructs[0].Remedy())) {
					t.Errorf("the error gives no remedy: %v", err)
				}
			}
			opts.Dialect = ld.DialectJSONLDJS
			js, err := Sign(context.Background(), unsigned, signer, opts)
			if err != nil {
				t.Fatal(err)
			}
			if want := readTestdata(t, "dialect/"+tc.name+".clrkit-signed.json"); !bytes.Equal(js, want) {
				t.Errorf("jsonld-js dialect signature differs from the recorded one the reference verified:\n%s", js)
			}
			if !verdicts[tc.name+".clrkit-signed.json"] || !verdicts[tc.name+".js-signed.json"] {
				t.Errorf("the reference did not verify %s", tc.name)
			}
			if ref := readTestdata(t, "dialect/"+tc.name+".js-signed.json"); !tc.jsRewrites && !bytes.Equal(js, ref) {
				t.Errorf("jsonld-js dialect signature differs from the reference's own")
			}
			if tc.kinds == nil && !bytes.Equal(js, out) {
				t.Errorf("the control case signs differently in the two dialects")
			}
			opts.Dialect, opts.AllowDialectDependent = ld.DialectSpec, true
			if _, err := Sign(context.Background(), unsigned, signer, opts); err != nil {
				t.Errorf("AllowDialectDependent still refuses: %v", err)
			}
		})
	}
}

// TestDialectVerification: what either implementation signed in the
// jsonld-js dialect fails by default with ErrDialect naming the constructs,
// and verifies with AcceptDialects, reported with the dialect and the
// constructs its signature does not protect as written.
func TestDialectVerification(t *testing.T) {
	strict, err := NewVerifier(VerifierOptions{Retriever: testRetriever(t)})
	if err != nil {
		t.Fatal(err)
	}
	lenient, err := NewVerifier(VerifierOptions{Retriever: testRetriever(t), AcceptDialects: []ld.Dialect{ld.DialectJSONLDJS}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range dialectCases {
		for _, signer := range []string{"js-signed", "clrkit-signed"} {
			t.Run(tc.name+"/"+signer, func(t *testing.T) {
				doc := readTestdata(t, "dialect/"+tc.name+"."+signer+".json")
				kinds, paths := tc.kinds, tc.paths
				res, err := strict.Verify(context.Background(), doc, Expectations{})
				var de *DialectError
				switch {
				case kinds == nil && err != nil:
					t.Fatalf("does not verify: %v", err)
				case kinds != nil && !errors.As(err, &de):
					t.Fatalf("error %v, want a *DialectError", err)
				case kinds != nil:
					if !errors.Is(err, ErrDialect) || de.Dialect != ld.DialectJSONLDJS {
						t.Errorf("error %v is not ErrDialect for jsonld-js", err)
					}
					checkConstructs(t, "strict", de.Constructs, kinds, paths)
					if res.Proofs[0].Verified {
						t.Error("the proof is reported verified")
					}
				}
				res, err = lenient.Verify(context.Background(), doc, Expectations{})
				if err != nil {
					t.Fatalf("does not verify with AcceptDialects: %v", err)
				}
				p := res.Proofs[0]
				if kinds == nil {
					if p.Dialect != "" || p.Constructs != nil {
						t.Errorf("verified in dialect %q with %v", p.Dialect, p.Constructs)
					}
					return
				}
				if p.Dialect != "jsonld-js" {
					t.Errorf("Dialect %q, want jsonld-js", p.Dialect)
				}
				checkConstructs(t, "lenient", p.Constructs, kinds, paths)
			})
		}
	}
}

// TestDialectTamper: accepting the jsonld-js dialect does not accept a
// changed document: a signature over the jsonld-js form still covers every
// value that is not a construct.
func TestDialectTamper(t *testing.T) {
	v, err := NewVerifier(VerifierOptions{Retriever: testRetriever(t), AcceptDialects: []ld.Dialect{ld.DialectJSONLDJS}})
	if err != nil {
		t.Fatal(err)
	}
	doc := readTestdata(t, "dialect/small-number.js-signed.json")
	tampered := bytes.Replace(doc, []byte(`"Teamwork Badge"`), []byte(`"Teamwork Badgf"`), 1)
	if bytes.Equal(doc, tampered) {
		t.Fatal("nothing to tamper with")
	}
	if _, err := v.Verify(context.Background(), tampered, Expectations{}); !errors.Is(err, ErrSignature) || errors.Is(err, ErrDialect) {
		t.Errorf("tampered credential: %v, want ErrSignature", err)
	}
	// What the jsonld-js signature does not cover: 1e-7 and 2e-7 are both
	// the integer 0 to jsonld.js.
	other := bytes.Replace(doc, []byte(`"creditsAvailable": 1e-7`), []byte(`"creditsAvailable": 2e-7`), 1)
	res, err := v.Verify(context.Background(), other, Expectations{})
	if err != nil || res.Proofs[0].Dialect != "jsonld-js" {
		t.Fatalf("2e-7 in place of 1e-7: %v", err)
	}
}
