package proof

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/clrkit/clrkit/did"
)

// w3cOrder is the member order of the vc-di-eddsa proof vectors.
var w3cOrder = []string{"type", "id", "cryptosuite", "created", "verificationMethod", "proofPurpose", "previousProof"}

func setChainKey(t testing.TB, name string) (crypto.Signer, string) {
	t.Helper()
	var pairs map[string]struct {
		Pub  string `json:"publicKeyMultibase"`
		Priv string `json:"privateKeyMultibase"`
	}
	if err := json.Unmarshal(readTestdata(t, "w3c-proof-set-chain/multiKeyPairs.json"), &pairs); err != nil {
		t.Fatal(err)
	}
	kp := pairs[name]
	signer, err := did.DecodeSecretMultikey(kp.Priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer, "did:key:" + kp.Pub + "#" + kp.Pub
}

// optionsFrom turns a vector's proof configuration into SignOptions.
func optionsFrom(t testing.TB, path string) SignOptions {
	t.Helper()
	var cfg struct {
		ID                 string          `json:"id"`
		Created            time.Time       `json:"created"`
		VerificationMethod string          `json:"verificationMethod"`
		PreviousProof      json.RawMessage `json:"previousProof"`
	}
	if err := json.Unmarshal(readTestdata(t, path), &cfg); err != nil {
		t.Fatal(err)
	}
	// The vectors' issuer is an https URL and their keys did:keys: proofs
	// by other parties as far as Sign can tell.
	opts := SignOptions{ID: cfg.ID, Created: cfg.Created, VerificationMethod: cfg.VerificationMethod, MemberOrder: w3cOrder, CoSigner: true}
	if len(cfg.PreviousProof) > 0 {
		var one string
		if json.Unmarshal(cfg.PreviousProof, &one) == nil {
			opts.PreviousProof = []string{one}
		} else if err := json.Unmarshal(cfg.PreviousProof, &opts.PreviousProof); err != nil {
			t.Fatal(err)
		}
	}
	return opts
}

// TestW3CProofSetChainSign rebuilds the vc-di-eddsa proof set and proof
// chain vectors step by step, byte for byte: two proofs in a set, then a
// proof chained to both, then one chained to that.
func TestW3CProofSetChainSign(t *testing.T) {
	steps := []struct{ in, key, config, want string }{
		{"unsigned.json", "keyPair1", "proofSetConfig1.json", "signedProofSet1.json"},
		{"signedProofSet1.json", "keyPair2", "proofSetConfig2.json", "signedProofSet2.json"},
		{"signedProofSet2.json", "keyPair3", "proofChainConfig1.json", "signedProofChain1.json"},
		{"signedProofChain1.json", "keyPair4", "proofChainConfig2.json", "signedProofChain2.json"},
	}
	for _, s := range steps {
		t.Run(s.want, func(t *testing.T) {
			key, vm := setChainKey(t, s.key)
			opts := optionsFrom(t, "w3c-proof-set-chain/"+s.config)
			if opts.VerificationMethod != vm {
				t.Fatalf("key %s is not the vector's %s", vm, opts.VerificationMethod)
			}
			got, err := Sign(context.Background(), readTestdata(t, "w3c-proof-set-chain/"+s.in), key, opts)
			if err != nil {
				t.Fatal(err)
			}
			want := readTestdata(t, "w3c-proof-set-chain/"+s.want)
			if strings.TrimSpace(string(got)) != strings.TrimSpace(string(want)) {
				t.Fatalf("signed document differs:\n got: %s\nwant: %s", got, want)
			}
		})
	}
}

// TestW3CProofSetChainVerify verifies every proof of the set and chain
// vectors. The vectors' issuer (https://vc.example/issuers/5678) controls
// none of the did:key keys, so each proof must fail on the issuer binding
// only, after its signature verified.
func TestW3CProofSetChainVerify(t *testing.T) {
	v := testVerifier(t, false)
	for _, name := range []string{"signedProofSet1.json", "signedProofSet2.json", "signedProofChain1.json", "signedProofChain2.json"} {
		t.Run(name, func(t *testing.T) {
			res, err := v.Verify(context.Background(), readTestdata(t, "w3c-proof-set-chain/"+name), Expectations{})
			if !errors.Is(err, ErrIssuerBinding) {
				t.Fatalf("err = %v, want ErrIssuerBinding", err)
			}
			for i, p := range res.Proofs {
				if !errors.Is(p.Error, ErrIssuerBinding) {
					t.Errorf("proof %d: %v", i, p.Error)
				}
			}
		})
	}
}

// signedSetAndChain signs ob3-basic with the issuer's key three times: two
// proofs in a set and a third chained to both.
func signedSetAndChain(t testing.TB) []byte {
	return signInTurn(t,
		SignOptions{ID: "urn:uuid:p1"},
		SignOptions{ID: "urn:uuid:p2"},
		SignOptions{ID: "urn:uuid:p3", PreviousProof: []string{"urn:uuid:p1", "urn:uuid:p2"}})
}

// signInTurn signs ob3-basic with the issuer's key once per options, in
// turn, each proof created an hour after the one before.
func signInTurn(t testing.TB, proofs ...SignOptions) []byte {
	t.Helper()
	kf := interopKey(t, "issuer-ed25519")
	signer, err := kf.Signer()
	if err != nil {
		t.Fatal(err)
	}
	doc := readTestdata(t, "interop/unsigned/ob3-basic.json")
	for i, opts := range proofs {
		opts.VerificationMethod, opts.Created = kf.ID, interopCreated.Add(time.Duration(i)*time.Hour)
		if doc, err = Sign(context.Background(), doc, signer, opts); err != nil {
			t.Fatal(err)
		}
	}
	return doc
}

func TestVerifySetAndChain(t *testing.T) {
	doc := signedSetAndChain(t)
	res, err := testVerifier(t, false).Verify(context.Background(), doc, Expectations{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Proofs) != 3 {
		t.Fatalf("%d proofs", len(res.Proofs))
	}
	for i, p := range res.Proofs {
		if !p.Verified {
			t.Errorf("proof %d: %v", i, p.Error)
		}
	}
	if p := res.Proofs[2]; p.ID != "urn:uuid:p3" || len(p.PreviousProof) != 2 || p.PreviousProof[1] != "urn:uuid:p2" {
		t.Errorf("chained proof reported as %+v", p)
	}
	// The first proof keeps the exact bytes the single-proof signature had.
	single := readTestdata(t, "interop/signed/ob3-basic.signed.json")
	var s, m map[string]any
	json.Unmarshal(single, &s)
	json.Unmarshal(doc, &m)
	if _, ok := m["proof"].([]any); !ok {
		t.Fatal("proof is not a list")
	}
}

func TestVerifySetAndChainFailures(t *testing.T) {
	doc := string(signedSetAndChain(t))
	var m map[string]any
	json.Unmarshal([]byte(doc), &m)
	p2 := m["proof"].([]any)[1].(map[string]any)["proofValue"].(string)
	tests := []struct {
		name, old, new string
		want           error
		failing        []int // proofs expected to fail
	}{
		{"previousProof names no proof", `"urn:uuid:p2"
      ],`, `"urn:uuid:p9"
      ],`, ErrPreviousProof, []int{2}},
		{"previousProof not a string", `"previousProof": [
        "urn:uuid:p1",
        "urn:uuid:p2"
      ]`, `"previousProof": 7`, ErrPreviousProof, []int{2}},
		{"referenced proof removed from the set", `"id": "urn:uuid:p1"`, `"id": "urn:uuid:p0"`, ErrSignature, []int{0, 2}},
		{"referenced proof tampered", p2, p2[:len(p2)-2] + "11", ErrSignature, []int{1, 2}},
		{"chained proof tampered", `"created": "2024-06-01T02:00:00Z"`, `"created": "2024-06-01T02:00:01Z"`, ErrSignature, []int{2}},
	}
	v := testVerifier(t, false)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.Replace(doc, tt.old, tt.new, 1)
			if bad == doc {
				t.Fatal("replacement did not apply")
			}
			res, err := v.Verify(context.Background(), []byte(bad), Expectations{})
			if res == nil || err == nil {
				t.Fatalf("verified: %v", err)
			}
			var failing []int
			for i, p := range res.Proofs {
				if !p.Verified {
					failing = append(failing, i)
				}
			}
			if !errors.Is(res.Proofs[tt.failing[len(tt.failing)-1]].Error, tt.want) && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if len(failing) != len(tt.failing) {
				t.Errorf("failing proofs %v, want %v", failing, tt.failing)
			}
		})
	}
}

