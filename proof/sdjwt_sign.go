package proof

import (
	"crypto"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/clrkit/clrkit/internal/jsonptr"
)

// SDJWTSignOptions configure SignSDJWT.
type SDJWTSignOptions struct {
	// Algorithm is the JWS alg; "" picks the usual one for the key.
	Algorithm string
	// KeyID goes into the kid header. Required unless EmbedJWK is set.
	KeyID string
	// EmbedJWK puts the public key in a jwk header instead of kid.
	EmbedJWK bool
	// Disclosable lists the members and array elements to make selectively
	// disclosable, as JSON Pointers (RFC 6901) into the credential, such
	// as "/credentialSubject/firstName" or "/credentialSubject/phones/0".
	// A pointer may lie inside the value of another one (nested
	// disclosures). The root may not be listed, nor anything in the
	// top-level @context, type, issuer, holder, credentialStatus,
	// validFrom, validUntil, issuanceDate, expirationDate, refreshService,
	// credentialSchema and termsOfUse members: a holder could withhold
	// those to escape a check.
	Disclosable []string
	// Rand is the randomness of the salts and of ECDSA and RSA-PSS
	// signatures (default crypto/rand).
	Rand io.Reader
}

// SignSDJWT secures a credential (or, when its type lists
// VerifiablePresentation, a presentation) JSON object as an SD-JWT: typ
// vc+sd-jwt (vp+sd-jwt), cty vc (vp). Every member or element that
// opts.Disclosable names is replaced by the digest of a salted disclosure;
// the payload's _sd_alg is sha-256. The result is the issuer-signed JWT
// followed by all disclosures, each ended by '~'; a holder drops the ones
// it withholds.
func SignSDJWT(credential []byte, key crypto.Signer, opts SDJWTSignOptions) (string, error) {
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
	rnd := opts.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	typ, cty := "vc+sd-jwt", "vc"
	if jwtHasType(obj, "VerifiablePresentation") {
		typ, cty = "vp+sd-jwt", "vp"
	}
	if _, ok := obj["_sd_alg"]; ok {
		return "", fmt.Errorf("%w: the credential already has an _sd_alg member", ErrMalformedDocument)
	}

	// Deepest pointers first, so that a disclosed value carries the
	// digests of the disclosures inside it.
	ptrs := make([][]string, 0, len(opts.Disclosable))
	for _, p := range opts.Disclosable {
		toks, err := sdPointer(p)
		if err != nil {
			return "", err
		}
		// Members a holder could withhold to escape a check (status,
		// validity, refresh, schemas) must stay visible, like the ones
		// that say what the document is.
		if len(toks) >= 1 && slices.Contains(sdAlwaysVisible, toks[0]) {
			return "", fmt.Errorf("%w: %q may not be selectively disclosable", ErrMalformedDocument, p)
		}
		ptrs = append(ptrs, toks)
	}
	slices.SortStableFunc(ptrs, func(a, b []string) int { return len(b) - len(a) })

	var disclosures []string
	for _, toks := range ptrs {
		parent, err := sdLocate(obj, toks[:len(toks)-1])
		if err != nil {
			return "", err
		}
		last := toks[len(toks)-1]
		salt := make([]byte, 16)
		if _, err := io.ReadFull(rnd, salt); err != nil {
			return "", err
		}
		s := base64.RawURLEncoding.EncodeToString(salt)
		var arr []any
		switch p := parent.(type) {
		case map[string]any:
			val, ok := p[last]
			if !ok || last == "_sd" || last == "..." {
				return "", fmt.Errorf("%w: no member %q to disclose", ErrMalformedDocument, "/"+strings.Join(toks, "/"))
			}
			sdSortDigests(val)
			arr = []any{s, last, val}
			d, err := sdEncode(arr)
			if err != nil {
				return "", err
			}
			delete(p, last)
			sd, _ := p["_sd"].([]any)
			p["_sd"] = append(sd, sdDigest(d))
			disclosures = append(disclosures, d)
		case []any:
			i, ok := jsonptr.Index(last, len(p))
			if !ok {
				return "", fmt.Errorf("%w: no element %q to disclose", ErrMalformedDocument, "/"+strings.Join(toks, "/"))
			}
			if m, ok := p[i].(map[string]any); ok && len(m) == 1 && m["..."] != nil {
				return "", fmt.Errorf("%w: element %q listed twice", ErrMalformedDocument, "/"+strings.Join(toks, "/"))
			}
			sdSortDigests(p[i])
			d, err := sdEncode([]any{s, p[i]})
			if err != nil {
				return "", err
			}
			p[i] = map[string]any{"...": sdDigest(d)}
			disclosures = append(disclosures, d)
		default:
			return "", fmt.Errorf("%w: %q is inside neither an object nor an array", ErrMalformedDocument, "/"+strings.Join(toks, "/"))
		}
	}
	sdSortDigests(obj)
	obj["_sd_alg"] = "sha-256"
	payload, err := jwtObjectJSON(obj)
	if err != nil {
		return "", err
	}

	jws, err := compactJWS(payload, key, alg, cty, typ, opts.KeyID, opts.EmbedJWK, rnd)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(jws + "~")
	for _, d := range disclosures {
		b.WriteString(d + "~")
	}
	return b.String(), nil
}

// sdPointer splits a JSON Pointer to a member or element into its
// unescaped reference tokens (parsePointer: at most sdMaxPointerLen
// bytes, and not the empty pointer).
func sdPointer(p string) ([]string, error) {
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("%w: %q is not a JSON Pointer to a member or element", ErrMalformedDocument, p)
	}
	toks, err := parsePointer(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedDocument, err)
	}
	return toks, nil
}

// sdLocate follows toks from v.
func sdLocate(v any, toks []string) (any, error) {
	for n, t := range toks {
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[t]
			if !ok {
				return nil, fmt.Errorf("%w: no member /%s (a pointer inside a value already disclosed?)", ErrMalformedDocument, strings.Join(toks[:n+1], "/"))
			}
			v = next
		case []any:
			i, ok := jsonptr.Index(t, len(x))
			if !ok {
				return nil, fmt.Errorf("%w: no element /%s", ErrMalformedDocument, strings.Join(toks[:n+1], "/"))
			}
			v = x[i]
		default:
			return nil, fmt.Errorf("%w: /%s is not an object or array", ErrMalformedDocument, strings.Join(toks[:n], "/"))
		}
	}
	return v, nil
}

// sdEncode makes the disclosure string of arr.
func sdEncode(arr []any) (string, error) {
	b, err := json.Marshal(arr)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// sdSortDigests sorts every _sd array, so that the digests' order tells
// nothing of the members' order.
func sdSortDigests(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if k == "_sd" {
				if l, ok := val.([]any); ok {
					slices.SortFunc(l, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
				}
				continue
			}
			sdSortDigests(val)
		}
	case []any:
		for _, e := range x {
			sdSortDigests(e)
		}
	}
}

// sdAlwaysVisible are the top-level members SignSDJWT refuses to make
// selectively disclosable, nor anything inside them: what the document is
// (@context, type, issuer, holder) and what a verifier must always check
// (credentialStatus, validFrom, validUntil, issuanceDate, expirationDate,
// refreshService, credentialSchema, termsOfUse).
var sdAlwaysVisible = []string{"@context", "type", "issuer", "holder", "credentialStatus", "validFrom", "validUntil",
	"issuanceDate", "expirationDate", "refreshService", "credentialSchema", "termsOfUse"}
