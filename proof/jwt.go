package proof

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/clrkit/clrkit/did"
)

// JWTForm names one of the three ways a credential travels as a JWT.
type JWTForm string

const (
	// JWTFormOB3 is the Open Badges 3.0 / CLR 2.0 "JSON Web Token Proof
	// Format": the claims set is the credential itself, with iss, sub,
	// jti, nbf and exp added from its issuer, subject, id and dates.
	JWTFormOB3 JWTForm = "ob3"
	// JWTFormVCClaim is the VC Data Model 1.1 form: the credential sits
	// in the "vc" claim, next to the registered claims.
	JWTFormVCClaim JWTForm = "vc-claim"
	// JWTFormJOSE is W3C VC-JOSE-COSE: typ vc+jwt or vp+jwt, the claims set
	// is the credential or presentation, and vc/vp claims are forbidden.
	JWTFormJOSE JWTForm = "vc-jose-cose"
)

// JWT signature algorithms. ES512 is known but not in
// DefaultJWTAlgorithms; HMAC and "none" are never accepted.
const (
	RS256 = "RS256"
	PS256 = "PS256"
	ES256 = "ES256"
	ES384 = "ES384"
	ES512 = "ES512"
	EdDSA = "EdDSA"
)

// DefaultJWTAlgorithms is the allowlist a JWTVerifier uses when none is
// configured.
var DefaultJWTAlgorithms = []string{RS256, ES256, ES384, EdDSA, PS256}

// Errors of JWT signing and verification; test for them with errors.Is.
var (
	// ErrMalformedJWT: the input is not a compact JWS with a JSON header
	// and a JSON object payload.
	ErrMalformedJWT = errors.New("proof: malformed JWT")
	// ErrJWTAlgorithm: an algorithm outside the allowlist (always the case
	// for "none" and HMAC), or one that does not fit the key.
	ErrJWTAlgorithm = errors.New("proof: JWT algorithm not allowed")
	// ErrJWTForm: a token of none of the three credential forms, or one
	// that breaks the rules of its form (for example a vc claim in a
	// vc+jwt token).
	ErrJWTForm = errors.New("proof: unsupported or invalid JWT form")
	// ErrJWTKey: no usable key: kid and jwk both absent or unresolvable, a
	// jwk with private members, or a jwk not bound to the issuer.
	ErrJWTKey = errors.New("proof: JWT key not found or not trusted")
	// ErrJWTSignature: the signature does not verify with the key.
	ErrJWTSignature = errors.New("proof: JWT signature invalid")
	// ErrJWTClaims: the JWT claims disagree with the credential, or are of
	// the wrong type.
	ErrJWTClaims = errors.New("proof: JWT claims do not match the credential")
	// ErrJWTExpired: exp has passed.
	ErrJWTExpired = errors.New("proof: JWT expired")
	// ErrJWTNotYetValid: nbf is in the future.
	ErrJWTNotYetValid = errors.New("proof: JWT not yet valid")
)

// JWTSignOptions configure SignJWT.
type JWTSignOptions struct {
	// Algorithm is the JWS alg; "" picks the usual one for the key (EdDSA,
	// ES256, ES384, ES512 by curve, RS256 for RSA).
	Algorithm string
	// Form is the token form: JWTFormOB3 (the default), JWTFormVCClaim or
	// JWTFormJOSE.
	Form JWTForm
	// KeyID goes into the kid header: the verification method URL.
	// Required unless EmbedJWK is set.
	KeyID string
	// EmbedJWK puts the public key in a jwk header instead of kid. A
	// verifier accepts it only when it can bind that key to the issuer.
	EmbedJWK bool
	// CoSigner signs with a did:key or did:jwk kid whose DID is not the
	// credential's issuer (a presentation's holder) on purpose: for test
	// data and demonstrations, since a verifier refuses such a JWT. Without
	// it SignJWT refuses that (ErrNotIssuerKey), as Sign does; a kid that
	// does not encode the signing key is refused either way
	// (ErrKeyMismatch).
	CoSigner bool
	// Rand is the randomness for ECDSA and RSA-PSS (default crypto/rand).
	Rand io.Reader
}

// SignJWTWithKeyFile signs a credential with the key of a key file, its id
// going into kid.
func SignJWTWithKeyFile(credential []byte, k *did.KeyFile, opts JWTSignOptions) (string, error) {
	s, err := k.Signer()
	if err != nil {
		return "", err
	}
	if opts.KeyID == "" {
		opts.KeyID = k.ID
	}
	return SignJWT(credential, s, opts)
}

