package proof

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/multiformats/go-multibase"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/internal/rdf"
	"github.com/clrkit/clrkit/proof/ld"
)

// SuiteECDSASD2023 is the name of the ecdsa-sd-2023 cryptosuite.
const SuiteECDSASD2023 = "ecdsa-sd-2023"

// ECDSASD2023 is the ecdsa-sd-2023 cryptosuite of Data Integrity ECDSA
// Cryptosuites v1.0, with P-256 keys: selective disclosure.
//
// The issuer makes a base proof with SignSD. It signs, with its own key,
// the proof configuration, a proof-scoped key made for this proof, and the
// statements the issuer requires every disclosure to show (the mandatory
// ones, chosen by JSON pointers); every other statement of the document is
// signed on its own with the proof-scoped key. Blank nodes are labelled by
// an HMAC whose key the base proof carries, so the labels say nothing of
// the undisclosed parts.
//
// The holder keeps the base proof and, for each verifier, derives with
// Derive a document that shows the mandatory statements and those it
// selects (by JSON pointers), with a derived proof holding only their
// signatures. A Verifier checks derived proofs, and refuses a base proof:
// the specification gives verifiers derived proofs only.
//
// ecdsa-sd-2023 does not fit the Cryptosuite methods HashData, Sign and
// Verify, which return errors: use SignSD, Derive and Verifier.Verify.
type ECDSASD2023 struct {
	// Canonicalizer turns documents into canonical N-Quads; nil means
	// ld.Default(), the embedded contexts only. It is always used in the
	// specifications' dialect.
	Canonicalizer *ld.Canonicalizer
}

var (
	_ Cryptosuite    = ECDSASD2023{}
	_ selectiveSuite = ECDSASD2023{}
)

// Name returns "ecdsa-sd-2023".
func (ECDSASD2023) Name() string { return SuiteECDSASD2023 }

// HashData returns an error: an ecdsa-sd-2023 proof is not one signature
// over one hash. Use SignSD.
func (ECDSASD2023) HashData(context.Context, map[string]any, map[string]any) (*HashData, error) {
	return nil, fmt.Errorf("%w: %s proofs are made with SignSD and Derive, not Sign", ErrSignOptions, SuiteECDSASD2023)
}

// Sign returns an error; use SignSD.
func (ECDSASD2023) Sign(crypto.Signer, []byte) ([]byte, error) {
	return nil, fmt.Errorf("%w: %s proofs are made with SignSD and Derive, not Sign", ErrSignOptions, SuiteECDSASD2023)
}

// Verify returns an error: a Verifier checks ecdsa-sd-2023 proofs whole.
func (ECDSASD2023) Verify(crypto.PublicKey, []byte, []byte) error {
	return fmt.Errorf("%w: %s proofs are checked by Verifier.Verify", ErrUnsupportedProof, SuiteECDSASD2023)
}

func (s ECDSASD2023) canonicalizer() *ld.Canonicalizer {
	c := s.Canonicalizer
	if c == nil {
		c = ld.Default()
	}
	if c.Dialect() != ld.DialectSpec {
		c = c.WithDialect(ld.DialectSpec)
	}
	return c
}

// selectiveSuite is implemented by the suites a Verifier hands a proof
// whole, after the checks every proof gets (type, purpose, challenge,
// domain, nonce, dates, @context) and the retrieval of the key: their
// proofValue is no single signature (ecdsa-sd-2023).
type selectiveSuite interface {
	// checkProofValue parses a proofValue, failing for a form the
	// Verifier does not take (a base proof); it is called before the key
	// is retrieved.
	checkProofValue(proofValue string) (any, error)
	// verifyProof checks the proof whose proofValue checkProofValue
	// parsed, over unsecured and the proof configuration cfg, with the
	// verification method's key.
	verifyProof(ctx context.Context, unsecured, cfg map[string]any, parsed any, pub crypto.PublicKey) (*HashData, error)
}

func (ECDSASD2023) checkProofValue(proofValue string) (any, error) {
	return parseSDDerived(proofValue)
}

