package did

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// Multicodec codes of the keys this package reads and writes
// (https://github.com/multiformats/multicodec/blob/master/table.csv).
const (
	codecEd25519Pub   = 0xed
	codecX25519Pub    = 0xec
	codecSecp256k1Pub = 0xe7
	codecBLS12381G1   = 0xea
	codecBLS12381G2   = 0xeb
	codecP256Pub      = 0x1200
	codecP384Pub      = 0x1201
	codecP521Pub      = 0x1202
	codecEd448Pub     = 0x1203
	codecX448Pub      = 0x1204
	codecRSAPub       = 0x1205
	codecSM2Pub       = 0x1206
	codecEd25519Priv  = 0x1300
	codecSecp256k1Prv = 0x1301
	codecX25519Priv   = 0x1302
	codecSR25519Priv  = 0x1303
	codecRSAPriv      = 0x1305
	codecP256Priv     = 0x1306
	codecP384Priv     = 0x1307
	codecP521Priv     = 0x1308
)

// maxMultibaseLen bounds the multibase values the decoders accept; the
// longest key this package reads (a 4096-bit RSA did:key) is about 740
// characters.
const maxMultibaseLen = 2048

// minRSABits is the smallest RSA modulus the package accepts.
const minRSABits = 2048

// publicCodec describes a public-key multicodec: its key type and the exact
// length of the raw key (0 for variable-length RSA).
type publicCodec struct {
	typ KeyType
	len int
}

func publicCodecInfo(code uint64) (publicCodec, error) {
	switch code {
	case codecEd25519Pub:
		return publicCodec{KeyTypeEd25519, ed25519.PublicKeySize}, nil
	case codecX25519Pub:
		return publicCodec{KeyTypeX25519, 32}, nil
	case codecSecp256k1Pub:
		return publicCodec{KeyTypeSecp256k1, 33}, nil
	case codecP256Pub:
		return publicCodec{KeyTypeP256, 33}, nil
	case codecP384Pub:
		return publicCodec{KeyTypeP384, 49}, nil
	case codecP521Pub:
		return publicCodec{KeyTypeP521, 67}, nil
	case codecRSAPub:
		return publicCodec{KeyTypeRSA, 0}, nil
	case codecBLS12381G1, codecBLS12381G2, codecEd448Pub, codecX448Pub, codecSM2Pub:
		return publicCodec{}, fmt.Errorf("%w: multicodec 0x%x", ErrUnsupportedKeyType, code)
	case codecEd25519Priv, codecSecp256k1Prv, codecX25519Priv, codecSR25519Priv, codecRSAPriv,
		codecP256Priv, codecP384Priv, codecP521Priv:
		return publicCodec{}, fmt.Errorf("%w: multicodec 0x%x is a secret key, want a public key", ErrKeyTypeMismatch, code)
	}
	return publicCodec{}, fmt.Errorf("%w: 0x%x", ErrUnknownMulticodec, code)
}

// DecodeMultikey decodes a Multikey public key value (the
// publicKeyMultibase of a verification method, or the method-specific
// identifier of a did:key): "z", then base58btc of an unsigned-varint
// multicodec code followed by the raw key bytes.
//
// It is strict: only base58btc is accepted, the key must have the exact
// length of its type, and curve points must be valid. The result is an
// ed25519.PublicKey, an *ecdsa.PublicKey (P-256, P-384, P-521), a
// *secp256k1.PublicKey (github.com/decred/dcrd/dcrec/secp256k1/v4), an
// *ecdh.PublicKey (X25519) or an *rsa.PublicKey (did:key's rsa-pub, PKCS#1
// DER, at least 2048 bits). Ed25519 keys are checked for length only; an
// encoding that is not a curve point fails at signature verification.
//
// Errors wrap ErrMultibaseEncoding, ErrBase58, ErrVarint,
// ErrUnknownMulticodec, ErrUnsupportedKeyType, ErrKeyTypeMismatch,
// ErrKeyLength or ErrPointNotOnCurve.
func DecodeMultikey(s string) (crypto.PublicKey, error) {
	return decodeMultikey(s, "")
}

// DecodeMultikeyAs is DecodeMultikey for a context that demands one key
// type: a key of any other type is an error wrapping ErrKeyTypeMismatch.
func DecodeMultikeyAs(s string, want KeyType) (crypto.PublicKey, error) {
	if want == "" {
		return nil, fmt.Errorf("%w: no key type given", ErrKeyTypeMismatch)
	}
	return decodeMultikey(s, want)
}

func decodeMultikey(s string, want KeyType) (crypto.PublicKey, error) {
	var buf [80]byte
	raw, err := decodeMultibase(buf[:0], s)
	if err != nil {
		return nil, err
	}
	code, key, err := readVarint(raw)
	if err != nil {
		return nil, err
	}
	info, err := publicCodecInfo(code)
	if err != nil {
		return nil, err
	}
	if want != "" && info.typ != want {
		return nil, fmt.Errorf("%w: got a %s key, want %s", ErrKeyTypeMismatch, info.typ, want)
	}
	return parseRawPublicKey(info, key)
}