// SignJWT returns the compact JWS of the credential (or, in the JOSE form,
// presentation) JSON object in credential, signed with key. The members of
// the credential keep their order and their bytes (only whitespace between
// tokens goes); the claims derived from it follow them (OB 3.0 form) or
// precede the vc claim (legacy form). The header holds alg, kid or jwk,
// and typ ("JWT", or "vc+jwt"/"vp+jwt" with cty in the JOSE form).
// Any crypto.Signer works: Ed25519, ECDSA P-256/P-384/P-521 and RSA keys,
// in memory or behind an HSM.
func SignJWT(credential []byte, key crypto.Signer, opts JWTSignOptions) (string, error) {
	alg := opts.Algorithm
	if alg == "" {
		alg = defaultAlg(key.Public())
	}
	if err := algFitsKey(alg, key.Public()); err != nil {
		return "", err
	}
	obj, err := decodeObject(credential)
	if err != nil {
		return "", err
	}
	// As Sign does: a did:key or did:jwk kid must encode the signing key,
	// and its DID be the issuer's (the holder's), unless CoSigner.
	if !opts.EmbedJWK {
		if err := checkSigner(context.Background(), obj, key, SignOptions{VerificationMethod: opts.KeyID, CoSigner: opts.CoSigner}); err != nil {
			return "", err
		}
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, credential); err != nil {
		return "", fmt.Errorf("%w: %v", ErrMalformedDocument, err)
	}
	var payload []byte
	typ := "JWT"
	cty := ""
	form := opts.Form
	if form == "" {
		form = JWTFormOB3
	}
	switch form {
	case JWTFormOB3:
		claims, err := derivedClaims(obj)
		if err != nil {
			return "", err
		}
		for _, c := range claims {
			if _, ok := obj[c.name]; ok {
				return "", fmt.Errorf("%w: the credential already has a %q member", ErrMalformedDocument, c.name)
			}
		}
		payload = compact.Bytes()
		if len(claims) > 0 {
			payload = payload[:len(payload)-1]
			if len(obj) > 0 {
				payload = append(payload, ',')
			}
			tail, err := jwtObject(claims).MarshalJSON()
			if err != nil {
				return "", err
			}
			payload = append(payload, tail[1:]...)
		}
	case JWTFormVCClaim:
		claims, err := derivedClaims(obj)
		if err != nil {
			return "", err
		}
		claims = append(claims, jwtMember{"vc", json.RawMessage(compact.Bytes())})
		if payload, err = jwtObject(claims).MarshalJSON(); err != nil {
			return "", err
		}
	case JWTFormJOSE:
		payload = compact.Bytes()
		typ, cty = "vc+jwt", "vc"
		if jwtHasType(obj, "VerifiablePresentation") {
			typ, cty = "vp+jwt", "vp"
		}
	default:
		return "", fmt.Errorf("%w: %q", ErrJWTForm, form)
	}

	return compactJWS(payload, key, alg, cty, typ, opts.KeyID, opts.EmbedJWK, opts.Rand)
}

// compactJWS signs payload and returns the compact JWS with the header
// members alg, cty (when set), kid or jwk, and typ, in that order.
func compactJWS(payload []byte, key crypto.Signer, alg, cty, typ, kid string, embedJWK bool, rnd io.Reader) (string, error) {
	header := jwtObject{{"alg", alg}}
	if cty != "" {
		header = append(header, jwtMember{"cty", cty})
	}
	if embedJWK {
		jwk, err := did.MarshalPublicJWK(key.Public())
		if err != nil {
			return "", err
		}
		header = append(header, jwtMember{"jwk", json.RawMessage(jwk)})
	} else {
		if kid == "" {
			return "", fmt.Errorf("%w: no KeyID", ErrJWTKey)
		}
		header = append(header, jwtMember{"kid", kid})
	}
	header = append(header, jwtMember{"typ", typ})
	hb, err := header.MarshalJSON()
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	signingInput := enc.EncodeToString(hb) + "." + enc.EncodeToString(payload)
	sig, err := jwsSign(key, alg, []byte(signingInput), rnd)
	if err != nil {
		return "", err
	}
	return signingInput + "." + enc.EncodeToString(sig), nil
}

func jwtHasType(obj map[string]any, t string) bool {
	for _, v := range jwtList(obj["type"]) {
		if v == t {
			return true
		}
	}
	return false
}

// derivedClaims returns iss, sub, jti, nbf and exp as the credential's
// issuer, subject id, id and dates give them (validFrom/validUntil, or
// issuanceDate/expirationDate in VC DM 1.1), in that order, leaving out
// those the credential lacks. The issuer is required.
func derivedClaims(obj map[string]any) ([]jwtMember, error) {
	iss, ok := jwtIssuerID(obj["issuer"])
	if !ok || iss == "" {
		return nil, fmt.Errorf("%w: no issuer", ErrMalformedDocument)
	}
	claims := []jwtMember{{"iss", iss}}
	if sub := subjectID(obj["credentialSubject"]); sub != "" {
		claims = append(claims, jwtMember{"sub", sub})
	}
	if id, ok := obj["id"].(string); ok && id != "" {
		claims = append(claims, jwtMember{"jti", id})
	}
	for _, d := range [][3]string{{"nbf", "validFrom", "issuanceDate"}, {"exp", "validUntil", "expirationDate"}} {
		s, ok := obj[d[1]].(string)
		if !ok {
			s, ok = obj[d[2]].(string)
		}
		if !ok {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, fmt.Errorf("%w: %s %q is not a dateTime", ErrMalformedDocument, d[1], s)
		}
		claims = append(claims, jwtMember{d[0], t.Unix()})
	}
	return claims, nil
}

