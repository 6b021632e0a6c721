package proof

import (
	"bytes"
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/jsonobj"
)

// Key sources of a JWTOutcome besides those of did.Retriever.
const (
	// KeySourceHeaderJWK: the key came from the jwk header and was bound to
	// the issuer (a did:key or did:jwk issuer of that very key, or an
	// issuer DID document that lists it under assertionMethod).
	KeySourceHeaderJWK did.MethodSource = "headerJwk"
	// KeySourceTrusted: the kid named one of JWTVerifierOptions.Keys.
	KeySourceTrusted did.MethodSource = "trustedKey"
	// KeySourceUnboundJWK: JWTVerifierOptions.UnboundHeaderJWK let the jwk
	// header stand for the issuer's key (the kid could not be retrieved, or
	// there was none and the issuer does not vouch for the jwk). Nothing
	// binds that key to the issuer: the signature shows only that the
	// holder of the key signed.
	KeySourceUnboundJWK did.MethodSource = "unboundHeaderJwk"
)

// JWTVerifierOptions configure a JWTVerifier.
type JWTVerifierOptions struct {
	// Retriever turns kid values that are DID URLs or https URLs into keys
	// and controllers. Required.
	Retriever *did.Retriever
	// Resolver, when set, resolves the issuer DID to bind a jwk header
	// key that is neither the issuer's did:key nor its did:jwk.
	Resolver did.Resolver
	// Keys are keys the caller vouches for, by the kid that names them
	// (for kids that are not absolute URLs, such as JWK thumbprints). The
	// Method's Controller must still be the issuer.
	Keys map[string]*did.Method
	// Algorithms is the allowlist; nil means DefaultJWTAlgorithms. Only
	// RS256, PS256, ES256, ES384, ES512 and EdDSA may be listed.
	Algorithms []string
	// Skew is the clock tolerance of the nbf and exp checks.
	Skew time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// UnboundHeaderJWK, as the 1EdTech validator does, verifies a token
	// whose kid cannot be retrieved (not a DID URL that resolves, an https
	// URL that cannot be fetched), or that has a jwk header and no kid, with
	// its jwk header even when the issuer does not vouch for that key,
	// reporting KeySourceUnboundJWK: nothing then binds the key to the issuer, and
	// callers must present the result as unverified issuer identity. A kid
	// that is retrieved must still be the jwk header's key, and one that
	// the issuer's document lists for another relationship than the
	// expected one (did.ErrNotInRelationship) fails as it does without
	// this option.
	UnboundHeaderJWK bool
}

// JWTVerifier checks credentials secured as JWTs, in the three forms of
// JWTForm, detected from each token. Configure it once with
// NewJWTVerifier; it is safe for concurrent use.
type JWTVerifier struct {
	opts JWTVerifierOptions
	algs []jose.SignatureAlgorithm
}

// NewJWTVerifier checks opts and returns a JWTVerifier.
func NewJWTVerifier(opts JWTVerifierOptions) (*JWTVerifier, error) {
	if opts.Retriever == nil {
		return nil, errors.New("proof: NewJWTVerifier: no Retriever")
	}
	if opts.Algorithms == nil {
		opts.Algorithms = DefaultJWTAlgorithms
	}
	if len(opts.Algorithms) == 0 {
		return nil, errors.New("proof: NewJWTVerifier: empty algorithm allowlist")
	}
	v := &JWTVerifier{opts: opts}
	for _, a := range opts.Algorithms {
		switch a {
		case RS256, PS256, ES256, ES384, ES512, EdDSA:
			v.algs = append(v.algs, jose.SignatureAlgorithm(a))
		default:
			return nil, fmt.Errorf("proof: NewJWTVerifier: %w: %q", ErrJWTAlgorithm, a)
		}
	}
	if opts.Skew < 0 {
		return nil, errors.New("proof: NewJWTVerifier: negative Skew")
	}
	if v.opts.Now == nil {
		v.opts.Now = time.Now
	}
	return v, nil
}

