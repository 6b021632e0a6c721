package vc

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/clrkit/clrkit/internal/jsonobj"
)

// The base contexts of the two VC Data Model versions.
const (
	// ContextV2 is the first @context entry of a VC Data Model 2.0 credential.
	ContextV2 = "https://www.w3.org/ns/credentials/v2"
	// ContextV1 is the first @context entry of a VC Data Model 1.1 credential.
	ContextV1 = "https://www.w3.org/2018/credentials/v1"
)

// TypeVerifiableCredential is the type every credential has.
const TypeVerifiableCredential = "VerifiableCredential"

// Version is the VC Data Model version a credential follows.
type Version int

// The versions, told apart by the first @context entry.
const (
	VersionUnknown Version = iota
	Version1               // VC Data Model 1.1: issuanceDate, expirationDate
	Version2               // VC Data Model 2.0: validFrom, validUntil
)

// String names the version ("VCDM 1.1", "VCDM 2.0").
func (v Version) String() string {
	switch v {
	case Version1:
		return "VCDM 1.1"
	case Version2:
		return "VCDM 2.0"
	}
	return "unknown VCDM version"
}

// Core holds the members every verifiable credential has whatever its class,
// to be embedded in the credential types of this package and of openbadges
// and clr. Its methods give one view of both data model versions.
type Core struct {
	Context Contexts `json:"@context"`
	ID      string   `json:"id,omitempty"`
	Type    Types    `json:"type"`
	// ValidFrom and ValidUntil are the VCDM 2.0 validity period.
	ValidFrom  DateTime `json:"validFrom,omitempty"`
	ValidUntil DateTime `json:"validUntil,omitempty"`
	// IssuanceDate and ExpirationDate are their VCDM 1.1 counterparts,
	// read from 1.1 credentials and never written by the builders.
	IssuanceDate     DateTime                    `json:"issuanceDate,omitempty"`
	ExpirationDate   DateTime                    `json:"expirationDate,omitempty"`
	CredentialSchema OneOrMany[CredentialSchema] `json:"credentialSchema,omitempty"`
	CredentialStatus Compacted[CredentialStatus] `json:"credentialStatus,omitempty"`
	RefreshService   Compacted[RefreshService]   `json:"refreshService,omitempty"`
	TermsOfUse       OneOrMany[TermsOfUse]       `json:"termsOfUse,omitempty"`
	Proof            OneOrMany[Proof]            `json:"proof,omitempty" jsonobj:"last"`
}

// Version tells the data model version from the first @context entry.
func (c *Core) Version() Version {
	if len(c.Context) == 0 {
		return VersionUnknown
	}
	switch c.Context[0].URL {
	case ContextV2:
		return Version2
	case ContextV1:
		return Version1
	}
	return VersionUnknown
}

// Validity returns the start and end of the validity period: validFrom and
// validUntil, or for a VCDM 1.1 credential without them, issuanceDate and
// expirationDate. Either may be empty.
func (c *Core) Validity() (from, until DateTime) {
	from, until = c.ValidFrom, c.ValidUntil
	if from == "" {
		from = c.IssuanceDate
	}
	if until == "" {
		until = c.ExpirationDate
	}
	return from, until
}

// ErrNotYetValid and ErrExpired are what ValidAt returns outside the
// validity period.
var (
	ErrNotYetValid = errors.New("vc: credential is not valid yet")
	ErrExpired     = errors.New("vc: credential has expired")
)

// ValidAt checks t against the validity period with the given tolerance
// for clock skew. A date that does not parse is an error wrapping
// ErrDateTime.
func (c *Core) ValidAt(t time.Time, skew time.Duration) error {
	from, until := c.Validity()
	if from != "" {
		f, err := from.Time()
		if err != nil {
			return err
		}
		if t.Add(skew).Before(f) {
			return fmt.Errorf("%w: valid from %s", ErrNotYetValid, from)
		}
	}
	if until != "" {
		u, err := until.Time()
		if err != nil {
			return err
		}
		if t.Add(-skew).After(u) {
			return fmt.Errorf("%w: valid until %s", ErrExpired, until)
		}
	}
	return nil
}

// Identity is what the specs compare credentials by: two credentials are
// versions of the same one when they have the same issuer and id, and
// validFrom tells which is newer.
type Identity struct {
	Issuer    string
	ID        string
	ValidFrom DateTime
}

// Same reports whether a and b identify the same credential: equal,
// non-empty ids from the same issuer.
func (a Identity) Same(b Identity) bool {
	return a.ID != "" && a.ID == b.ID && a.Issuer == b.Issuer
}

// ErrNotComparable is returned by Compare for credentials that are not
// versions of the same credential.
var ErrNotComparable = errors.New("vc: credentials have different issuers or ids")

