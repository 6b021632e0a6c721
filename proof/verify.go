package proof

import (
	"cmp"
	"context"
	"crypto"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/multiformats/go-multibase"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/jsonptr"
	"github.com/clrkit/clrkit/proof/ld"
)

// Errors of proof verification, each wrapped with the detail of the proof
// at fault; test for them with errors.Is.
var (
	// ErrNoProof: the document carries no proof.
	ErrNoProof = errors.New("proof: no proof")
	// ErrUnsupportedProof: a proof type or cryptosuite the Verifier does not
	// accept.
	ErrUnsupportedProof = errors.New("proof: unsupported proof type or cryptosuite")
	// ErrMalformedProof: a proof whose members are missing or of the wrong
	// form (proofValue, created, expires, @context).
	ErrMalformedProof = errors.New("proof: malformed proof")
	// ErrPurpose: the proof purpose, challenge or domain is not the one
	// expected.
	ErrPurpose = errors.New("proof: proof purpose, challenge or domain mismatch")
	// ErrExpired: the proof's expires time has passed.
	ErrExpired = errors.New("proof: proof expired")
	// ErrIssuerBinding: the key that signed a credential is not controlled
	// by its issuer.
	ErrIssuerBinding = errors.New("proof: verification method not controlled by the issuer")
	// ErrCreatedInFuture: the proof's created time is later than the
	// verifier's clock plus the allowed skew.
	ErrCreatedInFuture = errors.New("proof: proof created in the future")
	// ErrVerifierOptions: NewVerifier was given unusable options.
	ErrVerifierOptions = errors.New("proof: invalid verifier options")
	// ErrProofLimit: a document with more proofs than
	// VerifierOptions.MaxProofs allows.
	ErrProofLimit = errors.New("proof: too many proofs")
)

// DefaultMaxProofs is how many proofs one document may carry unless
// VerifierOptions.MaxProofs says otherwise. VC Data Integrity sets no
// bound, but every proof of a chain signs the document again with the
// proofs it names, so n proofs that each name all the others cost n times
// the document plus n² proofs to check; the sets and chains in use have a
// handful.
const DefaultMaxProofs = 32

// DefaultClockSkew is how far in the future a proof's created time may be
// before a Verifier rejects it, unless VerifierOptions.ClockSkew says
// otherwise.
const DefaultClockSkew = 5 * time.Minute

// VerifierOptions configure a Verifier.
type VerifierOptions struct {
	// Retriever turns verification method URLs into keys and controllers.
	// Required.
	Retriever *did.Retriever
	// Suites are the cryptosuites accepted; nil means all built-in ones
	// (DefaultSuites).
	Suites []Cryptosuite
	// Now is the clock for the "created" and "expires" checks (default
	// time.Now).
	Now func() time.Time
	// ClockSkew is how far after Now a proof's created time may be; 0
	// means DefaultClockSkew and a negative value allows none.
	ClockSkew time.Duration
	// MaxProofs bounds the proofs of one document (0 means
	// DefaultMaxProofs); a document with more fails with ErrProofLimit
	// before any is checked.
	MaxProofs int
	// AcceptDialects lists canonicalization dialects, besides the specs'
	// (always accepted), in which an RDFC proof's signature may verify.
	// With ld.DialectJSONLDJS, a signature that does not verify over the
	// specs' canonical form is checked over jsonld.js's, but only when the
	// document or proof configuration holds a construct the two
	// canonicalize differently; a proof that verifies that way has
	// ProofOutcome.Dialect and Constructs set. Without it, such a proof
	// fails with a *DialectError (ErrDialect) naming the constructs.
	AcceptDialects []ld.Dialect
}

// ProofTyper is implemented by suites whose proofs carry a type of their
// own (such as Ed25519Signature2020) rather than the type
// DataIntegrityProof with a cryptosuite member. A Verifier picks those
// suites by the proof's type.
type ProofTyper interface {
	ProofType() string
}

// DefaultSuites returns the suites a Verifier accepts when
// VerifierOptions.Suites is nil: eddsa-rdfc-2022, eddsa-jcs-2022,
// ecdsa-rdfc-2019 (P-256 and P-384), ecdsa-sd-2023 (derived proofs, P-256),
// and, verify-only, the pre-final eddsa-2022,
// Ed25519Signature2020 and Ed25519Signature2018. Each call returns a new slice.
func DefaultSuites() []Cryptosuite {
	return []Cryptosuite{EdDSARDFC2022{}, EdDSAJCS2022{}, ECDSARDFC2019{}, ECDSASD2023{}, EdDSA2022{}, Ed25519Signature2020{}, Ed25519Signature2018{}}
}

