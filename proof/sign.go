package proof

import (
	"bytes"
	"cmp"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/multiformats/go-multibase"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/proof/ld"
)

// SignOptions configure one Data Integrity signature. Every option that
// ends up in the proof is part of the proof configuration, so it is signed.
type SignOptions struct {
	// Suite computes the proof; nil means eddsa-rdfc-2022 with the embedded
	// contexts.
	Suite Cryptosuite
	// VerificationMethod is the URL of the key, written as the proof's
	// verificationMethod (for example "did:key:z6Mk...#z6Mk..."). Required.
	VerificationMethod string
	// Purpose is the proof purpose (a verification relationship); ""
	// means did.AssertionMethod for a credential, what credentials use, and
	// did.Authentication for a presentation (type VerifiablePresentation).
	Purpose did.Relationship
	// Created is the proof's creation time, written in UTC with second
	// precision; the zero value means the current time.
	Created time.Time

	// ID is the proof's id, a URL (often "urn:uuid:..."); other proofs of a
	// chain name it in their previousProof. Optional.
	ID string
	// Expires, when not zero, is written as the proof's expires time (UTC,
	// second precision); verifiers reject the proof after it.
	Expires time.Time
	// Domain restricts the proof to one or more security domains: one entry
	// is written as a string, several as a list.
	Domain []string
	// Challenge is the verifier-supplied value a presentation proof answers.
	Challenge string
	// Nonce is an arbitrary value making the proof unique.
	Nonce string
	// PreviousProof makes the proof part of a chain: the ids of proofs
	// already on the document that the new proof signs over together with
	// the document. One id is written as a string, several as a list. Each
	// must name an existing proof (ErrPreviousProof otherwise).
	PreviousProof []string
	// Exclusive refuses, with ErrAlreadySigned, a document that already has
	// a proof. By default Sign adds the new proof to the existing ones,
	// making a proof set (or, with PreviousProof, a chain).
	Exclusive bool
	// MemberOrder, when set, lists proof member names in the order they
	// are written; members it leaves out follow in the default order
	// (type, id, created, expires, verificationMethod, cryptosuite,
	// proofPurpose, challenge, domain, nonce, previousProof). Order never
	// changes the signature, only the bytes of the output.
	MemberOrder []string
	// Dialect is the canonicalization dialect an RDFC suite's proof is
	// computed in: ld.DialectSpec (the default) or ld.DialectJSONLDJS, for
	// verifiers built on the JavaScript stack that do not follow the specs
	// where it deviates. Suites that do not canonicalize JSON-LD take only
	// ld.DialectSpec.
	Dialect ld.Dialect
	// AllowDialectDependent signs, in Dialect, a document whose canonical
	// form differs between the dialects. By default Sign refuses it with a
	// *DialectError (ErrDialectDependent) naming each construct and how to
	// write it unambiguously, so that whatever it signs verifies in every
	// implementation. Choosing ld.DialectJSONLDJS allows it too.
	AllowDialectDependent bool

	// CoSigner says the proof is deliberately by a party other than the
	// document's issuer (or a presentation's holder): an endorser's or a
	// registrar's proof beside the issuer's. Without it, Sign refuses a
	// did:key or did:jwk verification method whose DID is not the issuer
	// (ErrNotIssuerKey), since the credential would then verify nowhere.
	// Methods of other kinds (did:web, https URLs) need their controller
	// document to tell, so Sign does not check them. A key that is not the
	// one its did:key or did:jwk method encodes is refused either way
	// (ErrKeyMismatch).
	CoSigner bool
	// ProofList writes a document's first proof as a list of one proof
	// instead of a lone object. Both are valid Data Integrity; the formal
	// OB 3.0 and CLR 2.0 JSON Schemas (schema.Options.Strict) accept only
	// the list, while the object is what the JavaScript reference writes
	// (byte-identical output). A document that has proofs already gets a
	// list either way.
	ProofList bool
}

