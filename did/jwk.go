package did

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	jose "github.com/go-jose/go-jose/v4"
)

// privateJWKMembers are the JWK members that carry secret material (RFC
// 7518 sections 6.2.2, 6.3.2 and 6.4.1; RFC 8037 section 2).
var privateJWKMembers = [...]string{"d", "p", "q", "dp", "dq", "qi", "oth", "k"}

// maxJWKSize bounds the JWKs the parsers read.
const maxJWKSize = 64 << 10

// jwkObject is a parsed JWK: its members by exact name.
type jwkObject map[string]json.RawMessage

func parseJWKObject(data []byte) (jwkObject, error) {
	if len(data) > maxJWKSize {
		return nil, fmt.Errorf("%w: %d bytes", ErrJWKSyntax, len(data))
	}
	var obj jwkObject
	if err := json.Unmarshal(data, &obj); err != nil || obj == nil {
		return nil, fmt.Errorf("%w: not a JSON object", ErrJWKSyntax)
	}
	return obj, nil
}

// str returns the string member name; present reports whether it exists.
func (o jwkObject) str(name string) (v string, present bool, err error) {
	raw, ok := o[name]
	if !ok {
		return "", false, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", true, fmt.Errorf("%w: member %q is not a string", ErrJWKSyntax, name)
	}
	return v, true, nil
}

// bytes returns the base64url-decoded member name, which is required. A
// size > 0 demands that exact decoded length.
func (o jwkObject) bytes(name string, size int) ([]byte, error) {
	s, ok, err := o.str(name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: missing member %q", ErrJWKSyntax, name)
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: member %q is not unpadded base64url", ErrJWKSyntax, name)
	}
	if size > 0 && len(b) != size {
		return nil, fmt.Errorf("%w: member %q of %d bytes, want %d", ErrKeyLength, name, len(b), size)
	}
	return b, nil
}

// ktyCrv returns the "kty" and "crv" members.
func (o jwkObject) ktyCrv() (kty, crv string, err error) {
	kty, ok, err := o.str("kty")
	if err != nil {
		return "", "", err
	}
	if !ok {
		return "", "", fmt.Errorf(`%w: missing member "kty"`, ErrJWKSyntax)
	}
	crv, _, err = o.str("crv")
	return kty, crv, err
}

// ParsePublicJWK parses a public JSON Web Key (RFC 7517) of kty "OKP"
// (crv Ed25519 or X25519, RFC 8037), "EC" (crv P-256, P-384, P-521 or
// secp256k1) or "RSA" (at least 2048 bits). Member names are matched
// exactly. A JWK that carries any private member ("d", "p", "q", "dp",
// "dq", "qi", "oth", "k") is rejected: a public-key context must never be
// handed secret material. Coordinates must have the exact length of their
// curve and be a point on it. "alg", "use", "kid" and other members are
// not checked.
//
// The result is of the same types as DecodeMultikey returns. Errors wrap
// ErrJWKSyntax, ErrPrivateJWKMember, ErrUnknownJWKType, ErrKeyTypeMismatch,
// ErrKeyLength, ErrPointNotOnCurve or ErrInvalidKey.
func ParsePublicJWK(data []byte) (crypto.PublicKey, error) {
	obj, err := parseJWKObject(data)
	if err != nil {
		return nil, err
	}
	for _, m := range privateJWKMembers {
		if _, ok := obj[m]; ok {
			return nil, fmt.Errorf("%w: %q", ErrPrivateJWKMember, m)
		}
	}
	return obj.publicKey()
}