// Verifier checks Data Integrity proofs. Configure it once with
// NewVerifier; it is safe for concurrent use.
type Verifier struct {
	retriever *did.Retriever
	suites    map[string]Cryptosuite // by cryptosuite name
	typed     map[string]Cryptosuite // by proof type, for ProofTyper suites
	now       func() time.Time
	skew      time.Duration
	maxProofs int
	dialects  []ld.Dialect
}

// NewVerifier checks opts and returns a Verifier.
func NewVerifier(opts VerifierOptions) (*Verifier, error) {
	if opts.Retriever == nil {
		return nil, fmt.Errorf("%w: no Retriever", ErrVerifierOptions)
	}
	suites := opts.Suites
	if suites == nil {
		suites = DefaultSuites()
	}
	v := &Verifier{retriever: opts.Retriever, suites: map[string]Cryptosuite{}, typed: map[string]Cryptosuite{},
		now: opts.Now, skew: opts.ClockSkew, maxProofs: cmp.Or(opts.MaxProofs, DefaultMaxProofs),
		dialects: slices.Clone(opts.AcceptDialects)}
	for _, d := range opts.AcceptDialects {
		if d != ld.DialectSpec && d != ld.DialectJSONLDJS {
			return nil, fmt.Errorf("%w: unknown dialect %v", ErrVerifierOptions, d)
		}
	}
	if opts.MaxProofs < 0 {
		return nil, fmt.Errorf("%w: negative MaxProofs", ErrVerifierOptions)
	}
	for _, s := range suites {
		if s == nil {
			return nil, fmt.Errorf("%w: nil suite", ErrVerifierOptions)
		}
		if t, ok := s.(ProofTyper); ok && t.ProofType() != "DataIntegrityProof" {
			v.typed[t.ProofType()] = s
		} else {
			v.suites[s.Name()] = s
		}
	}
	if v.now == nil {
		v.now = time.Now
	}
	switch {
	case v.skew == 0:
		v.skew = DefaultClockSkew
	case v.skew < 0:
		v.skew = 0
	}
	return v, nil
}

// Expectations are what one verification requires of the proof, beyond a
// valid signature.
type Expectations struct {
	// Purpose is the proof purpose required: "" means assertionMethod
	// (credentials); presentations use did.Authentication.
	Purpose did.Relationship
	// Challenge and Domain, when set, must equal the proof's (a proof's
	// domain may be a list, which must then include Domain).
	Challenge, Domain string
	// Nonce, when set, must equal the proof's.
	Nonce string
	// At, when not zero, is the time the created and expires checks use
	// instead of the Verifier's clock.
	At time.Time
	// Explain keeps the canonical proof configuration and document of the
	// RDFC suites in each ProofOutcome's Explain. Without it, Explain has
	// the hashes and the data signed but not the canonical forms, which
	// are then never written out: verifying is faster.
	Explain bool
}

// ProofOutcome describes the check of one proof.
type ProofOutcome struct {
	// ID is the proof's id, when it has one.
	ID                 string           `json:"id,omitempty"`
	Type               string           `json:"type"`
	Cryptosuite        string           `json:"cryptosuite,omitempty"`
	VerificationMethod string           `json:"verificationMethod"`
	Purpose            string           `json:"proofPurpose"`
	Created            string           `json:"created,omitempty"`
	Controller         string           `json:"controller,omitempty"`
	KeySource          did.MethodSource `json:"keySource,omitempty"`
	// PreviousProof lists the ids of the proofs this one is chained to.
	PreviousProof []string `json:"previousProof,omitempty"`
	Verified      bool     `json:"verified"`
	// Error is why the proof failed, nil when it verified.
	Error error `json:"-"`
	// Explain holds the intermediate values of the signature check, when it
	// got that far; the canonical forms of the RDFC suites only with
	// Expectations.Explain.
	Explain *HashData `json:"-"`
	// Dialect is set when the signature verified only over the canonical
	// form of a dialect other than the specs' (VerifierOptions
	// AcceptDialects): "jsonld-js".
	Dialect string `json:"dialect,omitempty"`
	// Constructs, with Dialect, are the values that dialect canonicalizes
	// otherwise than the specs: the signature covers what that dialect
	// makes of them, not what the document says (jsonld.js signs 1e-7 as
	// the integer 0, and drops a default @direction), so they are not
	// protected as written.
	Constructs []ld.Construct `json:"-"`
}

