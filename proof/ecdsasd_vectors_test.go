package proof

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof/ld"
)

// sdVectorDir holds the ecdsa-sd-2023 vectors of w3c/vc-di-ecdsa.
const sdVectorDir = "w3c-ecdsa-sd-2023/"

// sdCanonicalizer serves the embedded contexts and the citizenship
// context the vectors use.
func sdCanonicalizer(t testing.TB) *ld.Canonicalizer {
	t.Helper()
	l, err := ld.NewLoader(ld.WithContext("https://w3id.org/citizenship/v4rc1", readTestdata(t, sdVectorDir+"contexts/citizenship-v4rc1.jsonld")))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ld.NewCanonicalizer(ld.Options{Loader: l})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sdJSON(t testing.TB, name string, v any) {
	t.Helper()
	if err := json.Unmarshal(readTestdata(t, sdVectorDir+name), v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// sdKeys are the vectors' key material.
type sdKeys struct {
	base, proof crypto.Signer
	hmacKey     []byte
}

func sdVectorKeys(t testing.TB) sdKeys {
	t.Helper()
	var km struct {
		Base  struct{ SecretKeyMultibase string } `json:"baseKeyPair"`
		Proof struct{ SecretKeyMultibase string } `json:"proofKeyPair"`
		HMAC  string                              `json:"hmacKeyString"`
	}
	sdJSON(t, "SDKeyMaterial.json", &km)
	base, err := did.DecodeSecretMultikey(km.Base.SecretKeyMultibase)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := did.DecodeSecretMultikey(km.Proof.SecretKeyMultibase)
	if err != nil {
		t.Fatal(err)
	}
	h, err := hex.DecodeString(km.HMAC)
	if err != nil {
		t.Fatal(err)
	}
	return sdKeys{base: base, proof: proof, hmacKey: h}
}

// deterministic signs ECDSA digests by RFC 6979, so that a test can
// reproduce signatures that were made that way.
type deterministic struct{ crypto.Signer }

func (d deterministic) Sign(_ io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	return d.Signer.(*ecdsa.PrivateKey).Sign(nil, digest, opts)
}

// sdIndexedLines reads the {"dataType":"Map","value":[[index, line]...]}
// form of the vectors.
type sdIndexedLines struct {
	Value [][2]json.RawMessage `json:"value"`
}

func (m sdIndexedLines) indexes(t testing.TB) ([]int, []string) {
	var idx []int
	var lines []string
	for _, e := range m.Value {
		var i int
		var l string
		if err := json.Unmarshal(e[0], &i); err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(e[1], &l)
		idx, lines = append(idx, i), append(lines, l)
	}
	return idx, lines
}

func hexList(t testing.TB, list []string) [][]byte {
	out := make([][]byte, len(list))
	for i, s := range list {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = b
	}
	return out
}

func mustHex(t testing.TB, s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestW3CECDSASD2023Vectors runs the ecdsa-sd-2023 vectors of vc-di-ecdsa
// (the permanent resident card and the employment authorization document)
// step by step: the base proof's canonical proof configuration, HMAC
// labelled statements, mandatory and non-mandatory groups, hashes,
// signatures (the vectors' are RFC 6979, so they are reproduced) and
// proofValue; the derivation's groups, indexes, signatures, label map,
// proofValue and revealed document, byte for byte; then the verifier's
// statements and hashes, and the revealed document through a Verifier.
func TestW3CECDSASD2023Vectors(t *testing.T) {
	c := sdCanonicalizer(t)
	keys := sdVectorKeys(t)
	suite := ECDSASD2023{Canonicalizer: c}
	ctx := context.Background()
	for _, tt := range []struct{ dir, selective string }{
		{"prc/", "prCredSelective.json"},
		{"employ/", "employSelective.json"},
	} {
		t.Run(strings.TrimSuffix(tt.dir, "/"), func(t *testing.T) {
			// Base proof.
			signed, err := decodeOrdered(readTestdata(t, sdVectorDir+tt.dir+"addSignedSDBase.json"))
			if err != nil {
				t.Fatal(err)
			}
			baseProof := signed.vals["proof"].(*ordObj)
			doc := newOrdObj(0)
			for _, k := range signed.keys {
				if k != "proof" {
					doc.set(k, signed.vals[k])
				}
			}
			var cfg map[string]any
			sdJSON(t, tt.dir+"addProofConfig.json", &cfg)
			var transform struct {
				MandatoryPointers []string       `json:"mandatoryPointers"`
				Mandatory         sdIndexedLines `json:"mandatory"`
				NonMandatory      sdIndexedLines `json:"nonMandatory"`
			}
			sdJSON(t, tt.dir+"addBaseTransform.json", &transform)
			b, tr, err := suite.createBase(ctx, doc, cfg, transform.MandatoryPointers,
				deterministic{keys.base}, deterministic{keys.proof}, keys.hmacKey)
			if err != nil {
				t.Fatal(err)
			}
			if want := readTestdata(t, sdVectorDir+tt.dir+"addProofConfigCanon.txt"); string(tr.proofConfig) != strings.TrimRight(string(want), "\n")+"\n" {
				t.Errorf("canonical proof configuration\n%s\nwant\n%s", tr.proofConfig, want)
			}
			var wantLines []string
			sdJSON(t, tt.dir+"addBaseDocHMACCanon.json", &wantLines)
			if !slices.Equal(tr.lines, wantLines) {
				t.Errorf("HMAC-labelled statements\n%q\nwant\n%q", tr.lines, wantLines)
			}
			mIdx, mLines := transform.Mandatory.indexes(t)
			nIdx, nLines := transform.NonMandatory.indexes(t)
			if !slices.Equal(tr.mandatory, mIdx) || !slices.Equal(tr.nonMandatory, nIdx) {
				t.Errorf("groups %v / %v, want %v / %v", tr.mandatory, tr.nonMandatory, mIdx, nIdx)
			}
			for i, j := range mIdx {
				if tr.lines[j] != mLines[i] {
					t.Errorf("mandatory statement %d: %q, want %q", j, tr.lines[j], mLines[i])
				}
			}
			for i, j := range nIdx {
				if tr.lines[j] != nLines[i] {
					t.Errorf("non-mandatory statement %d: %q, want %q", j, tr.lines[j], nLines[i])
				}
			}
			var hashes struct{ ProofHash, MandatoryHash string }
			sdJSON(t, tt.dir+"addHashData.json", &hashes)
			if hex.EncodeToString(tr.proofHash) != hashes.ProofHash || hex.EncodeToString(tr.mandatoryHash) != hashes.MandatoryHash {
				t.Errorf("hashes %x %x, want %s %s", tr.proofHash, tr.mandatoryHash, hashes.ProofHash, hashes.MandatoryHash)
			}
			var raw struct {
				BaseSignature string   `json:"baseSignature"`
				PublicKey     string   `json:"publicKey"`
				Signatures    []string `json:"signatures"`
			}
			sdJSON(t, tt.dir+"addRawBaseSignatureInfo.json", &raw)
			// The vectors' signatures are RFC 6979 ones: the deterministic
			// signers reproduce them.
			if hex.EncodeToString(b.baseSignature) != raw.BaseSignature {
				t.Errorf("base signature %x, want %s", b.baseSignature, raw.BaseSignature)
			}
			if !slices.EqualFunc(b.signatures, hexList(t, raw.Signatures), bytes.Equal) {
				t.Errorf("statement signatures differ from the vector's")
			}
			// Whatever made them, the vector's signatures verify over what
			// was computed here.
			eph, _ := did.DecodeMultikey(raw.PublicKey)
			if err := (ECDSARDFC2019{}).Verify(keys.base.Public(), tr.signData, mustHex(t, raw.BaseSignature)); err != nil {
				t.Errorf("vector base signature: %v", err)
			}
			for i, s := range raw.Signatures {
				if err := (ECDSARDFC2019{}).Verify(eph, []byte(tr.lines[tr.nonMandatory[i]]), mustHex(t, s)); err != nil {
					t.Errorf("vector signature %d: %v", i, err)
				}
			}
			wantValue := baseProof.vals["proofValue"].(string)
			vb := &sdBaseValue{baseSignature: mustHex(t, raw.BaseSignature), publicKey: b.publicKey, hmacKey: keys.hmacKey,
				signatures: hexList(t, raw.Signatures), mandatoryPointers: transform.MandatoryPointers}
			if got, err := vb.encode(); err != nil || got != wantValue {
				t.Errorf("base proofValue %s (%v), want %s", got, err, wantValue)
			}
			parsed, err := parseSDBase(wantValue)
			if err != nil || !bytes.Equal(parsed.publicKey, b.publicKey) || !bytes.Equal(parsed.hmacKey, keys.hmacKey) ||
				!slices.Equal(parsed.mandatoryPointers, transform.MandatoryPointers) || len(parsed.signatures) != len(raw.Signatures) {
				t.Errorf("parsed base proofValue %+v (%v)", parsed, err)
			}

			// Derivation.
			var selective []string
			sdJSON(t, tt.selective, &selective)
			v, reveal, dtr, err := suite.derive(ctx, doc, parsed, selective)
			if err != nil {
				t.Fatal(err)
			}
			var groups struct {
				Combined     []int `json:"combinedIndexes"`
				Mandatory    []int `json:"mandatoryIndexes"`
				NonMandatory []int `json:"nonMandatoryIndexes"`
				Selective    []int `json:"selectiveIndexes"`
			}
			sdJSON(t, tt.dir+"derivedGroupIndexes.json", &groups)
			// The selective group is an intermediate value of the
			// specification's derivation that nothing derived from it
			// needs; computed here, as derive would, for the vector.
			g, err := sdGroup(ctx, suite.canonicalizer(), doc, parsed.hmacKey)
			if err != nil {
				t.Fatal(err)
			}
			selectiveIdx, _, err := g.selection(ctx, suite.canonicalizer(), selective)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(dtr.combined, groups.Combined) || !slices.Equal(dtr.mandatory, groups.Mandatory) ||
				!slices.Equal(dtr.nonMandatory, groups.NonMandatory) || !slices.Equal(selectiveIdx, groups.Selective) {
				t.Errorf("group indexes %v %v %v %v, want %+v", dtr.combined, dtr.mandatory, dtr.nonMandatory, selectiveIdx, groups)
			}
			var adj struct {
				AdjMandatoryIndexes []int `json:"adjMandatoryIndexes"`
			}
			sdJSON(t, tt.dir+"derivedAdjMandatoryIndexes.json", &adj)
			if !slices.Equal(v.mandatoryIndexes, adj.AdjMandatoryIndexes) {
				t.Errorf("mandatory indexes %v, want %v", v.mandatoryIndexes, adj.AdjMandatoryIndexes)
			}
			var disclosure struct {
				Signatures []string       `json:"signatures"`
				LabelMap   sdIndexedLines `json:"labelMap"`
			}
			sdJSON(t, tt.dir+"derivedDisclosureData.json", &disclosure)
			if !slices.EqualFunc(v.signatures, hexList(t, disclosure.Signatures), bytes.Equal) {
				t.Errorf("disclosed signatures differ from the vector's")
			}
			if len(v.labels) != len(disclosure.LabelMap.Value) {
				t.Errorf("label map of %d entries, want %d", len(v.labels), len(disclosure.LabelMap.Value))
			}
			for _, e := range disclosure.LabelMap.Value {
				var k, l string
				json.Unmarshal(e[0], &k)
				json.Unmarshal(e[1], &l)
				var n int
				if _, err := fmtSscan(k, &n); err != nil || hmacLabelOf(v.labels[n]) != l {
					t.Errorf("label of %s: %s, want %s", k, hmacLabelOf(v.labels[n]), l)
				}
			}
			var unsignedReveal map[string]any
			sdJSON(t, tt.dir+"derivedUnsignedReveal.json", &unsignedReveal)
			gotReveal, _ := json.Marshal(plainJSON(reveal))
			wantReveal, _ := json.Marshal(unsignedReveal)
			if !bytes.Equal(gotReveal, wantReveal) {
				t.Errorf("revealed document\n%s\nwant\n%s", gotReveal, wantReveal)
			}
			revealVector := readTestdata(t, sdVectorDir+tt.dir+"derivedRevealDocument.json")
			var revealDoc struct {
				Proof struct{ ProofValue string } `json:"proof"`
			}
			json.Unmarshal(revealVector, &revealDoc)
			if got, err := v.encode(); err != nil || got != revealDoc.Proof.ProofValue {
				t.Errorf("derived proofValue\n%s (%v)\nwant\n%s", got, err, revealDoc.Proof.ProofValue)
			}
			out, err := Derive(ctx, readTestdata(t, sdVectorDir+tt.dir+"addSignedSDBase.json"), selective, DeriveOptions{Canonicalizer: c})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(bytes.TrimSpace(out), bytes.TrimSpace(revealVector)) {
				t.Errorf("Derive wrote\n%s\nwant\n%s", out, revealVector)
			}

			// Verification of the vector's derived document.
			pv, err := parseSDDerived(revealDoc.Proof.ProofValue)
			if err != nil {
				t.Fatal(err)
			}
			var vdp struct {
				MandatoryIndexes []int `json:"mandatoryIndexes"`
			}
			sdJSON(t, tt.dir+"verifyDerivedProofValue.json", &vdp)
			if !slices.Equal(pv.mandatoryIndexes, vdp.MandatoryIndexes) {
				t.Errorf("parsed mandatory indexes %v, want %v", pv.mandatoryIndexes, vdp.MandatoryIndexes)
			}
			v2 := verifierWithSuites(t, ECDSASD2023{Canonicalizer: c})
			res, err := v2.Verify(ctx, revealVector, Expectations{})
			// The vectors' issuer is not the did:key that signed: the
			// signatures verify and the issuer binding fails.
			if !errors.Is(err, ErrIssuerBinding) {
				t.Fatalf("Verify: %v, want a valid proof and ErrIssuerBinding", err)
			}
			hd := res.Proofs[0].Explain
			var verifyNQuads []string
			sdJSON(t, tt.dir+"verifyNQuads.json", &verifyNQuads)
			if string(hd.CanonicalDocument) != strings.Join(verifyNQuads, "") {
				t.Errorf("verifier's statements\n%s\nwant\n%s", hd.CanonicalDocument, strings.Join(verifyNQuads, ""))
			}
			var cvd struct{ ProofHash, MandatoryHash string }
			sdJSON(t, tt.dir+"verifyCreateVerifyData.json", &cvd)
			if hex.EncodeToString(hd.ProofConfigHash) != cvd.ProofHash || hex.EncodeToString(hd.DocumentHash) != cvd.MandatoryHash {
				t.Errorf("verify data hashes %x %x, want %+v", hd.ProofConfigHash, hd.DocumentHash, cvd)
			}
		})
	}
}

func fmtSscan(label string, n *int) (int, error) {
	if !strings.HasPrefix(label, "c14n") {
		return 0, errors.New("not a canonical label")
	}
	return 1, json.Unmarshal([]byte(label[4:]), n)
}

// verifierWithSuites returns a Verifier resolving did:key, with suites.
func verifierWithSuites(t testing.TB, suites ...Cryptosuite) *Verifier {
	t.Helper()
	v, err := NewVerifier(VerifierOptions{Retriever: testRetriever(t), Suites: suites})
	if err != nil {
		t.Fatal(err)
	}
	return v
}