func (s ECDSASD2023) verifyProof(ctx context.Context, unsecured, cfg map[string]any, parsed any, pub crypto.PublicKey) (*HashData, error) {
	v, ok := parsed.(*sdDerivedValue)
	if !ok {
		return nil, fmt.Errorf("%w: not a derived %s proof", ErrMalformedProof, SuiteECDSASD2023)
	}
	return s.verifyDerived(ctx, unsecured, cfg, v, pub)
}

// p256 checks that pub is a P-256 ECDSA key.
func p256(pub crypto.PublicKey, whose string) (*ecdsa.PublicKey, error) {
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: %s needs a P-256 %s key, not %T", ErrKeyType, SuiteECDSASD2023, whose, pub)
	}
	if k.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%w: %s needs a P-256 %s key, not %s", ErrKeyType, SuiteECDSASD2023, whose, k.Curve.Params().Name)
	}
	return k, nil
}

// sdPublicKeyBytes returns the Multikey bytes of a P-256 key: 0x80 0x24
// and the compressed point.
func sdPublicKeyBytes(pub crypto.PublicKey) ([]byte, error) {
	mk, err := did.EncodeMultikey(pub)
	if err != nil {
		return nil, err
	}
	_, b, err := multibase.Decode(mk)
	if err != nil {
		return nil, err
	}
	if len(b) != sdPublicKeySize {
		return nil, fmt.Errorf("%w: a %d-byte Multikey, want %d", ErrKeyType, len(b), sdPublicKeySize)
	}
	return b, nil
}

// sdPublicKey parses the proof-scoped key of a proof value.
func sdPublicKey(b []byte) (*ecdsa.PublicKey, error) {
	mk, err := multibase.Encode(multibase.Base58BTC, b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedProof, err)
	}
	pub, err := did.DecodeMultikeyAs(mk, did.KeyTypeP256)
	if err != nil {
		return nil, fmt.Errorf("%w: %s proof-scoped key: %v", ErrMalformedProof, SuiteECDSASD2023, err)
	}
	return pub.(*ecdsa.PublicKey), nil
}

// sdTrace holds the intermediate values of a base proof or a derivation,
// for tests to compare with the specification's vectors.
type sdTrace struct {
	proofConfig, proofHash, mandatoryHash, signData []byte
	// lines are the document's statements in HMAC labels, sorted.
	lines []string
	// mandatory and combined are the positions in lines of the
	// statements each group selects; nonMandatory, of the others.
	mandatory, combined, nonMandatory []int
}

// createBase computes a base proof (Create Base Proof: base proof
// transformation, hashing and serialization) of doc for the proof
// configuration cfg, with the issuer's key, the HMAC key and the
// proof-scoped key given.
func (s ECDSASD2023) createBase(ctx context.Context, doc *ordObj, cfg map[string]any, mandatory []string,
	key, proofKey crypto.Signer, hmacKey []byte) (*sdBaseValue, *sdTrace, error) {
	c := s.canonicalizer()
	cfgC, err := canonicalConfig(ctx, c, cfg, 0)
	if err != nil {
		return nil, nil, err
	}
	tr := &sdTrace{proofConfig: cfgC.NQuads, proofHash: digest(crypto.SHA256, cfgC.NQuads)}
	g, err := sdGroup(ctx, c, doc, hmacKey)
	if err != nil {
		return nil, nil, err
	}
	tr.lines = g.lines
	if tr.mandatory, _, err = g.selection(ctx, c, mandatory); err != nil {
		return nil, nil, err
	}
	var mand bytes.Buffer
	isMandatory := make([]bool, len(g.lines))
	for _, i := range tr.mandatory {
		isMandatory[i] = true
		mand.WriteString(g.lines[i])
	}
	for i := range g.lines {
		if !isMandatory[i] {
			tr.nonMandatory = append(tr.nonMandatory, i)
		}
	}
	if len(tr.nonMandatory) > sdMaxStatements {
		return nil, nil, fmt.Errorf("%w: %d non-mandatory statements, more than the limit of %d", ErrSignOptions, len(tr.nonMandatory), sdMaxStatements)
	}
	tr.mandatoryHash = digest(crypto.SHA256, mand.Bytes())
	pub, err := sdPublicKeyBytes(proofKey.Public())
	if err != nil {
		return nil, nil, err
	}
	b := &sdBaseValue{publicKey: pub, hmacKey: hmacKey, mandatoryPointers: mandatory,
		signatures: make([][]byte, len(tr.nonMandatory))}
	for j, i := range tr.nonMandatory {
		if j%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		if b.signatures[j], err = (ECDSARDFC2019{}).Sign(proofKey, []byte(g.lines[i])); err != nil {
			return nil, nil, fmt.Errorf("proof: signing with the proof-scoped key: %w", err)
		}
	}
	tr.signData = append(append(append([]byte{}, tr.proofHash...), pub...), tr.mandatoryHash...)
	if b.baseSignature, err = (ECDSARDFC2019{}).Sign(key, tr.signData); err != nil {
		return nil, nil, signingError(err)
	}
	return b, tr, nil
}