// Outcome is what Verify found: one entry per proof, in document order.
// (openbadges.Result, by contrast, is the Open Badges class of a grade.)
type Outcome struct {
	Proofs []ProofOutcome `json:"proofs"`
}

// Verify checks the proofs of the JSON document doc (a credential or a
// presentation) and returns nil error when every one of them verifies, as
// VC Data Integrity's "verify proof sets and chains" requires. A proof
// verifies with a valid signature by a key listed under the expected
// purpose in its controller's document, the expected challenge, domain and
// nonce, a created time not in the future and an expires time not past. A
// proof with previousProof must name proofs of the same document by id; its
// signature covers the document with those proofs.
//
// For a credential (a document with an "issuer"), at least one of the
// proofs must be by a key the issuer controls; the others may be by other
// parties (a co-signer, a notary) and are reported with their controller.
// When none is, every otherwise valid proof fails with ErrIssuerBinding.
// The error returned is the first failure; the result describes every
// proof either way.
func (v *Verifier) Verify(ctx context.Context, doc []byte, exp Expectations) (*Outcome, error) {
	secured, err := decodeObject(doc)
	if err != nil {
		return nil, err
	}
	return v.VerifyValue(ctx, secured, exp)
}

// VerifyValue is Verify on a document already decoded, as ld.DecodeJSON
// decodes it (maps, slices, strings, json.Number, bools and nil): what a
// caller that reads the same bytes for other purposes too (a schema, say)
// decodes once. secured is only read, never changed, so the same tree may
// serve other readers, concurrently too.
func (v *Verifier) VerifyValue(ctx context.Context, secured map[string]any, exp Expectations) (*Outcome, error) {
	proofs, err := proofObjects(secured["proof"])
	if err != nil {
		return nil, err
	}
	if len(proofs) > v.maxProofs {
		return nil, fmt.Errorf("%w: %d proofs, more than the limit of %d", ErrProofLimit, len(proofs), v.maxProofs)
	}
	chainErrs := checkChains(proofs)
	unsecured := make(map[string]any, len(secured))
	for k, val := range secured {
		if k != "proof" {
			unsecured[k] = val
		}
	}
	issuer, isCredential := issuerID(secured["issuer"])
	res := &Outcome{Proofs: make([]ProofOutcome, len(proofs))}
	var firstErr error
	bound := !isCredential
	docs := documents{}
	for i, p := range proofs {
		r := &res.Proofs[i]
		r.describe(p)
		r.Error = chainErrs[i]
		if r.Error == nil {
			path := "/proof"
			if _, isList := secured["proof"].([]any); isList {
				path += "/" + strconv.Itoa(i)
			}
			r.Error = v.verifyOne(ctx, unsecured, proofs, p, exp, docs, r, path)
		}
		r.Verified = r.Error == nil
		bound = bound || r.Verified && r.bindsTo(issuer)
		if firstErr == nil {
			firstErr = r.Error
		}
	}
	if firstErr == nil && !bound {
		for i := range res.Proofs {
			r := &res.Proofs[i]
			r.Error = fmt.Errorf("%w: key controller %s, issuer %s", ErrIssuerBinding, r.Controller, issuer)
			r.Verified = false
			if firstErr == nil {
				firstErr = r.Error
			}
		}
	}
	return res, firstErr
}

// describe fills in what proof p says of itself.
func (r *ProofOutcome) describe(p map[string]any) {
	str := func(name string) string { s, _ := p[name].(string); return s }
	r.Type, r.Cryptosuite, r.VerificationMethod = str("type"), str("cryptosuite"), str("verificationMethod")
	r.Purpose, r.Created, r.ID = str("proofPurpose"), str("created"), str("id")
	r.PreviousProof, _ = jsonptr.Strings(p["previousProof"])
}

