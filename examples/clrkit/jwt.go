package main

import (
	"errors"

	"github.com/clrkit/clrkit/proof"
)

const jwtUsage = "jwt sign --key KEYFILE [--alg RS256|ES256|ES384|EdDSA] [--vc-claim] [--co-signer] FILE"

// runJWT runs the jwt subcommands; "sign" prints FILE as an OB 3.0 VC-JWT.
func runJWT(e *env, args []string) int {
	fs := newCmdline("jwt sign", jwtUsage, "Prints FILE, a credential, as an OB 3.0 VC-JWT (compact JWS) signed with the key file's key.\nExit 0 signed, 1 the credential cannot be signed, 2 usage error or unreadable input.")
	if len(args) == 0 || args[0] != "sign" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fs.printHelp(e.stdout)
			return exitOK
		}
		return fs.usageErrorf(e, "want the subcommand sign")
	}
	keyFile := fs.String("key", "", "`KEYFILE` to sign with, as keygen writes it (required)")
	alg := fs.String("alg", "", "JWS algorithm: RS256, ES256, ES384 or EdDSA (default: the key's usual one)")
	vcClaim := fs.Bool("vc-claim", false, "the legacy VC Data Model 1.1 form, with the credential under vc")
	coSigner := fs.Bool("co-signer", false, "sign with a did:key or did:jwk key whose DID is not the credential's issuer, on purpose (verifiers refuse such a JWT: for test data); without it, exit 1")
	files, code, ok := fs.parseArgs(e, args[1:], 1, "FILE")
	if !ok {
		return code
	}
	if *keyFile == "" {
		return fs.usageErrorf(e, "--key is required")
	}
	switch *alg {
	case "", proof.RS256, proof.ES256, proof.ES384, proof.EdDSA:
	default:
		return e.fail(exitUsage, "jwt sign: --alg %q is not one of RS256, ES256, ES384, EdDSA", *alg)
	}
	kf, err := readKeyFile(*keyFile)
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
	if err := jsonSyntax(files[0], doc); err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	opts := proof.JWTSignOptions{Algorithm: *alg, CoSigner: *coSigner}
	if *vcClaim {
		opts.Form = proof.JWTFormVCClaim
	}
	tok, err := proof.SignJWTWithKeyFile(doc, kf, opts)
	if code, refused := notIssuersKey(e, "jwt sign", files[0], err); refused {
		return code
	}
	switch {
	case errors.Is(err, proof.ErrKeyMismatch), errors.Is(err, proof.ErrSignOptions):
		return e.fail(exitRejected, "jwt sign: %s: %v", files[0], err)
	case errors.Is(err, proof.ErrJWTAlgorithm), errors.Is(err, proof.ErrMalformedDocument):
		return e.fail(exitUsage, "%s: %v", files[0], err)
	case err != nil:
		return e.fail(exitRejected, "jwt sign: %s: %v", files[0], err)
	}
	e.stdout.Write([]byte(tok + "\n"))
	return exitOK
}
