package did

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// KeyFormat selects the verification method form of did:key documents.
type KeyFormat string

const (
	// KeyFormatMultikey is the current form: Multikey methods with
	// publicKeyMultibase and the "https://www.w3.org/ns/did/v1.1" context.
	KeyFormatMultikey KeyFormat = "Multikey"
	// KeyFormatEd25519VerificationKey2020 is the older form some verifiers
	// expect for Ed25519 keys: an Ed25519VerificationKey2020 method and an
	// X25519KeyAgreementKey2020 key agreement method, with the DID v1 and
	// the 2020 suite contexts. Keys of other types keep the Multikey form.
	KeyFormatEd25519VerificationKey2020 KeyFormat = "Ed25519VerificationKey2020"
)

// KeyOptions configure a KeyResolver. The zero value gives the document of
// the did:key specification's example.
type KeyOptions struct {
	// Format is the verification method form; "" means KeyFormatMultikey.
	Format KeyFormat
	// DisableEncryptionKeyDerivation leaves out the keyAgreement method
	// that is otherwise derived from an Ed25519 key (the X25519 key of the
	// same Edwards point in Montgomery form). The derivation costs about
	// as much as the rest of the resolution.
	DisableEncryptionKeyDerivation bool
}

// KeyResolver resolves did:key DIDs: Ed25519, X25519, P-256, P-384, P-521,
// secp256k1 and RSA keys. BLS12-381 keys are rejected with
// unsupportedPublicKeyType. Resolution is pure computation: there is no
// I/O, and ctx is only checked for cancellation. A KeyResolver is immutable
// and safe for concurrent use; the zero value uses the default options.
type KeyResolver struct {
	opts KeyOptions
}

var _ Resolver = (*KeyResolver)(nil)

// NewKeyResolver returns a did:key resolver with the given options.
func NewKeyResolver(opts KeyOptions) (*KeyResolver, error) {
	switch opts.Format {
	case "", KeyFormatMultikey, KeyFormatEd25519VerificationKey2020:
	default:
		return nil, fmt.Errorf("did: NewKeyResolver: unknown format %q", opts.Format)
	}
	return &KeyResolver{opts: opts}, nil
}

// Contexts of the documents the resolver builds.
const (
	didKeyContextMultikey = `["https://www.w3.org/ns/did/v1.1"]`
	didKeyContextLegacy   = `["https://www.w3.org/ns/did/v1","https://w3id.org/security/suites/ed25519-2020/v1","https://w3id.org/security/suites/x25519-2020/v1"]`
)

// Resolve builds the DID document of a did:key DID ("did:key:<mb>" or
// "did:key:1:<mb>"). Failures are *ResolutionError values: invalidDid for
// bad syntax, a value not starting with "z", bad base58 or a version other
// than 1; methodNotSupported for a DID of another method;
// invalidPublicKeyLength, invalidPublicKey, invalidPublicKeyType and
// unsupportedPublicKeyType for the key (the cause is wrapped, so
// errors.Is(err, ErrKeyLength) also holds).
func (r *KeyResolver) Resolve(ctx context.Context, did string) (*Resolution, error) {
	if err := ctx.Err(); err != nil {
		return nil, &ResolutionError{Code: CodeInternalError, DID: did, Err: err}
	}
	mb, pub, err := ParseDIDKey(did)
	if err != nil {
		return nil, err
	}
	var opts KeyOptions
	if r != nil {
		opts = r.opts
	}
	doc, err := keyDocument(did, mb, pub, opts)
	if err != nil {
		return nil, err
	}
	return &Resolution{Document: doc, ContentType: "application/did+ld+json"}, nil
}

// resolveForFragment resolves did far enough to dereference fragment. The
// fragment of the DID's own key, which every proof names, needs no derived
// key-agreement key, so its document is built without one: the costliest
// part of did:key resolution is skipped on the verification path, and the
// method and its relationships are the same as in the full document.
func (r *KeyResolver) resolveForFragment(ctx context.Context, did, fragment string) (*Resolution, error) {
	if rest, ok := strings.CutPrefix(did, "did:key:"); ok && rest == fragment {
		lean := KeyResolver{}
		if r != nil {
			lean.opts = r.opts
		}
		lean.opts.DisableEncryptionKeyDerivation = true
		return lean.Resolve(ctx, did)
	}
	return r.Resolve(ctx, did)
}