// JWTOutcome describes a verified (or rejected) JWT.
type JWTOutcome struct {
	Form       JWTForm          `json:"form"`
	Algorithm  string           `json:"alg"`
	KeyID      string           `json:"kid,omitempty"`
	Controller string           `json:"controller,omitempty"`
	KeySource  did.MethodSource `json:"keySource,omitempty"`
	// Issuer is the credential's issuer (the holder of a presentation).
	Issuer string `json:"issuer,omitempty"`
	// Presentation is true for a vp+jwt token.
	Presentation bool `json:"presentation,omitempty"`
	// Credential is the credential JSON: the claims set in the OB 3.0 and
	// JOSE forms (credential members plus the JWT claims, bytes as
	// signed), the vc claim's value in the legacy form.
	Credential json.RawMessage `json:"-"`
	// Enveloped are the compact JWTs of the EnvelopedVerifiableCredential
	// entries of a vp+jwt presentation, for the caller to verify in turn.
	Enveloped []string `json:"enveloped,omitempty"`
	// UndisclosedMembers counts, for an SD-JWT, the selectively
	// disclosable top-level members the holder did not disclose.
	UndisclosedMembers int `json:"undisclosedMembers,omitempty"`
	// OtherHeaders names, for the OB 3.0 and vc-claim forms, the JOSE
	// header parameters besides alg, kid, jwk and typ, in header order.
	// OB 3.0 allows no others ("Additional JOSE Headers are NOT allowed");
	// the token still verifies, and the caller applies that rule (the vc
	// package fails it as a conformance error). The VC-JOSE-COSE form has
	// no such rule and leaves this empty.
	OtherHeaders []string `json:"otherHeaders,omitempty"`
	// MissingClaims names, for the OB 3.0 form, the registered claims OB
	// 3.0 requires that the token lacks although the credential has their
	// value (jti for id, sub for the subject's id, nbf for validFrom, exp
	// for validUntil). The token still verifies: what the credential says is
	// what the signature covers, and the caller checks its dates; the vc
	// package reports the omission as a conformance error. A claim that is
	// present must agree with the credential, or verification fails.
	MissingClaims []string `json:"missingClaims,omitempty"`
	Verified      bool     `json:"verified"`
}

// obHeaders are the JOSE header parameters OB 3.0 allows in a VC-JWT.
var obHeaders = []string{"alg", "kid", "jwk", "typ"}

// jwtHeader is the protected header as sent.
type jwtHeader struct {
	Alg string          `json:"alg"`
	Kid *string         `json:"kid"`
	JWK json.RawMessage `json:"jwk"`
	Typ *string         `json:"typ"`
	Cty *string         `json:"cty"`
}

// IsCompactJWT reports whether data, with surrounding whitespace removed,
// looks like a compact JWS: three base64url parts separated by dots.
func IsCompactJWT(data []byte) bool {
	data = bytes.TrimSpace(data)
	dots, partLen := 0, 0
	for _, c := range data {
		switch {
		case c == '.':
			if dots < 2 && partLen == 0 { // the header and payload may not be empty
				return false
			}
			dots++
			partLen = 0
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_':
			partLen++
		default:
			return false
		}
	}
	return dots == 2
}

