package proof

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/multiformats/go-multibase"

	"github.com/clrkit/clrkit/did"
)

// jcsVector reads a file of the vc-di-eddsa eddsa-jcs-2022 vector.
func jcsVector(t *testing.T, name string) []byte {
	t.Helper()
	return readTestdata(t, "w3c-eddsa-jcs-2022/"+name)
}

func jcsVectorText(t *testing.T, name string) string {
	t.Helper()
	return strings.TrimSpace(string(jcsVector(t, name)))
}

// TestW3CEdDSAJCS2022Vector reproduces the vc-di-eddsa eddsa-jcs-2022
// vector one step at a time (canonical document, canonical proof
// configuration, both hashes, the hash data, the signature and the
// proofValue), then verifies the vector's signed credential.
func TestW3CEdDSAJCS2022Vector(t *testing.T) {
	var kp struct {
		Priv string `json:"privateKeyMultibase"`
	}
	if err := json.Unmarshal(jcsVector(t, "keyPair.json"), &kp); err != nil {
		t.Fatal(err)
	}
	signer, err := did.DecodeSecretMultikey(kp.Priv)
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := json.Unmarshal(jcsVector(t, "proofConfigJCS.json"), &cfg); err != nil {
		t.Fatal(err)
	}
	unsigned := jcsVector(t, "unsigned.json")
	doc, err := decodeObject(unsigned)
	if err != nil {
		t.Fatal(err)
	}

	suite := EdDSAJCS2022{}
	hd, err := suite.HashData(context.Background(), doc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ name, got, file string }{
		{"canonical document", string(hd.CanonicalDocument), "canonDocJCS.txt"},
		{"canonical proof configuration", string(hd.CanonicalProofConfig), "proofCanonJCS.txt"},
		{"document hash", hex.EncodeToString(hd.DocumentHash), "docHashJCS.txt"},
		{"proof configuration hash", hex.EncodeToString(hd.ProofConfigHash), "proofHashJCS.txt"},
		{"hash data", hex.EncodeToString(hd.Data), "combinedHashJCS.txt"},
	} {
		if want := jcsVectorText(t, step.file); step.got != want {
			t.Fatalf("%s:\n got %s\nwant %s", step.name, step.got, want)
		}
	}
	sig, err := suite.Sign(signer, hd.Data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hex.EncodeToString(sig), jcsVectorText(t, "sigHexJCS.txt"); got != want {
		t.Fatalf("signature %s, want %s", got, want)
	}

	created, _ := time.Parse(time.RFC3339, cfg["created"].(string))
	// The vector's issuer is an https URL, its key a did:key: a proof by
	// another party as far as Sign can tell.
	signed, err := Sign(context.Background(), unsigned, signer, SignOptions{Suite: suite,
		VerificationMethod: cfg["verificationMethod"].(string), Created: created, CoSigner: true})
	if err != nil {
		t.Fatal(err)
	}
	want := jcsVectorText(t, "sigBTC58JCS.txt")
	if !strings.Contains(string(signed), `"proofValue": "`+want+`"`) || !strings.Contains(string(signed), `"cryptosuite": "eddsa-jcs-2022"`) {
		t.Fatalf("signed document lacks proofValue %s:\n%s", want, signed)
	}

	// The vector's issuer (https://vc.example/issuers/5678) does not control
	// the did:key that signed it: the signature verifies, the binding fails.
	// The same holds for the document Sign wrote, whose proof has no
	// @context of its own.
	for name, doc := range map[string][]byte{"signedJCS.json": jcsVector(t, "signedJCS.json"), "Sign output": signed} {
		res, err := testVerifier(t, false).Verify(context.Background(), doc, Expectations{})
		if !errors.Is(err, ErrIssuerBinding) || len(res.Proofs) != 1 {
			t.Fatalf("%s: err = %v, want a valid signature and ErrIssuerBinding", name, err)
		}
		p := res.Proofs[0]
		if p.Cryptosuite != SuiteEdDSAJCS2022 || p.Explain == nil || !bytes.Equal(p.Explain.Data, hd.Data) {
			t.Fatalf("%s: proof result %+v", name, p)
		}
	}
}

// TestEdDSAJCS2022RoundTrip signs each interop credential with eddsa-jcs-2022
// and its interop Ed25519 key, verifies it fully, and checks that changing
// the document, or the proof options, breaks the signature.
func TestEdDSAJCS2022RoundTrip(t *testing.T) {
	v := testVerifier(t, false)
	for _, f := range interopFixtures {
		t.Run(f.name, func(t *testing.T) {
			kf := interopKey(t, f.key)
			signer, err := kf.Signer()
			if err != nil {
				t.Fatal(err)
			}
			signed, err := Sign(context.Background(), readTestdata(t, "interop/unsigned/"+f.name+".json"), signer,
				SignOptions{Suite: EdDSAJCS2022{}, VerificationMethod: kf.ID, Created: interopCreated})
			if err != nil {
				t.Fatal(err)
			}
			res, err := v.Verify(context.Background(), signed, Expectations{})
			if err != nil {
				t.Fatal(err)
			}
			if p := res.Proofs[0]; !p.Verified || p.Cryptosuite != SuiteEdDSAJCS2022 || p.Controller != kf.Controller {
				t.Fatalf("proof result %+v", p)
			}

			var m map[string]any
			if err := json.Unmarshal(signed, &m); err != nil {
				t.Fatal(err)
			}
			for name, tamper := range map[string]func(m map[string]any){
				"document member added":   func(m map[string]any) { m["extra"] = "x" },
				"document member changed": func(m map[string]any) { m["id"] = "urn:uuid:00000000-0000-0000-0000-000000000000" },
				"proof created changed":   func(m map[string]any) { m["proof"].(map[string]any)["created"] = "2024-06-02T00:00:00Z" },
			} {
				c := cloneJSON(t, m)
				tamper(c)
				doc, _ := json.Marshal(c)
				if _, err := v.Verify(context.Background(), doc, Expectations{}); !errors.Is(err, ErrSignature) {
					t.Errorf("%s: err = %v, want ErrSignature", name, err)
				}
			}
		})
	}
}

func cloneJSON(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestEdDSAJCS2022NoContext signs a JSON object without @context: the
// proof configuration then has no @context either (not a null one), and the
// proof verifies.
func TestEdDSAJCS2022NoContext(t *testing.T) {
	kf := interopKey(t, "issuer-ed25519")
	signer, err := kf.Signer()
	if err != nil {
		t.Fatal(err)
	}
	signed, err := Sign(context.Background(), []byte(`{"name": "plain JSON", "n": 1.50}`), signer,
		SignOptions{Suite: EdDSAJCS2022{}, VerificationMethod: kf.ID, Created: interopCreated})
	if err != nil {
		t.Fatal(err)
	}
	res, err := testVerifier(t, false).Verify(context.Background(), signed, Expectations{})
	if err != nil {
		t.Fatal(err)
	}
	ex := res.Proofs[0].Explain
	if strings.Contains(string(ex.CanonicalProofConfig), "@context") || string(ex.CanonicalDocument) != `{"n":1.5,"name":"plain JSON"}` {
		t.Fatalf("canonical forms %s / %s", ex.CanonicalProofConfig, ex.CanonicalDocument)
	}
}

// TestEdDSAJCS2022KeyType refuses keys that are not Ed25519.
func TestEdDSAJCS2022KeyType(t *testing.T) {
	p256File, _ := did.ParseKeyFile(readTestdata(t, "interop-p256/issuer-p256.json"))
	_, err := Sign(context.Background(), readTestdata(t, "interop/unsigned/ob3-basic.json"), p256Key(t),
		SignOptions{Suite: EdDSAJCS2022{}, VerificationMethod: p256File.ID, Created: interopCreated})
	if !errors.Is(err, ErrKeyType) {
		t.Fatalf("err = %v, want ErrKeyType", err)
	}
	pub, _ := p256File.PublicKey()
	if err := (EdDSAJCS2022{}).Verify(pub, []byte("x"), make([]byte, 64)); !errors.Is(err, ErrKeyType) {
		t.Fatalf("Verify: err = %v, want ErrKeyType", err)
	}
}

// TestEdDSAJCS2022ProofContext: as vc-di-eddsa's eddsa-jcs-2022 algorithms
// say, the proof Sign writes carries the document's @context; a Verifier
// hashes a proof as it stands, so that a proof made without @context (its
// configuration hashed without one) verifies, and a proof whose @context is
// taken away does not; and a proof's @context stands in for the document's.
func TestEdDSAJCS2022ProofContext(t *testing.T) {
	kf := interopKey(t, "issuer-ed25519")
	signer, err := kf.Signer()
	if err != nil {
		t.Fatal(err)
	}
	unsigned := readTestdata(t, "interop/unsigned/ob3-basic.json")
	signed, err := Sign(context.Background(), unsigned, signer, SignOptions{Suite: EdDSAJCS2022{}, VerificationMethod: kf.ID, Created: interopCreated})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(signed, &m); err != nil {
		t.Fatal(err)
	}
	p := m["proof"].(map[string]any)
	if !reflect.DeepEqual(p["@context"], m["@context"]) {
		t.Fatalf("the proof's @context is %v", p["@context"])
	}
	v := testVerifier(t, false)
	noCtx := cloneJSON(t, m)
	delete(noCtx["proof"].(map[string]any), "@context")
	doc, _ := json.Marshal(noCtx)
	if _, err := v.Verify(context.Background(), doc, Expectations{}); !errors.Is(err, ErrSignature) {
		t.Errorf("@context taken from the proof: %v, want ErrSignature", err)
	}

	// A proof made as another implementation may: no @context in the
	// proof, the configuration hashed without one.
	var doc2 map[string]any
	if err := json.Unmarshal(unsigned, &doc2); err != nil {
		t.Fatal(err)
	}
	cfg := map[string]any{"type": "DataIntegrityProof", "cryptosuite": SuiteEdDSAJCS2022, "created": "2024-06-01T00:00:00Z",
		"verificationMethod": kf.ID, "proofPurpose": "assertionMethod"}
	hd, err := EdDSAJCS2022{}.HashData(context.Background(), doc2, cfg)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := EdDSAJCS2022{}.Sign(signer, hd.Data)
	if err != nil {
		t.Fatal(err)
	}
	cfg["proofValue"], _ = multibase.Encode(multibase.Base58BTC, sig)
	doc2["proof"] = cfg
	doc, _ = json.Marshal(doc2)
	if _, err := v.Verify(context.Background(), doc, Expectations{}); err != nil {
		t.Errorf("a proof without @context: %v", err)
	}

	// A proof's @context that is a strict beginning of the document's is
	// what the document is hashed with.
	short := cloneJSON(t, m)
	short["@context"] = append(short["@context"].([]any), "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")
	doc, _ = json.Marshal(short)
	if _, err := v.Verify(context.Background(), doc, Expectations{}); err != nil {
		t.Errorf("a document with a context after the proof's: %v", err)
	}
}
