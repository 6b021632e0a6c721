package clr

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/vc"
)

// CredentialBuilder composes a ClrCredential from credentials that are already signed,
// each by its own issuer, plus the associations between their achievements.
// Setters chain and record problems instead of failing; Build reports them
// all at once. A CredentialBuilder is not safe for concurrent use.
type CredentialBuilder struct {
	c            ClrCredential
	issuer       *openbadges.Profile
	achievements []openbadges.Achievement
	clock        func() time.Time
	random       io.Reader
	validFrom    *time.Time
	validUntil   *time.Time
	contexts     []string
	problems     vc.Problems
	nested       int
}

// NewCredential starts a ClrCredential issued by issuer (the publisher of the
// record, which signs the CLR as a whole).
func NewCredential(issuer *openbadges.Profile) *CredentialBuilder {
	return &CredentialBuilder{issuer: issuer, clock: time.Now}
}

// ID sets the credential id. Without it Build generates a urn:uuid.
func (b *CredentialBuilder) ID(id string) *CredentialBuilder {
	b.problems.Add("id", vc.CheckURI(id))
	b.c.ID = id
	return b
}

// Name sets the name wallets show (required).
func (b *CredentialBuilder) Name(name string) *CredentialBuilder {
	b.c.Name = vc.Text(name)
	return b
}

// Description sets a short description.
func (b *CredentialBuilder) Description(d string) *CredentialBuilder {
	b.c.Description = vc.Text(d)
	return b
}

// Image sets the image of the record, a URL or data: URI.
func (b *CredentialBuilder) Image(url string) *CredentialBuilder {
	b.problems.Add("image.id", vc.CheckURI(url))
	b.c.Image = &openbadges.Image{ID: url, Type: openbadges.TypeImage}
	return b
}

// Partial marks the record as holding only some of the learner's
// achievements known to the publisher.
func (b *CredentialBuilder) Partial(p bool) *CredentialBuilder {
	b.c.Partial = &p
	return b
}

// Learner sets the id (a URI, often a DID) of the learner the record is about.
func (b *CredentialBuilder) Learner(id string) *CredentialBuilder {
	b.problems.Add("credentialSubject.id", vc.CheckURI(id))
	b.c.CredentialSubject.ID = id
	return b
}

// LearnerIdentity adds an identifier of the learner, such as a hashed email
// address (see openbadges.NewHashedIdentity).
func (b *CredentialBuilder) LearnerIdentity(id openbadges.IdentityObject) *CredentialBuilder {
	if id.Type == "" {
		id.Type = openbadges.TypeIdentityObject
	}
	i := len(b.c.CredentialSubject.Identifier)
	if id.IdentityHash == "" {
		b.problems.Add(fmt.Sprintf("credentialSubject.identifier[%d].identityHash", i), vc.ErrRequired)
	}
	if !id.IdentityType.Valid() {
		b.problems.Add(fmt.Sprintf("credentialSubject.identifier[%d].identityType", i), fmt.Errorf("%w: %q", vc.ErrBadValue, id.IdentityType))
	}
	if id.Hashed && id.IdentityHash != "" {
		if _, err := id.Matches(""); err != nil {
			b.problems.Add(fmt.Sprintf("credentialSubject.identifier[%d].identityHash", i), err)
		}
	}
	b.c.CredentialSubject.Identifier = append(b.c.CredentialSubject.Identifier, id)
	return b
}

// AddCredential adds a signed credential with an embedded proof, given as
// its exact JSON, which the record keeps byte for byte. The achievement it
// asserts becomes one of the record's achievements.
func (b *CredentialBuilder) AddCredential(signed []byte) *CredentialBuilder {
	prop := fmt.Sprintf("credentialSubject.verifiableCredential[%d]", b.nested)
	b.nested++
	n, err := Embedded(signed)
	if err != nil {
		b.problems.Add(prop, err)
		return b
	}
	c, err := vc.ParseCredential(signed)
	if err != nil {
		b.problems.Add(prop, err)
		return b
	}
	if !c.Type.Has(vc.TypeVerifiableCredential) {
		b.problems.Add(prop+".type", fmt.Errorf("%w: not a VerifiableCredential", vc.ErrBadValue))
	}
	if len(c.Proof) == 0 {
		b.problems.Add(prop+".proof", fmt.Errorf("%w: nested credentials are signed separately, before the record", vc.ErrRequired))
	}
	if c.Type.Has(openbadges.TypeAchievementCredential) || c.Type.Has(openbadges.TypeOpenBadgeCredential) {
		ac, err := n.Achievement()
		if err != nil {
			b.problems.Add(prop, err)
			return b
		}
		if a := ac.CredentialSubject.Achievement; a != nil {
			b.addAchievement(*a)
		}
	}
	b.c.CredentialSubject.VerifiableCredential = append(b.c.CredentialSubject.VerifiableCredential, n)
	return b
}