// Errors of signing.
var (
	// ErrAlreadySigned reports a document that carries a proof already,
	// when SignOptions.Exclusive asks for a document without one.
	ErrAlreadySigned = errors.New("proof: document already has a proof")
	// ErrMalformedDocument reports input that is not a JSON object.
	ErrMalformedDocument = errors.New("proof: document is not a JSON object")
	// ErrSignOptions reports missing or inconsistent signing options.
	ErrSignOptions = errors.New("proof: invalid signing options")
	// ErrVerifyOnly reports a suite that can check proofs but never
	// creates them (the legacy ones).
	ErrVerifyOnly = errors.New("proof: the suite only verifies")
	// ErrKeyMismatch reports a signing key that is not the key its
	// verification method names (a did:key or did:jwk URL encodes its key):
	// every verifier would refuse the proof.
	ErrKeyMismatch = errors.New("proof: the signing key is not the verification method's key")
	// ErrNotIssuerKey reports a key whose controller is not the document's
	// issuer (the holder, for a presentation), when that can be told
	// without a network (did:key and did:jwk verification methods). Such a
	// proof does not make the issuer's credential: verifiers refuse a
	// credential that has no proof by its issuer. SignOptions.CoSigner
	// allows it for a deliberate proof by another party.
	ErrNotIssuerKey = errors.New("proof: the key's controller is not the document's issuer")
)

// keyedHasher is implemented by suites whose hash depends on the key, such
// as ecdsa-rdfc-2019 (SHA-256 for P-256, SHA-384 for P-384).
type keyedHasher interface {
	HashDataForKey(ctx context.Context, unsecured, proofConfig map[string]any, pub crypto.PublicKey) (*HashData, error)
}

// keyChecker is implemented by suites that can tell, before signing,
// whether a key is of their type (ErrKeyType otherwise).
type keyChecker interface {
	checkKey(pub crypto.PublicKey) error
}

// verifyOnlySuite marks the legacy suites Sign refuses.
type verifyOnlySuite interface{ verifyOnly() }

func hashFor(ctx context.Context, suite Cryptosuite, unsecured, cfg map[string]any, pub crypto.PublicKey) (*HashData, error) {
	if kh, ok := suite.(keyedHasher); ok {
		return kh.HashDataForKey(ctx, unsecured, cfg, pub)
	}
	return suite.HashData(ctx, unsecured, cfg)
}

// signingHash is hashFor for Sign: in opts.Dialect for an RDFC suite,
// refusing a document whose canonical form depends on the dialect unless
// the options allow it.
func signingHash(ctx context.Context, suite Cryptosuite, unsecured, cfg map[string]any, pub crypto.PublicKey, opts SignOptions) (*HashData, error) {
	rs, ok := suite.(rdfcSuite)
	if !ok {
		if opts.Dialect != ld.DialectSpec {
			return nil, fmt.Errorf("%w: %s does not canonicalize JSON-LD, so it has no %s dialect", ErrSignOptions, suite.Name(), opts.Dialect)
		}
		return hashFor(ctx, suite, unsecured, cfg, pub)
	}
	if opts.Dialect != ld.DialectSpec && opts.Dialect != ld.DialectJSONLDJS {
		return nil, fmt.Errorf("%w: unknown dialect %v", ErrSignOptions, opts.Dialect)
	}
	h, err := rs.hashFor(pub)
	if err != nil {
		return nil, err
	}
	c := rs.canonicalizer().WithDialect(opts.Dialect)
	// Only the hashes are signed: the canonical forms are not kept.
	doc, err := canonicalDocument(ctx, c, unsecured, h)
	if err != nil {
		return nil, err
	}
	cfgC, err := canonicalConfig(ctx, c, cfg, h)
	if err != nil {
		return nil, err
	}
	if opts.Dialect == ld.DialectSpec && !opts.AllowDialectDependent {
		in := &rdfcInput{c: c, h: h, unsecured: unsecured, doc: &canonicalDoc{canon: doc}, cfg: cfg, cfgC: cfgC, proofPath: "/proof"}
		_, _, constructs, dependent, err := in.compare(ctx)
		if err != nil {
			return nil, fmt.Errorf("proof: the %s dialect refuses the document: %w", ld.DialectJSONLDJS, err)
		}
		if dependent {
			return nil, &DialectError{Err: ErrDialectDependent, Constructs: constructs}
		}
	}
	return rdfcHash(doc, cfgC, h), nil
}

