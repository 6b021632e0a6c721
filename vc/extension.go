package vc

import "context"

// Extension adds the checks of a family of credentials to a Verifier, as
// the openbadges and clr packages add Open Badges 3.0 and CLR 2.0 (their
// NewVerifier functions append their Extension to
// VerifierOptions.Extensions). A third party adds checks of its own the same
// way: an Extension in VerifierOptions.Extensions, which records what it
// finds through the Checker it is given.
//
// Implementations must be safe for concurrent use: one Verifier verifies
// many documents at once.
type Extension interface {
	// Applies reports whether the extension checks this document (by its
	// type, usually).
	Applies(d *Document) bool
	// CheckStructure adds the family's structural checks (step 1 of the
	// verification: required members, contexts), before the schema and
	// proof checks.
	CheckStructure(d *Document, c *Checker)
	// CheckContent runs after the proof, status and date checks: the
	// recipient, endorsements, credentials held inside the document, which
	// c verifies (Checker.VerifyNested, VerifyNestedAll, CheckNested).
	CheckContent(ctx context.Context, d *Document, exp Expectations, c *Checker)
}

// Checker is what a Verifier hands an Extension for one document: where it
// records its checks, errors and warnings (they go into the document's
// Report, with the classes ClassOfCheck and ClassOfCode give them), and how
// it verifies documents found inside (a CLR's credentials, endorsements),
// within the Verifier's limits. A Checker is valid only during the call it
// is given to.
type Checker struct {
	v *Verifier
	r *Report
}

// NewChecker returns the Checker of report r within verifier v, for
// running an Extension's checks (or helpers that take a Checker, such as
// openbadges.CheckContexts) outside a verification: in tests, say.
func NewChecker(v *Verifier, r *Report) *Checker { return &Checker{v: v, r: r} }

// Report returns what has been recorded for the document so far: read it
// (CheckStatus, HasError, ...), record through the Checker.
func (c *Checker) Report() *Report { return c.r }

// Limits returns the Verifier's limits (MaxNested bounds what an extension
// should verify inside one document).
func (c *Checker) Limits() Limits { return c.v.limits }

// Pass records a passed check.
func (c *Checker) Pass(check, detail string) { c.r.pass(check, detail) }

// Skip records a check that did not apply.
func (c *Checker) Skip(check, detail string) { c.r.skip(check, detail) }

// Fail records a failed check and its error (a stable code, and a JSON
// pointer into the document where it applies). The document does not
// verify under profiles that count the check's class.
func (c *Checker) Fail(check, code, path, format string, args ...any) {
	c.r.fail(check, code, path, format, args...)
}

// Warn records a check that passed with a reservation, and the warning.
func (c *Checker) Warn(check, code, path, format string, args ...any) {
	c.r.warn(check, code, path, format, args...)
}

// AddError records an error without a check line of its own (a check with
// several findings records one line and several errors).
func (c *Checker) AddError(code, path, format string, args ...any) {
	c.r.addError(code, path, format, args...)
}

// AddWarning records a warning without a check line of its own.
func (c *Checker) AddWarning(code, path, format string, args ...any) {
	c.r.addWarning(code, path, format, args...)
}

// VerifyNested verifies a document found inside this one with the same
// expectations one level deeper (no challenge, domain or purpose), and
// returns its report with paths rebased under path. The report is not
// added to this document's: the extension decides what it means.
func (c *Checker) VerifyNested(ctx context.Context, data []byte, path string, exp Expectations) *Report {
	return c.v.verifyNested(ctx, data, path, exp)
}

// VerifyNestedAll verifies each document as VerifyNested does, at most
// Limits.Concurrency at a time, and returns their reports in order.
func (c *Checker) VerifyNestedAll(ctx context.Context, docs [][]byte, paths []string, exp Expectations) []*Report {
	return c.v.verifyNestedAll(ctx, docs, paths, exp)
}

// CheckNested verifies the documents as VerifyNestedAll does, appends their
// reports to this document's Nested in order, and records the nested check:
// failed, naming each credential that does not verify.
func (c *Checker) CheckNested(ctx context.Context, docs [][]byte, paths []string, exp Expectations) {
	c.v.checkNested(ctx, docs, paths, exp, c.r)
}
