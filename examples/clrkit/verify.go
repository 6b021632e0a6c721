package main

import (
	"cmp"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
)

const verifyUsage = "verify [--at RFC3339] [--format json|text] [--explain] [--unsafe-key-from-fragment] FILE"

// report is the verification report of CLI.md. At this stage it holds the
// proof and issuer-binding checks; the full pipeline (schema, status,
// dates, nested credentials) arrives with the verification issue.
type report struct {
	Verified bool          `json:"verified"`
	Kind     string        `json:"kind"`
	ID       string        `json:"id,omitempty"`
	Issuer   string        `json:"issuer,omitempty"`
	Checks   []check       `json:"checks"`
	Errors   []reportIssue `json:"errors"`
	Warnings []reportIssue `json:"warnings"`
	Nested   []report      `json:"nested"`
	Explain  []explain     `json:"explain,omitempty"`
}

type check struct {
	Check  string `json:"check"`
	Status string `json:"status"`
	Detail string `json:"detail,omitempty"`
}

type reportIssue struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Path    string `json:"path,omitempty"`
}

type explain struct {
	Proof                string `json:"proof"`
	CanonicalProofConfig string `json:"canonicalProofConfig"`
	CanonicalDocument    string `json:"canonicalDocument"`
	ProofConfigHashHex   string `json:"proofConfigHashHex"`
	DocumentHashHex      string `json:"documentHashHex"`
	HashDataHex          string `json:"hashDataHex"`
}

// runVerify checks the proofs of an embedded-proof credential or
// presentation and prints the report: exit 0 verified, 1 not verified.
func runVerify(e *env, args []string) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	at := fs.String("at", "", "the time to verify at, RFC 3339 (default: now)")
	format := fs.String("format", "json", "report format: json or text")
	withExplain := fs.Bool("explain", false, "add the canonical forms and hashes of each proof check")
	unsafeFragment := fs.Bool("unsafe-key-from-fragment", false, "accept the 1EdTech convention where an https verification method's fragment is its public key (the issuer binding is then not proven)")
	files, err := parseFlags(fs, args)
	if err != nil || len(files) != 1 || (*format != "json" && *format != "text") {
		return e.fail(exitUsage, "usage: clrkit %s", verifyUsage)
	}
	now := time.Now
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return e.fail(exitUsage, "verify: --at %q is not an RFC 3339 time", *at)
		}
		now = func() time.Time { return t }
	}
	data, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	if proof.IsCompactJWT(data) {
		return verifyJWT(e, data, now, *format)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil || doc == nil {
		return e.fail(exitUsage, "%s: not a JSON object", files[0])
	}
	v, err := newCLIVerifier(*unsafeFragment, now)
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	purpose := did.AssertionMethod
	if hasType(doc, "VerifiablePresentation") {
		purpose = did.Authentication
	}
	res, verr := v.Verify(e.ctx, data, proof.Expectations{Purpose: purpose})
	if errors.Is(verr, proof.ErrMalformedDocument) {
		return e.fail(exitUsage, "%s: %v", files[0], verr)
	}
	r := newReport(doc, res, verr, *withExplain)
	if *format == "text" {
		writeTextReport(e, r)
	} else {
		out, _ := json.MarshalIndent(r, "", "  ")
		e.stdout.Write(append(out, '\n'))
	}
	if r.Verified {
		return exitOK
	}
	return exitRejected
}

func newCLIVerifier(unsafeFragment bool, now func() time.Time) (*proof.Verifier, error) {
	mr, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}, "jwk": did.JWKResolver{}})
	if err != nil {
		return nil, err
	}
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: mr, UnsafeKeyFromFragment: unsafeFragment})
	if err != nil {
		return nil, err
	}
	return proof.NewVerifier(proof.VerifierOptions{Retriever: r, Now: now})
}