// defaultMemberOrder is the order Sign writes proof members in; the first
// five are the order Digital Bazaar's implementation writes.
var defaultMemberOrder = []string{"type", "id", "created", "expires", "verificationMethod", "cryptosuite",
	"proofPurpose", "challenge", "domain", "nonce", "previousProof", "@context"}

// Sign adds a DataIntegrityProof to the JSON object in doc and returns the
// signed document, following VC Data Integrity's "add proof" and "add proof
// set/chain" algorithms.
//
// The members of doc keep their order and values and the result is
// indented with two spaces: for the same key, options and input, the
// output is the same bytes the JavaScript reference implementation writes.
// A document without a proof gets one as its last member. A document with
// proofs gets a list holding them followed by the new one (unless
// opts.Exclusive); with opts.PreviousProof, the new proof signs the
// document together with the proofs it names. A document that has
// DefaultMaxProofs proofs already gets no more (ErrProofLimit): a Verifier
// with default options would refuse it.
//
// A VC Data Model 1.1 document (first context
// https://www.w3.org/2018/credentials/v1) that has neither the Data
// Integrity v2 context nor the credentials v2 context gets the Data
// Integrity v2 context appended to its @context before signing, as the
// reference implementations do, since the 1.1 context does not define the
// proof's terms.
//
// Sign refuses, for a did:key or did:jwk verification method, a key that is
// not the one the method encodes (ErrKeyMismatch) and, unless
// opts.CoSigner, a method whose DID is not the document's issuer (a
// presentation's holder; *NotIssuerKeyError, ErrNotIssuerKey): proofs that
// could never verify as the issuer's. A first proof is written as an
// object, or as a list of one with opts.ProofList.
func Sign(ctx context.Context, doc []byte, key crypto.Signer, opts SignOptions) ([]byte, error) {
	if opts.VerificationMethod == "" {
		return nil, fmt.Errorf("%w: no verification method", ErrSignOptions)
	}
	if key == nil {
		return nil, fmt.Errorf("%w: no key", ErrSignOptions)
	}
	suite := opts.Suite
	if suite == nil {
		suite = EdDSARDFC2022{}
	}
	if _, ok := suite.(verifyOnlySuite); ok {
		return nil, fmt.Errorf("%w: %s", ErrVerifyOnly, suite.Name())
	}
	purpose, created, err := opts.purposeAndTimes()
	if err != nil {
		return nil, err
	}
	unsecured, err := decodeObject(doc)
	if err != nil {
		return nil, err
	}
	if opts.Purpose == "" && isPresentation(unsecured) {
		// A presentation's proof authenticates its holder.
		opts.Purpose = did.Authentication
		purpose = string(did.Authentication)
	}
	var existing []map[string]any
	if raw, ok := unsecured["proof"]; ok {
		if opts.Exclusive {
			return nil, ErrAlreadySigned
		}
		if existing, err = proofObjects(raw); err != nil {
			return nil, err
		}
		if len(existing) >= DefaultMaxProofs {
			return nil, fmt.Errorf("%w: the document has %d proofs already; a Verifier accepts at most %d by default", ErrProofLimit, len(existing), DefaultMaxProofs)
		}
		delete(unsecured, "proof")
	}
	contextChanged := false
	if needsDataIntegrityContext(unsecured["@context"]) {
		unsecured["@context"] = append(append([]any{}, asList(unsecured["@context"])...), ContextDataIntegrityV2)
		contextChanged = true
	}

	fields := proofFields(opts, suite.Name(), purpose, created)
	if v := oneOrList(opts.PreviousProof); v != nil {
		fields["previousProof"] = v
	}
	if _, ok := suite.(contextProof); ok {
		if c, ok := unsecured["@context"]; ok {
			fields["@context"] = c // what the configuration is hashed with
		}
	}
	proof := orderMembers(fields, opts.MemberOrder)

	input, err := chainInput(unsecured, existing, fields["previousProof"])
	if err != nil {
		return nil, err
	}
	hd, err := signingHash(ctx, suite, input, proofConfig(proof.object(), unsecured["@context"]), key.Public(), opts)
	if err != nil {
		return nil, err
	}
	// After the document is read and hashed (its own defects come first),
	// before anything is signed (an HSM would log the signature): the
	// suite's own key check first (ErrKeyType), then the signer's.
	if kc, ok := suite.(keyChecker); ok {
		if err := kc.checkKey(key.Public()); err != nil {
			return nil, err
		}
	}
	if err := checkSigner(ctx, unsecured, key, opts); err != nil {
		return nil, err
	}
	sig, err := suite.Sign(key, hd.Data)
	if err != nil {
		return nil, signingError(err)
	}

	value, err := multibase.Encode(multibase.Base58BTC, sig)
	if err != nil {
		return nil, err
	}
	proof = append(proof, member{"proofValue", value})
	if existing == nil && !contextChanged {
		if opts.ProofList {
			return appendMember(doc, "proof", []any{proof})
		}
		return appendMember(doc, "proof", proof)
	}
	members, err := splitMembers(doc)
	if err != nil {
		return nil, err
	}
	return rewriteSigned(members, unsecured["@context"], contextChanged, proof, opts.ProofList)
}

