package did

import (
	"crypto"
	"encoding/json"
	"fmt"
)

// legacyMethodTypes maps verification method types that imply one key type
// to it. Multikey, JsonWebKey and JsonWebKey2020 carry their type in the
// encoding and are absent here.
var legacyMethodTypes = map[string]KeyType{
	"Ed25519VerificationKey2018":        KeyTypeEd25519,
	"Ed25519VerificationKey2020":        KeyTypeEd25519,
	"X25519KeyAgreementKey2019":         KeyTypeX25519,
	"X25519KeyAgreementKey2020":         KeyTypeX25519,
	"EcdsaSecp256k1VerificationKey2019": KeyTypeSecp256k1,
	"P256Key2021":                       KeyTypeP256,
	"P384Key2021":                       KeyTypeP384,
}

// unsupportedMethodTypes are method types whose keys this package does not
// handle.
var unsupportedMethodTypes = map[string]bool{
	"Bls12381G1Key2020": true,
	"Bls12381G2Key2020": true,
}

// PublicKey returns the public key of the verification method, from its
// publicKeyMultibase (Multikey, and the older Ed25519VerificationKey2020 and
// X25519KeyAgreementKey2020), its publicKeyJwk (JsonWebKey,
// JsonWebKey2020), or, for the 2018/2019 key types, a publicKeyBase58
// member in Extra (the raw key bytes in base58btc without a multibase or
// multicodec prefix). Exactly one of these must be present. When the
// method type implies a key type (Ed25519VerificationKey2020 is Ed25519),
// the key must be of that type (ErrKeyTypeMismatch).
//
// The result is of the types DecodeMultikey returns. Errors wrap the key
// sentinels (see PublicKeyErrorCode) or ErrNoPublicKey.
func (m *VerificationMethod) PublicKey() (crypto.PublicKey, error) {
	if unsupportedMethodTypes[m.Type] {
		return nil, fmt.Errorf("%w: verification method type %q", ErrUnsupportedKeyType, m.Type)
	}
	want := legacyMethodTypes[m.Type]
	rawB58, hasB58 := m.Extra["publicKeyBase58"]
	n := 0
	for _, present := range []bool{m.PublicKeyMultibase != "", len(m.PublicKeyJwk) > 0, hasB58} {
		if present {
			n++
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: %q", ErrNoPublicKey, m.ID)
	}
	if n > 1 {
		return nil, fmt.Errorf("%w: %q has more than one of publicKeyMultibase, publicKeyJwk and publicKeyBase58", ErrInvalidKey, m.ID)
	}
	var pub crypto.PublicKey
	var err error
	switch {
	case m.PublicKeyMultibase != "":
		if want != "" {
			return DecodeMultikeyAs(m.PublicKeyMultibase, want)
		}
		return DecodeMultikey(m.PublicKeyMultibase)
	case len(m.PublicKeyJwk) > 0:
		pub, err = ParsePublicJWK(m.PublicKeyJwk)
	default:
		var s string
		if err := json.Unmarshal(rawB58, &s); err != nil {
			return nil, fmt.Errorf("%w: publicKeyBase58 is not a string", ErrBase58)
		}
		if want == "" {
			return nil, fmt.Errorf("%w: publicKeyBase58 in a method of type %q", ErrUnsupportedKeyType, m.Type)
		}
		pub, err = parseBase58Key(s, want)
	}
	if err != nil {
		return nil, err
	}
	if t, _ := PublicKeyType(pub); want != "" && t != want {
		return nil, fmt.Errorf("%w: %s key in a method of type %q", ErrKeyTypeMismatch, t, m.Type)
	}
	return pub, nil
}

// parseBase58Key decodes a publicKeyBase58 value of the given key type.
func parseBase58Key(s string, t KeyType) (crypto.PublicKey, error) {
	if len(s) > maxMultibaseLen {
		return nil, fmt.Errorf("%w: publicKeyBase58 of %d characters", ErrKeyLength, len(s))
	}
	var buf [80]byte
	raw, err := base58Decode(buf[:0], s)
	if err != nil {
		return nil, err
	}
	info := publicCodec{typ: t}
	switch t {
	case KeyTypeEd25519, KeyTypeX25519:
		info.len = 32
	case KeyTypeSecp256k1:
		info.len = 33
	case KeyTypeP256:
		info.len = 33
	case KeyTypeP384:
		info.len = 49
	}
	return parseRawPublicKey(info, raw)
}