// derive computes the disclosure (createDisclosureData) of doc, the
// document of base proof b without its proof, for the selective pointers:
// the derived proof value and the document to reveal.
func (s ECDSASD2023) derive(ctx context.Context, doc *ordObj, b *sdBaseValue, selective []string) (*sdDerivedValue, *ordObj, *sdTrace, error) {
	c := s.canonicalizer()
	g, err := sdGroup(ctx, c, doc, b.hmacKey)
	if err != nil {
		return nil, nil, nil, err
	}
	tr := &sdTrace{lines: g.lines}
	combined := append(append([]string{}, b.mandatoryPointers...), selective...)
	if len(combined) == 0 {
		return nil, nil, nil, fmt.Errorf("%w: no pointers select anything to disclose", ErrSignOptions)
	}
	if tr.mandatory, _, err = g.selection(ctx, c, b.mandatoryPointers); err != nil {
		return nil, nil, nil, err
	}
	var combQuads []rdf.Quad
	tr.combined, combQuads, err = g.selection(ctx, c, combined)
	if err != nil {
		return nil, nil, nil, err
	}
	isMandatory := make([]bool, len(g.lines))
	for _, i := range tr.mandatory {
		isMandatory[i] = true
	}
	disclosed := make([]bool, len(g.lines))
	for _, i := range tr.combined {
		disclosed[i] = true
	}
	v := &sdDerivedValue{baseSignature: b.baseSignature, publicKey: b.publicKey}
	for rel, i := range tr.combined {
		if isMandatory[i] {
			v.mandatoryIndexes = append(v.mandatoryIndexes, rel)
		}
	}
	for i := range g.lines {
		if !isMandatory[i] {
			tr.nonMandatory = append(tr.nonMandatory, i)
		}
	}
	if len(tr.nonMandatory) != len(b.signatures) {
		return nil, nil, nil, fmt.Errorf("%w: the base proof has %d signatures for the document's %d non-mandatory statements (was the document changed?)",
			ErrMalformedProof, len(b.signatures), len(tr.nonMandatory))
	}
	for j, i := range tr.nonMandatory {
		if disclosed[i] {
			v.signatures = append(v.signatures, b.signatures[j])
		}
	}
	reveal, err := selectJSON(doc, combined)
	if err != nil {
		return nil, nil, nil, err
	}
	// The canonical labels of the disclosed document, found from the
	// combined selection's statements, which name their nodes as the
	// document's do.
	rc, err := c.CanonicalizeNQuads(ctx, rdf.SerializeNQuads(combQuads))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("proof: disclosed document: %w", err)
	}
	revC, err := canonicalDocument(ctx, c, plainJSON(reveal).(map[string]any), 0)
	if err != nil {
		return nil, nil, nil, err
	}
	if !bytes.Equal(revC.NQuads, rc.NQuads) {
		return nil, nil, nil, errSDDocument("the disclosed document does not state what its selection does")
	}
	v.labels = make(map[int][]byte, len(rc.Labels))
	for in, c14n := range rc.Labels {
		var n int
		if _, err := fmt.Sscanf(c14n, "c14n%d", &n); err != nil {
			return nil, nil, nil, fmt.Errorf("proof: unexpected canonical label %q", c14n)
		}
		d, ok := g.digests[in]
		if !ok {
			return nil, nil, nil, errSDDocument("a disclosed blank node is not one of the document's")
		}
		v.labels[n] = d
	}
	return v, reveal, tr, nil
}