// signingError passes on the suites' own errors (ErrKeyType, which say
// what they are) and says where others, from the crypto.Signer (an HSM, a
// KMS), came from.
func signingError(err error) error {
	if errors.Is(err, ErrKeyType) {
		return err
	}
	return fmt.Errorf("proof: the key could not sign: %w", err)
}

// SignWithKeyFile is Sign with the key of a key file (did.ReadKeyFile),
// its id as the verification method unless opts names one.
func SignWithKeyFile(ctx context.Context, doc []byte, k *did.KeyFile, opts SignOptions) ([]byte, error) {
	s, err := k.Signer()
	if err != nil {
		return nil, err
	}
	if opts.VerificationMethod == "" {
		opts.VerificationMethod = k.ID
	}
	return Sign(ctx, doc, s, opts)
}

// rewriteSigned writes the signed document from the original members: the
// new @context when it changed, and the proof member turned into the list
// of the existing proofs (their bytes kept) followed by the new one, or
// the new proof as the last member (a list of one with proofList).
func rewriteSigned(members []rawMember, docCtx any, contextChanged bool, proof orderedProof, proofList bool) ([]byte, error) {
	newProof, err := marshalJSON(proof)
	if err != nil {
		return nil, err
	}
	hasProof := false
	for i := range members {
		m := &members[i]
		switch m.name {
		case "@context":
			if contextChanged {
				if m.value, err = marshalJSON(docCtx); err != nil {
					return nil, err
				}
			}
		case "proof":
			hasProof = true
			var list []json.RawMessage
			if bytes.HasPrefix(m.value, []byte("[")) {
				if err := json.Unmarshal(m.value, &list); err != nil {
					return nil, fmt.Errorf("%w: %v", ErrMalformedDocument, err)
				}
			} else {
				list = []json.RawMessage{m.value}
			}
			if m.value, err = marshalJSON(append(list, newProof)); err != nil {
				return nil, err
			}
		}
	}
	if !hasProof {
		if proofList {
			newProof = append(append([]byte{'['}, newProof...), ']')
		}
		members = append(members, rawMember{name: "proof", rawName: []byte(`"proof"`), value: newProof})
	}
	return joinMembers(members)
}

