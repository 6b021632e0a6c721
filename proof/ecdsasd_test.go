package proof

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/did"
)

const sdJSDir = "ecdsa-sd-2023-js/"

// p256VM is the verification method of interop-p256/issuer-p256.json.
func p256VM(t testing.TB) string {
	t.Helper()
	kf, err := did.ParseKeyFile(readTestdata(t, "interop-p256/issuer-p256.json"))
	if err != nil {
		t.Fatal(err)
	}
	return kf.ID
}

// TestECDSASD2023JavaScriptInterop crosses clrkit with Digital Bazaar's
// implementation: its base proof derived by clrkit gives the bytes it
// derives itself, and verifies; clrkit's base proof derived by it gives
// the bytes clrkit derives, and verifies.
func TestECDSASD2023JavaScriptInterop(t *testing.T) {
	ctx := context.Background()
	v := testVerifier(t, false)
	selective := []string{"/credentialSubject/id", "/name"}
	for _, base := range []string{"js-base", "go-base"} {
		t.Run(base, func(t *testing.T) {
			want := readTestdata(t, sdJSDir+base+".js-derived.json")
			if _, err := v.Verify(ctx, want, Expectations{}); err != nil {
				t.Fatalf("the JavaScript derivation does not verify: %v", err)
			}
			got, err := Derive(ctx, readTestdata(t, sdJSDir+base+".json"), selective, DeriveOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Derive wrote\n%s\nthe JavaScript implementation\n%s", got, want)
			}
			if _, err := v.Verify(ctx, got, Expectations{}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestECDSASD2023OneEdTechFixture verifies the 1EdTech validator's OB 3.0
// ecdsa-sd-2023 derived credential, whose key is named by the
// multibase-fragment convention.
func TestECDSASD2023OneEdTechFixture(t *testing.T) {
	doc := readTestdata(t, "1edtech/validator-ob30-sd-derivedcredential.json")
	res, err := testVerifier(t, true).Verify(context.Background(), doc, Expectations{})
	if err != nil {
		t.Fatal(err)
	}
	if p := res.Proofs[0]; p.Cryptosuite != SuiteECDSASD2023 || p.KeySource != did.SourceMultibaseFragment || p.Controller != "https://1edtech.edu/issuers/565049" {
		t.Errorf("proof %+v", p)
	}
	if _, err := testVerifier(t, false).Verify(context.Background(), doc, Expectations{}); err == nil {
		t.Error("verified without a way to retrieve the key")
	}
	changed := bytes.Replace(doc, []byte(`"name": "Teamwork"`), []byte(`"name": "Teamwork!"`), 1)
	if _, err := testVerifier(t, true).Verify(context.Background(), changed, Expectations{}); !errors.Is(err, ErrSignature) {
		t.Errorf("changed achievement name: %v, want ErrSignature", err)
	}
}

// sdSign signs the interop credential named with ecdsa-sd-2023, its
// issuer replaced by the P-256 test key.
func sdSign(t testing.TB, name string, mandatory []string) []byte {
	t.Helper()
	kf, _ := did.ParseKeyFile(readTestdata(t, "interop-p256/issuer-p256.json"))
	unsigned := string(readTestdata(t, "interop/unsigned/"+name+".json"))
	for _, k := range []string{"issuer-ed25519", "clr-issuer-ed25519"} {
		unsigned = strings.ReplaceAll(unsigned, interopKey(t, k).Controller, kf.Controller)
	}
	signed, err := SignSD(context.Background(), []byte(unsigned), p256Key(t),
		SignOptions{VerificationMethod: kf.ID, Created: interopCreated}, mandatory)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

func jsonMap(t testing.TB, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func jsonBytes(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestECDSASD2023RoundTrip signs base proofs with SignSD, derives them
// with several choices of pointers and verifies each derivation, checking
// what it discloses. ob3-basic holds an @list (allowedValue).
func TestECDSASD2023RoundTrip(t *testing.T) {
	ctx := context.Background()
	v := testVerifier(t, false)
	mandatory := []string{"/issuer", "/validFrom", "/credentialSubject/type"}
	base := sdSign(t, "ob3-basic", mandatory)
	if _, err := v.Verify(ctx, base, Expectations{}); !errors.Is(err, ErrUnsupportedProof) || !strings.Contains(err.Error(), "base proof") {
		t.Errorf("base proof: %v, want ErrUnsupportedProof saying it is a base proof", err)
	}
	tests := []struct {
		name       string
		selective  []string
		shows, not []string
	}{
		{"mandatory only", nil, []string{`"validFrom"`, `"Example University"`}, []string{`"name": "Teamwork Badge"`, `"achievement"`, `"description": "Awarded`}},
		{"one value", []string{"/credentialSubject/achievement/name"}, []string{`"achievement"`}, []string{`"criteria"`, `"Teamwork Badge"`}},
		{"a subtree with a list", []string{"/credentialSubject"}, []string{`"allowedValue"`, `"criteria"`}, []string{`"Teamwork Badge"`}},
		{"array element", []string{"/type/1", "/name"}, []string{`"Teamwork Badge"`}, []string{`"credentialSubject": {` + "\n" + `    "achievement"`}},
		{"whole document", []string{""}, []string{`"allowedValue"`, `"Teamwork Badge"`, `"criteria"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			derived, err := Derive(ctx, base, tt.selective, DeriveOptions{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := v.Verify(ctx, derived, Expectations{})
			if err != nil {
				t.Fatalf("%v\n%s", err, derived)
			}
			if p := res.Proofs[0]; !p.Verified || p.Cryptosuite != SuiteECDSASD2023 || p.Explain == nil {
				t.Errorf("result %+v", p)
			}
			for _, s := range tt.shows {
				if !bytes.Contains(derived, []byte(s)) {
					t.Errorf("derived document lacks %s:\n%s", s, derived)
				}
			}
			for _, s := range tt.not {
				if bytes.Contains(derived, []byte(s)) {
					t.Errorf("derived document discloses %s:\n%s", s, derived)
				}
			}
		})
	}
	t.Run("CLR", func(t *testing.T) {
		base := sdSign(t, "clr-3creds", []string{"/issuer", "/validFrom"})
		derived, err := Derive(ctx, base, []string{"/credentialSubject/verifiableCredential/1", "/name"}, DeriveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Verify(ctx, derived, Expectations{}); err != nil {
			t.Fatal(err)
		}
	})
}

// sdDerived derives base and returns the derived document, decoded.
func sdDerived(t testing.TB, base []byte, selective []string) map[string]any {
	t.Helper()
	derived, err := Derive(context.Background(), base, selective, DeriveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return jsonMap(t, derived)
}

// withProofValue re-encodes the derived proof value of doc after change.
func withProofValue(t testing.TB, doc map[string]any, change func(*sdDerivedValue)) map[string]any {
	t.Helper()
	p := doc["proof"].(map[string]any)
	v, err := parseSDDerived(p["proofValue"].(string))
	if err != nil {
		t.Fatal(err)
	}
	change(v)
	s, err := v.encode()
	if err != nil {
		t.Fatal(err)
	}
	p["proofValue"] = s
	return doc
}

// TestECDSASD2023Tamper changes derived documents and their proofs in the
// ways a holder or an attacker could, each of which must fail.
func TestECDSASD2023Tamper(t *testing.T) {
	ctx := context.Background()
	v := testVerifier(t, false)
	base := sdSign(t, "ob3-basic", []string{"/issuer", "/validFrom"})
	selective := []string{"/name", "/credentialSubject/achievement/name", "/credentialSubject/achievement/criteria",
		"/credentialSubject/result/0/value", "/credentialSubject/achievement/alignment/0/targetName"}
	tests := []struct {
		name   string
		change func(map[string]any) map[string]any
		want   error
	}{
		{"disclosed value changed", func(d map[string]any) map[string]any {
			d["name"] = "Teamwork Badge (gold)"
			return d
		}, ErrSignature},
		{"mandatory statement dropped", func(d map[string]any) map[string]any {
			delete(d["issuer"].(map[string]any), "email")
			return d
		}, ErrSignature},
		{"mandatory value changed", func(d map[string]any) map[string]any {
			d["validFrom"] = "2001-01-01T00:00:00Z"
			return d
		}, ErrSignature},
		{"undisclosed statement added", func(d map[string]any) map[string]any {
			d["description"] = "Awarded for demonstrated collaboration within a group project."
			return d
		}, ErrSignature},
		{"disclosed statement dropped", func(d map[string]any) map[string]any {
			delete(d, "name")
			return d
		}, ErrSignature},
		{"label map altered", func(d map[string]any) map[string]any {
			return withProofValue(t, d, func(v *sdDerivedValue) {
				for k := range v.labels {
					l := bytes.Clone(v.labels[k])
					l[0] ^= 1
					v.labels[k] = l
					break
				}
			})
		}, ErrSignature},
		{"label map entry removed", func(d map[string]any) map[string]any {
			return withProofValue(t, d, func(v *sdDerivedValue) {
				for k := range v.labels {
					delete(v.labels, k)
					break
				}
			})
		}, ErrSignature},
		{"signatures swapped", func(d map[string]any) map[string]any {
			return withProofValue(t, d, func(v *sdDerivedValue) {
				v.signatures[0], v.signatures[1] = v.signatures[1], v.signatures[0]
			})
		}, ErrSignature},
		{"signature dropped", func(d map[string]any) map[string]any {
			return withProofValue(t, d, func(v *sdDerivedValue) { v.signatures = v.signatures[1:] })
		}, ErrSignature},
		{"mandatory indexes changed", func(d map[string]any) map[string]any {
			return withProofValue(t, d, func(v *sdDerivedValue) { v.mandatoryIndexes = v.mandatoryIndexes[1:] })
		}, ErrSignature},
		{"mandatory index out of range", func(d map[string]any) map[string]any {
			return withProofValue(t, d, func(v *sdDerivedValue) { v.mandatoryIndexes = append(v.mandatoryIndexes, 10000) })
		}, ErrSignature},
		{"proof-scoped key replaced", func(d map[string]any) map[string]any {
			return withProofValue(t, d, func(v *sdDerivedValue) {
				k, _ := did.GenerateKey(did.KeyTypeP256, rand.Reader)
				v.publicKey, _ = sdPublicKeyBytes(k.Public())
			})
		}, ErrSignature},
		{"proof created changed", func(d map[string]any) map[string]any {
			d["proof"].(map[string]any)["created"] = "2024-06-02T00:00:00Z"
			return d
		}, ErrSignature},
		{"base proof value", func(d map[string]any) map[string]any {
			return jsonMap(t, base)
		}, ErrUnsupportedProof},
		{"not base64url", func(d map[string]any) map[string]any {
			d["proof"].(map[string]any)["proofValue"] = "z3zz"
			return d
		}, ErrMalformedProof},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.change(sdDerived(t, base, selective))
			_, err := v.Verify(ctx, jsonBytes(t, doc), Expectations{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	// Untouched, it verifies.
	if _, err := v.Verify(ctx, jsonBytes(t, sdDerived(t, base, selective)), Expectations{}); err != nil {
		t.Fatal(err)
	}
}

// TestECDSASD2023SignErrors checks what SignSD and Derive refuse.
func TestECDSASD2023SignErrors(t *testing.T) {
	ctx := context.Background()
	vm := p256VM(t)
	unsigned := readTestdata(t, sdJSDir+"ob3-degree.p256.json")
	p384, _ := did.GenerateKey(did.KeyTypeP384, rand.Reader)
	signCases := []struct {
		name      string
		doc       []byte
		key       crypto.Signer
		opts      SignOptions
		mandatory []string
		want      error
	}{
		{"P-384 key", unsigned, p384, SignOptions{VerificationMethod: vm}, nil, ErrKeyType},
		{"Ed25519 key", unsigned, mustSigner(t, interopKey(t, "issuer-ed25519")), SignOptions{VerificationMethod: vm}, nil, ErrKeyType},
		{"no verification method", unsigned, p256Key(t), SignOptions{}, nil, ErrSignOptions},
		{"bad pointer", unsigned, p256Key(t), SignOptions{VerificationMethod: vm}, []string{"issuer"}, ErrSignOptions},
		{"bad escape", unsigned, p256Key(t), SignOptions{VerificationMethod: vm}, []string{"/a~2"}, ErrSignOptions},
		{"pointer matches nothing", unsigned, p256Key(t), SignOptions{VerificationMethod: vm}, []string{"/nothing"}, ErrSignOptions},
		{"index out of range", unsigned, p256Key(t), SignOptions{VerificationMethod: vm}, []string{"/type/9"}, ErrSignOptions},
		{"previous proof", unsigned, p256Key(t), SignOptions{VerificationMethod: vm, PreviousProof: []string{"urn:x"}}, nil, ErrSignOptions},
		{"other suite", unsigned, p256Key(t), SignOptions{VerificationMethod: vm, Suite: ECDSARDFC2019{}}, nil, ErrSignOptions},
		{"already signed", readTestdata(t, sdJSDir+"js-base.json"), p256Key(t), SignOptions{VerificationMethod: vm}, nil, ErrAlreadySigned},
		{"not an object", []byte(`[1]`), p256Key(t), SignOptions{VerificationMethod: vm}, nil, ErrMalformedDocument},
	}
	for _, tt := range signCases {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := SignSD(ctx, tt.doc, tt.key, tt.opts, tt.mandatory); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := Sign(ctx, unsigned, p256Key(t), SignOptions{VerificationMethod: vm, Suite: ECDSASD2023{}}); !errors.Is(err, ErrSignOptions) {
		t.Errorf("Sign with ecdsa-sd-2023: %v, want ErrSignOptions", err)
	}

	base := readTestdata(t, sdJSDir+"js-base.json")
	deriveCases := []struct {
		name      string
		doc       []byte
		selective []string
		want      error
	}{
		{"pointer matches nothing", base, []string{"/credentialSubject/nothing"}, ErrSignOptions},
		{"no proof", unsigned, nil, ErrNoProof},
		{"derived already", readTestdata(t, sdJSDir+"js-base.js-derived.json"), nil, ErrMalformedProof},
		{"statement added", bytes.Replace(base, []byte(`"validFrom"`), []byte(`"awardedDate": "2024-06-01T00:00:00Z", "validFrom"`), 1), nil, ErrMalformedProof},
	}
	// Derive does not check the issuer's signature: a changed mandatory
	// statement fails at the verifier.
	changed := bytes.Replace(base, []byte(`"validFrom": "2024-06-01T00:00:00Z"`), []byte(`"validFrom": "2023-06-01T00:00:00Z"`), 1)
	if d, err := Derive(ctx, changed, nil, DeriveOptions{}); err != nil {
		t.Error(err)
	} else if _, err := testVerifier(t, false).Verify(ctx, d, Expectations{}); !errors.Is(err, ErrSignature) {
		t.Errorf("changed mandatory statement: %v, want ErrSignature", err)
	}
	for _, tt := range deriveCases {
		t.Run("Derive "+tt.name, func(t *testing.T) {
			if _, err := Derive(ctx, tt.doc, tt.selective, DeriveOptions{}); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}