// subjectID is the id of the credential subject, when there is exactly one
// subject and it has an id.
func subjectID(v any) string {
	l := jwtList(v)
	if len(l) != 1 {
		return ""
	}
	m, _ := l[0].(map[string]any)
	s, _ := m["id"].(string)
	return s
}

func defaultAlg(pub crypto.PublicKey) string {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return EdDSA
	case *rsa.PublicKey:
		return RS256
	case *ecdsa.PublicKey:
		switch k.Curve.Params().BitSize {
		case 384:
			return ES384
		case 521:
			return ES512
		}
		return ES256
	}
	return ""
}

// algFitsKey reports whether alg is one this package signs and verifies
// with and whether the key is of its type and curve.
func algFitsKey(alg string, pub crypto.PublicKey) error {
	fit := algsForKey(pub)
	if slices.Contains(fit, alg) {
		return nil
	}
	if len(fit) == 0 {
		return fmt.Errorf("%w: %q: no JWS algorithm of this package signs with a %T key", ErrJWTAlgorithm, alg, pub)
	}
	return fmt.Errorf("%w: %q does not fit %s; it signs with %s", ErrJWTAlgorithm, alg, keyName(pub), strings.Join(fit, " or "))
}

// algsForKey lists the JWS algorithms this package signs with for the
// key's type and curve, the default (defaultAlg) first.
func algsForKey(pub crypto.PublicKey) []string {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return []string{EdDSA}
	case *rsa.PublicKey:
		return []string{RS256, PS256}
	case *ecdsa.PublicKey:
		switch k.Curve.Params().BitSize {
		case 256:
			return []string{ES256}
		case 384:
			return []string{ES384}
		case 521:
			return []string{ES512}
		}
	}
	return nil
}

// keyName names a public key's kind for error messages: "an Ed25519 key",
// "a P-256 key", "an RSA key".
func keyName(pub crypto.PublicKey) string {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return "an Ed25519 key"
	case *rsa.PublicKey:
		return "an RSA key"
	case *ecdsa.PublicKey:
		return "a " + k.Curve.Params().Name + " key"
	}
	return fmt.Sprintf("a %T key", pub)
}

// jwsSign computes the JWS signature of input (RFC 7518 section 3): the
// ECDSA signature is converted from the ASN.1 form crypto.Signer returns
// to the fixed-size r‖s form JWS uses.
func jwsSign(key crypto.Signer, alg string, input []byte, rnd io.Reader) ([]byte, error) {
	if rnd == nil {
		rnd = rand.Reader
	}
	hashOf := func(h crypto.Hash) []byte { d := h.New(); d.Write(input); return d.Sum(nil) }
	switch alg {
	case EdDSA:
		return key.Sign(rnd, input, crypto.Hash(0))
	case RS256:
		return key.Sign(rnd, hashOf(crypto.SHA256), crypto.SHA256)
	case PS256:
		return key.Sign(rnd, hashOf(crypto.SHA256), &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: crypto.SHA256})
	case ES256, ES384, ES512:
		h, size := crypto.SHA256, 32
		if alg == ES384 {
			h, size = crypto.SHA384, 48
		} else if alg == ES512 {
			h, size = crypto.SHA512, 66
		}
		der, err := key.Sign(rnd, hashOf(h), h)
		if err != nil {
			return nil, err
		}
		var rs struct{ R, S *big.Int }
		if rest, err := asn1.Unmarshal(der, &rs); err != nil || len(rest) > 0 || rs.R.Sign() <= 0 || rs.S.Sign() <= 0 {
			return nil, errors.New("proof: the signer returned a malformed ECDSA signature")
		}
		out := make([]byte, 2*size)
		rs.R.FillBytes(out[:size])
		rs.S.FillBytes(out[size:])
		return out, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrJWTAlgorithm, alg)
}

// jwtMember and jwtObject write a JSON object with its members in a fixed
// order, without HTML escaping.
type jwtMember struct {
	name  string
	value any
}

type jwtObject []jwtMember

// MarshalJSON writes the members in order.
func (o jwtObject) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := jwtWriteJSON(&buf, m.name); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := jwtWriteJSON(&buf, m.value); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func jwtWriteJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // the newline Encode adds
	return nil
}

// jwtIssuerID returns the issuer's id, whether the issuer is a string or an
// object; ok is false when there is no issuer.
func jwtIssuerID(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case map[string]any:
		id, _ := x["id"].(string)
		return id, true
	}
	return "", false
}

func jwtList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	if v == nil {
		return nil
	}
	return []any{v}
}
