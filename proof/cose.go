package proof

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/clrkit/clrkit/internal/edverify"
)

// JWTFormCOSE marks a result of VerifyCOSE: a credential or presentation
// secured with COSE_Sign1 per W3C VC-JOSE-COSE (media types
// application/vc+cose and application/vp+cose).
const JWTFormCOSE JWTForm = "vc-cose"

// ErrMalformedCOSE: the input is not (base64 of) a COSE_Sign1 message with
// a protected header, an attached payload and a signature. Failures past
// the structure reuse the JWT errors: ErrJWTAlgorithm, ErrJWTForm (media
// types), ErrJWTKey, ErrJWTSignature, ErrJWTClaims, ErrIssuerBinding.
var ErrMalformedCOSE = errors.New("proof: malformed COSE_Sign1")

// COSE header labels (RFC 9052 section 3.1, RFC 9596).
const (
	coseLabelAlg  = 1
	coseLabelCrit = 2
	coseLabelCty  = 3
	coseLabelKid  = 4
	coseLabelTyp  = 16
)

// coseTagSign1 is the CBOR tag of a COSE_Sign1 message.
const coseTagSign1 = 18

// coseAlgs maps COSE algorithm identifiers to the JWS names used by the
// allowlist of a JWTVerifier.
var coseAlgs = map[int64]string{
	-7:   ES256,
	-35:  ES384,
	-36:  ES512,
	-8:   EdDSA,
	-257: RS256,
	-37:  PS256,
}

func coseAlgID(alg string) (int64, bool) {
	for id, name := range coseAlgs {
		if name == alg {
			return id, true
		}
	}
	return 0, false
}

// COSEOutcome describes a verified (or rejected) COSE_Sign1 credential or
// presentation. The embedded JWTOutcome has Form JWTFormCOSE; its
// Credential is the payload as signed, and Enveloped lists the compact
// JWTs among a presentation's enveloped credentials.
type COSEOutcome struct {
	JWTOutcome
	// EnvelopedCredentials are the data: URLs of every enveloped
	// credential of a presentation (vc+jwt, vc+sd-jwt and vc+cose), for
	// the caller to verify in turn.
	EnvelopedCredentials []string `json:"envelopedCredentials,omitempty"`
}

// VerifyCOSE checks a COSE-secured credential or presentation given as
// base64 text, the way the VC-JOSE-COSE test suite and data: URLs carry
// it (standard alphabet, padding optional, surrounding whitespace
// ignored). See VerifyCOSESign1 for the checks.
func (v *JWTVerifier) VerifyCOSE(ctx context.Context, text []byte) (*COSEOutcome, error) {
	s := strings.TrimRight(string(bytes.TrimSpace(text)), "=")
	msg, err := base64.RawStdEncoding.Strict().DecodeString(s)
	if err != nil {
		return &COSEOutcome{JWTOutcome: JWTOutcome{Form: JWTFormCOSE}}, fmt.Errorf("%w: not base64: %v", ErrMalformedCOSE, err)
	}
	return v.VerifyCOSESign1(ctx, msg)
}

