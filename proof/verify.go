package proof

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/multiformats/go-multibase"

	"github.com/clrkit/clrkit/did"
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
)

// VerifierOptions configure a Verifier.
type VerifierOptions struct {
	// Retriever turns verification method URLs into keys and controllers.
	// Required.
	Retriever *did.Retriever
	// Suites are the cryptosuites accepted; nil means all built-in ones.
	Suites []Cryptosuite
	// Now is the clock for "expires" checks (default time.Now).
	Now func() time.Time
}

// Verifier checks Data Integrity proofs. Configure it once with
// NewVerifier; it is safe for concurrent use.
type Verifier struct {
	retriever *did.Retriever
	suites    map[string]Cryptosuite
	now       func() time.Time
}

// NewVerifier checks opts and returns a Verifier.
func NewVerifier(opts VerifierOptions) (*Verifier, error) {
	if opts.Retriever == nil {
		return nil, errors.New("proof: NewVerifier: no Retriever")
	}
	suites := opts.Suites
	if suites == nil {
		suites = []Cryptosuite{EdDSARDFC2022{}}
	}
	v := &Verifier{retriever: opts.Retriever, suites: make(map[string]Cryptosuite, len(suites)), now: opts.Now}
	for _, s := range suites {
		v.suites[s.Name()] = s
	}
	if v.now == nil {
		v.now = time.Now
	}
	return v, nil
}

// Expectations are what one verification requires of the proof, beyond a
// valid signature.
type Expectations struct {
	// Purpose is the proof purpose required: "" means assertionMethod
	// (credentials); presentations use did.Authentication.
	Purpose did.Relationship
	// Challenge and Domain, when set, must equal the proof's.
	Challenge, Domain string
}

// ProofResult describes the check of one proof.
type ProofResult struct {
	Type               string           `json:"type"`
	Cryptosuite        string           `json:"cryptosuite,omitempty"`
	VerificationMethod string           `json:"verificationMethod"`
	Purpose            string           `json:"proofPurpose"`
	Created            string           `json:"created,omitempty"`
	Controller         string           `json:"controller,omitempty"`
	KeySource          did.MethodSource `json:"keySource,omitempty"`
	Verified           bool             `json:"verified"`
	// Error is why the proof failed, nil when it verified.
	Error error `json:"-"`
	// Explain holds the intermediate values of the signature check, when it
	// got that far.
	Explain *HashData `json:"-"`
}

// Result is the outcome of Verify: one entry per proof, in document order.
type Result struct {
	Proofs []ProofResult `json:"proofs"`
}

// Verify checks the proofs of the JSON document doc (a credential or a
// presentation) and returns nil error when at least one of them verifies:
// a valid signature by a key listed under the expected purpose in its
// controller's document, with the expected challenge and domain, not
// expired, and, for a credential (a document with an "issuer"), a key
// controlled by the issuer. The result describes every proof either way.
func (v *Verifier) Verify(ctx context.Context, doc []byte, exp Expectations) (*Result, error) {
	secured, err := decodeObject(doc)
	if err != nil {
		return nil, err
	}
	proofs, err := proofObjects(secured["proof"])
	if err != nil {
		return nil, err
	}
	unsecured := make(map[string]any, len(secured))
	for k, val := range secured {
		if k != "proof" {
			unsecured[k] = val
		}
	}
	issuer, isCredential := issuerID(secured["issuer"])
	res := &Result{Proofs: make([]ProofResult, len(proofs))}
	var firstErr error
	verified := false
	for i, p := range proofs {
		r := &res.Proofs[i]
		r.Error = v.verifyOne(ctx, unsecured, p, exp, r)
		if r.Error == nil && isCredential && r.Controller != issuer {
			r.Error = fmt.Errorf("%w: key controller %s, issuer %s", ErrIssuerBinding, r.Controller, issuer)
		}
		r.Verified = r.Error == nil
		verified = verified || r.Verified
		if firstErr == nil {
			firstErr = r.Error
		}
	}
	if verified {
		return res, nil
	}
	return res, firstErr
}

func (v *Verifier) verifyOne(ctx context.Context, unsecured, p map[string]any, exp Expectations, r *ProofResult) error {
	str := func(name string) string { s, _ := p[name].(string); return s }
	r.Type, r.Cryptosuite, r.VerificationMethod = str("type"), str("cryptosuite"), str("verificationMethod")
	r.Purpose, r.Created = str("proofPurpose"), str("created")
	if r.Type != "DataIntegrityProof" {
		return fmt.Errorf("%w: type %q", ErrUnsupportedProof, r.Type)
	}
	suite, ok := v.suites[r.Cryptosuite]
	if !ok {
		return fmt.Errorf("%w: cryptosuite %q", ErrUnsupportedProof, r.Cryptosuite)
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
	if err := v.checkDates(p); err != nil {
		return err
	}
	if err := checkProofContext(p["@context"], unsecured["@context"]); err != nil {
		return err
	}
	enc, sig, err := multibase.Decode(str("proofValue"))
	if err != nil || enc != multibase.Base58BTC {
		return fmt.Errorf("%w: proofValue is not multibase base58btc", ErrMalformedProof)
	}
	if r.VerificationMethod == "" {
		return fmt.Errorf("%w: no verificationMethod", ErrMalformedProof)
	}
	m, err := v.retriever.Retrieve(ctx, r.VerificationMethod, want)
	if err != nil {
		return err
	}
	r.Controller, r.KeySource = m.Controller, m.Source
	hd, err := suite.HashData(ctx, unsecured, proofConfig(p, unsecured["@context"]))
	if err != nil {
		return err
	}
	r.Explain = hd
	return suite.Verify(m.PublicKey, hd.Data, sig)
}

// checkDates requires created and expires, when present, to be XML Schema
// dateTime values, and expires to be in the future.
func (v *Verifier) checkDates(p map[string]any) error {
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
		if name == "expires" && !v.now().Before(t) {
			return fmt.Errorf("%w: expired at %s", ErrExpired, s)
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