// Verify checks a compact JWT (surrounding whitespace is ignored): an
// allowed algorithm, the form's rules, a key from kid (resolved) or jwk
// (bound to the issuer), the signature, a key controlled by the issuer,
// claims that agree with the credential, and nbf/exp against the clock.
// The result describes the token as far as the checks got; the error is
// nil only when every check passed.
func (v *JWTVerifier) Verify(ctx context.Context, token []byte) (*JWTOutcome, error) {
	res := &JWTOutcome{}
	tok := string(bytes.TrimSpace(token))
	if !IsCompactJWT([]byte(tok)) {
		return res, fmt.Errorf("%w: not a compact JWS", ErrMalformedJWT)
	}
	parts := strings.Split(tok, ".")
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
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
	if len(h.JWK) > 0 {
		if _, err := did.ParsePublicJWK(h.JWK); err != nil {
			return res, fmt.Errorf("%w: jwk header: %w", ErrJWTKey, err)
		}
	}
	jws, err := jose.ParseSignedCompact(tok, v.algs)
	if err != nil {
		return res, fmt.Errorf("%w: %v", ErrMalformedJWT, err)
	}
	payload := jws.UnsafePayloadWithoutVerification()
	claims, err := decodeObject(payload)
	if err != nil {
		return res, fmt.Errorf("%w: payload is not a JSON object", ErrMalformedJWT)
	}

	// The form, and with it the credential and its issuer.
	var cred map[string]any
	switch {
	case h.Typ != nil && (*h.Typ == "vc+jwt" || *h.Typ == "vp+jwt" || *h.Typ == "application/vc+jwt" || *h.Typ == "application/vp+jwt"):
		res.Form = JWTFormJOSE
		res.Presentation = strings.Contains(*h.Typ, "vp+jwt")
		if _, ok := claims["vc"]; ok {
			return res, fmt.Errorf("%w: a vc claim in a %s token", ErrJWTForm, *h.Typ)
		}
		if _, ok := claims["vp"]; ok {
			return res, fmt.Errorf("%w: a vp claim in a %s token", ErrJWTForm, *h.Typ)
		}
		if want := map[bool]string{false: "vc", true: "vp"}[res.Presentation]; h.Cty != nil && *h.Cty != want && *h.Cty != "application/"+want {
			return res, fmt.Errorf("%w: cty %q with typ %q", ErrJWTForm, *h.Cty, *h.Typ)
		}
		if _, ok := claims["@context"]; !ok {
			return res, fmt.Errorf("%w: no @context", ErrJWTForm)
		}
		cred, res.Credential = claims, json.RawMessage(payload)
	case h.Typ != nil && *h.Typ != "JWT":
		return res, fmt.Errorf("%w: typ %q", ErrJWTForm, *h.Typ)
	case claims["vc"] != nil:
		res.Form = JWTFormVCClaim
		// The bytes of the vc claim, by its exact name: the checks above and
		// below read claims["vc"] (exact names, duplicates refused), and
		// what the caller reads must be that same claim, never a "VC" or
		// "Vc" claim that a case-insensitive decoder would pick instead.
		members, err := jsonobj.Members(payload)
		if err != nil {
			return res, fmt.Errorf("%w: %v", ErrMalformedJWT, err)
		}
		for _, m := range members {
			if m.Name == "vc" {
				res.Credential = bytes.Clone(m.Value)
			}
		}
		if cred, _ = claims["vc"].(map[string]any); cred == nil || res.Credential == nil {
			return res, fmt.Errorf("%w: the vc claim is not an object", ErrJWTForm)
		}
	case claims["vp"] != nil:
		return res, fmt.Errorf("%w: presentations in a vp claim are not supported", ErrJWTForm)
	case claims["@context"] != nil:
		res.Form = JWTFormOB3
		cred, res.Credential = claims, json.RawMessage(payload)
	default:
		return res, fmt.Errorf("%w: neither a vc claim nor a credential claims set", ErrJWTForm)
	}

	if res.Form != JWTFormJOSE {
		members, err := jsonobj.Members(hb)
		if err != nil {
			return res, fmt.Errorf("%w: header: %v", ErrMalformedJWT, err)
		}
		for _, m := range members {
			if !slices.Contains(obHeaders, m.Name) {
				res.OtherHeaders = append(res.OtherHeaders, m.Name)
			}
		}
	}
	if err := v.checkClaims(res, claims, cred); err != nil {
		return res, err
	}

	return v.checkSignature(ctx, res, &h, jws, claims, cred)
}

// checkSignature finishes a token's verification once its claims are
// checked: it finds the key (kid or bound jwk), checks that the algorithm
// fits it, the signature, the key's binding to the issuer, the enveloped
// credentials of a presentation (taken from holder, the object carrying
// verifiableCredential) and the token's times.
func (v *JWTVerifier) checkSignature(ctx context.Context, res *JWTOutcome, h *jwtHeader, jws *jose.JSONWebSignature, claims, holder map[string]any) (*JWTOutcome, error) {
	m, err := v.key(ctx, res, h)
	if err != nil {
		return res, err
	}
	res.Controller, res.KeySource = m.Controller, m.Source
	if err := algFitsKey(h.Alg, m.PublicKey); err != nil {
		return res, err
	}
	if _, err := jws.Verify(m.PublicKey); err != nil {
		return res, fmt.Errorf("%w: %v", ErrJWTSignature, err)
	}
	if !IssuerBinds(m, res.Issuer) {
		return res, fmt.Errorf("%w: key controller %s, issuer %s", ErrIssuerBinding, m.Controller, res.Issuer)
	}
	if res.Presentation {
		if res.Enveloped, err = envelopedJWTs(holder["verifiableCredential"]); err != nil {
			return res, err
		}
	}
	if err := v.checkTimes(claims); err != nil {
		return res, err
	}
	res.Verified = true
	return res, nil
}