// VerifyCOSESign1 checks a COSE_Sign1 message (CBOR, tag 18 optional):
// an allowed algorithm in the protected header, no crit header, the
// VC-JOSE-COSE media types in the protected typ and content type headers,
// a JSON credential or presentation payload whose iss (if any) names its
// issuer or holder, a key from kid (resolved as in Verify), the signature
// over the Sig_structure, a key controlled by the issuer (holder), for a
// presentation only enveloped credentials, and nbf/exp if present. The
// error is nil only when every check passed.
func (v *JWTVerifier) VerifyCOSESign1(ctx context.Context, msg []byte) (*COSEOutcome, error) {
	out := &COSEOutcome{JWTOutcome: JWTOutcome{Form: JWTFormCOSE}}
	res := &out.JWTOutcome
	item, _, err := cborDecode(msg, coseTagSign1)
	if err != nil {
		return out, fmt.Errorf("%w: %w", ErrMalformedCOSE, err)
	}
	arr, ok := item.([]any)
	if !ok || len(arr) != 4 {
		return out, fmt.Errorf("%w: not a four-element array", ErrMalformedCOSE)
	}
	protected, ok1 := arr[0].([]byte)
	unprotected, ok2 := arr[1].(cborMap)
	payload, ok3 := arr[2].([]byte)
	sig, ok4 := arr[3].([]byte)
	switch {
	case !ok1 || !ok2 || !ok4:
		return out, fmt.Errorf("%w: wrong element types", ErrMalformedCOSE)
	case !ok3:
		return out, fmt.Errorf("%w: no attached payload", ErrMalformedCOSE)
	case len(protected) == 0:
		return out, fmt.Errorf("%w: empty protected header", ErrMalformedCOSE)
	}
	ph, _, err := cborDecode(protected, -1)
	if err != nil {
		return out, fmt.Errorf("%w: protected header: %w", ErrMalformedCOSE, err)
	}
	hdr, ok := ph.(cborMap)
	if !ok {
		return out, fmt.Errorf("%w: the protected header is not a map", ErrMalformedCOSE)
	}

	// Algorithm.
	if _, ok := unprotected.get(int64(coseLabelAlg)); ok {
		return out, fmt.Errorf("%w: alg in the unprotected header", ErrJWTAlgorithm)
	}
	if _, ok := hdr.get(int64(coseLabelCrit)); ok {
		return out, fmt.Errorf("%w: crit header parameters are not supported", ErrMalformedCOSE)
	}
	a, _ := hdr.get(int64(coseLabelAlg))
	algID, isInt := a.(int64)
	alg := coseAlgs[algID]
	if !isInt || alg == "" {
		return out, fmt.Errorf("%w: COSE alg %v", ErrJWTAlgorithm, a)
	}
	res.Algorithm = alg
	if !slices.Contains(v.algs, jose.SignatureAlgorithm(alg)) {
		return out, fmt.Errorf("%w: %q", ErrJWTAlgorithm, alg)
	}

	// Media types.
	if res.Presentation, err = coseMediaType(hdr); err != nil {
		return out, err
	}

	// Payload.
	claims, err := decodeObject(payload)
	if err != nil {
		return out, fmt.Errorf("%w: payload is not a JSON object", ErrMalformedCOSE)
	}
	res.Credential = json.RawMessage(payload)
	if _, ok := claims["@context"]; !ok {
		return out, fmt.Errorf("%w: no @context", ErrJWTForm)
	}
	want, issuerField := "VerifiableCredential", "issuer"
	if res.Presentation {
		want, issuerField = "VerifiablePresentation", "holder"
	}
	if !jwtHasType(claims, want) {
		return out, fmt.Errorf("%w: the payload is not a %s", ErrJWTForm, want)
	}
	issuer, hasIssuer := jwtIssuerID(claims[issuerField])
	if !hasIssuer || issuer == "" {
		return out, fmt.Errorf("%w: no %s", ErrJWTClaims, issuerField)
	}
	if raw, ok := claims["iss"]; ok {
		if iss, _ := raw.(string); iss != issuer {
			return out, fmt.Errorf("%w: iss %v, %s %q", ErrJWTClaims, raw, issuerField, issuer)
		}
	}
	res.Issuer = issuer

	// Key.
	h := jwtHeader{Alg: alg}
	kid, err := coseKid(hdr, unprotected)
	if err != nil {
		return out, err
	}
	h.Kid = kid
	m, err := v.key(ctx, res, &h)
	if err != nil {
		return out, err
	}
	res.Controller, res.KeySource = m.Controller, m.Source
	if err := algFitsKey(alg, m.PublicKey); err != nil {
		return out, err
	}
	tbs, err := coseSigStructure(protected, payload)
	if err != nil {
		return out, err
	}
	if err := coseCheckSignature(alg, m.PublicKey, tbs, sig); err != nil {
		return out, err
	}
	if !IssuerBinds(m, res.Issuer) {
		return out, fmt.Errorf("%w: key controller %s, %s %s", ErrIssuerBinding, m.Controller, issuerField, res.Issuer)
	}
	if res.Presentation {
		if out.EnvelopedCredentials, res.Enveloped, err = coseEnveloped(claims["verifiableCredential"]); err != nil {
			return out, err
		}
	}
	if err := v.checkTimes(claims); err != nil {
		return out, err
	}
	res.Verified = true
	return out, nil
}

