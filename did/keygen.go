package did

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"fmt"
	"io"
)

// DefaultRSABits is the modulus size GenerateKey uses for RSA keys.
const DefaultRSABits = 3072

// GenerateKey generates a private key of type t: KeyTypeEd25519,
// KeyTypeP256, KeyTypeP384 or KeyTypeRSA (DefaultRSABits, for JWT RS256).
// rand is the entropy source for Ed25519; nil means crypto/rand. As of Go
// 1.26 the standard library draws ECDSA and RSA keys from its own secure
// source whatever rand is, so use Ed25519KeyFromSeed for reproducible keys.
// The result is an ed25519.PrivateKey, an *ecdsa.PrivateKey or an
// *rsa.PrivateKey.
func GenerateKey(t KeyType, rand io.Reader) (crypto.Signer, error) {
	switch t {
	case KeyTypeEd25519:
		_, priv, err := ed25519.GenerateKey(rand)
		return priv, err
	case KeyTypeP256, KeyTypeP384:
		return ecdsa.GenerateKey(ecCurve(t), randOrDefault(rand))
	case KeyTypeRSA:
		return GenerateRSAKey(DefaultRSABits, rand)
	}
	return nil, fmt.Errorf("%w: cannot generate %q keys", ErrUnsupportedKeyType, t)
}

// GenerateRSAKey generates an RSA key of the given size, at least 2048
// bits.
func GenerateRSAKey(bits int, rand io.Reader) (*rsa.PrivateKey, error) {
	if bits < minRSABits {
		return nil, fmt.Errorf("%w: RSA keys of %d bits, want at least %d", ErrKeyLength, bits, minRSABits)
	}
	return rsa.GenerateKey(randOrDefault(rand), bits)
}

// Ed25519KeyFromSeed returns the Ed25519 key of a 32-byte seed (RFC 8032
// private key), the same key every time.
func Ed25519KeyFromSeed(seed []byte) (ed25519.PrivateKey, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%w: Ed25519 seed of %d bytes, want %d", ErrKeyLength, len(seed), ed25519.SeedSize)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

func randOrDefault(r io.Reader) io.Reader {
	if r == nil {
		return cryptoRand
	}
	return r
}
