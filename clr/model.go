package clr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/vc"
)

// Context is the CLR 2.0 context the builders write; it comes before the
// OB 3.0 context.
const Context = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"

// Class names used in `type` members.
const (
	TypeClrCredential = "ClrCredential"
	TypeClrSubject    = "ClrSubject"
	TypeAssociation   = "Association"
)

// ClrCredential is a Comprehensive Learner Record: an issuer's signed
// bundle of separately signed credentials about one learner, with the
// achievements they assert and the associations between them.
type ClrCredential struct {
	vc.Core
	Name              vc.LangString                                  `json:"name"`
	Description       vc.LangString                                  `json:"description,omitempty"`
	Image             *openbadges.Image                              `json:"image,omitempty"`
	Partial           *bool                                          `json:"partial,omitempty"`
	Issuer            openbadges.Profile                             `json:"issuer"`
	AwardedDate       vc.DateTime                                    `json:"awardedDate,omitempty"`
	CredentialSubject ClrSubject                                     `json:"credentialSubject"`
	Endorsement       vc.OneOrMany[openbadges.EndorsementCredential] `json:"endorsement,omitempty"`
	EndorsementJwt    vc.OneOrMany[string]                           `json:"endorsementJwt,omitempty"`
	Evidence          vc.OneOrMany[openbadges.Evidence]              `json:"evidence,omitempty"`
	Extensions        vc.Extensions                                  `json:"-"`

	raw []byte
}

// Parse reads a ClrCredential from JSON and keeps the bytes for
// verification (see Raw). Nested credentials keep their own bytes too.
func Parse(data []byte) (*ClrCredential, error) {
	var c ClrCredential
	if err := c.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return &c, nil
}

// parseValid is Parse for valid JSON text (a Document's whose tree
// decoded) that stays unchanged while the record is in use: it does not
// validate the text again, and the record's raw bytes, its nested
// credentials and its extension members are slices of data rather than
// copies. It decodes what Parse decodes and fails as it fails
// (TestParseValidAgrees).
func parseValid(t *jsonobj.Text, data []byte) (*ClrCredential, error) {
	var c ClrCredential
	if err := c.read(jsonobj.ValidReader(t), data); err != nil {
		return nil, err
	}
	return &c, nil
}

func init() {
	// How each class is read from valid text (a verifier's input): as its
	// UnmarshalJSON reads it, without checking the text again.
	jsonobj.Register((*ClrCredential).read)
	jsonobj.Register(jsonobj.Plain[ClrSubject])
	jsonobj.Register((*NestedCredential).read)
	jsonobj.Register(jsonobj.Plain[Association])
	jsonobj.Register(jsonobj.Plain[GetClrCredentialsResponse])
}

// UnmarshalJSON decodes the credential with exact member names and keeps a
// copy of data as its raw bytes.
func (c *ClrCredential) UnmarshalJSON(data []byte) error { return c.read(jsonobj.Reader{}, data) }

func (c *ClrCredential) read(r jsonobj.Reader, data []byte) error {
	*c = ClrCredential{}
	if err := r.Object(data, c); err != nil {
		return fmt.Errorf("clr: ClrCredential: %w", err)
	}
	c.raw = r.Keep(data)
	return nil
}

// MarshalJSON encodes the credential from its fields; nested credentials are
// written from their original bytes.
func (c ClrCredential) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&c) }

// Raw returns the exact bytes the credential was parsed from, or nil for a
// built one. Proofs are checked over these bytes.
func (c *ClrCredential) Raw() []byte { return c.raw }

// Identity returns issuer, id and validity start.
func (c *ClrCredential) Identity() vc.Identity {
	from, _ := c.Validity()
	return vc.Identity{Issuer: c.Issuer.ID, ID: c.ID, ValidFrom: from}
}

// ClrSubject is the learner a CLR is about, the credentials it holds, and
// the achievements and associations that relate them.
type ClrSubject struct {
	ID                   string                                  `json:"id,omitempty"`
	Type                 vc.Types                                `json:"type"`
	Identifier           vc.OneOrMany[openbadges.IdentityObject] `json:"identifier,omitempty"`
	Achievement          vc.OneOrMany[openbadges.Achievement]    `json:"achievement,omitempty"`
	VerifiableCredential vc.OneOrMany[NestedCredential]          `json:"verifiableCredential"`
	Association          vc.OneOrMany[Association]               `json:"association,omitempty"`
	Extensions           vc.Extensions                           `json:"-"`
}

// UnmarshalJSON decodes the object with exact member names.
func (s *ClrSubject) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(s, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (s ClrSubject) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&s) }

// NestedCredential is one credential inside a CLR: a JSON-LD credential
// with its own embedded proof, kept as its exact bytes, or a compact VC-JWT.
// Each is signed separately and verified on its own.
type NestedCredential struct {
	// JWT is the compact JWS of a VC-JWT entry; empty for an embedded one.
	JWT string
	// JSON is the exact JSON of an embedded credential; nil for a JWT.
	JSON json.RawMessage
}