// coseMediaType checks the protected typ and content type headers and
// reports whether they announce a presentation. At least one must be
// present; each must be the credential (or presentation) media type of
// VC-JOSE-COSE, and they must agree.
func coseMediaType(hdr cborMap) (presentation bool, err error) {
	kind := ""
	for _, l := range []int64{coseLabelTyp, coseLabelCty} {
		raw, ok := hdr.get(l)
		if !ok {
			continue
		}
		s, isText := raw.(string)
		if !isText {
			return false, fmt.Errorf("%w: header %d is not a media type string", ErrJWTForm, l)
		}
		s = strings.TrimPrefix(s, "application/")
		var k string
		switch {
		case l == coseLabelTyp && (s == "vc+cose" || s == "vp+cose"):
			k = s[:2]
		case l == coseLabelCty && (s == "vc" || s == "vp"):
			k = s
		default:
			return false, fmt.Errorf("%w: header %d media type %q", ErrJWTForm, l, raw)
		}
		if kind != "" && kind != k {
			return false, fmt.Errorf("%w: typ and content type disagree", ErrJWTForm)
		}
		kind = k
	}
	if kind == "" {
		return false, fmt.Errorf("%w: neither typ nor content type in the protected header", ErrJWTForm)
	}
	return kind == "vp", nil
}

// coseKid returns the kid (a byte string) of the protected header, or else
// of the unprotected one; nil when neither has one.
func coseKid(hdr, unprotected cborMap) (*string, error) {
	var kid *string
	for _, m := range []cborMap{hdr, unprotected} {
		raw, ok := m.get(int64(coseLabelKid))
		if !ok {
			continue
		}
		b, isBytes := raw.([]byte)
		if !isBytes {
			return nil, fmt.Errorf("%w: kid is not a byte string", ErrMalformedCOSE)
		}
		s := string(b)
		if kid != nil && *kid != s {
			return nil, fmt.Errorf("%w: protected and unprotected kid differ", ErrJWTKey)
		}
		if kid == nil {
			kid = &s
		}
	}
	return kid, nil
}

// coseSigStructure encodes the bytes a COSE_Sign1 signature covers:
// the array "Signature1", protected, an empty byte string (no external
// data), payload.
func coseSigStructure(protected, payload []byte) ([]byte, error) {
	return cborAppend(nil, []any{"Signature1", protected, []byte{}, payload})
}