func newReport(doc map[string]any, res *proof.Result, verr error, withExplain bool) report {
	r := report{Kind: kindOf(doc), Checks: []check{}, Errors: []reportIssue{}, Warnings: []reportIssue{}, Nested: []report{}}
	r.ID, _ = doc["id"].(string)
	switch iss := doc["issuer"].(type) {
	case string:
		r.Issuer = iss
	case map[string]any:
		r.Issuer, _ = iss["id"].(string)
	}
	if res == nil {
		r.Checks = append(r.Checks, check{Check: "proof", Status: "failed", Detail: verr.Error()})
		r.Errors = append(r.Errors, reportIssue{Code: proofErrorCode(verr), Message: verr.Error(), Path: "/proof"})
		return r
	}
	for i, p := range res.Proofs {
		path := "/proof"
		if len(res.Proofs) > 1 {
			path += "/" + strconv.Itoa(i)
		}
		if p.Verified {
			r.Checks = append(r.Checks, check{Check: "proof", Status: "passed", Detail: cmp.Or(p.Cryptosuite, p.Type) + " by " + p.VerificationMethod})
			if p.KeySource == did.SourceMultibaseFragment {
				r.Warnings = append(r.Warnings, reportIssue{Code: "UNVERIFIED_ISSUER_KEY",
					Message: "the key was taken from the verification method URL's fragment; nothing binds it to " + p.Controller, Path: path})
			}
		} else {
			r.Checks = append(r.Checks, check{Check: "proof", Status: "failed", Detail: p.Error.Error()})
			r.Errors = append(r.Errors, reportIssue{Code: proofErrorCode(p.Error), Message: p.Error.Error(), Path: path})
		}
		if withExplain && p.Explain != nil {
			r.Explain = append(r.Explain, explain{Proof: path,
				CanonicalProofConfig: string(p.Explain.CanonicalProofConfig), CanonicalDocument: string(p.Explain.CanonicalDocument),
				ProofConfigHashHex: hex.EncodeToString(p.Explain.ProofConfigHash), DocumentHashHex: hex.EncodeToString(p.Explain.DocumentHash),
				HashDataHex: hex.EncodeToString(p.Explain.Data)})
		}
	}
	r.Verified = verr == nil
	return r
}

// proofErrorCode names a proof failure with the Data Integrity error names
// where they exist.
func proofErrorCode(err error) string {
	switch {
	case errors.Is(err, proof.ErrSignature):
		return "PROOF_VERIFICATION_ERROR"
	case errors.Is(err, proof.ErrNoProof), errors.Is(err, proof.ErrMalformedProof):
		return "MALFORMED_PROOF_ERROR"
	case errors.Is(err, proof.ErrPurpose):
		return "MISMATCHED_PROOF_PURPOSE_ERROR"
	case errors.Is(err, proof.ErrExpired):
		return "PROOF_EXPIRED"
	case errors.Is(err, proof.ErrIssuerBinding):
		return "ISSUER_BINDING_ERROR"
	case errors.Is(err, proof.ErrUnsupportedProof):
		return "UNSUPPORTED_CRYPTOSUITE"
	}
	var re *did.ResolutionError
	if errors.As(err, &re) {
		return "VERIFICATION_METHOD_ERROR"
	}
	return "PROOF_VERIFICATION_ERROR"
}

func hasType(doc map[string]any, t string) bool {
	switch v := doc["type"].(type) {
	case string:
		return v == t
	case []any:
		for _, x := range v {
			if x == t {
				return true
			}
		}
	}
	return false
}

// kindOf names the most specific known type of doc.
func kindOf(doc map[string]any) string {
	for _, t := range []string{"ClrCredential", "EndorsementCredential", "AchievementCredential", "OpenBadgeCredential", "VerifiablePresentation", "VerifiableCredential"} {
		if hasType(doc, t) {
			return t
		}
	}
	return "unknown"
}

func writeTextReport(e *env, r report) {
	verdict := "NOT VERIFIED"
	if r.Verified {
		verdict = "VERIFIED"
	}
	fmt.Fprintf(e.stdout, "%s: %s %s (issuer %s)\n", verdict, r.Kind, r.ID, r.Issuer)
	for _, c := range r.Checks {
		fmt.Fprintf(e.stdout, "  %-6s %-7s %s\n", c.Check, c.Status, c.Detail)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(e.stdout, "  warning %s at %s: %s\n", w.Code, w.Path, w.Message)
	}
}
