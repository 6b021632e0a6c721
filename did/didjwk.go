package did

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// JWKResolver resolves did:jwk DIDs (the base64url encoding of a public
// JWK) to a document with one JsonWebKey method "did:jwk:...#0". The JWK
// must pass ParsePublicJWK: a JWK with private members is invalidDid. Its
// "use" member selects the relationships: "sig" gives the signing ones,
// "enc" keyAgreement only, and no "use" gives all five (X25519 keys, which
// cannot sign, always get keyAgreement only). The zero value is ready to
// use and safe for concurrent use.
type JWKResolver struct{}

var _ Resolver = JWKResolver{}

// Resolve builds the DID document of a did:jwk DID.
func (JWKResolver) Resolve(ctx context.Context, did string) (*Resolution, error) {
	if err := ctx.Err(); err != nil {
		return nil, &ResolutionError{Code: CodeInternalError, DID: did, Err: err}
	}
	method, id, err := ParseDID(did)
	if err != nil {
		return nil, err
	}
	if method != "jwk" {
		return nil, &ResolutionError{Code: CodeMethodNotSupported, DID: did, Detail: "not a did:jwk DID"}
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(id)
	if err != nil {
		return nil, &ResolutionError{Code: CodeInvalidDID, DID: did, Detail: "not unpadded base64url"}
	}
	pub, err := ParsePublicJWK(raw)
	if err != nil {
		code := PublicKeyErrorCode(err)
		if isErrAny(err, ErrJWKSyntax, ErrPrivateJWKMember) {
			code = CodeInvalidDID
		}
		return nil, &ResolutionError{Code: code, DID: did, Err: err}
	}
	var use string
	var members map[string]json.RawMessage
	_ = json.Unmarshal(raw, &members) // parsed above
	if u, ok := members["use"]; ok {
		if err := json.Unmarshal(u, &use); err != nil || (use != "sig" && use != "enc") {
			return nil, &ResolutionError{Code: CodeInvalidDID, DID: did, Detail: `JWK "use" must be "sig" or "enc"`}
		}
	}
	vmID := did + "#0"
	doc := &Document{
		Context: json.RawMessage(`["https://www.w3.org/ns/did/v1","https://w3id.org/security/suites/jws-2020/v1"]`),
		ID:      did,
		VerificationMethod: []VerificationMethod{{
			ID: vmID, Type: "JsonWebKey2020", Controller: did, PublicKeyJwk: json.RawMessage(raw),
		}},
		Relationships: make(map[Relationship][]MethodRef),
	}
	t, _ := PublicKeyType(pub)
	sig := use != "enc" && t != KeyTypeX25519
	enc := use != "sig"
	if t == KeyTypeX25519 && use == "sig" {
		return nil, &ResolutionError{Code: CodeInvalidPublicKeyType, DID: did, Detail: `an X25519 key with "use":"sig"`}
	}
	if sig {
		for _, r := range []Relationship{AssertionMethod, Authentication, CapabilityInvocation, CapabilityDelegation} {
			doc.Relationships[r] = []MethodRef{{ID: vmID}}
		}
	}
	if enc {
		doc.Relationships[KeyAgreement] = []MethodRef{{ID: vmID}}
	}
	return &Resolution{Document: doc, ContentType: "application/did+ld+json"}, nil
}

// DIDJWK returns the did:jwk DID of a public key of a type
// MarshalPublicJWK takes. The JWK is the minimal one (no "use").
func DIDJWK(pub any) (string, error) {
	jwk, err := MarshalPublicJWK(pub)
	if err != nil {
		return "", fmt.Errorf("did: DIDJWK: %w", err)
	}
	return "did:jwk:" + base64.RawURLEncoding.EncodeToString(jwk), nil
}