// ParseDIDKey checks a did:key DID and decodes its key. It returns the
// multibase value (the method-specific identifier without a version) and
// the public key, of the types DecodeMultikey returns. Errors are
// *ResolutionError values as Resolve returns them.
func ParseDIDKey(did string) (mb string, pub crypto.PublicKey, err error) {
	method, id, err := ParseDID(did)
	if err != nil {
		return "", nil, err
	}
	if method != "key" {
		return "", nil, &ResolutionError{Code: CodeMethodNotSupported, DID: did, Detail: "not a did:key DID"}
	}
	mb = id
	if version, rest, ok := strings.Cut(id, ":"); ok {
		if version != "1" {
			return "", nil, &ResolutionError{Code: CodeInvalidDID, DID: did, Detail: fmt.Sprintf("unsupported did:key version %q", version)}
		}
		mb = rest
	}
	pub, err = DecodeMultikey(mb)
	if err != nil {
		code := PublicKeyErrorCode(err)
		if isErrAny(err, ErrMultibaseEncoding, ErrBase58) || strings.Contains(mb, ":") {
			code = CodeInvalidDID
		}
		return "", nil, &ResolutionError{Code: code, DID: did, Err: err}
	}
	return mb, pub, nil
}

// DIDKey returns the did:key DID of a public key of a type EncodeMultikey
// takes.
func DIDKey(pub crypto.PublicKey) (string, error) {
	mb, err := EncodeMultikey(pub)
	if err != nil {
		return "", err
	}
	return "did:key:" + mb, nil
}

// keyDocument builds the DID document of a did:key.
func keyDocument(did, mb string, pub crypto.PublicKey, opts KeyOptions) (*Document, error) {
	t, _ := PublicKeyType(pub)
	legacy := opts.Format == KeyFormatEd25519VerificationKey2020 && t == KeyTypeEd25519
	vmType, context := "Multikey", didKeyContextMultikey
	if legacy {
		vmType, context = "Ed25519VerificationKey2020", didKeyContextLegacy
	}
	// One allocation holds the methods, another every relationship entry.
	vms := make([]VerificationMethod, 2)
	vms[0] = VerificationMethod{ID: did + "#" + mb, Type: vmType, Controller: did, PublicKeyMultibase: mb}
	refs := make([]MethodRef, 5)
	doc := &Document{
		Context:            json.RawMessage(context),
		ID:                 did,
		VerificationMethod: vms[:1:1],
		Relationships:      make(map[Relationship][]MethodRef, 5),
	}
	if t == KeyTypeX25519 {
		// An X25519 key can only agree on keys.
		refs[0] = MethodRef{ID: vms[0].ID}
		doc.Relationships[KeyAgreement] = refs[0:1:1]
		return doc, nil
	}
	for i, rel := range [...]Relationship{Authentication, AssertionMethod, CapabilityInvocation, CapabilityDelegation} {
		refs[i] = MethodRef{ID: vms[0].ID}
		doc.Relationships[rel] = refs[i : i+1 : i+1]
	}
	if t == KeyTypeEd25519 && !opts.DisableEncryptionKeyDerivation {
		x, err := ed25519ToX25519(pub.(ed25519.PublicKey))
		if err != nil {
			return nil, &ResolutionError{Code: CodeInvalidPublicKey, DID: did, Err: err}
		}
		xmb := encodeMultibase([]byte{0xec, 0x01}, x)
		ka := &vms[1]
		*ka = VerificationMethod{ID: did + "#" + xmb, Type: "Multikey", Controller: did, PublicKeyMultibase: xmb}
		if legacy {
			ka.Type = "X25519KeyAgreementKey2020"
		}
		refs[4] = MethodRef{ID: ka.ID, Method: ka}
		doc.Relationships[KeyAgreement] = refs[4:5:5]
	}
	return doc, nil
}

// The prime 2^255 - 19 of Curve25519.
var curve25519P, _ = new(big.Int).SetString("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed", 16)

// ed25519ToX25519 maps an Ed25519 public key (an Edwards y coordinate and
// the sign of x) to the X25519 public key of the same point: the Montgomery
// u = (1 + y) / (1 - y) mod p, little-endian. The sign bit is dropped since
// u does not depend on it.
func ed25519ToX25519(pub ed25519.PublicKey) ([]byte, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: Ed25519 key of %d bytes", ErrKeyLength, len(pub))
	}
	var be [32]byte
	for i := range be {
		be[i] = pub[31-i]
	}
	be[0] &= 0x7f
	y := new(big.Int).SetBytes(be[:])
	if y.Cmp(curve25519P) >= 0 {
		return nil, fmt.Errorf("%w: Ed25519 y coordinate not reduced", ErrPointNotOnCurve)
	}
	num := new(big.Int).Add(y, big.NewInt(1))
	den := new(big.Int).Sub(curve25519P, y)
	den.Add(den, big.NewInt(1)) // 1 - y mod p
	if den.Cmp(curve25519P) == 0 || den.ModInverse(den, curve25519P) == nil {
		return nil, fmt.Errorf("%w: Ed25519 key is the neutral element", ErrPointNotOnCurve)
	}
	num.Mul(num, den).Mod(num, curve25519P)
	out := make([]byte, 32)
	num.FillBytes(out)
	for i, j := 0, 31; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// isErrAny reports whether err matches any of targets.
func isErrAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