func (o jwkObject) publicKey() (crypto.PublicKey, error) {
	kty, crv, err := o.ktyCrv()
	if err != nil {
		return nil, err
	}
	switch kty {
	case "OKP":
		switch crv {
		case "Ed25519":
			x, err := o.bytes("x", ed25519.PublicKeySize)
			if err != nil {
				return nil, err
			}
			return ed25519.PublicKey(x), nil
		case "X25519":
			x, err := o.bytes("x", 32)
			if err != nil {
				return nil, err
			}
			return parseRawPublicKey(publicCodec{KeyTypeX25519, 32}, x)
		case "P-256", "P-384", "P-521", "secp256k1":
			return nil, fmt.Errorf("%w: crv %q with kty OKP", ErrKeyTypeMismatch, crv)
		}
		return nil, fmt.Errorf("%w: OKP crv %q", ErrUnknownJWKType, crv)
	case "EC":
		var size int
		switch crv {
		case "P-256", "secp256k1":
			size = 32
		case "P-384":
			size = 48
		case "P-521":
			size = 66
		case "Ed25519", "X25519":
			return nil, fmt.Errorf("%w: crv %q with kty EC", ErrKeyTypeMismatch, crv)
		default:
			return nil, fmt.Errorf("%w: EC crv %q", ErrUnknownJWKType, crv)
		}
		x, err := o.bytes("x", size)
		if err != nil {
			return nil, err
		}
		y, err := o.bytes("y", size)
		if err != nil {
			return nil, err
		}
		u := make([]byte, 0, 1+2*size)
		u = append(append(append(u, 4), x...), y...)
		if crv == "secp256k1" {
			pub, err := secp256k1.ParsePubKey(u)
			if err != nil {
				return nil, fmt.Errorf("%w: secp256k1: %v", ErrPointNotOnCurve, err)
			}
			return pub, nil
		}
		pub, err := ecdsa.ParseUncompressedPublicKey(ecCurve(KeyType(crv)), u)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrPointNotOnCurve, crv, err)
		}
		return pub, nil
	case "RSA":
		n, err := o.bytes("n", 0)
		if err != nil {
			return nil, err
		}
		e, err := o.bytes("e", 0)
		if err != nil {
			return nil, err
		}
		if len(e) == 0 || len(e) > 4 || e[0] == 0 {
			return nil, fmt.Errorf("%w: RSA exponent of %d bytes", ErrInvalidKey, len(e))
		}
		var ev int
		for _, b := range e {
			ev = ev<<8 | int(b)
		}
		if ev < 3 || ev&1 == 0 {
			return nil, fmt.Errorf("%w: RSA exponent %d", ErrInvalidKey, ev)
		}
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: ev}
		if bits := pub.N.BitLen(); bits < minRSABits {
			return nil, fmt.Errorf("%w: RSA modulus of %d bits, want at least %d", ErrKeyLength, bits, minRSABits)
		}
		if pub.N.Bit(0) == 0 {
			return nil, fmt.Errorf("%w: RSA modulus is even", ErrInvalidKey)
		}
		return pub, nil
	case "oct":
		return nil, fmt.Errorf("%w: symmetric key (kty oct)", ErrUnknownJWKType)
	}
	return nil, fmt.Errorf("%w: kty %q", ErrUnknownJWKType, kty)
}

// ParsePrivateJWK parses a private JWK of the kinds ParsePublicJWK reads,
// except X25519 and secp256k1: an Ed25519 key ("d" is the 32-byte seed), a
// P-256, P-384 or P-521 key, or an RSA key (read with go-jose). The public
// members must match the private ones. The result is an
// ed25519.PrivateKey, an *ecdsa.PrivateKey or an *rsa.PrivateKey.
func ParsePrivateJWK(data []byte) (crypto.Signer, error) {
	obj, err := parseJWKObject(data)
	if err != nil {
		return nil, err
	}
	if _, ok := obj["d"]; !ok {
		return nil, fmt.Errorf(`%w: missing private member "d"`, ErrJWKSyntax)
	}
	kty, crv, err := obj.ktyCrv()
	if err != nil {
		return nil, err
	}
	var signer crypto.Signer
	switch {
	case kty == "OKP" && crv == "Ed25519":
		d, err := obj.bytes("d", ed25519.SeedSize)
		if err != nil {
			return nil, err
		}
		signer = ed25519.NewKeyFromSeed(d)
	case kty == "EC" && (crv == "P-256" || crv == "P-384" || crv == "P-521"):
		d, err := obj.bytes("d", (ecCurve(KeyType(crv)).Params().BitSize+7)/8)
		if err != nil {
			return nil, err
		}
		k, err := ecdsa.ParseRawPrivateKey(ecCurve(KeyType(crv)), d)
		if err != nil {
			return nil, fmt.Errorf("%w: %s private scalar: %v", ErrPointNotOnCurve, crv, err)
		}
		signer = k
	case kty == "RSA":
		var jwk jose.JSONWebKey
		if err := jwk.UnmarshalJSON(data); err != nil {
			return nil, fmt.Errorf("%w: RSA: %v", ErrInvalidKey, err)
		}
		k, ok := jwk.Key.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("%w: RSA JWK is not a private key", ErrJWKSyntax)
		}
		if bits := k.N.BitLen(); bits < minRSABits {
			return nil, fmt.Errorf("%w: RSA modulus of %d bits, want at least %d", ErrKeyLength, bits, minRSABits)
		}
		if err := k.Validate(); err != nil {
			return nil, fmt.Errorf("%w: RSA: %v", ErrInvalidKey, err)
		}
		signer = k
	default:
		return nil, fmt.Errorf("%w: private JWK of kty %q crv %q", ErrUnsupportedKeyType, kty, crv)
	}
	// The public members must describe the same key.
	delete(obj, "d")
	for _, m := range privateJWKMembers {
		delete(obj, m)
	}
	pub, err := obj.publicKey()
	if err != nil {
		return nil, err
	}
	if !publicKeysEqual(pub, signer.Public()) {
		return nil, fmt.Errorf("%w: the private key does not match the public members", ErrInvalidKey)
	}
	return signer, nil
}