// AddJWT adds a credential secured as a compact VC-JWT. Its achievement is
// not read (the JWT is opened only by a verifier); add it with Achievement
// when associations refer to it.
func (b *CredentialBuilder) AddJWT(compact string) *CredentialBuilder {
	prop := fmt.Sprintf("credentialSubject.verifiableCredential[%d]", b.nested)
	b.nested++
	n, err := JWT(compact)
	if err != nil {
		b.problems.Add(prop, err)
		return b
	}
	b.c.CredentialSubject.VerifiableCredential = append(b.c.CredentialSubject.VerifiableCredential, n)
	return b
}

// Achievement adds an achievement to the record's list, for one that no
// nested credential asserts (a degree in progress, say) or one inside a
// VC-JWT. An achievement with the id of one already listed replaces it.
func (b *CredentialBuilder) Achievement(a *openbadges.Achievement) *CredentialBuilder {
	prop := fmt.Sprintf("credentialSubject.achievement[%d]", len(b.achievements))
	if a == nil {
		b.problems.Add(prop, vc.ErrRequired)
		return b
	}
	c := *a
	if len(c.Type) == 0 {
		c.Type = vc.Types{openbadges.TypeAchievement}
	}
	b.problems.Add(prop+".id", vc.CheckURI(c.ID))
	if !c.Type.Has(openbadges.TypeAchievement) {
		b.problems.Add(prop+".type", fmt.Errorf("%w: must include Achievement", vc.ErrBadValue))
	}
	if c.Name.String() == "" {
		b.problems.Add(prop+".name", vc.ErrRequired)
	}
	if c.Description.String() == "" {
		b.problems.Add(prop+".description", vc.ErrRequired)
	}
	if c.Criteria == nil || c.Criteria.ID == "" && c.Criteria.Narrative == "" {
		b.problems.Add(prop+".criteria", fmt.Errorf("%w: an id or a narrative", vc.ErrRequired))
	}
	if c.AchievementType != "" && !c.AchievementType.Valid() {
		b.problems.Add(prop+".achievementType", fmt.Errorf("%w: %q", vc.ErrBadValue, c.AchievementType))
	}
	b.addAchievement(c)
	return b
}

func (b *CredentialBuilder) addAchievement(a openbadges.Achievement) {
	for i := range b.achievements {
		if b.achievements[i].ID == a.ID {
			b.achievements[i] = a
			return
		}
	}
	b.achievements = append(b.achievements, a)
}

// Associate records that the achievement sourceID relates to targetID as t
// says (for example a course IsPartOf a degree). Both must be achievements
// of the record by the time Build runs.
func (b *CredentialBuilder) Associate(sourceID string, t AssociationType, targetID string) *CredentialBuilder {
	i := len(b.c.CredentialSubject.Association)
	prop := fmt.Sprintf("credentialSubject.association[%d]", i)
	if !t.Valid() {
		b.problems.Add(prop+".associationType", fmt.Errorf("%w: %q", vc.ErrBadValue, t))
	}
	b.problems.Add(prop+".sourceId", vc.CheckURI(sourceID))
	b.problems.Add(prop+".targetId", vc.CheckURI(targetID))
	b.c.CredentialSubject.Association = append(b.c.CredentialSubject.Association, Association{
		Type: TypeAssociation, AssociationType: t, SourceID: sourceID, TargetID: targetID,
	})
	return b
}

// ValidFrom sets the start of validity. Without it Build uses the clock.
func (b *CredentialBuilder) ValidFrom(t time.Time) *CredentialBuilder {
	b.problems.Add("validFrom", checkYear(t))
	b.validFrom = &t
	return b
}

// ValidUntil sets the end of validity.
func (b *CredentialBuilder) ValidUntil(t time.Time) *CredentialBuilder {
	b.problems.Add("validUntil", checkYear(t))
	b.validUntil = &t
	return b
}

// AwardedDate sets when the record was awarded.
func (b *CredentialBuilder) AwardedDate(t time.Time) *CredentialBuilder {
	b.problems.Add("awardedDate", checkYear(t))
	b.c.AwardedDate = vc.NewDateTime(t)
	return b
}

// CredentialSchema adds a 1EdTechJsonSchemaValidator2019 schema the record
// conforms to; the OB extensions context that defines that type is added.
func (b *CredentialBuilder) CredentialSchema(id string) *CredentialBuilder {
	b.problems.Add(fmt.Sprintf("credentialSchema[%d].id", len(b.c.CredentialSchema)), vc.CheckURI(id))
	b.c.CredentialSchema = append(b.c.CredentialSchema, vc.CredentialSchema{ID: id, Type: "1EdTechJsonSchemaValidator2019"})
	return b
}

