package main

import (
	"crypto"
	"encoding/hex"
	"net/url"
	"os"

	"github.com/clrkit/clrkit/did"
)

const keygenUsage = "keygen [--type ed25519|p256|p384|rsa] [--seed HEX] [--controller URL] [--id URL] [--out FILE]"

// runKeygen prints a new key file. The default is an Ed25519 key whose
// controller is its did:key DID and whose id is "did:key:X#X"; --seed makes
// an Ed25519 key reproducible.
func runKeygen(e *env, args []string) int {
	fs := newCmdline("keygen", keygenUsage, "Prints a new key file (W3C Multikey, or JWK for RSA): by default an Ed25519 key whose\ncontroller is its did:key DID. The key file holds the secret key: write it with --out,\nwhich keeps it private (mode 0600), rather than redirecting standard output.")
	typ := fs.String("type", "ed25519", "key type: ed25519, p256, p384 or rsa")
	seedHex := fs.String("seed", "", "Ed25519 seed, 32 bytes in hex (makes the key deterministic)")
	controller := fs.String("controller", "", "controller URL (default: the key's did:key DID)")
	id := fs.String("id", "", "verification method URL (default: controller#publicKeyMultibase)")
	outFile := fs.String("out", "", "write the key file to FILE, created with mode 0600 (never over an existing file), and print only its public part; without it the whole key file, secret key included, goes to standard output")
	_, code, ok := fs.parseArgs(e, args, 0, "no arguments besides the flags")
	if !ok {
		return code
	}
	var kt did.KeyType
	switch *typ {
	case "ed25519":
		kt = did.KeyTypeEd25519
	case "p256":
		kt = did.KeyTypeP256
	case "p384":
		kt = did.KeyTypeP384
	case "rsa":
		kt = did.KeyTypeRSA
	default:
		return e.fail(exitUsage, "keygen: --type %q: want ed25519, p256, p384 or rsa", *typ)
	}
	for _, f := range []struct{ name, value string }{{"controller", *controller}, {"id", *id}} {
		if f.value == "" {
			continue
		}
		if u, err := url.Parse(f.value); err != nil || u.Scheme == "" || (u.Opaque == "" && u.Host == "" && u.Path == "") {
			return e.fail(exitUsage, "keygen: --%s %q is not an absolute URL", f.name, f.value)
		}
	}
	var signer crypto.Signer
	if *seedHex != "" {
		if kt != did.KeyTypeEd25519 {
			return e.fail(exitUsage, "keygen: --seed works only with --type ed25519")
		}
		seed, err := hex.DecodeString(*seedHex)
		if err != nil || len(seed) != 32 {
			return e.fail(exitUsage, "keygen: --seed: want 32 bytes as 64 hex digits")
		}
		if signer, err = did.Ed25519KeyFromSeed(seed); err != nil {
			return e.fail(exitUsage, "keygen: --seed: %v", err)
		}
	} else {
		var err error
		if signer, err = did.GenerateKey(kt, nil); err != nil {
			return e.fail(exitRejected, "keygen: %v", err)
		}
	}
	kf, err := did.NewKeyFile(signer, did.KeyFileOptions{ID: *id, Controller: *controller})
	if err != nil {
		return e.fail(exitRejected, "keygen: %v", err)
	}
	out, err := kf.Marshal()
	if err != nil {
		return e.fail(exitRejected, "keygen: %v", err)
	}
	if *outFile == "" {
		e.stdout.Write(out)
		return exitOK
	}
	if *outFile == "-" {
		return fs.usageErrorf(e, "--out - would print the secret key: leave --out out for that")
	}
	if err := writeSecret(*outFile, out); err != nil {
		return e.fail(exitUsage, "keygen: --out: %v", err)
	}
	public := *kf
	public.SecretKeyMultibase, public.PrivateKeyJwk = "", nil
	if out, err = public.Marshal(); err != nil {
		return e.fail(exitRejected, "keygen: %v", err)
	}
	e.stdout.Write(out)
	return exitOK
}

// writeSecret writes data to a new file at path that only its owner can
// read and write (mode 0600 whatever the umask; an existing file is left
// alone and reported: a key must not silently replace another).
func writeSecret(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}
