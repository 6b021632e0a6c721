package openbadges

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/vc"
)

// Context URLs of Open Badges 3.0.
const (
	// Context is the OB 3.0 context the builders write (the final 3.0.3).
	Context = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	// ExtensionsContext defines 1EdTechRevocationList,
	// 1EdTechCredentialRefresh and 1EdTechJsonSchemaValidator2019.
	ExtensionsContext = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
)

// Class names used in `type` members.
const (
	TypeAchievementCredential = "AchievementCredential"
	TypeOpenBadgeCredential   = "OpenBadgeCredential"
	TypeEndorsementCredential = "EndorsementCredential"
	TypeAchievementSubject    = "AchievementSubject"
	TypeEndorsementSubject    = "EndorsementSubject"
	TypeAchievement           = "Achievement"
	TypeProfile               = "Profile"
	TypeImage                 = "Image"
	TypeCriteria              = "Criteria"
	TypeAlignment             = "Alignment"
	TypeResult                = "Result"
	TypeResultDescription     = "ResultDescription"
	TypeRubricCriterionLevel  = "RubricCriterionLevel"
	TypeEvidence              = "Evidence"
	TypeIdentityObject        = "IdentityObject"
	TypeIdentifierEntry       = "IdentifierEntry"
	TypeAddress               = "Address"
	TypeGeoCoordinates        = "GeoCoordinates"
	TypeRelated               = "Related"
)

// AchievementCredential is an Open Badges 3.0 assertion: an issuer says a
// subject earned an achievement. OpenBadgeCredential is the same class
// under its other type name.
type AchievementCredential struct {
	vc.Core
	Name              vc.LangString                       `json:"name,omitempty"`
	Description       vc.LangString                       `json:"description,omitempty"`
	Image             *Image                              `json:"image,omitempty"`
	Issuer            Profile                             `json:"issuer"`
	AwardedDate       vc.DateTime                         `json:"awardedDate,omitempty"`
	CredentialSubject AchievementSubject                  `json:"credentialSubject"`
	Endorsement       vc.OneOrMany[EndorsementCredential] `json:"endorsement,omitempty"`
	EndorsementJwt    vc.OneOrMany[string]                `json:"endorsementJwt,omitempty"`
	Evidence          vc.OneOrMany[Evidence]              `json:"evidence,omitempty"`
	Extensions        vc.Extensions                       `json:"-"`

	raw []byte
}

// OpenBadgeCredential is the name most issuers use for AchievementCredential.
type OpenBadgeCredential = AchievementCredential

// Parse reads an AchievementCredential (or OpenBadgeCredential) from JSON
// and keeps the bytes for verification (see Raw). It checks the JSON shape
// of every member the model declares; the schema package checks the rest.
func Parse(data []byte) (*AchievementCredential, error) {
	var c AchievementCredential
	if err := c.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return &c, nil
}

// parseValid is Parse for valid JSON text (a verified Document's, whose
// tree decoded) that stays unchanged while the credential is in use, part
// of t (which may be nil): the text is not checked again, and the raw
// bytes and extension members are slices of data rather than copies. It
// decodes what Parse decodes and fails as it fails (TestParseValidAgrees).
func parseValid(t *jsonobj.Text, data []byte) (*AchievementCredential, error) {
	var c AchievementCredential
	if err := c.read(jsonobj.ValidReader(t), data); err != nil {
		return nil, err
	}
	return &c, nil
}

// UnmarshalJSON decodes the credential with exact member names and keeps a
// copy of data as its raw bytes.
func (c *AchievementCredential) UnmarshalJSON(data []byte) error {
	return c.read(jsonobj.Reader{}, data)
}

func (c *AchievementCredential) read(r jsonobj.Reader, data []byte) error {
	*c = AchievementCredential{}
	if err := r.Object(data, c); err != nil {
		return fmt.Errorf("openbadges: AchievementCredential: %w", err)
	}
	c.raw = r.Keep(data)
	return nil
}

// MarshalJSON encodes the credential from its fields.
func (c AchievementCredential) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&c) }

// Raw returns the exact bytes the credential was parsed from, or nil for a
// built one. Proofs are checked over these bytes.
func (c *AchievementCredential) Raw() []byte { return c.raw }

