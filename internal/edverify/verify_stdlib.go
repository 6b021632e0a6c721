//go:build clrkit_stdlib_ed25519

package edverify

import "crypto/ed25519"

// Backend names the implementation behind Verify (BenchmarkVerify's
// sub-benchmark is named after it).
const Backend = "crypto/ed25519"

// Verify reports whether sig is a valid Ed25519 signature of message by
// publicKey, through crypto/ed25519 (this build has the tag
// clrkit_stdlib_ed25519). A public key or signature of the wrong length is
// invalid rather than a panic.
func Verify(publicKey ed25519.PublicKey, message, sig []byte) bool {
	if len(publicKey) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		return false
	}
	return ed25519.Verify(publicKey, message, sig)
}
