package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/vc"
)

// jsonTypes are the media types of a credential sent as JSON: those the
// specifications name (application/vc+ld+json, application/json) and VC
// Data Model 2.0's application/vc.
var jsonTypes = []string{"application/json", "application/vc+ld+json", "application/ld+json", "application/vc"}

// readCredential reads an upsertCredential body: a credential of one of
// the standard's types as JSON, or a compact JWS as text/plain. It returns
// what the store compares, or the 400 (415 for another media type) to
// answer.
func (h *handler) readCredential(contentType string, body []byte) (StoredCredential, *Error) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil && contentType != "" {
		return StoredCredential{}, Failure(http.StatusUnsupportedMediaType, MinorInvalidData, "Content-Type %q does not parse", contentType)
	}
	switch {
	case mt == "text/plain":
		return h.readJWS(bytes.TrimSpace(body))
	case slices.Contains(jsonTypes, mt), contentType == "":
		if err := jsonobj.Check(body); err != nil {
			return StoredCredential{}, Failure(http.StatusBadRequest, MinorInvalidData, "the credential is not JSON the API accepts: %v", err)
		}
		c, e := h.readClaims(body, nil)
		c.Format, c.Body = FormatJSON, body
		return c, e
	}
	return StoredCredential{}, Failure(http.StatusUnsupportedMediaType, MinorInvalidData,
		"Content-Type %s: send a credential as application/json or application/vc+ld+json, a compact JWS as text/plain", mt)
}

// readJWS reads a VC-JWT's payload (without checking its signature: the
// API stores what it is sent; verifying is the reader's, or Options.Verify).
func (h *handler) readJWS(jws []byte) (StoredCredential, *Error) {
	if !proof.IsCompactJWT(jws) {
		return StoredCredential{}, Failure(http.StatusBadRequest, MinorInvalidData, "a text/plain body must be a compact JWS (header.payload.signature)")
	}
	parts := bytes.Split(jws, []byte("."))
	var header struct {
		Alg string `json:"alg"`
	}
	rawHeader, err := base64.RawURLEncoding.DecodeString(string(parts[0]))
	if err != nil || json.Unmarshal(rawHeader, &header) != nil || header.Alg == "" || strings.EqualFold(header.Alg, "none") || len(parts[2]) == 0 {
		return StoredCredential{}, Failure(http.StatusBadRequest, MinorInvalidData, "the JWS is unsigned or its header does not read (alg none, or no signature)")
	}
	payload, err := base64.RawURLEncoding.DecodeString(string(parts[1]))
	if err != nil || jsonobj.Check(payload) != nil {
		return StoredCredential{}, Failure(http.StatusBadRequest, MinorInvalidData, "the JWS payload is not base64url-encoded JSON")
	}
	// The VC Data Model 1.1 form puts the credential under "vc", with
	// nbf for its issuance time.
	var outer struct {
		VC  json.RawMessage `json:"vc"`
		NBF *float64        `json:"nbf"`
		ISS string          `json:"iss"`
		JTI string          `json:"jti"`
	}
	_ = json.Unmarshal(payload, &outer)
	claims := payload
	var fallback *claimsFallback
	if len(outer.VC) > 0 {
		claims = outer.VC
		fallback = &claimsFallback{issuer: outer.ISS, id: outer.JTI}
		if outer.NBF != nil {
			fallback.validFrom = time.Unix(int64(*outer.NBF), 0).UTC()
		}
	}
	c, e := h.readClaims(claims, fallback)
	c.Format, c.Body = FormatJWS, jws
	return c, e
}

// claimsFallback is what a VC Data Model 1.1 JWT says outside its vc claim.
type claimsFallback struct {
	issuer, id string
	validFrom  time.Time
}

// readClaims reads the members upserts compare from a credential's JSON.
func (h *handler) readClaims(data []byte, fb *claimsFallback) (StoredCredential, *Error) {
	var doc struct {
		ID           string          `json:"id"`
		Type         vc.Types        `json:"type"`
		Issuer       json.RawMessage `json:"issuer"`
		ValidFrom    vc.DateTime     `json:"validFrom"`
		IssuanceDate vc.DateTime     `json:"issuanceDate"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return StoredCredential{}, Failure(http.StatusBadRequest, MinorInvalidData, "the credential does not read: %v", err)
	}
	if !slices.ContainsFunc(doc.Type, func(t string) bool { return slices.Contains(h.std.CredentialTypes, t) }) {
		return StoredCredential{}, Failure(http.StatusBadRequest, MinorInvalidData, "the credential's type is %s; this API takes %s",
			strings.Join(doc.Type, ", "), strings.Join(h.std.CredentialTypes, " or "))
	}
	c := StoredCredential{ID: doc.ID}
	if len(doc.Issuer) > 0 {
		var iss vc.Issuer
		if err := json.Unmarshal(doc.Issuer, &iss); err == nil {
			c.IssuerID = iss.ID
		}
	}
	when := doc.ValidFrom
	if when == "" {
		when = doc.IssuanceDate
	}
	if when != "" {
		t, err := when.Time()
		if err != nil {
			return StoredCredential{}, Failure(http.StatusBadRequest, MinorInvalidData, "validFrom %q is not a date-time: %v", when, err)
		}
		c.ValidFrom = t
	}
	if fb != nil {
		c.IssuerID = cmpOr(c.IssuerID, fb.issuer)
		c.ID = cmpOr(c.ID, fb.id)
		if c.ValidFrom.IsZero() {
			c.ValidFrom = fb.validFrom
		}
	}
	switch {
	case c.ID == "":
		return StoredCredential{}, Failure(http.StatusBadRequest, MinorInvalidData, "the credential has no id: upserts tell credentials apart by issuer and id")
	case c.IssuerID == "":
		return StoredCredential{}, Failure(http.StatusBadRequest, MinorInvalidData, "the credential has no issuer id")
	case c.ValidFrom.IsZero():
		return StoredCredential{}, Failure(http.StatusBadRequest, MinorInvalidData, "the credential has no validFrom (or issuanceDate): upserts compare it")
	}
	n, err := Normalize(c)
	if err != nil {
		return StoredCredential{}, Failure(http.StatusBadRequest, MinorInvalidData, "%s", strings.TrimPrefix(err.Error(), "api: "))
	}
	return n, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