// Identity returns what credentials are compared by: issuer, id and
// validity start.
func (c *AchievementCredential) Identity() vc.Identity {
	from, _ := c.Validity()
	return vc.Identity{Issuer: c.Issuer.ID, ID: c.ID, ValidFrom: from}
}

// AchievementSubject is the recipient of an achievement. It needs an id or
// at least one identifier.
type AchievementSubject struct {
	ID                string                       `json:"id,omitempty"`
	Type              vc.Types                     `json:"type"`
	ActivityStartDate vc.DateTime                  `json:"activityStartDate,omitempty"`
	ActivityEndDate   vc.DateTime                  `json:"activityEndDate,omitempty"`
	CreditsEarned     vc.Number                    `json:"creditsEarned,omitempty"`
	Achievement       *Achievement                 `json:"achievement,omitempty"`
	Identifier        vc.OneOrMany[IdentityObject] `json:"identifier,omitempty"`
	Image             *Image                       `json:"image,omitempty"`
	LicenseNumber     string                       `json:"licenseNumber,omitempty"`
	Narrative         string                       `json:"narrative,omitempty"`
	Result            vc.OneOrMany[Result]         `json:"result,omitempty"`
	Role              string                       `json:"role,omitempty"`
	Source            *Profile                     `json:"source,omitempty"`
	Term              string                       `json:"term,omitempty"`
	Extensions        vc.Extensions                `json:"-"`
}

// Achievement is what was achieved: a badge, course, competency, degree.
type Achievement struct {
	ID                string                              `json:"id"`
	Type              vc.Types                            `json:"type"`
	AchievementType   AchievementType                     `json:"achievementType,omitempty"`
	Name              vc.LangString                       `json:"name"`
	Description       vc.LangString                       `json:"description"`
	Criteria          *Criteria                           `json:"criteria,omitempty"`
	Image             *Image                              `json:"image,omitempty"`
	Creator           *Profile                            `json:"creator,omitempty"`
	CreditsAvailable  vc.Number                           `json:"creditsAvailable,omitempty"`
	FieldOfStudy      string                              `json:"fieldOfStudy,omitempty"`
	HumanCode         string                              `json:"humanCode,omitempty"`
	InLanguage        string                              `json:"inLanguage,omitempty"`
	Specialization    string                              `json:"specialization,omitempty"`
	Version           string                              `json:"version,omitempty"`
	Tag               vc.OneOrMany[string]                `json:"tag,omitempty"`
	Alignment         vc.OneOrMany[Alignment]             `json:"alignment,omitempty"`
	OtherIdentifier   vc.OneOrMany[IdentifierEntry]       `json:"otherIdentifier,omitempty"`
	Related           vc.OneOrMany[Related]               `json:"related,omitempty"`
	ResultDescription vc.OneOrMany[ResultDescription]     `json:"resultDescription,omitempty"`
	Endorsement       vc.OneOrMany[EndorsementCredential] `json:"endorsement,omitempty"`
	EndorsementJwt    vc.OneOrMany[string]                `json:"endorsementJwt,omitempty"`
	Extensions        vc.Extensions                       `json:"-"`
}

// Profile describes a person or organization: an issuer, creator, source
// or endorser. Where the model allows a profile reference (issuer), JSON
// may give just its URL; such a profile has only an ID and is written back
// as the bare URL.
type Profile struct {
	ID               string                              `json:"id"`
	Type             vc.Types                            `json:"type,omitempty"`
	Name             vc.LangString                       `json:"name,omitempty"`
	URL              string                              `json:"url,omitempty"`
	Phone            string                              `json:"phone,omitempty"`
	Description      vc.LangString                       `json:"description,omitempty"`
	Image            *Image                              `json:"image,omitempty"`
	Email            string                              `json:"email,omitempty"`
	Address          *Address                            `json:"address,omitempty"`
	OtherIdentifier  vc.OneOrMany[IdentifierEntry]       `json:"otherIdentifier,omitempty"`
	Official         string                              `json:"official,omitempty"`
	ParentOrg        *Profile                            `json:"parentOrg,omitempty"`
	FamilyName       string                              `json:"familyName,omitempty"`
	GivenName        string                              `json:"givenName,omitempty"`
	AdditionalName   string                              `json:"additionalName,omitempty"`
	PatronymicName   string                              `json:"patronymicName,omitempty"`
	HonorificPrefix  string                              `json:"honorificPrefix,omitempty"`
	HonorificSuffix  string                              `json:"honorificSuffix,omitempty"`
	FamilyNamePrefix string                              `json:"familyNamePrefix,omitempty"`
	DateOfBirth      string                              `json:"dateOfBirth,omitempty"`
	Endorsement      vc.OneOrMany[EndorsementCredential] `json:"endorsement,omitempty"`
	EndorsementJwt   vc.OneOrMany[string]                `json:"endorsementJwt,omitempty"`
	Extensions       vc.Extensions                       `json:"-"`
}

