package proof

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/clrkit/clrkit/proof/ld"
)

// JWTFormSDJWT is the form of a credential or presentation secured as an
// SD-JWT (W3C VC-JOSE-COSE section 3.2): typ vc+sd-jwt or vp+sd-jwt, the
// issuer-signed JWT followed by its disclosures, separated by '~'.
const JWTFormSDJWT JWTForm = "vc-sd-jwt"

// ErrSDJWTDisclosure reports a disclosure that is malformed, not referenced
// by a digest of the signed payload, referenced twice, or that would
// overwrite a claim; or a digest algorithm other than sha-256.
var ErrSDJWTDisclosure = errors.New("proof: invalid SD-JWT disclosure")

// IsSDJWT reports whether data, with surrounding whitespace removed, looks
// like an SD-JWT: a compact JWS followed by '~' and zero or more
// '~'-terminated disclosures (and possibly a key-binding JWT).
func IsSDJWT(data []byte) bool {
	jwt, _, ok := bytes.Cut(bytes.TrimSpace(data), []byte("~"))
	return ok && IsCompactJWT(jwt)
}

// sdDisclosure is one decoded disclosure.
type sdDisclosure struct {
	name  string // "" for an array element
	elem  bool   // an array-element disclosure ([salt, value])
	value any
	used  bool
}

// VerifySDJWT checks an SD-JWT secured credential (typ vc+sd-jwt) or
// presentation (typ vp+sd-jwt): every disclosure must be referenced exactly
// once by a digest in the signed payload (the digests themselves must be
// unique), the digest algorithm must be sha-256, and then the issuer-signed
// JWT must pass the checks Verify makes of a vc+jwt or vp+jwt token, the
// issuer (or holder) being read from the payload with the disclosures
// applied. On success Credential holds that disclosed JSON, without _sd and
// _sd_alg members or array digests; Enveloped holds the vc+jwt credentials
// of a presentation. A key-binding JWT after the last '~' is not supported
// and rejected.
func (v *JWTVerifier) VerifySDJWT(ctx context.Context, token []byte) (*JWTOutcome, error) {
	res := &JWTOutcome{Form: JWTFormSDJWT}
	tok := string(bytes.TrimSpace(token))
	if !IsSDJWT([]byte(tok)) {
		return res, fmt.Errorf("%w: not an SD-JWT", ErrMalformedJWT)
	}
	parts := strings.Split(tok, "~")
	jwt, discs, kb := parts[0], parts[1:len(parts)-1], parts[len(parts)-1]
	if kb != "" {
		return res, fmt.Errorf("%w: key-binding JWTs are not supported", ErrJWTForm)
	}

	hb, err := base64.RawURLEncoding.DecodeString(strings.SplitN(jwt, ".", 2)[0])
	if err != nil {
		return res, fmt.Errorf("%w: header: %v", ErrMalformedJWT, err)
	}
	var h jwtHeader
	if err := json.Unmarshal(hb, &h); err != nil {
		return res, fmt.Errorf("%w: header: %v", ErrMalformedJWT, err)
	}
	res.Algorithm = h.Alg
	if !slices.Contains(v.algs, jose.SignatureAlgorithm(h.Alg)) {
		return res, fmt.Errorf("%w: %q", ErrJWTAlgorithm, h.Alg)
	}
	switch {
	case h.Typ == nil:
		return res, fmt.Errorf("%w: no typ (vc+sd-jwt or vp+sd-jwt)", ErrJWTForm)
	case *h.Typ == "vc+sd-jwt" || *h.Typ == "application/vc+sd-jwt":
	case *h.Typ == "vp+sd-jwt" || *h.Typ == "application/vp+sd-jwt":
		res.Presentation = true
	default:
		return res, fmt.Errorf("%w: typ %q is not vc+sd-jwt or vp+sd-jwt", ErrJWTForm, *h.Typ)
	}
	want := "vc"
	if res.Presentation {
		want = "vp"
	}
	if h.Cty != nil && *h.Cty != want && *h.Cty != "application/"+want {
		return res, fmt.Errorf("%w: cty %q with typ %q", ErrJWTForm, *h.Cty, *h.Typ)
	}

	jws, err := jose.ParseSignedCompact(jwt, v.algs)
	if err != nil {
		return res, fmt.Errorf("%w: %v", ErrMalformedJWT, err)
	}
	signed, err := decodeObject(jws.UnsafePayloadWithoutVerification())
	if err != nil {
		return res, fmt.Errorf("%w: payload is not a JSON object", ErrMalformedJWT)
	}
	claims, err := sdDisclose(signed, discs)
	if err != nil {
		return res, err
	}
	// Top-level members the holder did not disclose: a verifier may need to
	// know that something (a credentialStatus, a validUntil) was withheld.
	disclosed := map[string]bool{}
	for _, d := range discs {
		disclosed[sdDigest(d)] = true
	}
	if list, ok := signed["_sd"].([]any); ok {
		for _, d := range list {
			if s, _ := d.(string); !disclosed[s] {
				res.UndisclosedMembers++
			}
		}
	}
	for _, c := range []string{"vc", "vp"} {
		if _, ok := claims[c]; ok {
			return res, fmt.Errorf("%w: a %s claim in a %s token", ErrJWTForm, c, *h.Typ)
		}
	}
	if _, ok := claims["@context"]; !ok {
		return res, fmt.Errorf("%w: no @context", ErrJWTForm)
	}
	if res.Credential, err = jwtObjectJSON(claims); err != nil {
		return res, fmt.Errorf("%w: %v", ErrMalformedJWT, err)
	}

	// The claim rules are those of the JOSE form.
	check := &JWTOutcome{Form: JWTFormJOSE, Presentation: res.Presentation}
	if err := v.checkClaims(check, claims, claims); err != nil {
		return res, err
	}
	res.Issuer = check.Issuer

	return v.checkSignature(ctx, res, &h, jws, claims, claims)
}