// publicKeysEqual compares two public keys of the supported types.
func publicKeysEqual(a, b crypto.PublicKey) bool {
	type equaler interface{ Equal(crypto.PublicKey) bool }
	if e, ok := a.(equaler); ok {
		return e.Equal(b)
	}
	if ka, ok := a.(*secp256k1.PublicKey); ok {
		kb, ok := b.(*secp256k1.PublicKey)
		return ok && ka.IsEqual(kb)
	}
	return false
}

// MarshalPublicJWK returns the public JWK of a key of a type that
// EncodeMultikey takes, with exactly the required members in
// lexicographic order (kty, crv and the coordinates; the RFC 7638
// thumbprint input form).
func MarshalPublicJWK(pub crypto.PublicKey) ([]byte, error) {
	return appendJWK(nil, pub, nil)
}

// MarshalPrivateJWK returns the private JWK of an ed25519.PrivateKey, an
// *ecdsa.PrivateKey (P-256, P-384, P-521) or an *rsa.PrivateKey. Keep the
// result secret.
func MarshalPrivateJWK(priv crypto.PrivateKey) ([]byte, error) {
	switch k := priv.(type) {
	case ed25519.PrivateKey:
		if len(k) != ed25519.PrivateKeySize {
			return nil, fmt.Errorf("%w: Ed25519 private key of %d bytes", ErrKeyLength, len(k))
		}
		return appendJWK(nil, k.Public(), k.Seed())
	case *ecdsa.PrivateKey:
		d, err := k.Bytes()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnsupportedKeyType, err)
		}
		return appendJWK(nil, &k.PublicKey, d)
	case *rsa.PrivateKey:
		b, err := jose.JSONWebKey{Key: k}.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidKey, err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("%w: no private JWK form for %T", ErrUnsupportedKeyType, priv)
}

// appendJWK writes the JWK of pub, with "d" when d is not nil.
func appendJWK(b []byte, pub crypto.PublicKey, d []byte) ([]byte, error) {
	enc := base64.RawURLEncoding
	var buf bytes.Buffer
	member := func(name, value string) {
		if buf.Len() == 0 {
			buf.WriteByte('{')
		} else {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, "%q:%q", name, value)
	}
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("%w: Ed25519 key of %d bytes", ErrKeyLength, len(k))
		}
		member("crv", "Ed25519")
		if d != nil {
			member("d", enc.EncodeToString(d))
		}
		member("kty", "OKP")
		member("x", enc.EncodeToString(k))
	case *ecdh.PublicKey:
		if k.Curve() != ecdh.X25519() {
			return nil, fmt.Errorf("%w: ECDH key on %v", ErrUnsupportedKeyType, k.Curve())
		}
		member("crv", "X25519")
		member("kty", "OKP")
		member("x", enc.EncodeToString(k.Bytes()))
	case *ecdsa.PublicKey, *secp256k1.PublicKey:
		var crv string
		var u []byte
		if sk, ok := k.(*secp256k1.PublicKey); ok {
			crv, u = "secp256k1", sk.SerializeUncompressed()
		} else {
			ek := k.(*ecdsa.PublicKey)
			t, ok := PublicKeyType(ek)
			if !ok {
				return nil, fmt.Errorf("%w: ECDSA key on %s", ErrUnsupportedKeyType, ek.Params().Name)
			}
			var err error
			if u, err = ek.Bytes(); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrPointNotOnCurve, err)
			}
			crv = string(t)
		}
		size := (len(u) - 1) / 2
		member("crv", crv)
		if d != nil {
			member("d", enc.EncodeToString(d))
		}
		member("kty", "EC")
		member("x", enc.EncodeToString(u[1:1+size]))
		member("y", enc.EncodeToString(u[1+size:]))
	case *rsa.PublicKey:
		e := big.NewInt(int64(k.E)).Bytes()
		member("e", enc.EncodeToString(e))
		member("kty", "RSA")
		member("n", enc.EncodeToString(k.N.Bytes()))
	default:
		return nil, fmt.Errorf("%w: public key of type %T", ErrUnsupportedKeyType, pub)
	}
	buf.WriteByte('}')
	return append(b, buf.Bytes()...), nil
}

// MultikeyToJWK converts a Multikey public key value to its public JWK.
func MultikeyToJWK(s string) ([]byte, error) {
	pub, err := DecodeMultikey(s)
	if err != nil {
		return nil, err
	}
	return MarshalPublicJWK(pub)
}

// JWKToMultikey converts a public JWK to its Multikey value. RSA and P-521
// keys convert to did:key's multicodec forms, which are not in the Multikey
// specification.
func JWKToMultikey(jwk []byte) (string, error) {
	pub, err := ParsePublicJWK(jwk)
	if err != nil {
		return "", err
	}
	return EncodeMultikey(pub)
}