// IsRef reports whether the profile is only a reference: an id and nothing
// else. Such a profile is written as its bare URL.
func (p *Profile) IsRef() bool {
	q := *p
	q.ID = ""
	return reflect.ValueOf(q).IsZero()
}

// UnmarshalJSON accepts a profile object or a bare URL.
func (p *Profile) UnmarshalJSON(data []byte) error { return p.read(jsonobj.Reader{}, data) }

func (p *Profile) read(r jsonobj.Reader, data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		s, err := jsonobj.String(data)
		*p = Profile{ID: s}
		return err
	}
	*p = Profile{}
	return r.Object(data, p)
}

// MarshalJSON writes a reference-only profile as its bare URL.
func (p Profile) MarshalJSON() ([]byte, error) {
	if p.IsRef() {
		var buf bytes.Buffer
		jsonobj.WriteString(&buf, p.ID)
		return buf.Bytes(), nil
	}
	return jsonobj.Marshal(&p)
}

// Image is an image of a credential, achievement or profile: a URL or a
// data: URI, with an optional caption.
type Image struct {
	ID         string        `json:"id"`
	Type       vc.SingleType `json:"type"`
	Caption    vc.LangString `json:"caption,omitempty"`
	Extensions vc.Extensions `json:"-"`
}

// UnmarshalJSON accepts an image object, or the bare URL some credentials
// write (read as an Image of type "Image").
func (i *Image) UnmarshalJSON(data []byte) error { return i.read(jsonobj.Reader{}, data) }

func (i *Image) read(r jsonobj.Reader, data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		s, err := jsonobj.String(data)
		*i = Image{ID: s}
		return err
	}
	*i = Image{}
	return r.Object(data, i)
}

// MarshalJSON writes an image read from a bare URL back as that URL.
func (i Image) MarshalJSON() ([]byte, error) {
	if i.Type == "" && len(i.Caption) == 0 && len(i.Extensions) == 0 {
		var buf bytes.Buffer
		jsonobj.WriteString(&buf, i.ID)
		return buf.Bytes(), nil
	}
	return jsonobj.Marshal(&i)
}

// Criteria says how an achievement is earned: a page (ID) and/or a
// Markdown narrative.
type Criteria struct {
	ID         string        `json:"id,omitempty"`
	Narrative  string        `json:"narrative,omitempty"`
	Extensions vc.Extensions `json:"-"`
}

// Alignment ties an achievement, result or rubric level to an item of an
// external framework.
type Alignment struct {
	Type              vc.Types            `json:"type"`
	TargetName        string              `json:"targetName"`
	TargetURL         string              `json:"targetUrl"`
	TargetCode        string              `json:"targetCode,omitempty"`
	TargetDescription string              `json:"targetDescription,omitempty"`
	TargetFramework   string              `json:"targetFramework,omitempty"`
	TargetType        AlignmentTargetType `json:"targetType,omitempty"`
	Extensions        vc.Extensions       `json:"-"`
}

// Result is a result asserted for the subject, linked to one of the
// achievement's result descriptions.
type Result struct {
	Type              vc.Types                `json:"type"`
	ResultDescription string                  `json:"resultDescription,omitempty"`
	AchievedLevel     string                  `json:"achievedLevel,omitempty"`
	Status            ResultStatusType        `json:"status,omitempty"`
	Value             string                  `json:"value,omitempty"`
	Alignment         vc.OneOrMany[Alignment] `json:"alignment,omitempty"`
	Extensions        vc.Extensions           `json:"-"`
}