// checkClaims sets res.Issuer and checks the registered claims against the
// credential by the rules of res.Form.
func (v *JWTVerifier) checkClaims(res *JWTOutcome, claims, cred map[string]any) error {
	str := func(name string) (string, bool, error) {
		raw, ok := claims[name]
		if !ok {
			return "", false, nil
		}
		s, isStr := raw.(string)
		if !isStr {
			return "", true, fmt.Errorf("%w: %s is not a string", ErrJWTClaims, name)
		}
		return s, true, nil
	}
	iss, hasIss, err := str("iss")
	if err != nil {
		return err
	}
	issuerField := "issuer"
	if res.Presentation {
		issuerField = "holder"
	}
	issuer, hasIssuer := jwtIssuerID(cred[issuerField])
	switch {
	case hasIssuer && hasIss && issuer != iss:
		return fmt.Errorf("%w: iss %q, %s %q", ErrJWTClaims, iss, issuerField, issuer)
	case res.Form != JWTFormJOSE && !hasIss:
		return fmt.Errorf("%w: no iss claim", ErrJWTClaims)
	case res.Form == JWTFormVCClaim && !hasIssuer:
		issuer = iss
	case !hasIssuer:
		return fmt.Errorf("%w: no %s", ErrJWTClaims, issuerField)
	}
	res.Issuer = issuer
	if res.Form == JWTFormJOSE {
		return nil
	}
	// OB 3.0 and VC DM 1.1: jti, sub, nbf and exp restate the credential.
	pairs := [][2]string{{"jti", "id"}, {"sub", ""}}
	for _, p := range pairs {
		c, hasClaim, err := str(p[0])
		if err != nil {
			return err
		}
		var val string
		var hasVal bool
		if p[1] == "id" {
			val, hasVal = cred["id"].(string)
		} else {
			val = subjectID(cred["credentialSubject"])
			hasVal = val != ""
		}
		if hasVal && !hasClaim && res.Form == JWTFormOB3 {
			res.MissingClaims = append(res.MissingClaims, p[0])
		}
		if hasVal && hasClaim && c != val {
			return fmt.Errorf("%w: %s %q, credential %q", ErrJWTClaims, p[0], c, val)
		}
	}
	for _, d := range [][3]string{{"nbf", "validFrom", "issuanceDate"}, {"exp", "validUntil", "expirationDate"}} {
		n, hasClaim, err := numericDate(claims, d[0])
		if err != nil {
			return err
		}
		s, ok := cred[d[1]].(string)
		if !ok {
			s, ok = cred[d[2]].(string)
		}
		if !ok {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fmt.Errorf("%w: %s %q is not a dateTime", ErrJWTClaims, d[1], s)
		}
		if !hasClaim {
			if res.Form == JWTFormOB3 {
				res.MissingClaims = append(res.MissingClaims, d[0])
			}
			continue
		}
		if n != t.Unix() {
			return fmt.Errorf("%w: %s %d, credential %s", ErrJWTClaims, d[0], n, s)
		}
	}
	return nil
}

// numericDate reads an RFC 7519 NumericDate claim (seconds, fractions
// truncated).
func numericDate(claims map[string]any, name string) (int64, bool, error) {
	raw, ok := claims[name]
	if !ok {
		return 0, false, nil
	}
	num, isNum := raw.(json.Number)
	if !isNum {
		return 0, true, fmt.Errorf("%w: %s is not a NumericDate", ErrJWTClaims, name)
	}
	f, err := num.Float64()
	if err != nil || f < 0 || f > 1<<53 {
		return 0, true, fmt.Errorf("%w: %s is not a NumericDate", ErrJWTClaims, name)
	}
	return int64(f), true, nil
}

// checkTimes checks nbf and exp against the clock, with the skew.
func (v *JWTVerifier) checkTimes(claims map[string]any) error {
	now := v.opts.Now()
	if nbf, ok, err := numericDate(claims, "nbf"); err != nil {
		return err
	} else if ok && now.Add(v.opts.Skew).Before(time.Unix(nbf, 0)) {
		return fmt.Errorf("%w: nbf %s", ErrJWTNotYetValid, time.Unix(nbf, 0).UTC().Format(time.RFC3339))
	}
	if exp, ok, err := numericDate(claims, "exp"); err != nil {
		return err
	} else if ok && !now.Add(-v.opts.Skew).Before(time.Unix(exp, 0)) {
		return fmt.Errorf("%w: exp %s", ErrJWTExpired, time.Unix(exp, 0).UTC().Format(time.RFC3339))
	}
	return nil
}

