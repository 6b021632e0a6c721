//go:build !clrkit_stdlib_ed25519

package edverify

import (
	"crypto/ed25519"
	"crypto/fips140"
	"sync"

	voi "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
)

// stdlibRules makes curve25519-voi decide as crypto/ed25519 does (see the
// package documentation); the library's default rules are stricter.
var stdlibRules = &voi.Options{Verify: voi.VerifyOptionsStdLib}

// Backend names the implementation behind Verify (BenchmarkVerify's
// sub-benchmark is named after it).
const Backend = "curve25519-voi"

// Verify reports whether sig is a valid Ed25519 signature of message by
// publicKey. It decides as crypto/ed25519.Verify does, except that a public
// key or signature of the wrong length is simply invalid rather than a
// panic.
//
// The point a public key encodes is decoded and tabulated once and kept
// (see keyCache): an issuer's key is met again and again, and the tables
// spare a sixth of each later check.
func Verify(publicKey ed25519.PublicKey, message, sig []byte) bool {
	if len(publicKey) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		return false
	}
	if fips140.Enabled() {
		// FIPS 140-3 mode (GODEBUG=fips140=on): only the Go Cryptographic
		// Module may check signatures.
		return ed25519.Verify(publicKey, message, sig)
	}
	if k := keys.get(publicKey); k != nil {
		return voi.VerifyExpandedWithOptions(k, message, sig, stdlibRules)
	}
	return voi.VerifyWithOptions(voi.PublicKey(publicKey), message, sig, stdlibRules)
}

// maxCachedKeys bounds keyCache: about 1.5 KB each, so at most about
// 400 KB. Verifiers meet few issuers' keys again and again; anything past
// the bound only costs the expansion again (about as much as it saves).
const maxCachedKeys = 256

// keyCache holds expanded public keys by their encoding. Expanding costs
// about what it saves on one check, so a key seen once loses nothing and a
// key seen again gains. When full, an arbitrary entry (map iteration order)
// makes room, so no pattern of keys can pin the cache.
type keyCache struct {
	mu sync.RWMutex
	m  map[[ed25519.PublicKeySize]byte]*voi.ExpandedPublicKey
}

var keys keyCache

// get returns the expanded form of pub, or nil when pub does not decode to
// a point (Verify then lets the library reject it).
func (c *keyCache) get(pub []byte) *voi.ExpandedPublicKey {
	id := [ed25519.PublicKeySize]byte(pub)
	c.mu.RLock()
	k := c.m[id]
	c.mu.RUnlock()
	if k != nil {
		return k
	}
	k, err := voi.NewExpandedPublicKey(voi.PublicKey(pub))
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if kept := c.m[id]; kept != nil {
		return kept // expanded meanwhile by another caller
	}
	if c.m == nil {
		c.m = make(map[[ed25519.PublicKeySize]byte]*voi.ExpandedPublicKey)
	}
	if len(c.m) >= maxCachedKeys {
		for old := range c.m {
			delete(c.m, old)
			break
		}
	}
	c.m[id] = k
	return k
}