// coseCheckSignature verifies sig over tbs. ECDSA signatures are the
// fixed-size r‖s form; RSA-PSS uses a salt as long as the hash.
func coseCheckSignature(alg string, pub crypto.PublicKey, tbs, sig []byte) error {
	ok := false
	switch k := pub.(type) {
	case ed25519.PublicKey:
		ok = alg == EdDSA && edverify.Verify(k, tbs, sig)
	case *ecdsa.PublicKey:
		h, size := crypto.SHA256, 32
		switch alg {
		case ES384:
			h, size = crypto.SHA384, 48
		case ES512:
			h, size = crypto.SHA512, 66
		}
		if len(sig) == 2*size {
			d := h.New()
			d.Write(tbs)
			r := new(big.Int).SetBytes(sig[:size])
			s := new(big.Int).SetBytes(sig[size:])
			ok = ecdsa.Verify(k, d.Sum(nil), r, s)
		}
	case *rsa.PublicKey:
		d := sha256.Sum256(tbs)
		switch alg {
		case RS256:
			ok = rsa.VerifyPKCS1v15(k, crypto.SHA256, d[:], sig) == nil
		case PS256:
			ok = rsa.VerifyPSS(k, crypto.SHA256, d[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) == nil
		}
	}
	if !ok {
		return fmt.Errorf("%w: COSE_Sign1 signature does not verify", ErrJWTSignature)
	}
	return nil
}

// coseEnveloped checks that every credential of a presentation is an
// EnvelopedVerifiableCredential whose id is a data: URL of a secured
// credential (vc+jwt, vc+sd-jwt, or base64 vc+cose). It returns all the
// data: URLs and, separately, the contents that are compact JWTs.
func coseEnveloped(v any) (urls, jwts []string, err error) {
	for i, c := range jwtList(v) {
		m, _ := c.(map[string]any)
		id, _ := m["id"].(string)
		mediaType, content, ok := strings.Cut(strings.TrimPrefix(id, "data:"), ",")
		ok = ok && strings.HasPrefix(id, "data:") && jwtHasType(m, "EnvelopedVerifiableCredential") && content != ""
		switch {
		case ok && mediaType == "application/vc+jwt":
			if IsCompactJWT([]byte(content)) {
				jwts = append(jwts, content)
			}
		case ok && mediaType == "application/vc+sd-jwt":
		case ok && mediaType == "application/vc+cose;base64":
		default:
			return urls, jwts, fmt.Errorf("%w: verifiableCredential %d is not an enveloped secured credential", ErrJWTClaims, i)
		}
		urls = append(urls, id)
	}
	return urls, jwts, nil
}

// COSESignOptions configure SignCOSE.
type COSESignOptions struct {
	// Algorithm is the JWS name of the algorithm (ES256, ES384, ES512,
	// EdDSA, RS256, PS256); "" picks the usual one for the key.
	Algorithm string
	// KeyID goes into the protected kid header (as a byte string): the
	// verification method URL, or a key id the verifier knows. Required.
	KeyID string
	// Rand is the randomness for ECDSA and RSA-PSS (default crypto/rand).
	Rand io.Reader
}

// SignCOSE secures a credential or presentation JSON object with a tagged
// COSE_Sign1 message and returns it as standard, padded base64. The
// payload is the JSON with insignificant whitespace removed; the protected
// header holds alg, kid, content type application/vc (or vp) and typ
// application/vc+cose (or vp+cose), chosen by whether the object's type
// includes VerifiablePresentation.
func SignCOSE(credential []byte, key crypto.Signer, opts COSESignOptions) (string, error) {
	alg := opts.Algorithm
	if alg == "" {
		alg = defaultAlg(key.Public())
	}
	if err := algFitsKey(alg, key.Public()); err != nil {
		return "", err
	}
	algID, ok := coseAlgID(alg)
	if !ok {
		return "", fmt.Errorf("%w: %q", ErrJWTAlgorithm, alg)
	}
	if opts.KeyID == "" {
		return "", errors.New("proof: SignCOSE: no KeyID")
	}
	obj, err := decodeObject(credential)
	if err != nil {
		return "", err
	}
	var payload bytes.Buffer
	if err := json.Compact(&payload, credential); err != nil {
		return "", fmt.Errorf("%w: %v", ErrMalformedDocument, err)
	}
	kind := "vc"
	if jwtHasType(obj, "VerifiablePresentation") {
		kind = "vp"
	}
	protected, err := cborAppend(nil, cborMap{
		{int64(coseLabelAlg), algID},
		{int64(coseLabelCty), "application/" + kind},
		{int64(coseLabelKid), []byte(opts.KeyID)},
		{int64(coseLabelTyp), "application/" + kind + "+cose"},
	})
	if err != nil {
		return "", err
	}
	tbs, err := coseSigStructure(protected, payload.Bytes())
	if err != nil {
		return "", err
	}
	sig, err := jwsSign(key, alg, tbs, opts.Rand)
	if err != nil {
		return "", err
	}
	msg := cborAppendHead(nil, 6, coseTagSign1)
	msg, err = cborAppend(msg, []any{protected, cborMap{}, payload.Bytes(), sig})
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(msg), nil
}