// compactJWS is the CompactJws pattern of the model.
var compactJWS = regexp.MustCompile(`^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$`)

// ErrNotCompactJWS: a string entry is not a compact JWS.
var ErrNotCompactJWS = errors.New("clr: not a compact JWS")

// Embedded returns a nested credential holding the JSON of a credential
// with an embedded proof.
func Embedded(signed []byte) (NestedCredential, error) {
	var n NestedCredential
	return n, n.UnmarshalJSON(signed)
}

// JWT returns a nested credential holding a compact VC-JWT.
func JWT(compact string) (NestedCredential, error) {
	if !compactJWS.MatchString(compact) {
		return NestedCredential{}, ErrNotCompactJWS
	}
	return NestedCredential{JWT: compact}, nil
}

// IsJWT reports whether the entry is a VC-JWT.
func (n NestedCredential) IsJWT() bool { return n.JWT != "" }

// Achievement parses an embedded entry as an AchievementCredential. A JWT
// entry has no JSON to parse before its signature is verified: that is the
// verifier's job, and this returns an error.
func (n NestedCredential) Achievement() (*openbadges.AchievementCredential, error) {
	if n.IsJWT() {
		return nil, errors.New("clr: a VC-JWT entry is read after its signature is verified")
	}
	return openbadges.Parse(n.JSON)
}

// UnmarshalJSON accepts a compact JWS string or a credential object.
func (n *NestedCredential) UnmarshalJSON(data []byte) error { return n.read(jsonobj.Reader{}, data) }

// read is UnmarshalJSON with r: from valid text, an embedded credential is
// not checked again, and its JSON is data itself.
func (n *NestedCredential) read(r jsonobj.Reader, data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) > 0 && data[0] == '"':
		s, err := jsonobj.String(data)
		if err != nil {
			return err
		}
		if !compactJWS.MatchString(s) {
			return ErrNotCompactJWS
		}
		*n = NestedCredential{JWT: s}
		return nil
	case len(data) > 0 && data[0] == '{':
		// Kept as bytes, but held to the rules of every decoded object:
		// valid JSON without duplicate member names at any depth (parsers
		// disagree on which duplicate wins, and the nested proof covers
		// both).
		if !r.Valid() {
			if err := jsonobj.Check(data); err != nil {
				return err
			}
		}
		*n = NestedCredential{JSON: r.Keep(data)}
		return nil
	}
	return fmt.Errorf("a nested credential is an object or a compact JWS, got %s", jsonobj.Kind(data))
}

// MarshalJSON writes the JWT string, or the credential's own bytes
// (compacted: whitespace is all that may change).
func (n NestedCredential) MarshalJSON() ([]byte, error) {
	if n.IsJWT() {
		var buf bytes.Buffer
		jsonobj.WriteString(&buf, n.JWT)
		return buf.Bytes(), nil
	}
	if n.JSON == nil {
		return nil, errors.New("clr: empty nested credential")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, n.JSON); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Association relates two achievements of the CLR by their ids.
type Association struct {
	Type            vc.SingleType   `json:"type"`
	AssociationType AssociationType `json:"associationType"`
	SourceID        string          `json:"sourceId"`
	TargetID        string          `json:"targetId"`
	Extensions      vc.Extensions   `json:"-"`
}

// UnmarshalJSON decodes the object with exact member names.
func (a *Association) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(a, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (a Association) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&a) }

// AssociationType is how a source achievement relates to a target one. The
// vocabulary is closed.
type AssociationType string

// The AssociationType terms of CLR 2.0.
const (
	ExactMatchOf AssociationType = "exactMatchOf"
	IsChildOf    AssociationType = "isChildOf"
	IsParentOf   AssociationType = "isParentOf"
	IsPartOf     AssociationType = "isPartOf"
	IsPeerOf     AssociationType = "isPeerOf"
	IsRelatedTo  AssociationType = "isRelatedTo"
	Precedes     AssociationType = "precedes"
	ReplacedBy   AssociationType = "replacedBy"
)

// Valid reports whether t is one of the terms.
func (t AssociationType) Valid() bool {
	switch t {
	case ExactMatchOf, IsChildOf, IsParentOf, IsPartOf, IsPeerOf, IsRelatedTo, Precedes, ReplacedBy:
		return true
	}
	return false
}

// GetClrCredentialsResponse is the body of a successful getCredentials call
// of the CLR 2.0 API.
type GetClrCredentialsResponse struct {
	Credential       vc.OneOrMany[ClrCredential] `json:"credential,omitempty"`
	CompactJwsString vc.OneOrMany[string]        `json:"compactJwsString,omitempty"`
	Extensions       vc.Extensions               `json:"-"`
}

// UnmarshalJSON decodes the object with exact member names.
func (r *GetClrCredentialsResponse) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(r, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (r GetClrCredentialsResponse) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&r) }
