package main

import (
	"encoding/json"
	"errors"
	"flag"
	"time"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
)

const jwtUsage = "jwt sign --key KEYFILE [--alg RS256|ES256|ES384|EdDSA] [--vc-claim] FILE"

// runJWT runs the jwt subcommands; "sign" prints FILE as an OB 3.0 VC-JWT.
func runJWT(e *env, args []string) int {
	if len(args) == 0 || args[0] != "sign" {
		return e.fail(exitUsage, "usage: clrkit %s", jwtUsage)
	}
	fs := flag.NewFlagSet("jwt sign", flag.ContinueOnError)
	keyFile := fs.String("key", "", "key file, as keygen writes it")
	alg := fs.String("alg", "", "JWS algorithm: RS256, ES256, ES384 or EdDSA (default: the key's usual one)")
	vcClaim := fs.Bool("vc-claim", false, "the legacy VC Data Model 1.1 form, with the credential under vc")
	files, err := parseFlags(fs, args[1:])
	if err != nil || len(files) != 1 || *keyFile == "" {
		return e.fail(exitUsage, "usage: clrkit %s", jwtUsage)
	}
	switch *alg {
	case "", proof.RS256, proof.ES256, proof.ES384, proof.EdDSA:
	default:
		return e.fail(exitUsage, "jwt sign: --alg %q is not one of RS256, ES256, ES384, EdDSA", *alg)
	}
	kf, err := did.ReadKeyFile(*keyFile)
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	if kf.ID == "" {
		return e.fail(exitUsage, "%s: the key file has no id (the verification method URL)", *keyFile)
	}
	doc, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	opts := proof.JWTSignOptions{Algorithm: *alg}
	if *vcClaim {
		opts.Form = proof.JWTFormVCClaim
	}
	tok, err := proof.SignJWTWithKeyFile(doc, kf, opts)
	if err != nil {
		return e.fail(exitUsage, "%s: %v", files[0], err)
	}
	e.stdout.Write([]byte(tok + "\n"))
	return exitOK
}

// newCLIJWTVerifier returns the JWT verifier of the command: did:key and
// did:jwk keys, no network, a minute of clock skew.
func newCLIJWTVerifier(now func() time.Time) (*proof.JWTVerifier, error) {
	mr, err := did.NewMultiResolver(map[string]did.Resolver{"key": &did.KeyResolver{}, "jwk": did.JWKResolver{}})
	if err != nil {
		return nil, err
	}
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: mr})
	if err != nil {
		return nil, err
	}
	return proof.NewJWTVerifier(proof.JWTVerifierOptions{Retriever: r, Resolver: mr, Now: now, Skew: time.Minute})
}

// verifyJWT verifies a compact JWT and prints the report of verify.
func verifyJWT(e *env, data []byte, now func() time.Time, format string) int {
	v, err := newCLIJWTVerifier(now)
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	res, verr := v.Verify(e.ctx, data)
	rep := newJWTReport(res, verr)
	if format == "text" {
		writeTextReport(e, rep)
	} else {
		out, _ := json.MarshalIndent(rep, "", "  ")
		e.stdout.Write(append(out, '\n'))
	}
	if rep.Verified {
		return exitOK
	}
	return exitRejected
}

func newJWTReport(res *proof.JWTResult, verr error) report {
	rep := report{Kind: "unknown", Checks: []check{}, Errors: []reportIssue{}, Warnings: []reportIssue{}, Nested: []report{}}
	var doc map[string]any
	if res != nil && json.Unmarshal(res.Credential, &doc) == nil && doc != nil {
		rep.Kind = kindOf(doc)
		rep.ID, _ = doc["id"].(string)
	}
	if res != nil {
		rep.Issuer = res.Issuer
	}
	if verr != nil {
		rep.Checks = append(rep.Checks, check{Check: "proof", Status: "failed", Detail: verr.Error()})
		rep.Errors = append(rep.Errors, reportIssue{Code: jwtErrorCode(verr), Message: verr.Error()})
		return rep
	}
	by := res.KeyID
	if by == "" {
		by = "the jwk header"
	}
	rep.Checks = append(rep.Checks, check{Check: "proof", Status: "passed", Detail: "JWT " + string(res.Form) + " " + res.Algorithm + " by " + by})
	rep.Verified = true
	return rep
}

// jwtErrorCode names a JWT verification failure.
func jwtErrorCode(err error) string {
	switch {
	case errors.Is(err, proof.ErrJWTSignature):
		return "PROOF_VERIFICATION_ERROR"
	case errors.Is(err, proof.ErrMalformedJWT), errors.Is(err, proof.ErrJWTForm):
		return "MALFORMED_PROOF_ERROR"
	case errors.Is(err, proof.ErrJWTAlgorithm):
		return "UNSUPPORTED_ALGORITHM"
	case errors.Is(err, proof.ErrJWTExpired):
		return "PROOF_EXPIRED"
	case errors.Is(err, proof.ErrJWTNotYetValid):
		return "PROOF_NOT_YET_VALID"
	case errors.Is(err, proof.ErrIssuerBinding):
		return "ISSUER_BINDING_ERROR"
	case errors.Is(err, proof.ErrJWTClaims):
		return "JWT_CLAIMS_MISMATCH"
	case errors.Is(err, proof.ErrJWTKey):
		return "VERIFICATION_METHOD_ERROR"
	}
	return "PROOF_VERIFICATION_ERROR"
}