// verifyOne checks proof p of the document, which r describes: all holds
// every proof of the document, for p's previousProof to reference; docs,
// the canonical forms of the proofs' inputs computed so far by this Verify
// call.
func (v *Verifier) verifyOne(ctx context.Context, unsecured map[string]any, all []map[string]any, p map[string]any, exp Expectations, docs documents, r *ProofOutcome, path string) error {
	str := func(name string) string { s, _ := p[name].(string); return s }
	docContext := unsecured["@context"]
	unsecured, err := chainInput(unsecured, all, p["previousProof"])
	if err != nil {
		return err
	}
	var suite Cryptosuite
	var ok bool
	if r.Type == "DataIntegrityProof" {
		if suite, ok = v.suites[r.Cryptosuite]; !ok {
			return fmt.Errorf("%w: cryptosuite %q", ErrUnsupportedProof, r.Cryptosuite)
		}
	} else if suite, ok = v.typed[r.Type]; !ok || r.Cryptosuite != "" {
		return fmt.Errorf("%w: type %q", ErrUnsupportedProof, r.Type)
	}
	want := exp.Purpose
	if want == "" {
		want = did.AssertionMethod
	}
	if r.Purpose != string(want) {
		return fmt.Errorf("%w: proofPurpose %q, expected %q", ErrPurpose, r.Purpose, want)
	}
	if exp.Challenge != "" && str("challenge") != exp.Challenge {
		return fmt.Errorf("%w: challenge %q", ErrPurpose, str("challenge"))
	}
	if exp.Domain != "" && !hasDomain(p["domain"], exp.Domain) {
		return fmt.Errorf("%w: domain does not include %q", ErrPurpose, exp.Domain)
	}
	if exp.Nonce != "" && str("nonce") != exp.Nonce {
		return fmt.Errorf("%w: nonce %q", ErrPurpose, str("nonce"))
	}
	if err := checkOptionForms(p); err != nil {
		return err
	}
	if err := v.checkDates(p, exp.At); err != nil {
		return err
	}
	if err := checkProofContext(p["@context"], docContext); err != nil {
		return err
	}
	var sig []byte
	var sdProof any // a selectiveSuite's parsed proofValue
	cfg := proofConfig(p, docContext)
	if _, ok := suite.(contextProof); ok {
		// The proof as it stands, and the document with the proof's
		// @context (checked above to begin the document's) in place of
		// its own.
		cfg = maps.Clone(p)
		delete(cfg, "proofValue")
		if pc, ok := p["@context"]; ok {
			unsecured = maps.Clone(unsecured)
			unsecured["@context"] = pc
		}
	}
	if _, ok := suite.(jwsSuite); ok {
		// The signature is a detached JWS, which the proof options leave
		// out, as they do any signatureValue.
		jws, isString := p["jws"].(string)
		if !isString {
			return fmt.Errorf("%w: no jws", ErrMalformedProof)
		}
		sig = []byte(jws)
		delete(cfg, "jws")
		delete(cfg, "signatureValue")
		if pc, ok := p["@context"]; ok {
			cfg["@context"] = pc // jsonld-signatures keeps a proof's own context
		}
	} else if sd, ok := suite.(selectiveSuite); ok {
		// The suite checks the proof whole, below, once the key is known.
		if sdProof, err = sd.checkProofValue(str("proofValue")); err != nil {
			return err
		}
	} else {
		enc, mb, err := multibase.Decode(str("proofValue"))
		if err != nil || enc != multibase.Base58BTC {
			return fmt.Errorf("%w: proofValue is not multibase base58btc", ErrMalformedProof)
		}
		sig = mb
	}
	if r.VerificationMethod == "" {
		return fmt.Errorf("%w: no verificationMethod", ErrMalformedProof)
	}
	m, err := v.retriever.Retrieve(ctx, r.VerificationMethod, want)
	if err != nil {
		return err
	}
	r.Controller, r.KeySource = m.Controller, m.Source
	if sd, ok := suite.(selectiveSuite); ok {
		hd, err := sd.verifyProof(ctx, unsecured, cfg, sdProof, m.PublicKey)
		r.Explain = hd
		return err
	}
	hd, in, err := hashProof(ctx, suite, unsecured, r.PreviousProof, cfg, m.PublicKey, docs, exp.Explain)
	if err != nil {
		return err
	}
	r.Explain = hd
	err = suite.Verify(m.PublicKey, hd.Data, sig)
	if err == nil || in == nil || !errors.Is(err, ErrSignature) {
		return err
	}
	in.proofPath = path
	return v.tryOtherDialect(ctx, suite, in, m.PublicKey, sig, r, err)
}

// jwsSuite is implemented by the suites whose signature is a detached JWS
// in the proof's "jws" member (Ed25519Signature2018), handed to Verify as
// its bytes.
type jwsSuite interface{ detachedJWS() }

// documents holds, for one Verify call, the canonical forms of the inputs
// the proofs sign, by canonicalizer and previousProof set, so that the
// proofs of a set, and the proofs of a chain that name the same proofs,
// are checked against one canonicalization.
type documents map[docKey]*canonicalDoc

// docKey names a proof's input: the canonicalizer, and the sorted ids of
// the proofs it is chained to ("" for none). A chained input holds the
// proofs as a graph container, an unordered set, so order does not matter.
type docKey struct {
	c     *ld.Canonicalizer
	chain string
	// digest is the hash function of a canonical form kept as its hash
	// only, 0 for one kept as N-Quads.
	digest crypto.Hash
}