// Compare orders two versions of the same credential by their validity start:
// -1 when a is older than b, 0 when they start at the same instant, +1 when
// a is newer.
func (a Identity) Compare(b Identity) (int, error) {
	if !a.Same(b) {
		return 0, ErrNotComparable
	}
	ta, err := a.ValidFrom.Time()
	if err != nil {
		return 0, err
	}
	tb, err := b.ValidFrom.Time()
	if err != nil {
		return 0, err
	}
	return ta.Compare(tb), nil
}

// Issuer is the issuer of a generic credential: a URL, or an object with an
// id. It is written as a bare URL when it holds nothing but the id.
type Issuer struct {
	ID         string     `json:"id"`
	Type       Types      `json:"type,omitempty"`
	Name       LangString `json:"name,omitempty"`
	Extensions Extensions `json:"-"`
}

// UnmarshalJSON accepts a URL string or an object.
func (i *Issuer) UnmarshalJSON(data []byte) error { return i.read(jsonobj.Reader{}, data) }

func (i *Issuer) read(r jsonobj.Reader, data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		s, err := jsonobj.String(data)
		*i = Issuer{ID: s}
		return err
	}
	*i = Issuer{}
	return r.Object(data, i)
}

// MarshalJSON writes the bare id when nothing else is set.
func (i Issuer) MarshalJSON() ([]byte, error) {
	if len(i.Type) == 0 && len(i.Name) == 0 && len(i.Extensions) == 0 {
		var buf bytes.Buffer
		jsonobj.WriteString(&buf, i.ID)
		return buf.Bytes(), nil
	}
	return jsonobj.Marshal(&i)
}

// Subject is a credential subject of a generic credential: an optional id
// and types, everything else kept as extensions.
type Subject struct {
	ID         string     `json:"id,omitempty"`
	Type       Types      `json:"type,omitempty"`
	Extensions Extensions `json:"-"`
}

// UnmarshalJSON decodes the object with exact member names.
func (s *Subject) UnmarshalJSON(data []byte) error { return s.read(jsonobj.Reader{}, data) }

func (s *Subject) read(r jsonobj.Reader, data []byte) error {
	*s = Subject{}
	return r.Object(data, s)
}

// MarshalJSON encodes the object, extensions included.
func (s Subject) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&s) }

// Credential is a verifiable credential of any class, read through the
// members the VC Data Model defines; everything else is kept in Extensions.
// The openbadges and clr packages have typed credentials for their classes.
type Credential struct {
	Core
	Name              LangString         `json:"name,omitempty"`
	Description       LangString         `json:"description,omitempty"`
	Issuer            Issuer             `json:"issuer"`
	CredentialSubject OneOrMany[Subject] `json:"credentialSubject"`
	Extensions        Extensions         `json:"-"`

	raw []byte
}

// ParseCredential reads a credential from JSON, keeping the bytes for
// verification (see Raw).
func ParseCredential(data []byte) (*Credential, error) {
	var c Credential
	if err := c.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return &c, nil
}

// UnmarshalJSON decodes the credential with exact member names and keeps a
// copy of data as its raw bytes.
func (c *Credential) UnmarshalJSON(data []byte) error {
	if err := c.decode(data); err != nil {
		return err
	}
	c.raw = bytes.Clone(data)
	return nil
}

// parseCredentialIn is ParseCredential for valid JSON text (one the tree
// decoder accepted) that stays unchanged while the credential is in use,
// as a verification's input does for the length of the call (the Document
// holds it too): the text is not validated again, and the credential's raw
// bytes and extension members are slices of data rather than copies. It
// decodes what ParseCredential decodes and fails as it fails
// (TestParseCredentialInAgrees). t, when not nil, is the text data is
// part of, with its index (see jsonobj.Text).
func parseCredentialIn(t *jsonobj.Text, data []byte) (*Credential, error) {
	c := &Credential{}
	if err := jsonobj.UnmarshalValid(t, data, c); err != nil {
		return nil, fmt.Errorf("vc: credential: %w", err)
	}
	c.raw = data
	return c, nil
}

// reader is a type whose UnmarshalJSON is read in checking mode: its
// registered hook (see init) is read in valid mode, the way parseCredentialIn
// and the typed views of the extensions read a verifier's input.
type reader interface {
	read(r jsonobj.Reader, data []byte) error
}

func init() {
	readerType := reflect.TypeFor[reader]()
	jsonobj.RegisterHookFamily(func(t reflect.Type) jsonobj.Hook {
		if !reflect.PointerTo(t).Implements(readerType) {
			return nil
		}
		return func(text *jsonobj.Text, data []byte, p any) error {
			return p.(reader).read(jsonobj.ValidReader(text), data)
		}
	})
}