// CredentialStatus sets where the record's status is published.
func (b *CredentialBuilder) CredentialStatus(s vc.CredentialStatus) *CredentialBuilder {
	if s.Type == "" {
		b.problems.Add("credentialStatus.type", vc.ErrRequired)
	}
	b.c.CredentialStatus = vc.Compacted[vc.CredentialStatus]{s} // the CLR model allows one
	return b
}

// Endorsement adds a signed endorsement of the record.
func (b *CredentialBuilder) Endorsement(e *openbadges.EndorsementCredential) *CredentialBuilder {
	if e == nil {
		b.problems.Add("endorsement", vc.ErrRequired)
		return b
	}
	b.c.Endorsement = append(b.c.Endorsement, *e)
	return b
}

// Context adds extension contexts after the VC, CLR and OB ones.
func (b *CredentialBuilder) Context(urls ...string) *CredentialBuilder {
	for _, u := range urls {
		b.problems.Add("@context", vc.CheckURI(u))
	}
	b.contexts = append(b.contexts, urls...)
	return b
}

// Extension sets a member the model does not declare. Its term must be
// defined by one of the contexts, or signing (JSON-LD safe mode) fails.
func (b *CredentialBuilder) Extension(name string, value any) *CredentialBuilder {
	if name == "" || strings.HasPrefix(name, "@") || declaredMember(name) {
		b.problems.Add(name, fmt.Errorf("%w: %q is not an extension member name (empty, a keyword, or a member the model declares)", vc.ErrBadValue, name))
		return b
	}
	b.problems.Add(name, b.c.Extensions.Set(name, value))
	return b
}

// declared reports whether name is a member ClrCredential declares (its
// json tags, those of the embedded vc.Core included), which Extension may
// not set.
func declaredMember(name string) bool {
	var walk func(t reflect.Type) bool
	walk = func(t reflect.Type) bool {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct:
				if walk(f.Type) {
					return true
				}
			case tag == name:
				return true
			}
		}
		return false
	}
	return walk(reflect.TypeFor[ClrCredential]())
}

// checkYear refuses the zero time (a date never set) and times an XML
// Schema dateTimeStamp cannot hold as written (years outside 1 to 9999).
func checkYear(t time.Time) error {
	if t.IsZero() {
		return fmt.Errorf("%w: the zero time", vc.ErrBadValue)
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return fmt.Errorf("%w: year %d", vc.ErrBadValue, y)
	}
	return nil
}

// Clock sets the source of the current time (validFrom by default).
func (b *CredentialBuilder) Clock(now func() time.Time) *CredentialBuilder {
	if now == nil {
		b.problems.Add("clock", vc.ErrRequired)
		return b
	}
	b.clock = now
	return b
}

// Random sets the source of the random bytes of generated ids; nil means
// crypto/rand.
func (b *CredentialBuilder) Random(r io.Reader) *CredentialBuilder {
	b.random = r
	return b
}

