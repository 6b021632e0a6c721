package proof

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"strings"

	"github.com/clrkit/clrkit/proof/ld"
)

// Errors of the canonicalization dialect (see ld.Dialect).
var (
	// ErrDialect: a signature that does not verify over the specs'
	// canonical form but does over the form of a dialect the Verifier does
	// not accept (VerifierOptions.AcceptDialects). The error is a
	// *DialectError naming the constructs that make the difference.
	ErrDialect = errors.New("proof: signature verifies only in another canonicalization dialect")
	// ErrDialectDependent: Sign refuses a document whose canonical form
	// differs between the dialects, since a signature over it would not
	// verify in every implementation. The error is a *DialectError naming
	// each construct and how to write it unambiguously.
	ErrDialectDependent = errors.New("proof: the document's canonical form depends on the JSON-LD implementation")
)

// DialectError lists the constructs of a document that the dialects
// canonicalize differently. Err is ErrDialect or ErrDialectDependent.
type DialectError struct {
	Err error
	// Dialect is, for ErrDialect, the dialect the signature verifies in.
	Dialect ld.Dialect
	// Constructs are the places that canonicalize differently: JSON
	// pointers into the document, or into its proof for the proof
	// configuration.
	Constructs []ld.Construct
}

// maxListed bounds the constructs an error message lists.
const maxListed = 8

// Error names the failure and lists the constructs (at most eight), with
// how to write each unambiguously when signing was refused.
func (e *DialectError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	if e.Err == ErrDialect {
		fmt.Fprintf(&b, ": it verifies in the %s dialect (accept that with VerifierOptions.AcceptDialects, or clrkit verify --accept-dialect %s), which canonicalizes these values differently: ", e.Dialect, e.Dialect)
	} else {
		b.WriteString(": ")
	}
	for i, c := range e.Constructs {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", len(e.Constructs)-maxListed)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.String())
		if e.Err == ErrDialectDependent {
			b.WriteString(" (" + c.Remedy() + ")")
		}
	}
	return b.String()
}

// Unwrap returns Err.
func (e *DialectError) Unwrap() error { return e.Err }

// rdfcInput is what an RDFC suite's signature check computed, kept for
// trying the other dialect when the signature does not verify.
type rdfcInput struct {
	c         *ld.Canonicalizer
	h         crypto.Hash
	unsecured map[string]any
	doc       *canonicalDoc
	cfg       map[string]any
	cfgC      *ld.Canonical
	// proofPath is the JSON pointer of the proof, which prefixes the
	// paths of constructs in its configuration.
	proofPath string
}

// compare returns both dialects' canonical forms of the document and of the
// proof configuration, and the constructs that make them differ, or ok
// false when neither can depend on the dialect.
func (in *rdfcInput) compare(ctx context.Context) (doc, cfg *ld.DialectComparison, constructs []ld.Construct, ok bool, err error) {
	if !in.doc.canon.MayDependOnDialect() && !in.cfgC.MayDependOnDialect() {
		return nil, nil, nil, false, nil
	}
	if in.doc.cmp == nil && in.doc.cmpErr == nil {
		in.doc.cmp, in.doc.cmpErr = in.c.CompareDialectsValue(ctx, in.unsecured, in.doc.canon)
	}
	if in.doc.cmpErr != nil {
		return nil, nil, nil, false, in.doc.cmpErr
	}
	if cfg, err = in.c.CompareDialectsValue(ctx, in.cfg, in.cfgC); err != nil {
		return nil, nil, nil, false, err
	}
	doc = in.doc.cmp
	if !doc.Differs() && !cfg.Differs() {
		return nil, nil, nil, false, nil
	}
	constructs = append(constructs, doc.Constructs...)
	for _, c := range cfg.Constructs {
		c.Path = in.proofPath + c.Path
		constructs = append(constructs, c)
	}
	return doc, cfg, constructs, true, nil
}

// tryOtherDialect checks signature sig, which did not verify over the
// canonical forms in in's dialect, over the other dialect's, when the
// document or proof configuration canonicalizes differently there. A
// signature that verifies there is accepted, and r says so, when the
// Verifier accepts that dialect; otherwise the error is a *DialectError.
// sigErr is returned when the other dialect does not apply or does not
// verify either.
func (v *Verifier) tryOtherDialect(ctx context.Context, suite Cryptosuite, in *rdfcInput, pub crypto.PublicKey, sig []byte, r *ProofOutcome, sigErr error) error {
	doc, cfg, constructs, ok, err := in.compare(ctx)
	if err != nil || !ok {
		return sigErr // the other dialect refuses the document, or agrees
	}
	other := ld.DialectJSONLDJS
	if in.c.Dialect() == ld.DialectJSONLDJS {
		other = ld.DialectSpec
	}
	hd := rdfcHash(doc.In(other), cfg.In(other), in.h)
	if suite.Verify(pub, hd.Data, sig) != nil {
		return fmt.Errorf("%w (nor in the %s dialect, in which %d value(s) canonicalize differently)", sigErr, other, len(constructs))
	}
	if !v.accepts(other) {
		return &DialectError{Err: ErrDialect, Dialect: other, Constructs: constructs}
	}
	r.Dialect, r.Constructs, r.Explain = other.String(), constructs, hd
	return nil
}

// accepts reports whether the Verifier accepts proofs that verify in
// dialect d.
func (v *Verifier) accepts(d ld.Dialect) bool {
	if d == ld.DialectSpec {
		return true
	}
	for _, a := range v.dialects {
		if a == d {
			return true
		}
	}
	return false
}