// sdDigest is the base64url SHA-256 digest of a disclosure as sent.
func sdDigest(disclosure string) string {
	sum := sha256.Sum256([]byte(disclosure))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// sdDisclose decodes the disclosures and returns the signed payload with
// them put in place of their digests; digests without a disclosure go.
func sdDisclose(signed map[string]any, discs []string) (map[string]any, error) {
	if a, ok := signed["_sd_alg"]; ok && a != "sha-256" {
		return nil, fmt.Errorf("%w: _sd_alg %v is not sha-256", ErrSDJWTDisclosure, a)
	}
	byDigest := map[string]*sdDisclosure{}
	for i, d := range discs {
		raw, err := base64.RawURLEncoding.DecodeString(d)
		if err != nil {
			return nil, fmt.Errorf("%w: disclosure %d is not base64url", ErrSDJWTDisclosure, i)
		}
		v, err := ld.DecodeJSON(raw, 0) // I-JSON, as the payload is
		if err != nil {
			return nil, fmt.Errorf("%w: disclosure %d: %v", ErrSDJWTDisclosure, i, err)
		}
		arr, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("%w: disclosure %d is not a JSON array", ErrSDJWTDisclosure, i)
		}
		if len(arr) < 2 || len(arr) > 3 {
			return nil, fmt.Errorf("%w: disclosure %d is not [salt, name, value] or [salt, value]", ErrSDJWTDisclosure, i)
		}
		if _, ok := arr[0].(string); !ok {
			return nil, fmt.Errorf("%w: disclosure %d is not [salt, name, value] or [salt, value]", ErrSDJWTDisclosure, i)
		}
		dis := &sdDisclosure{elem: len(arr) == 2, value: arr[len(arr)-1]}
		if !dis.elem {
			name, ok := arr[1].(string)
			if !ok || name == "_sd" || name == "..." {
				return nil, fmt.Errorf("%w: disclosure %d has claim name %v", ErrSDJWTDisclosure, i, arr[1])
			}
			dis.name = name
		}
		dg := sdDigest(d)
		if byDigest[dg] != nil {
			return nil, fmt.Errorf("%w: disclosure %d is sent twice", ErrSDJWTDisclosure, i)
		}
		byDigest[dg] = dis
	}
	seen := map[string]bool{}
	out, err := sdApply(signed, byDigest, seen)
	if err != nil {
		return nil, err
	}
	for dg, d := range byDigest {
		if !d.used {
			return nil, fmt.Errorf("%w: no digest references disclosure %s", ErrSDJWTDisclosure, dg)
		}
	}
	obj := out.(map[string]any)
	delete(obj, "_sd_alg")
	return obj, nil
}