// offlineRetriever establishes did:key and did:jwk verification methods,
// which encode their key and controller, without any network.
var offlineRetriever = sync.OnceValue(func() *did.Retriever {
	res, err := did.NewMultiResolver(did.OfflineMethods())
	if err != nil {
		panic("proof: offline resolver: " + err.Error())
	}
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: res})
	if err != nil {
		panic("proof: offline retriever: " + err.Error())
	}
	return r
})

// checkSigner refuses what makes a proof that can never serve its
// purpose, where that can be told offline: a did:key or did:jwk
// verification method that does not encode the signing key, or (unless
// opts.CoSigner) whose DID is not the document's issuer, or for a
// presentation its holder.
func checkSigner(ctx context.Context, doc map[string]any, key crypto.Signer, opts SignOptions) error {
	vm := opts.VerificationMethod
	if !strings.HasPrefix(vm, "did:key:") && !strings.HasPrefix(vm, "did:jwk:") {
		return nil
	}
	// The key and its controller are what matter here; the proof purpose
	// is the verifier's to check (did:key and did:jwk documents list their
	// signing keys under assertionMethod).
	m, err := offlineRetriever().Retrieve(ctx, vm, did.AssertionMethod)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("proof: signing stopped: %w", ctx.Err())
		}
		return fmt.Errorf("%w: verification method %s: %w", ErrSignOptions, vm, err)
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(m.PublicKey) {
		return fmt.Errorf("%w: %s encodes another key than the one signing", ErrKeyMismatch, vm)
	}
	if opts.CoSigner {
		return nil
	}
	party, role := "", "issuer"
	if v, ok := doc["issuer"]; ok {
		party, _ = issuerID(v)
	} else if v, ok := doc["holder"]; ok && isPresentation(doc) {
		party, _ = issuerID(v)
		role = "holder"
	}
	if party == "" && hasType(doc, "VerifiableCredential") {
		// No key can be the issuer's: every verifier refuses it.
		return fmt.Errorf("%w: the credential names no issuer id (a string, or an object's id), so %s cannot be its issuer's key (the CoSigner option signs it anyway)", ErrNotIssuerKey, vm)
	}
	if party == "" || IssuerBinds(m, party) {
		return nil
	}
	return &NotIssuerKeyError{Controller: m.Controller, Party: party, Role: role}
}

// NotIssuerKeyError is the ErrNotIssuerKey that Sign returns: it names the
// key's controller and the party the document says should sign.
type NotIssuerKeyError struct {
	Controller string // the DID of the signing key's verification method
	Party      string // the document's issuer, or a presentation's holder
	Role       string // "issuer" or "holder"
}

// Error names both parties and the option that allows such a proof.
func (e *NotIssuerKeyError) Error() string {
	return "proof: the key's controller " + e.Controller + " is not the document's " + e.Role + " " + e.Party +
		" (a deliberate proof by another party needs the CoSigner option)"
}

// Unwrap makes errors.Is(err, ErrNotIssuerKey) hold.
func (e *NotIssuerKeyError) Unwrap() error { return ErrNotIssuerKey }

// isPresentation reports whether doc's type includes VerifiablePresentation.
func isPresentation(doc map[string]any) bool { return hasType(doc, "VerifiablePresentation") }

// hasType reports whether doc's type is or includes t.
func hasType(doc map[string]any, t string) bool {
	for _, x := range asList(doc["type"]) {
		if x == t {
			return true
		}
	}
	return false
}

// oneOrList returns nil for no values, the value for one, the list for
// more: the two forms Data Integrity allows for domain and previousProof.
func oneOrList(values []string) any {
	switch len(values) {
	case 0:
		return nil
	case 1:
		return values[0]
	}
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}

// orderMembers lays out the proof members: first those named in order,
// then the rest in the default order.
func orderMembers(fields map[string]any, order []string) orderedProof {
	var p orderedProof
	seen := map[string]bool{}
	for _, list := range [][]string{order, defaultMemberOrder} {
		for _, name := range list {
			if v, ok := fields[name]; ok && !seen[name] {
				p = append(p, member{name, v})
				seen[name] = true
			}
		}
	}
	return p
}

