package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
)

const signUsage = "sign --key KEYFILE [--suite eddsa-rdfc-2022|eddsa-jcs-2022|ecdsa-rdfc-2019] [--created RFC3339] [--purpose assertionMethod|authentication] [--co-signer] [--proof-list] [--dialect spec|jsonld-js] FILE"

// signSuites are the cryptosuites sign offers, by --suite name.
var signSuites = map[string]proof.Cryptosuite{
	proof.SuiteEdDSARDFC2022: proof.EdDSARDFC2022{},
	proof.SuiteEdDSAJCS2022:  proof.EdDSAJCS2022{},
	proof.SuiteECDSARDFC2019: proof.ECDSARDFC2019{},
}

// signSuiteNames lists the --suite values in the order the usage gives.
var signSuiteNames = []string{proof.SuiteEdDSARDFC2022, proof.SuiteEdDSAJCS2022, proof.SuiteECDSARDFC2019}

// runSign prints FILE with a Data Integrity proof added. With --created and
// a fixed key the output is the same bytes on every run.
func runSign(e *env, args []string) int {
	fs := newCmdline("sign", signUsage, "Prints FILE, a credential or presentation, with a Data Integrity proof added. With --created\nand a fixed key the output is the same bytes on every run. Exit 0 signed, 1 the document\ncannot be signed as asked, 2 usage error or unreadable input.")
	keyFile := fs.String("key", "", "`KEYFILE` to sign with, as keygen writes it (required)")
	suite := fs.String("suite", proof.SuiteEdDSARDFC2022, "cryptosuite")
	created := fs.String("created", "", "proof creation time, RFC 3339 (default: now)")
	purpose := fs.String("purpose", "", "proof purpose (default: assertionMethod, or authentication for a presentation)")
	coSigner := fs.Bool("co-signer", false, "the proof is deliberately by a party other than the document's issuer (a presentation's holder): without it, a did:key or did:jwk key whose DID is not the issuer's is refused, exit 1")
	proofList := fs.Bool("proof-list", false, "write the proof as a list of one proof, as the formal OB 3.0 / CLR 2.0 JSON Schemas require (default: a lone object, as the JavaScript reference writes)")
	dialect := fs.String("dialect", "", "canonicalize in this dialect even where JSON-LD implementations differ: spec or jsonld-js (default: refuse, exit 1, a document whose canonical form depends on it, naming the values)")
	files, code, ok := fs.parseArgs(e, args, 1, "FILE")
	if !ok {
		return code
	}
	if *keyFile == "" {
		return fs.usageErrorf(e, "--key is required")
	}
	cs, ok := signSuites[*suite]
	if !ok {
		return e.fail(exitUsage, "sign: --suite %q is not available (this build supports: %s)", *suite, strings.Join(signSuiteNames, ", "))
	}
	opts := proof.SignOptions{Suite: cs, Purpose: did.Relationship(*purpose), CoSigner: *coSigner, ProofList: *proofList}
	if *dialect != "" {
		d, err := ld.ParseDialect(*dialect)
		if err != nil {
			return e.fail(exitUsage, "sign: --dialect %q: want spec or jsonld-js", *dialect)
		}
		if d != ld.DialectSpec && *suite == proof.SuiteEdDSAJCS2022 {
			return e.fail(exitUsage, "sign: --dialect %s applies to the RDFC suites, not %s", d, *suite)
		}
		opts.Dialect, opts.AllowDialectDependent = d, true
	}
	if *created != "" {
		t, err := time.Parse(time.RFC3339, *created)
		if err != nil {
			return e.fail(exitUsage, "sign: --created %q is not an RFC 3339 time", *created)
		}
		opts.Created = t
	}
	kf, err := readKeyFile(*keyFile)
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	signer, err := kf.Signer()
	if err != nil {
		return e.fail(exitUsage, "%s: %v", *keyFile, err)
	}
	if err := suiteAcceptsKey(*suite, signer.Public()); err != nil {
		return e.fail(exitUsage, "sign: %s: %v", *keyFile, err)
	}
	if kf.ID == "" {
		return e.fail(exitUsage, "%s: the key file has no id (the verification method URL)", *keyFile)
	}
	opts.VerificationMethod = kf.ID
	doc, err := e.readInput(files[0])
	if err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	if err := jsonSyntax(files[0], doc); err != nil {
		return e.fail(exitUsage, "%v", err)
	}
	out, err := proof.Sign(e.ctx, doc, signer, opts)
	if code, refused := notIssuersKey(e, "sign", files[0], err); refused {
		return code
	}
	switch {
	case errors.Is(err, proof.ErrMalformedDocument):
		return e.fail(exitUsage, "%s: %v", files[0], err)
	case err != nil:
		return e.fail(canonExitCode(err), "%s: %v", files[0], err)
	}
	e.stdout.Write(out)
	return exitOK
}

// notIssuersKey reports, for sign and jwt sign, a signing refused because
// the key's controller is not the document's issuer (or holder): exit 1,
// naming both and --co-signer. refused is false for any other err.
func notIssuersKey(e *env, cmd, file string, err error) (code int, refused bool) {
	var ni *proof.NotIssuerKeyError
	if !errors.As(err, &ni) {
		return 0, false
	}
	return e.fail(exitRejected, "%s: %s: the key's controller %s is not the document's %s %s: verifiers would not take the signature as the %s's (--co-signer if it is deliberately another party's)",
		cmd, file, ni.Controller, ni.Role, ni.Party, ni.Role), true
}

// suiteAcceptsKey tells, before anything is signed, whether the named suite
// can sign with pub: the EdDSA suites take Ed25519 keys only,
// ecdsa-rdfc-2019 P-256 and P-384 keys only, and ecdsa-sd-2023 P-256 keys
// only.
func suiteAcceptsKey(suite string, pub crypto.PublicKey) error {
	if suite == proof.SuiteECDSASD2023 {
		if k, ok := pub.(*ecdsa.PublicKey); ok && k.Curve == elliptic.P256() {
			return nil
		}
		return fmt.Errorf("--suite %s needs a P-256 key, not %s", suite, keyKind(pub))
	}
	if suite == proof.SuiteECDSARDFC2019 {
		if k, ok := pub.(*ecdsa.PublicKey); ok && (k.Curve == elliptic.P256() || k.Curve == elliptic.P384()) {
			return nil
		}
		return fmt.Errorf("--suite %s needs a P-256 or P-384 key, not %s", suite, keyKind(pub))
	}
	if _, ok := pub.(ed25519.PublicKey); ok {
		return nil
	}
	return fmt.Errorf("--suite %s needs an Ed25519 key, not %s", suite, keyKind(pub))
}

// keyKind names a public key's algorithm for error messages.
func keyKind(pub crypto.PublicKey) string {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return "an Ed25519 key"
	case *ecdsa.PublicKey:
		return "a " + k.Curve.Params().Name + " key"
	case *rsa.PublicKey:
		return "an RSA key"
	}
	return fmt.Sprintf("a %T key", pub)
}