// ResultDescription describes a result an achievement may carry: a grade,
// score, status or rubric level.
type ResultDescription struct {
	ID                   string                             `json:"id"`
	Type                 vc.Types                           `json:"type"`
	Name                 string                             `json:"name"`
	ResultType           ResultType                         `json:"resultType"`
	AllowedValue         vc.OneOrMany[string]               `json:"allowedValue,omitempty"`
	RequiredLevel        string                             `json:"requiredLevel,omitempty"`
	RequiredValue        string                             `json:"requiredValue,omitempty"`
	RubricCriterionLevel vc.OneOrMany[RubricCriterionLevel] `json:"rubricCriterionLevel,omitempty"`
	ValueMax             string                             `json:"valueMax,omitempty"`
	ValueMin             string                             `json:"valueMin,omitempty"`
	Alignment            vc.OneOrMany[Alignment]            `json:"alignment,omitempty"`
	Extensions           vc.Extensions                      `json:"-"`
}

// RubricCriterionLevel is one level of a rubric criterion.
type RubricCriterionLevel struct {
	ID          string                  `json:"id"`
	Type        vc.Types                `json:"type"`
	Name        string                  `json:"name"`
	Description string                  `json:"description,omitempty"`
	Level       string                  `json:"level,omitempty"`
	Points      string                  `json:"points,omitempty"`
	Alignment   vc.OneOrMany[Alignment] `json:"alignment,omitempty"`
	Extensions  vc.Extensions           `json:"-"`
}

// Evidence describes the work the recipient did to earn the achievement.
type Evidence struct {
	ID          string        `json:"id,omitempty"`
	Type        vc.Types      `json:"type"`
	Name        string        `json:"name,omitempty"`
	Description string        `json:"description,omitempty"`
	Narrative   string        `json:"narrative,omitempty"`
	Genre       string        `json:"genre,omitempty"`
	Audience    string        `json:"audience,omitempty"`
	Extensions  vc.Extensions `json:"-"`
}

// IdentityObject identifies the recipient by something other than a URI,
// such as an email address, in plain text or as a salted hash (see
// HashIdentity and IdentityObject.Matches).
type IdentityObject struct {
	Type         vc.SingleType  `json:"type"`
	Hashed       bool           `json:"hashed"`
	IdentityHash string         `json:"identityHash"`
	IdentityType IdentifierType `json:"identityType"`
	Salt         string         `json:"salt,omitempty"`
	Extensions   vc.Extensions  `json:"-"`
}

// IdentifierEntry is another identifier of a profile or achievement.
type IdentifierEntry struct {
	Type           vc.SingleType  `json:"type"`
	Identifier     string         `json:"identifier"`
	IdentifierType IdentifierType `json:"identifierType"`
	Extensions     vc.Extensions  `json:"-"`
}

// Address is a postal address.
type Address struct {
	Type                vc.Types        `json:"type"`
	AddressCountry      string          `json:"addressCountry,omitempty"`
	AddressCountryCode  string          `json:"addressCountryCode,omitempty"`
	AddressRegion       string          `json:"addressRegion,omitempty"`
	AddressLocality     string          `json:"addressLocality,omitempty"`
	StreetAddress       string          `json:"streetAddress,omitempty"`
	PostOfficeBoxNumber string          `json:"postOfficeBoxNumber,omitempty"`
	PostalCode          string          `json:"postalCode,omitempty"`
	Geo                 *GeoCoordinates `json:"geo,omitempty"`
	Extensions          vc.Extensions   `json:"-"`
}

// GeoCoordinates is a position on Earth.
type GeoCoordinates struct {
	Type       vc.SingleType `json:"type"`
	Latitude   vc.Number     `json:"latitude"`
	Longitude  vc.Number     `json:"longitude"`
	Extensions vc.Extensions `json:"-"`
}

// Related names another achievement to be treated as the same one, for
// example a translation.
type Related struct {
	ID         string        `json:"id"`
	Type       vc.Types      `json:"type"`
	InLanguage string        `json:"inLanguage,omitempty"`
	Version    string        `json:"version,omitempty"`
	Extensions vc.Extensions `json:"-"`
}