// verifyDerived checks a derived proof (Verify Derived Proof: createVerifyData
// and the signatures) of unsecured, whose proof configuration is cfg, with
// the issuer's key pub.
func (s ECDSASD2023) verifyDerived(ctx context.Context, unsecured, cfg map[string]any, v *sdDerivedValue, pub crypto.PublicKey) (*HashData, error) {
	k, err := p256(pub, "issuer")
	if err != nil {
		return nil, err
	}
	c := s.canonicalizer()
	cfgC, err := canonicalConfig(ctx, c, cfg, 0)
	if err != nil {
		return nil, err
	}
	lines, err := sdStatements(ctx, c, unsecured, v.labels)
	if err != nil {
		return nil, err
	}
	if n := len(v.mandatoryIndexes); n > 0 && v.mandatoryIndexes[n-1] >= len(lines) {
		return nil, fmt.Errorf("%w: mandatory index %d, but the disclosed document has %d statements", ErrSignature, v.mandatoryIndexes[n-1], len(lines))
	}
	var mand bytes.Buffer
	var nonMandatory []string
	next := 0
	for i, l := range lines {
		if next < len(v.mandatoryIndexes) && v.mandatoryIndexes[next] == i {
			mand.WriteString(l)
			next++
		} else {
			nonMandatory = append(nonMandatory, l)
		}
	}
	hd := &HashData{CanonicalProofConfig: cfgC.NQuads, ProofConfigHash: digest(crypto.SHA256, cfgC.NQuads),
		CanonicalDocument: []byte(strings.Join(lines, "")), DocumentHash: digest(crypto.SHA256, mand.Bytes())}
	hd.Data = append(append(append([]byte{}, hd.ProofConfigHash...), v.publicKey...), hd.DocumentHash...)
	if len(v.signatures) != len(nonMandatory) {
		return hd, fmt.Errorf("%w: %d signatures for the %d non-mandatory statements disclosed", ErrSignature, len(v.signatures), len(nonMandatory))
	}
	if err := (ECDSARDFC2019{}).Verify(k, hd.Data, v.baseSignature); err != nil {
		return hd, fmt.Errorf("%w: the base signature (proof configuration, proof-scoped key and mandatory statements) does not verify", err)
	}
	eph, err := sdPublicKey(v.publicKey)
	if err != nil {
		return hd, err
	}
	for i, l := range nonMandatory {
		if err := (ECDSARDFC2019{}).Verify(eph, []byte(l), v.signatures[i]); err != nil {
			return hd, fmt.Errorf("%w: the signature of disclosed statement %q does not verify", err, strings.TrimSuffix(l, "\n"))
		}
	}
	return hd, nil
}