func TestSignFailures(t *testing.T) {
	kf := interopKey(t, "issuer-ed25519")
	signer, _ := kf.Signer()
	unsigned := readTestdata(t, "interop/unsigned/ob3-basic.json")
	signed := readTestdata(t, "interop/signed/ob3-basic.signed.json")
	p256 := p256Key(t)
	tests := []struct {
		name string
		doc  []byte
		key  crypto.Signer
		opts SignOptions
		want error
	}{
		{"no verification method", unsigned, signer, SignOptions{}, ErrSignOptions},
		{"no key", unsigned, nil, SignOptions{VerificationMethod: kf.ID}, ErrSignOptions},
		{"expires before created", unsigned, signer, SignOptions{VerificationMethod: kf.ID, Created: interopCreated, Expires: interopCreated.Add(-time.Hour)}, ErrSignOptions},
		{"exclusive on a signed document", signed, signer, SignOptions{VerificationMethod: kf.ID, Exclusive: true}, ErrAlreadySigned},
		{"previousProof without proofs", unsigned, signer, SignOptions{VerificationMethod: kf.ID, PreviousProof: []string{"urn:x"}}, ErrPreviousProof},
		{"previousProof names no proof", signed, signer, SignOptions{VerificationMethod: kf.ID, PreviousProof: []string{"urn:x"}}, ErrPreviousProof},
		{"verify-only eddsa-2022", unsigned, signer, SignOptions{VerificationMethod: kf.ID, Suite: EdDSA2022{}}, ErrVerifyOnly},
		{"verify-only Ed25519Signature2020", unsigned, signer, SignOptions{VerificationMethod: kf.ID, Suite: Ed25519Signature2020{}}, ErrVerifyOnly},
		{"ecdsa suite with an Ed25519 key", unsigned, signer, SignOptions{VerificationMethod: kf.ID, Suite: ECDSARDFC2019{}}, ErrKeyType},
		{"not an object", []byte(`[1]`), signer, SignOptions{VerificationMethod: kf.ID}, ErrMalformedDocument},
		{"proof not an object", []byte(`{"@context":"https://www.w3.org/ns/credentials/v2","proof":3}`), signer, SignOptions{VerificationMethod: kf.ID}, ErrMalformedProof},
		{"eddsa suite with a P-256 key", unsigned, p256, SignOptions{VerificationMethod: kf.ID}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Sign(context.Background(), tt.doc, tt.key, tt.opts)
			if tt.want == nil {
				if err == nil {
					t.Fatal("signed")
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestSignAddsToSetKeepsBytes checks that adding a proof keeps the first
// proof's bytes, so the first signature still verifies.
func TestSignAddsToSetKeepsBytes(t *testing.T) {
	kf := interopKey(t, "issuer-ed25519")
	signer, _ := kf.Signer()
	signed := readTestdata(t, "interop/signed/ob3-basic.signed.json")
	out, err := Sign(context.Background(), signed, signer, SignOptions{VerificationMethod: kf.ID, Created: interopCreated})
	if err != nil {
		t.Fatal(err)
	}
	var one map[string]any
	json.Unmarshal(signed, &one)
	first := one["proof"].(map[string]any)["proofValue"].(string)
	if !strings.Contains(string(out), `"proof": [
    {`) || !strings.Contains(string(out), first) {
		t.Fatalf("not a set holding the first proof:\n%s", out)
	}
	if _, err := testVerifier(t, false).Verify(context.Background(), out, Expectations{}); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyChainStructure: the previousProof references of a set are
// walked before any proof is checked, and a broken chain is reported on
// the proof whose previousProof is at fault, without canonicalizing it.
func TestVerifyChainStructure(t *testing.T) {
	base := string(signedSetAndChain(t))
	v := testVerifier(t, false)
	tests := []struct {
		name     string
		edit     func(string) string
		failing  map[int]string // proof index: what its error says
		verified []int
	}{
		{"an id two proofs have", func(d string) string {
			return strings.Replace(d, `"id": "urn:uuid:p2"`, `"id": "urn:uuid:p1"`, 1)
		}, map[int]string{2: `more than one proof has id "urn:uuid:p1"`}, nil},
		{"the proof names itself", func(d string) string {
			return strings.Replace(d, `"urn:uuid:p2"
      ],`, `"urn:uuid:p3"
      ],`, 1)
		}, map[int]string{2: `the proof names itself ("urn:uuid:p3")`}, []int{0, 1}},
		{"an id named twice", func(d string) string {
			return strings.Replace(d, `"urn:uuid:p2"
      ],`, `"urn:uuid:p1"
      ],`, 1)
		}, map[int]string{2: `"urn:uuid:p1" is named twice`}, []int{0, 1}},
		{"a cycle", func(d string) string {
			// p1 now names p3, which names p1 and p2: p1 and p3 are on the
			// cycle; p2 is not, and still verifies.
			return strings.Replace(d, `"id": "urn:uuid:p1",`, `"id": "urn:uuid:p1", "previousProof": "urn:uuid:p3",`, 1)
		}, map[int]string{0: "leads back", 2: "leads back"}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := tt.edit(base)
			if bad == base {
				t.Fatal("edit did not apply")
			}
			res, err := v.Verify(context.Background(), []byte(bad), Expectations{})
			if err == nil || res == nil {
				t.Fatalf("verified: %v", err)
			}
			for i, want := range tt.failing {
				if e := res.Proofs[i].Error; !errors.Is(e, ErrPreviousProof) || !strings.Contains(e.Error(), want) {
					t.Errorf("proof %d: %v, want ErrPreviousProof saying %q", i, e, want)
				}
				if res.Proofs[i].Explain != nil {
					t.Errorf("proof %d was canonicalized", i)
				}
			}
			for _, i := range tt.verified {
				if !res.Proofs[i].Verified {
					t.Errorf("proof %d: %v", i, res.Proofs[i].Error)
				}
			}
		})
	}
}

// TestVerifyMaxProofs: a document with more proofs than MaxProofs fails
// with ErrProofLimit before any proof is looked at; the limit can be
// raised.
func TestVerifyMaxProofs(t *testing.T) {
	doc := signedSetAndChain(t)
	v, err := NewVerifier(VerifierOptions{Retriever: testRetriever(t), MaxProofs: 2})
	if err != nil {
		t.Fatal(err)
	}
	res, err := v.Verify(context.Background(), doc, Expectations{})
	if res != nil || !errors.Is(err, ErrProofLimit) || !strings.Contains(err.Error(), "3 proofs, more than the limit of 2") {
		t.Fatalf("res %v, err %v; want ErrProofLimit", res, err)
	}
	v, err = NewVerifier(VerifierOptions{Retriever: testRetriever(t), MaxProofs: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), doc, Expectations{}); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	if _, err := NewVerifier(VerifierOptions{Retriever: testRetriever(t), MaxProofs: -1}); !errors.Is(err, ErrVerifierOptions) {
		t.Fatalf("negative MaxProofs: %v", err)
	}
	// Sign does not make a document that default verifiers refuse.
	full := chainedDoc(t, DefaultMaxProofs)
	kf := interopKey(t, "issuer-ed25519")
	signer, _ := kf.Signer()
	if _, err := Sign(context.Background(), full, signer, SignOptions{VerificationMethod: kf.ID}); !errors.Is(err, ErrProofLimit) {
		t.Fatalf("a proof past the limit: %v", err)
	}
}

// TestVerifyChainInputsComputedOnce: proofs that sign the same input (the
// document alone, or with the same proofs, named in any order) are checked
// against one canonical form of it; without Explain, against one hash of
// it.
func TestVerifyChainInputsComputedOnce(t *testing.T) {
	doc := signInTurn(t,
		SignOptions{ID: "urn:uuid:p1"},
		SignOptions{ID: "urn:uuid:p2"},
		SignOptions{ID: "urn:uuid:p3", PreviousProof: []string{"urn:uuid:p1", "urn:uuid:p2"}},
		SignOptions{ID: "urn:uuid:p4", PreviousProof: []string{"urn:uuid:p2", "urn:uuid:p1"}},
		SignOptions{ID: "urn:uuid:p5", PreviousProof: []string{"urn:uuid:p2"}})
	hashed, err := testVerifier(t, false).Verify(context.Background(), doc, Expectations{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := testVerifier(t, false).Verify(context.Background(), doc, Expectations{Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range hashed.Proofs {
		x, want := p.Explain, res.Proofs[i].Explain
		if x.CanonicalDocument != nil || x.CanonicalProofConfig != nil || !bytes.Equal(x.Data, want.Data) ||
			!bytes.Equal(x.DocumentHash, want.DocumentHash) || !bytes.Equal(x.ProofConfigHash, want.ProofConfigHash) {
			t.Errorf("proof %d without Explain: %+v, want the hashes of %+v and no canonical forms", i, x, want)
		}
	}
	same := func(i, j int) bool {
		return &res.Proofs[i].Explain.CanonicalDocument[0] == &res.Proofs[j].Explain.CanonicalDocument[0]
	}
	if !same(0, 1) || !same(2, 3) {
		t.Error("one input canonicalized twice")
	}
	if same(0, 2) || same(2, 4) || string(res.Proofs[2].Explain.CanonicalDocument) == string(res.Proofs[4].Explain.CanonicalDocument) {
		t.Error("different inputs share a canonical form")
	}
}