// member and orderedProof write a proof with its members in a fixed order.
type member struct {
	name  string
	value any
}

type orderedProof []member

func (p orderedProof) object() map[string]any {
	m := make(map[string]any, len(p))
	for _, e := range p {
		m[e.name] = e.value
	}
	return m
}

// MarshalJSON writes the members in order, without HTML escaping.
func (p orderedProof) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, e := range p {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := writeJSON(&buf, e.name); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := writeJSON(&buf, e.value); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func writeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	return nil
}

// decodeObject decodes a JSON object, keeping numbers as json.Number. Text
// that is not JSON is ErrMalformedDocument; JSON that breaks an I-JSON rule
// is the *ld.Error (Code ld.CodeNotIJSON) that names the rule and where.
func decodeObject(doc []byte) (map[string]any, error) {
	v, err := ld.DecodeJSON(doc, 0)
	if le := (*ld.Error)(nil); errors.As(err, &le) && le.Code == ld.CodeNotIJSON {
		return nil, fmt.Errorf("proof: %w", err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedDocument, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, ErrMalformedDocument
	}
	return m, nil
}

// appendMember inserts "name": value as the last member of the JSON object
// in doc, leaving every other byte of its members as they are, and indents
// the result with two spaces followed by a newline.
func appendMember(doc []byte, name string, value any) ([]byte, error) {
	trimmed := bytes.TrimSpace(doc)
	if len(trimmed) < 2 || trimmed[len(trimmed)-1] != '}' {
		return nil, ErrMalformedDocument
	}
	var buf bytes.Buffer
	body := bytes.TrimSpace(trimmed[:len(trimmed)-1])
	buf.Write(body)
	if len(body) > 1 { // not "{"
		buf.WriteByte(',')
	}
	if err := writeJSON(&buf, name); err != nil {
		return nil, err
	}
	buf.WriteByte(':')
	if err := writeJSON(&buf, value); err != nil {
		return nil, err
	}
	buf.WriteByte('}')
	out, err := jsonobj.Indent(make([]byte, 0, buf.Len()*3/2), buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("proof: document is not valid JSON: %w", err)
	}
	return append(out, '\n'), nil
}

// purposeAndTimes returns the proof purpose and creation time opts give,
// with their defaults (assertionMethod, now), checking that an expiry
// comes after the creation.
func (opts SignOptions) purposeAndTimes() (purpose string, created time.Time, err error) {
	purpose = string(cmp.Or(opts.Purpose, did.AssertionMethod))
	created = opts.Created
	if created.IsZero() {
		created = time.Now()
	}
	if !opts.Expires.IsZero() && !opts.Expires.After(created) {
		return "", time.Time{}, fmt.Errorf("%w: expires is not after created", ErrSignOptions)
	}
	return purpose, created, nil
}

// proofFields returns the members of a DataIntegrityProof of the suite
// named cryptosuite that opts, the purpose and the creation time give
// (previousProof and a proof @context aside, which depend on the suite).
func proofFields(opts SignOptions, cryptosuite, purpose string, created time.Time) map[string]any {
	fields := map[string]any{
		"type":               "DataIntegrityProof",
		"created":            created.UTC().Format("2006-01-02T15:04:05Z"),
		"verificationMethod": opts.VerificationMethod,
		"cryptosuite":        cryptosuite,
		"proofPurpose":       purpose,
	}
	if opts.ID != "" {
		fields["id"] = opts.ID
	}
	if !opts.Expires.IsZero() {
		fields["expires"] = opts.Expires.UTC().Format("2006-01-02T15:04:05Z")
	}
	if v := oneOrList(opts.Domain); v != nil {
		fields["domain"] = v
	}
	if opts.Challenge != "" {
		fields["challenge"] = opts.Challenge
	}
	if opts.Nonce != "" {
		fields["nonce"] = opts.Nonce
	}
	return fields
}