// sdApply walks v, replacing _sd digests (objects) and {"...": digest}
// elements (arrays) by their disclosures, which it walks in turn.
func sdApply(v any, byDigest map[string]*sdDisclosure, seen map[string]bool) (any, error) {
	take := func(x any, elem bool) (*sdDisclosure, error) {
		dg, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("%w: a digest that is not a string", ErrSDJWTDisclosure)
		}
		if seen[dg] {
			return nil, fmt.Errorf("%w: digest %s appears twice", ErrSDJWTDisclosure, dg)
		}
		seen[dg] = true
		d := byDigest[dg]
		if d == nil {
			return nil, nil // a decoy, or a claim not disclosed
		}
		if d.elem != elem {
			return nil, fmt.Errorf("%w: digest %s names a disclosure of the wrong kind", ErrSDJWTDisclosure, dg)
		}
		d.used = true
		return d, nil
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if k == "_sd" {
				continue
			}
			w, err := sdApply(val, byDigest, seen)
			if err != nil {
				return nil, err
			}
			out[k] = w
		}
		if sd, ok := x["_sd"]; ok {
			list, ok := sd.([]any)
			if !ok {
				return nil, fmt.Errorf("%w: _sd is not an array", ErrSDJWTDisclosure)
			}
			for _, dg := range list {
				d, err := take(dg, false)
				if err != nil {
					return nil, err
				}
				if d == nil {
					continue
				}
				if _, dup := out[d.name]; dup {
					return nil, fmt.Errorf("%w: disclosed claim %q is already present", ErrSDJWTDisclosure, d.name)
				}
				w, err := sdApply(d.value, byDigest, seen)
				if err != nil {
					return nil, err
				}
				out[d.name] = w
			}
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if m, ok := e.(map[string]any); ok && len(m) == 1 && m["..."] != nil {
				d, err := take(m["..."], true)
				if err != nil {
					return nil, err
				}
				if d == nil {
					continue
				}
				e = d.value
			}
			w, err := sdApply(e, byDigest, seen)
			if err != nil {
				return nil, err
			}
			out = append(out, w)
		}
		return out, nil
	}
	return v, nil
}

// jwtObjectJSON writes obj as JSON without HTML escaping (members sorted).
func jwtObjectJSON(obj map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	if err := jwtWriteJSON(&buf, obj); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EnvelopedSDJWTs returns the SD-JWTs that a verified presentation (the
// Credential of a JWTOutcome) carries as EnvelopedVerifiableCredential
// data: URLs of media type application/vc+sd-jwt, for the caller to check
// with VerifySDJWT. (JWTOutcome.Enveloped holds only the vc+jwt ones.)
func EnvelopedSDJWTs(presentation []byte) ([]string, error) {
	obj, err := decodeObject(presentation)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range jwtList(obj["verifiableCredential"]) {
		m, _ := c.(map[string]any)
		id, _ := m["id"].(string)
		if s, ok := strings.CutPrefix(id, "data:application/vc+sd-jwt,"); ok && jwtHasType(m, "EnvelopedVerifiableCredential") && IsSDJWT([]byte(s)) {
			out = append(out, s)
		}
	}
	return out, nil
}