// parseRawPublicKey builds a key of the codec's type from raw bytes.
func parseRawPublicKey(info publicCodec, key []byte) (crypto.PublicKey, error) {
	if info.len != 0 && len(key) != info.len {
		return nil, fmt.Errorf("%w: %s key of %d bytes, want %d", ErrKeyLength, info.typ, len(key), info.len)
	}
	switch info.typ {
	case KeyTypeEd25519:
		return ed25519.PublicKey(append(make([]byte, 0, ed25519.PublicKeySize), key...)), nil
	case KeyTypeX25519:
		pub, err := ecdh.X25519().NewPublicKey(key)
		if err != nil {
			return nil, fmt.Errorf("%w: X25519: %v", ErrPointNotOnCurve, err)
		}
		return pub, nil
	case KeyTypeSecp256k1:
		if key[0] != 2 && key[0] != 3 {
			return nil, fmt.Errorf("%w: secp256k1 key is not a compressed point", ErrPointNotOnCurve)
		}
		pub, err := secp256k1.ParsePubKey(key)
		if err != nil {
			return nil, fmt.Errorf("%w: secp256k1: %v", ErrPointNotOnCurve, err)
		}
		return pub, nil
	case KeyTypeP256, KeyTypeP384, KeyTypeP521:
		return decompressECDSA(info.typ, key)
	case KeyTypeRSA:
		pub, err := x509.ParsePKCS1PublicKey(key)
		if err != nil {
			return nil, fmt.Errorf("%w: RSA key is not PKCS#1 DER: %v", ErrInvalidKey, err)
		}
		if pub.N.BitLen() < minRSABits {
			return nil, fmt.Errorf("%w: RSA key of %d bits, want at least %d", ErrKeyLength, pub.N.BitLen(), minRSABits)
		}
		return pub, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrUnsupportedKeyType, info.typ)
}

// decompressECDSA parses a SEC 1 compressed point of a NIST curve.
func decompressECDSA(t KeyType, key []byte) (*ecdsa.PublicKey, error) {
	curve := ecCurve(t)
	x, y := elliptic.UnmarshalCompressed(curve, key)
	if x == nil {
		return nil, fmt.Errorf("%w: %s key is not a compressed curve point", ErrPointNotOnCurve, t)
	}
	size := (curve.Params().BitSize + 7) / 8
	u := make([]byte, 1+2*size)
	u[0] = 4
	x.FillBytes(u[1 : 1+size])
	y.FillBytes(u[1+size:])
	pub, err := ecdsa.ParseUncompressedPublicKey(curve, u)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrPointNotOnCurve, t, err)
	}
	return pub, nil
}

// compressECDSA returns the SEC 1 compressed encoding of a NIST key.
func compressECDSA(pub *ecdsa.PublicKey) ([]byte, error) {
	u, err := pub.Bytes()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPointNotOnCurve, err)
	}
	size := (len(u) - 1) / 2
	c := make([]byte, 1+size)
	c[0] = 2 | u[len(u)-1]&1
	copy(c[1:], u[1:1+size])
	return c, nil
}

// EncodeMultikey returns the Multikey (publicKeyMultibase) encoding of a
// public key: an ed25519.PublicKey, an *ecdsa.PublicKey on P-256, P-384 or
// P-521, a *secp256k1.PublicKey, an X25519 *ecdh.PublicKey or an
// *rsa.PublicKey (did:key's rsa-pub form). NIST and secp256k1 points are
// written compressed.
func EncodeMultikey(pub crypto.PublicKey) (string, error) {
	code, raw, err := rawPublicKey(pub)
	if err != nil {
		return "", err
	}
	return encodeMultibase(appendVarint(make([]byte, 0, len(raw)+3), code), raw), nil
}

// rawPublicKey returns the multicodec code and raw bytes of a public key.
func rawPublicKey(pub crypto.PublicKey) (uint64, []byte, error) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return 0, nil, fmt.Errorf("%w: Ed25519 key of %d bytes", ErrKeyLength, len(k))
		}
		return codecEd25519Pub, k, nil
	case *ecdh.PublicKey:
		if k.Curve() != ecdh.X25519() {
			return 0, nil, fmt.Errorf("%w: ECDH key on %v", ErrUnsupportedKeyType, k.Curve())
		}
		return codecX25519Pub, k.Bytes(), nil
	case *secp256k1.PublicKey:
		return codecSecp256k1Pub, k.SerializeCompressed(), nil
	case *ecdsa.PublicKey:
		var code uint64
		switch k.Curve {
		case elliptic.P256():
			code = codecP256Pub
		case elliptic.P384():
			code = codecP384Pub
		case elliptic.P521():
			code = codecP521Pub
		default:
			return 0, nil, fmt.Errorf("%w: ECDSA key on %s", ErrUnsupportedKeyType, k.Params().Name)
		}
		c, err := compressECDSA(k)
		return code, c, err
	case *rsa.PublicKey:
		if k.N.BitLen() < minRSABits {
			return 0, nil, fmt.Errorf("%w: RSA key of %d bits", ErrKeyLength, k.N.BitLen())
		}
		return codecRSAPub, x509.MarshalPKCS1PublicKey(k), nil
	}
	return 0, nil, fmt.Errorf("%w: public key of type %T", ErrUnsupportedKeyType, pub)
}