// EndorsementCredential is a separately signed claim by a third party
// about a credential, an achievement or a profile.
type EndorsementCredential struct {
	vc.Core
	Name              vc.LangString      `json:"name"`
	Description       vc.LangString      `json:"description,omitempty"`
	Issuer            Profile            `json:"issuer"`
	AwardedDate       vc.DateTime        `json:"awardedDate,omitempty"`
	CredentialSubject EndorsementSubject `json:"credentialSubject"`
	Extensions        vc.Extensions      `json:"-"`

	raw []byte
}

// ParseEndorsement reads an EndorsementCredential from JSON and keeps the
// bytes for verification.
func ParseEndorsement(data []byte) (*EndorsementCredential, error) {
	var c EndorsementCredential
	if err := c.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return &c, nil
}

// UnmarshalJSON decodes the credential with exact member names and keeps a
// copy of data as its raw bytes.
func (c *EndorsementCredential) UnmarshalJSON(data []byte) error {
	return c.read(jsonobj.Reader{}, data)
}

func (c *EndorsementCredential) read(r jsonobj.Reader, data []byte) error {
	*c = EndorsementCredential{}
	if err := r.Object(data, c); err != nil {
		return fmt.Errorf("openbadges: EndorsementCredential: %w", err)
	}
	c.raw = r.Keep(data)
	return nil
}

// MarshalJSON writes an endorsement parsed from JSON as those bytes
// (compacted): it is a third party's signed credential, whose proof covers
// them (a JCS-based proof covers the exact members and values). A built
// endorsement, which has no such bytes, is encoded from its fields. To
// change a parsed endorsement, build a new one.
func (c EndorsementCredential) MarshalJSON() ([]byte, error) {
	if c.raw != nil {
		var buf bytes.Buffer
		if err := json.Compact(&buf, c.raw); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	return jsonobj.Marshal(&c)
}

// Raw returns the exact bytes the credential was parsed from, or nil.
func (c *EndorsementCredential) Raw() []byte { return c.raw }

// Identity returns issuer, id and validity start.
func (c *EndorsementCredential) Identity() vc.Identity {
	from, _ := c.Validity()
	return vc.Identity{Issuer: c.Issuer.ID, ID: c.ID, ValidFrom: from}
}

// EndorsementSubject is the thing endorsed (ID) and the endorser's comment.
type EndorsementSubject struct {
	ID                 string        `json:"id"`
	Type               vc.Types      `json:"type"`
	EndorsementComment string        `json:"endorsementComment,omitempty"`
	Extensions         vc.Extensions `json:"-"`
}

// GetOpenBadgeCredentialsResponse is the body of a successful
// getCredentials call of the OB 3.0 API: credentials with embedded proofs,
// and VC-JWTs.
type GetOpenBadgeCredentialsResponse struct {
	Credential       vc.OneOrMany[AchievementCredential] `json:"credential,omitempty"`
	CompactJwsString vc.OneOrMany[string]                `json:"compactJwsString,omitempty"`
	Extensions       vc.Extensions                       `json:"-"`
}

// ImsxStatusInfo (Imsx_StatusInfo in the spec) is the body of an API error
// or status response.
type ImsxStatusInfo struct {
	CodeMajor   ImsxCodeMajor  `json:"imsx_codeMajor"`
	Severity    ImsxSeverity   `json:"imsx_severity"`
	Description string         `json:"imsx_description,omitempty"`
	CodeMinor   *ImsxCodeMinor `json:"imsx_codeMinor,omitempty"`
	Extensions  vc.Extensions  `json:"-"`
}

// ImsxCodeMinor holds the minor status codes of an ImsxStatusInfo.
type ImsxCodeMinor struct {
	Field      vc.OneOrMany[ImsxCodeMinorField] `json:"imsx_codeMinorField"`
	Extensions vc.Extensions                    `json:"-"`
}

// ImsxCodeMinorField is one minor status code.
type ImsxCodeMinorField struct {
	Name       string        `json:"imsx_codeMinorFieldName"`
	Value      string        `json:"imsx_codeMinorFieldValue"`
	Extensions vc.Extensions `json:"-"`
}
