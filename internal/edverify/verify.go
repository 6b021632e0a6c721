//go:build !clrkit_stdlib_ed25519

package edverify

import (
	"crypto/ed25519"

	voi "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
)

// stdlibRules makes curve25519-voi decide as crypto/ed25519 does (see the
// package documentation); the library's default rules are stricter.
var stdlibRules = &voi.Options{Verify: voi.VerifyOptionsStdLib}

// Backend names the implementation behind Verify, for reports and
// benchmarks.
const Backend = "curve25519-voi"

// Verify reports whether sig is a valid Ed25519 signature of message by
// publicKey. It decides as crypto/ed25519.Verify does, except that a public
// key or signature of the wrong length is simply invalid rather than a
// panic.
func Verify(publicKey ed25519.PublicKey, message, sig []byte) bool {
	if len(publicKey) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		return false
	}
	return voi.VerifyWithOptions(voi.PublicKey(publicKey), message, sig, stdlibRules)
}