// SignSD adds an ecdsa-sd-2023 base proof to the JSON object in doc and
// returns the signed document, for its holder to derive disclosures from.
// key must be a P-256 key (any crypto.Signer, HSM and KMS keys included).
//
// mandatoryPointers are JSON pointers (RFC 6901) to what every disclosure
// must show, such as "/issuer" and "/validFrom"; the empty pointer is the
// whole document. Every other statement of the document can be disclosed
// or withheld by the holder.
//
// opts are those of Sign, with these differences: Suite is nil or an
// ECDSASD2023 (for its Canonicalizer); the document must not have a proof
// yet, as one base proof is all a holder can derive from; PreviousProof
// and a Dialect other than ld.DialectSpec are refused. The output has the
// layout Sign writes.
func SignSD(ctx context.Context, doc []byte, key crypto.Signer, opts SignOptions, mandatoryPointers []string) ([]byte, error) {
	suite := ECDSASD2023{}
	switch s := opts.Suite.(type) {
	case nil:
	case ECDSASD2023:
		suite = s
	case *ECDSASD2023:
		if s != nil {
			suite = *s
		}
	default:
		return nil, fmt.Errorf("%w: SignSD makes %s proofs, not %s", ErrSignOptions, SuiteECDSASD2023, s.Name())
	}
	switch {
	case opts.VerificationMethod == "":
		return nil, fmt.Errorf("%w: no verification method", ErrSignOptions)
	case key == nil:
		return nil, fmt.Errorf("%w: no key", ErrSignOptions)
	case len(opts.PreviousProof) > 0:
		return nil, fmt.Errorf("%w: a %s base proof cannot be chained (PreviousProof)", ErrSignOptions, SuiteECDSASD2023)
	case opts.Dialect != ld.DialectSpec:
		return nil, fmt.Errorf("%w: %s is computed in the specifications' dialect only", ErrSignOptions, SuiteECDSASD2023)
	}
	if _, err := p256(key.Public(), "issuer"); err != nil {
		return nil, err
	}
	if err := checkPointers("mandatory", mandatoryPointers); err != nil {
		return nil, err
	}
	purpose, created, err := opts.purposeAndTimes()
	if err != nil {
		return nil, err
	}
	unsecured, err := decodeObject(doc)
	if err != nil {
		return nil, err
	}
	if _, ok := unsecured["proof"]; ok {
		return nil, fmt.Errorf("%w: a %s base proof must be the document's only proof", ErrAlreadySigned, SuiteECDSASD2023)
	}
	if err := checkSigner(ctx, unsecured, key, opts); err != nil {
		return nil, err
	}
	ordered, err := decodeOrdered(doc)
	if err != nil {
		return nil, err
	}
	contextChanged := false
	if needsDataIntegrityContext(unsecured["@context"]) {
		unsecured["@context"] = append(append([]any{}, asList(unsecured["@context"])...), ContextDataIntegrityV2)
		ordered.set("@context", append(append([]any{}, asList(ordered.vals["@context"])...), ContextDataIntegrityV2))
		contextChanged = true
	}
	fields := proofFields(opts, SuiteECDSASD2023, purpose, created)
	proof := orderMembers(fields, opts.MemberOrder)
	cfg := proofConfig(proof.object(), unsecured["@context"])
	if !opts.AllowDialectDependent {
		if err := checkDialectIndependent(ctx, suite.canonicalizer(), unsecured, cfg); err != nil {
			return nil, err
		}
	}

	hmacKey := make([]byte, sdHMACKeySize)
	if _, err := rand.Read(hmacKey); err != nil {
		return nil, err
	}
	proofKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	b, _, err := suite.createBase(ctx, ordered, cfg, mandatoryPointers, key, proofKey, hmacKey)
	if err != nil {
		return nil, err
	}
	value, err := b.encode()
	if err != nil {
		return nil, err
	}
	proof = append(proof, member{"proofValue", value})
	if !contextChanged {
		if opts.ProofList {
			return appendMember(doc, "proof", []any{proof})
		}
		return appendMember(doc, "proof", proof)
	}
	members, err := splitMembers(doc)
	if err != nil {
		return nil, err
	}
	return rewriteSigned(members, unsecured["@context"], true, proof, opts.ProofList)
}

