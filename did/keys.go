package did

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"errors"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// KeyType names a kind of key this package can encode and decode.
type KeyType string

// The key types of Multikey and JWK that the package handles. RSA keys have
// no Multikey form and travel as JWK only (did:key's RSA keys excepted).
const (
	KeyTypeEd25519   KeyType = "Ed25519"
	KeyTypeX25519    KeyType = "X25519"
	KeyTypeP256      KeyType = "P-256"
	KeyTypeP384      KeyType = "P-384"
	KeyTypeP521      KeyType = "P-521"
	KeyTypeSecp256k1 KeyType = "secp256k1"
	KeyTypeRSA       KeyType = "RSA"
)

// Errors of key decoding and encoding. Each names one way an encoded key
// can be wrong; the functions of this package wrap them with %w and
// context, so test with errors.Is. PublicKeyErrorCode maps them to DID
// Resolution error codes.
var (
	// ErrMultibaseEncoding: the value is not multibase base58btc (it does
	// not start with "z").
	ErrMultibaseEncoding = errors.New("did: not multibase base58btc (want a \"z\" prefix)")
	// ErrBase58: the value holds a character outside the base58btc alphabet,
	// or is empty after the prefix.
	ErrBase58 = errors.New("did: invalid base58btc data")
	// ErrVarint: the multicodec prefix is not a valid unsigned varint
	// (truncated, overlong or not minimally encoded).
	ErrVarint = errors.New("did: invalid multicodec varint")
	// ErrUnknownMulticodec: the multicodec code is not a key type this
	// package knows.
	ErrUnknownMulticodec = errors.New("did: unknown multicodec key type")
	// ErrUnsupportedKeyType: the key type is known but not supported (for
	// example BLS12-381 G2 keys, or P-521 in a Multikey).
	ErrUnsupportedKeyType = errors.New("did: unsupported key type")
	// ErrKeyTypeMismatch: the key is of a different type than the context
	// demands (a secret key where a public key is expected, an X25519 key
	// where Ed25519 is expected, a JWK "crv" that does not fit its "kty").
	ErrKeyTypeMismatch = errors.New("did: key type mismatch")
	// ErrKeyLength: the raw key bytes have the wrong length for their type.
	ErrKeyLength = errors.New("did: wrong key length")
	// ErrPointNotOnCurve: the bytes have the right length but are not a
	// valid point (or scalar) of the curve.
	ErrPointNotOnCurve = errors.New("did: point not on curve")
	// ErrInvalidKey: the key is malformed in another way (an RSA modulus
	// that is too small, a JWK member that is not base64url).
	ErrInvalidKey = errors.New("did: invalid key")
	// ErrPrivateJWKMember: a JWK given where a public key is expected holds
	// a private member ("d", "p", "q", "dp", "dq", "qi", "oth" or "k").
	ErrPrivateJWKMember = errors.New("did: JWK has a private member")
	// ErrJWKSyntax: the JWK is not a JSON object of string members, or a
	// required member is missing.
	ErrJWKSyntax = errors.New("did: malformed JWK")
	// ErrUnknownJWKType: the JWK's "kty" or "crv" is not one this package
	// supports.
	ErrUnknownJWKType = errors.New("did: unsupported JWK kty or crv")
	// ErrNoPublicKey: a verification method carries no key material this
	// package understands.
	ErrNoPublicKey = errors.New("did: verification method has no public key")
)

// PublicKeyErrorCode maps an error of the key decoders to the DID Resolution
// error code a resolver should report: CodeInvalidPublicKeyLength,
// CodeInvalidPublicKey, CodeInvalidPublicKeyType or
// CodeUnsupportedPublicKeyType. ErrMultibaseEncoding and ErrBase58 map to
// CodeInvalidPublicKey here; a did:key resolver reports them as
// CodeInvalidDID instead, since they make the DID itself malformed. Errors
// that are not key errors map to CodeInternalError.
func PublicKeyErrorCode(err error) string {
	switch {
	case errors.Is(err, ErrKeyLength):
		return CodeInvalidPublicKeyLength
	case errors.Is(err, ErrUnknownMulticodec), errors.Is(err, ErrUnsupportedKeyType), errors.Is(err, ErrUnknownJWKType):
		return CodeUnsupportedPublicKeyType
	case errors.Is(err, ErrKeyTypeMismatch):
		return CodeInvalidPublicKeyType
	case errors.Is(err, ErrPointNotOnCurve), errors.Is(err, ErrInvalidKey), errors.Is(err, ErrPrivateJWKMember),
		errors.Is(err, ErrJWKSyntax), errors.Is(err, ErrVarint), errors.Is(err, ErrMultibaseEncoding),
		errors.Is(err, ErrBase58), errors.Is(err, ErrNoPublicKey):
		return CodeInvalidPublicKey
	}
	return CodeInternalError
}

// PublicKeyType reports the KeyType of a public key value of one of the
// types this package returns, and ok = false for any other value.
func PublicKeyType(pub crypto.PublicKey) (t KeyType, ok bool) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return KeyTypeEd25519, len(k) == ed25519.PublicKeySize
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			return KeyTypeP256, true
		case elliptic.P384():
			return KeyTypeP384, true
		case elliptic.P521():
			return KeyTypeP521, true
		}
	case *secp256k1.PublicKey:
		return KeyTypeSecp256k1, true
	case *ecdh.PublicKey:
		if k.Curve() == ecdh.X25519() {
			return KeyTypeX25519, true
		}
	case *rsa.PublicKey:
		return KeyTypeRSA, true
	}
	return "", false
}

// ecCurve returns the elliptic curve of a NIST key type.
func ecCurve(t KeyType) elliptic.Curve {
	switch t {
	case KeyTypeP256:
		return elliptic.P256()
	case KeyTypeP384:
		return elliptic.P384()
	case KeyTypeP521:
		return elliptic.P521()
	}
	return nil
}