type canonicalDoc struct {
	canon *ld.Canonical
	err   error
	// cmp compares the dialects, computed when a signature fails.
	cmp    *ld.DialectComparison
	cmpErr error
}

// hashProof is hashFor for a proof being verified. For an RDFC suite it
// takes the canonical form of the proof's input (the unsecured document,
// with the proofs it is chained to) from docs, computing it on first use,
// and returns what it computed for trying the other dialect. Unless asked
// to explain, it keeps the hashes of the canonical forms, not the forms.
func hashProof(ctx context.Context, suite Cryptosuite, unsecured map[string]any, previous []string, cfg map[string]any, pub crypto.PublicKey, docs documents, explain bool) (*HashData, *rdfcInput, error) {
	rs, ok := suite.(rdfcSuite)
	if !ok {
		hd, err := hashFor(ctx, suite, unsecured, cfg, pub)
		return hd, nil, err
	}
	h, err := rs.hashFor(pub)
	if err != nil {
		return nil, nil, err
	}
	c := rs.canonicalizer()
	digest := h
	if explain {
		digest = 0
	}
	k := docKey{c: c, digest: digest}
	if len(previous) > 0 {
		k.chain = strings.Join(slices.Sorted(slices.Values(previous)), "\x00")
	}
	d, ok := docs[k]
	if !ok {
		d = &canonicalDoc{}
		d.canon, d.err = canonicalDocument(ctx, c, unsecured, digest)
		docs[k] = d
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	cfgC, err := canonicalConfig(ctx, c, cfg, digest)
	if err != nil {
		return nil, nil, err
	}
	return rdfcHash(d.canon, cfgC, h), &rdfcInput{c: c, h: h, unsecured: unsecured, doc: d, cfg: cfg, cfgC: cfgC}, nil
}

// checkDates requires created and expires, when present, to be XML Schema
// dateTime values, created to be no later than the clock plus the allowed
// skew, and expires to be in the future.
func (v *Verifier) checkDates(p map[string]any, at time.Time) error {
	now := at
	if now.IsZero() {
		now = v.now()
	}
	for _, name := range []string{"created", "expires"} {
		raw, ok := p[name]
		if !ok {
			continue
		}
		s, _ := raw.(string)
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fmt.Errorf("%w: %s %q is not a dateTime", ErrMalformedProof, name, s)
		}
		if name == "expires" && !now.Before(t) {
			return fmt.Errorf("%w: expired at %s", ErrExpired, s)
		}
		if name == "created" && t.After(now.Add(v.skew)) {
			return fmt.Errorf("%w: created %s", ErrCreatedInFuture, s)
		}
	}
	return nil
}

// checkOptionForms requires the optional proof members to have the forms
// VC Data Integrity gives them: id, challenge and nonce strings, domain a
// string or a list of strings.
func checkOptionForms(p map[string]any) error {
	for _, name := range []string{"id", "challenge", "nonce"} {
		if v, ok := p[name]; ok {
			if _, isString := v.(string); !isString {
				return fmt.Errorf("%w: %s is not a string", ErrMalformedProof, name)
			}
		}
	}
	if v, ok := p["domain"]; ok {
		if _, ok := jsonptr.Strings(v); !ok {
			return fmt.Errorf("%w: domain is not a string or a list of strings", ErrMalformedProof)
		}
	}
	return nil
}

// checkProofContext requires a proof's own @context, when present, to be
// the beginning of the document's.
func checkProofContext(proofCtx, docCtx any) error {
	if proofCtx == nil {
		return nil
	}
	p, d := asList(proofCtx), asList(docCtx)
	if len(p) > len(d) || !slices.EqualFunc(p, d[:len(p)], func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }) {
		return fmt.Errorf("%w: the proof's @context is not the start of the document's", ErrMalformedProof)
	}
	return nil
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

func hasDomain(v any, want string) bool {
	for _, d := range asList(v) {
		if d == want {
			return true
		}
	}
	return false
}

// proofObjects returns the proof or proofs of a document.
func proofObjects(v any) ([]map[string]any, error) {
	if v == nil {
		return nil, ErrNoProof
	}
	var out []map[string]any
	for _, e := range asList(v) {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: a proof is not an object", ErrMalformedProof)
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, ErrNoProof
	}
	return out, nil
}

// issuerID returns the issuer's identifier (a string, or an object's id)
// and whether the document has an issuer at all.
func issuerID(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case map[string]any:
		id, _ := x["id"].(string)
		return id, true
	}
	return "", false
}