// Build checks the record and returns it, or a *vc.BuildError listing every
// problem. The result shares nothing with the builder.
func (b *CredentialBuilder) Build() (*ClrCredential, error) {
	ps := b.problems
	c := b.c
	c.CredentialSubject.Type = vc.Types{TypeClrSubject}
	c.Type = vc.Types{vc.TypeVerifiableCredential, TypeClrCredential}

	if b.issuer == nil {
		ps.Add("issuer", vc.ErrRequired)
	} else {
		ps.Add("issuer.id", vc.CheckURI(b.issuer.ID))
		issuer, err := deepCopy(b.issuer)
		ps.Add("issuer", err)
		if issuer != nil {
			c.Issuer = *issuer
			switch {
			case len(c.Issuer.Type) == 0:
				c.Issuer.Type = vc.Types{openbadges.TypeProfile}
			case !c.Issuer.Type.Has(openbadges.TypeProfile):
				ps.Add("issuer.type", fmt.Errorf("%w: must include Profile", vc.ErrBadValue))
			}
		}
	}
	if len(c.Name) == 0 || c.Name.String() == "" {
		ps.Add("name", vc.ErrRequired)
	}
	if c.CredentialSubject.ID == "" && len(c.CredentialSubject.Identifier) == 0 {
		ps.Add("credentialSubject", fmt.Errorf("%w: the learner's id or at least one identifier", vc.ErrRequired))
	}
	if len(c.CredentialSubject.VerifiableCredential) == 0 {
		ps.Add("credentialSubject.verifiableCredential", fmt.Errorf("%w: at least one signed credential", vc.ErrRequired))
	}
	achievements, err := deepCopy(&b.achievements)
	ps.Add("credentialSubject.achievement", err)
	if achievements != nil {
		c.CredentialSubject.Achievement = *achievements
	}
	known := map[string]bool{}
	for _, a := range b.achievements {
		known[a.ID] = true
	}
	for i, a := range c.CredentialSubject.Association {
		prop := fmt.Sprintf("credentialSubject.association[%d]", i)
		if a.SourceID != "" && !known[a.SourceID] {
			ps.Add(prop+".sourceId", fmt.Errorf("%w: %q is not an achievement of the record", ErrUnknownAchievement, a.SourceID))
		}
		if a.TargetID != "" && !known[a.TargetID] {
			ps.Add(prop+".targetId", fmt.Errorf("%w: %q is not an achievement of the record", ErrUnknownAchievement, a.TargetID))
		}
		if a.SourceID != "" && a.SourceID == a.TargetID {
			ps.Add(prop, fmt.Errorf("%w: an achievement associated with itself", vc.ErrBadValue))
		}
	}

	if c.ID == "" {
		id, err := vc.NewUUIDURN(b.random)
		ps.Add("id", err)
		c.ID = id
	}
	clock := b.clock
	if clock == nil {
		clock = time.Now
	}
	from := clock()
	if b.validFrom != nil {
		from = *b.validFrom
	}
	c.ValidFrom = vc.NewDateTime(from)
	if b.validUntil != nil {
		if !b.validUntil.After(from) {
			ps.Add("validUntil", fmt.Errorf("%w: not after validFrom", vc.ErrBadValue))
		}
		c.ValidUntil = vc.NewDateTime(*b.validUntil)
	}
	c.Context = contexts(&c, b.contexts)

	if err := ps.Err(TypeClrCredential); err != nil {
		return nil, err
	}
	// Detach every slice and map from the builder.
	c.CredentialSubject.VerifiableCredential = slices.Clone(c.CredentialSubject.VerifiableCredential)
	for i := range c.CredentialSubject.VerifiableCredential {
		n := &c.CredentialSubject.VerifiableCredential[i]
		n.JSON = slices.Clone(n.JSON)
	}
	c.CredentialSubject.Association = slices.Clone(c.CredentialSubject.Association)
	c.CredentialSubject.Identifier = slices.Clone(c.CredentialSubject.Identifier)
	c.CredentialSchema = slices.Clone(c.CredentialSchema)
	c.CredentialStatus = slices.Clone(c.CredentialStatus)
	c.Endorsement = slices.Clone(c.Endorsement)
	if c.Extensions != nil {
		ext := make(vc.Extensions, len(c.Extensions))
		for k, v := range c.Extensions {
			ext[k] = slices.Clone(v)
		}
		c.Extensions = ext
	}
	if c.Partial != nil {
		p := *c.Partial
		c.Partial = &p
	}
	if c.Image != nil {
		img := *c.Image
		c.Image = &img
	}
	return &c, nil
}

// ErrUnknownAchievement: an association names an achievement the record
// does not hold.
var ErrUnknownAchievement = errors.New("clr: unknown achievement")

// contexts returns the @context a CLR needs, in the order the CLR schema
// requires: VC 2.0, CLR, OB, the OB extensions context when a member uses a
// type it defines, then the caller's extension contexts, without repeats.
func contexts(c *ClrCredential, extra []string) vc.Contexts {
	urls := []string{vc.ContextV2, Context, openbadges.Context}
	if needsOBExtensions(c) {
		urls = append(urls, openbadges.ExtensionsContext)
	}
	for _, u := range extra {
		if !slices.Contains(urls, u) {
			urls = append(urls, u)
		}
	}
	out := make(vc.Contexts, len(urls))
	for i, u := range urls {
		out[i] = vc.Context{URL: u}
	}
	return out
}

// extensionTypes are the types the OB extensions context defines.
var extensionTypes = []string{"1EdTechJsonSchemaValidator2019", "1EdTechRevocationList", "1EdTechCredentialRefresh"}

func needsOBExtensions(c *ClrCredential) bool {
	for _, s := range c.CredentialSchema {
		if slices.Contains(extensionTypes, string(s.Type)) {
			return true
		}
	}
	for _, s := range c.CredentialStatus {
		if slices.Contains(extensionTypes, string(s.Type)) {
			return true
		}
	}
	for _, s := range c.RefreshService {
		if slices.Contains(extensionTypes, string(s.Type)) {
			return true
		}
	}
	return false
}

// deepCopy returns a copy of *v that shares nothing with it, through the
// model's own JSON encoding (which keeps every member).
func deepCopy[T any](v *T) (*T, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out T
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