// checkDialectIndependent refuses, with a *DialectError, a document or
// proof configuration that jsonld.js canonicalizes otherwise than the
// specifications, as Sign does: a verifier built on it would fail the
// proof.
func checkDialectIndependent(ctx context.Context, c *ld.Canonicalizer, unsecured, cfg map[string]any) error {
	doc, err := canonicalDocument(ctx, c, unsecured, 0)
	if err != nil {
		return err
	}
	cfgC, err := canonicalConfig(ctx, c, cfg, 0)
	if err != nil {
		return err
	}
	in := &rdfcInput{c: c, h: crypto.SHA256, unsecured: unsecured, doc: &canonicalDoc{canon: doc}, cfg: cfg, cfgC: cfgC, proofPath: "/proof"}
	_, _, constructs, dependent, err := in.compare(ctx)
	if err != nil {
		return fmt.Errorf("proof: the %s dialect refuses the document: %w", ld.DialectJSONLDJS, err)
	}
	if dependent {
		return &DialectError{Err: ErrDialectDependent, Constructs: constructs}
	}
	return nil
}

// DeriveOptions configure Derive.
type DeriveOptions struct {
	// Canonicalizer turns documents into canonical N-Quads; nil means
	// ld.Default(), the embedded contexts only. It must serve every context
	// the document cites, as the issuer's did.
	Canonicalizer *ld.Canonicalizer
}

// Derive turns a document carrying an ecdsa-sd-2023 base proof (made by
// SignSD or another implementation) into the document a holder presents:
// the statements the base proof makes mandatory, those the
// selectivePointers (JSON pointers, RFC 6901) select, and a derived proof
// over exactly those, which a Verifier checks. The objects on the way to
// a selected value keep their id (unless a blank node identifier) and type;
// members appear in the order they are selected, mandatory ones first. The
// result is indented with two spaces.
//
// Proofs other than the ecdsa-sd-2023 one are left out of the result; a
// document with more than one ecdsa-sd-2023 proof is refused. A pointer
// that selects nothing of the document, or a base proof that does not fit
// the document, is an error (ErrSignOptions, ErrMalformedProof).
func Derive(ctx context.Context, doc []byte, selectivePointers []string, opts DeriveOptions) ([]byte, error) {
	if _, err := decodeObject(doc); err != nil {
		return nil, err
	}
	if err := checkPointers("selective", selectivePointers); err != nil {
		return nil, err
	}
	ordered, err := decodeOrdered(doc)
	if err != nil {
		return nil, err
	}
	var found []*ordObj
	raw, ok := ordered.vals["proof"]
	if !ok {
		return nil, ErrNoProof
	}
	for _, p := range asList(raw) {
		po, ok := p.(*ordObj)
		if !ok {
			return nil, fmt.Errorf("%w: a proof is not an object", ErrMalformedProof)
		}
		if po.vals["type"] == "DataIntegrityProof" && po.vals["cryptosuite"] == SuiteECDSASD2023 {
			found = append(found, po)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("%w: no %s proof", ErrNoProof, SuiteECDSASD2023)
	case 1:
	default:
		return nil, fmt.Errorf("%w: %d %s proofs, Derive takes one", ErrMalformedProof, len(found), SuiteECDSASD2023)
	}
	base := found[0]
	pv, _ := base.vals["proofValue"].(string)
	b, err := parseSDBase(pv)
	if err != nil {
		return nil, err
	}
	if err := checkPointers("mandatory", b.mandatoryPointers); err != nil {
		return nil, fmt.Errorf("%w: the base proof's %v", ErrMalformedProof, err)
	}
	unsecured := newOrdObj(len(ordered.keys))
	for _, k := range ordered.keys {
		if k != "proof" {
			unsecured.set(k, ordered.vals[k])
		}
	}
	v, reveal, _, err := ECDSASD2023(opts).derive(ctx, unsecured, b, selectivePointers)
	if err != nil {
		return nil, err
	}
	value, err := v.encode()
	if err != nil {
		return nil, err
	}
	derived := newOrdObj(len(base.keys))
	for _, k := range base.keys {
		derived.set(k, base.vals[k])
	}
	derived.set("proofValue", value)
	reveal.set("proof", derived)
	compact, err := marshalJSON(reveal)
	if err != nil {
		return nil, err
	}
	out, err := jsonobj.Indent(make([]byte, 0, len(compact)*3/2), compact)
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