// key finds the verification key: kid first (an absolute DID or https URL
// through the Retriever, a caller-vouched key, or a fragment of a DID
// issuer), then jwk, which must be bound to the issuer. A jwk next to a
// kid must be the kid's key.
func (v *JWTVerifier) key(ctx context.Context, res *JWTOutcome, h *jwtHeader) (*did.Method, error) {
	var jwkKey crypto.PublicKey
	if len(h.JWK) > 0 {
		k, err := did.ParsePublicJWK(h.JWK)
		if err != nil {
			return nil, fmt.Errorf("%w: jwk header: %w", ErrJWTKey, err)
		}
		jwkKey = k
	}
	rel := did.AssertionMethod
	if res.Presentation {
		rel = did.Authentication
	}
	if h.Kid != nil {
		kid := *h.Kid
		res.KeyID = kid
		var m *did.Method
		var err error
		switch {
		case strings.HasPrefix(kid, "did:") || strings.HasPrefix(kid, "https://") || strings.HasPrefix(kid, "http://"):
			m, err = v.opts.Retriever.Retrieve(ctx, kid, rel)
		case v.opts.Keys[kid] != nil:
			m = v.opts.Keys[kid]
			if m.Source == "" {
				cp := *m
				cp.Source = KeySourceTrusted
				m = &cp
			}
		case strings.HasPrefix(res.Issuer, "did:") && !strings.Contains(res.Issuer, "#"):
			m, err = v.opts.Retriever.Retrieve(ctx, res.Issuer+"#"+strings.TrimPrefix(kid, "#"), rel)
		default:
			err = errors.New("not a DID URL, an https URL, a known key, or a fragment of a DID issuer")
		}
		// A kid the issuer's document names under another relationship was
		// retrieved: it is not for the jwk header to stand in for.
		if err != nil && jwkKey != nil && v.opts.UnboundHeaderJWK && !errors.Is(err, did.ErrNotInRelationship) {
			return &did.Method{ID: kid, Controller: res.Issuer, Source: KeySourceUnboundJWK, PublicKey: jwkKey, Relationship: rel}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: kid %q: %w", ErrJWTKey, kid, err)
		}
		if jwkKey != nil && !keysEqual(jwkKey, m.PublicKey) {
			return nil, fmt.Errorf("%w: the jwk header is not the key kid names", ErrJWTKey)
		}
		return m, nil
	}
	if jwkKey == nil {
		return nil, fmt.Errorf("%w: neither kid nor jwk", ErrJWTKey)
	}
	if v.jwkBound(ctx, jwkKey, res.Issuer) {
		return &did.Method{Controller: res.Issuer, Source: KeySourceHeaderJWK, PublicKey: jwkKey, Relationship: rel}, nil
	}
	if v.opts.UnboundHeaderJWK {
		return &did.Method{Controller: res.Issuer, Source: KeySourceUnboundJWK, PublicKey: jwkKey, Relationship: rel}, nil
	}
	return nil, fmt.Errorf("%w: the jwk header is not bound to the issuer %s", ErrJWTKey, res.Issuer)
}

// jwkBound reports whether the issuer vouches for key: it is the issuer's
// did:key or did:jwk, or the issuer's DID document lists it under
// assertionMethod.
func (v *JWTVerifier) jwkBound(ctx context.Context, key crypto.PublicKey, issuer string) bool {
	if d, err := did.DIDKey(key); err == nil && d == issuer {
		return true
	}
	if d, err := did.DIDJWK(key); err == nil && d == issuer {
		return true
	}
	if v.opts.Resolver == nil || !strings.HasPrefix(issuer, "did:") {
		return false
	}
	r, err := v.opts.Resolver.Resolve(ctx, issuer)
	if err != nil {
		return false
	}
	for _, ref := range r.Document.Relationships[did.AssertionMethod] {
		vm, err := r.Document.MethodFor(ref.ID, did.AssertionMethod)
		if err != nil {
			continue
		}
		if pub, err := vm.PublicKey(); err == nil && keysEqual(pub, key) {
			return true
		}
	}
	return false
}

func keysEqual(a, b crypto.PublicKey) bool {
	ea, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && ea.Equal(b)
}

// envelopedJWTs checks that every credential of a vp+jwt presentation is an
// EnvelopedVerifiableCredential, a data: URL of a secured credential
// (application/vc+jwt, vc+sd-jwt or vc+cose), and returns the vc+jwt ones.
func envelopedJWTs(v any) ([]string, error) {
	var out []string
	for i, c := range jwtList(v) {
		m, _ := c.(map[string]any)
		id, _ := m["id"].(string)
		mediaType, content, ok := strings.Cut(strings.TrimPrefix(id, "data:"), ",")
		ok = ok && strings.HasPrefix(id, "data:") && jwtHasType(m, "EnvelopedVerifiableCredential") && content != ""
		switch {
		case ok && mediaType == "application/vc+jwt" && IsCompactJWT([]byte(content)):
			out = append(out, content)
		case ok && (mediaType == "application/vc+sd-jwt" || strings.HasPrefix(mediaType, "application/vc+cose")):
		default:
			return out, fmt.Errorf("%w: verifiableCredential %d is not an enveloped secured credential", ErrJWTClaims, i)
		}
	}
	return out, nil
}