// EncodeSecretMultikey returns the Multikey secretKeyMultibase encoding of
// a private key: an ed25519.PrivateKey (written as its 32-byte seed), or an
// *ecdsa.PrivateKey on P-256 or P-384 (the fixed-length big-endian scalar).
func EncodeSecretMultikey(priv crypto.PrivateKey) (string, error) {
	var code uint64
	var raw []byte
	switch k := priv.(type) {
	case ed25519.PrivateKey:
		if len(k) != ed25519.PrivateKeySize {
			return "", fmt.Errorf("%w: Ed25519 private key of %d bytes", ErrKeyLength, len(k))
		}
		code, raw = codecEd25519Priv, k.Seed()
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256():
			code = codecP256Priv
		case elliptic.P384():
			code = codecP384Priv
		default:
			return "", fmt.Errorf("%w: ECDSA secret key on %s", ErrUnsupportedKeyType, k.Params().Name)
		}
		b, err := k.Bytes()
		if err != nil {
			return "", fmt.Errorf("%w: %v", ErrInvalidKey, err)
		}
		raw = b
	default:
		return "", fmt.Errorf("%w: no Multikey secret form for %T", ErrUnsupportedKeyType, priv)
	}
	return encodeMultibase(appendVarint(make([]byte, 0, len(raw)+3), code), raw), nil
}

// DecodeSecretMultikey decodes a Multikey secretKeyMultibase value: an
// Ed25519 seed (ed25519-priv, 0x1300) or a P-256 or P-384 scalar (0x1306,
// 0x1307). The result is an ed25519.PrivateKey or an *ecdsa.PrivateKey,
// both crypto.Signers. Errors wrap the same sentinels as DecodeMultikey; a
// public key here is ErrKeyTypeMismatch and a scalar out of range is
// ErrPointNotOnCurve.
func DecodeSecretMultikey(s string) (crypto.Signer, error) {
	var buf [80]byte
	raw, err := decodeMultibase(buf[:0], s)
	if err != nil {
		return nil, err
	}
	code, key, err := readVarint(raw)
	if err != nil {
		return nil, err
	}
	var t KeyType
	var n int
	switch code {
	case codecEd25519Priv:
		t, n = KeyTypeEd25519, ed25519.SeedSize
	case codecP256Priv:
		t, n = KeyTypeP256, 32
	case codecP384Priv:
		t, n = KeyTypeP384, 48
	case codecSecp256k1Prv, codecX25519Priv, codecRSAPriv, codecP521Priv, codecSR25519Priv:
		return nil, fmt.Errorf("%w: secret key multicodec 0x%x", ErrUnsupportedKeyType, code)
	default:
		if _, err := publicCodecInfo(code); err != nil && !errors.Is(err, ErrKeyTypeMismatch) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: multicodec 0x%x is not a secret key", ErrKeyTypeMismatch, code)
	}
	if t == KeyTypeEd25519 && len(key) == ed25519.PrivateKeySize {
		// The older 64-byte form (seed followed by the public key) that
		// Digital Bazaar's ed25519-multikey still writes: accept it when the
		// public half is the one the seed derives.
		priv := ed25519.NewKeyFromSeed(key[:ed25519.SeedSize])
		if !bytes.Equal(priv[ed25519.SeedSize:], key[ed25519.SeedSize:]) {
			return nil, fmt.Errorf("%w: Ed25519 secret key: the public half does not match the seed", ErrInvalidKey)
		}
		return priv, nil
	}
	if len(key) != n {
		return nil, fmt.Errorf("%w: %s secret key of %d bytes, want %d", ErrKeyLength, t, len(key), n)
	}
	if t == KeyTypeEd25519 {
		return ed25519.NewKeyFromSeed(key), nil
	}
	k, err := ecdsa.ParseRawPrivateKey(ecCurve(t), key)
	if err != nil {
		return nil, fmt.Errorf("%w: %s secret key: %v", ErrPointNotOnCurve, t, err)
	}
	return k, nil
}

// readVarint splits an unsigned-varint multicodec code off b. The
// multiformats unsigned varint is at most 9 bytes and minimally encoded.
func readVarint(b []byte) (uint64, []byte, error) {
	var v uint64
	for i := 0; i < len(b) && i < 9; i++ {
		c := b[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			if c == 0 && i > 0 {
				return 0, nil, fmt.Errorf("%w: not minimally encoded", ErrVarint)
			}
			return v, b[i+1:], nil
		}
	}
	return 0, nil, fmt.Errorf("%w: truncated or longer than 9 bytes", ErrVarint)
}

// appendVarint appends the unsigned-varint encoding of v.
func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}
