package main

import (
	"errors"
	"flag"
	"time"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
)

const signUsage = "sign --key KEYFILE [--suite eddsa-rdfc-2022] [--created RFC3339] [--purpose assertionMethod] FILE"

// runSign prints FILE with a Data Integrity proof added. With --created and
// a fixed key the output is the same bytes on every run.
func runSign(e *env, args []string) int {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	keyFile := fs.String("key", "", "key file, as keygen writes it")
	suite := fs.String("suite", proof.SuiteEdDSARDFC2022, "cryptosuite")
	created := fs.String("created", "", "proof creation time, RFC 3339 (default: now)")
	purpose := fs.String("purpose", "assertionMethod", "proof purpose")
	files, err := parseFlags(fs, args)
	if err != nil || len(files) != 1 || *keyFile == "" {
		return e.fail(exitUsage, "usage: clrkit %s", signUsage)
	}
	if *suite != proof.SuiteEdDSARDFC2022 {
		return e.fail(exitUsage, "sign: --suite %q is not available (this build supports: %s)", *suite, proof.SuiteEdDSARDFC2022)
	}
	opts := proof.SignOptions{Purpose: *purpose}
	if *created != "" {
		t, err := time.Parse(time.RFC3339, *created)
		if err != nil {
			return e.fail(exitUsage, "sign: --created %q is not an RFC 3339 time", *created)
		}
		opts.Created = t
	}
	kf, err := did.ReadKeyFile(*keyFile)
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	signer, err := kf.Signer()
	if err != nil {
		return e.fail(exitUsage, "%s: %v", *keyFile, err)
	}
	if kf.ID == "" {
		return e.fail(exitUsage, "%s: the key file has no id (the verification method URL)", *keyFile)
	}
	opts.VerificationMethod = kf.ID
	doc, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	out, err := proof.Sign(e.ctx, doc, signer, opts)
	switch {
	case errors.Is(err, proof.ErrMalformedDocument):
		return e.fail(exitUsage, "%s: %v", files[0], err)
	case err != nil:
		return e.fail(canonExitCode(err), "%s: %v", files[0], err)
	}
	e.stdout.Write(out)
	return exitOK
}