// decode reads the credential's members from data, leaving raw unset.
func (c *Credential) decode(data []byte) error {
	*c = Credential{}
	if err := jsonobj.Unmarshal(data, c); err != nil {
		return fmt.Errorf("vc: credential: %w", err)
	}
	return nil
}

// MarshalJSON encodes the credential from its fields (not from the raw bytes).
func (c Credential) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&c) }

// Raw returns the exact bytes the credential was parsed from, or nil for a
// credential that was built rather than parsed. Proofs are checked over
// these bytes, never over a re-marshalled struct.
func (c *Credential) Raw() []byte { return c.raw }

// Identity returns the issuer id, the credential id and the validity start.
func (c *Credential) Identity() Identity {
	from, _ := c.Validity()
	return Identity{Issuer: c.Issuer.ID, ID: c.ID, ValidFrom: from}
}

// CredentialSchema names a schema the credential conforms to, such as a
// 1EdTechJsonSchemaValidator2019 JSON Schema.
type CredentialSchema struct {
	ID         string     `json:"id"`
	Type       SingleType `json:"type"`
	Extensions Extensions `json:"-"`
}

// CredentialStatus says where the issuer publishes the credential's status
// (1EdTechRevocationList, BitstringStatusListEntry, ...); the members of the
// status method are in Extensions.
type CredentialStatus struct {
	ID         string     `json:"id,omitempty"`
	Type       SingleType `json:"type"`
	Extensions Extensions `json:"-"`
}

// RefreshService says where a newer version of the credential can be
// fetched (1EdTechCredentialRefresh).
type RefreshService struct {
	ID         string     `json:"id"`
	Type       SingleType `json:"type"`
	Extensions Extensions `json:"-"`
}

// TermsOfUse states obligations and prohibitions the issuer attaches.
type TermsOfUse struct {
	ID         string     `json:"id,omitempty"`
	Type       SingleType `json:"type"`
	Extensions Extensions `json:"-"`
}

// Proof is an embedded proof as the model describes it. The proof package
// checks proofs over the credential's raw bytes; this type is for reading.
type Proof struct {
	ID                 string     `json:"id,omitempty"`
	Type               SingleType `json:"type"`
	Cryptosuite        string     `json:"cryptosuite,omitempty"`
	Created            DateTime   `json:"created,omitempty"`
	Expires            DateTime   `json:"expires,omitempty"`
	VerificationMethod string     `json:"verificationMethod,omitempty"`
	ProofPurpose       string     `json:"proofPurpose,omitempty"`
	Challenge          string     `json:"challenge,omitempty"`
	Domain             string     `json:"domain,omitempty"`
	Nonce              string     `json:"nonce,omitempty"`
	ProofValue         string     `json:"proofValue,omitempty"`
	Extensions         Extensions `json:"-"`
}

// The small classes decode and encode through jsonobj like every model type.

// UnmarshalJSON decodes the object with exact member names.
func (s *CredentialSchema) UnmarshalJSON(data []byte) error { return s.read(jsonobj.Reader{}, data) }

func (s *CredentialSchema) read(r jsonobj.Reader, data []byte) error {
	*s = CredentialSchema{}
	return r.Object(data, s)
}

// MarshalJSON encodes the object, extensions included.
func (s CredentialSchema) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&s) }

// UnmarshalJSON decodes the object with exact member names.
func (s *CredentialStatus) UnmarshalJSON(data []byte) error { return s.read(jsonobj.Reader{}, data) }

func (s *CredentialStatus) read(r jsonobj.Reader, data []byte) error {
	*s = CredentialStatus{}
	return r.Object(data, s)
}

// MarshalJSON encodes the object, extensions included.
func (s CredentialStatus) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&s) }

// UnmarshalJSON decodes the object with exact member names.
func (s *RefreshService) UnmarshalJSON(data []byte) error { return s.read(jsonobj.Reader{}, data) }

func (s *RefreshService) read(r jsonobj.Reader, data []byte) error {
	*s = RefreshService{}
	return r.Object(data, s)
}

// MarshalJSON encodes the object, extensions included.
func (s RefreshService) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&s) }

// UnmarshalJSON decodes the object with exact member names.
func (t *TermsOfUse) UnmarshalJSON(data []byte) error { return t.read(jsonobj.Reader{}, data) }

func (t *TermsOfUse) read(r jsonobj.Reader, data []byte) error {
	*t = TermsOfUse{}
	return r.Object(data, t)
}

// MarshalJSON encodes the object, extensions included.
func (t TermsOfUse) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&t) }

// UnmarshalJSON decodes the object with exact member names.
func (p *Proof) UnmarshalJSON(data []byte) error { return p.read(jsonobj.Reader{}, data) }

func (p *Proof) read(r jsonobj.Reader, data []byte) error {
	*p = Proof{}
	return r.Object(data, p)
}

// MarshalJSON encodes the object, extensions included.
func (p Proof) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&p) }
