package openbadges

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/clrkit/clrkit/vc"
)

// The credentialSchema, credentialStatus and refreshService types that
// ExtensionsContext defines. A credential using one of them gets that
// context added to its @context.
const (
	TypeJSONSchemaValidator2019 = "1EdTechJsonSchemaValidator2019"
	TypeRevocationList          = "1EdTechRevocationList"
	TypeCredentialRefresh       = "1EdTechCredentialRefresh"
)

// contextList gathers the extension contexts a builder was given, in
// order and without duplicates, recording a problem for what cannot be
// one: something that is not an absolute URI, the VC 1.1 context, or
// another version of the OB context than the one the builders write.
type contextList struct {
	urls []string
}

func (l *contextList) add(ps *vc.Problems, urls []string) {
	for _, u := range urls {
		switch {
		case u == vc.ContextV2 || u == Context:
			continue // always present
		case vc.CheckURI(u) != nil:
			ps.Add("@context", vc.CheckURI(u))
			continue
		case u == vc.ContextV1:
			ps.Add("@context", fmt.Errorf("%w: %s is the VC Data Model 1.1 context; the builders write 2.0 credentials", vc.ErrBadValue, u))
			continue
		case IsContext(u):
			ps.Add("@context", fmt.Errorf("%w: %s is another version of the OB context than %s, which the builder writes", vc.ErrBadValue, u, Context))
			continue
		}
		if !slices.Contains(l.urls, u) {
			l.urls = append(l.urls, u)
		}
	}
}

// contexts returns the @context of a credential: the VC 2.0 context, the
// OB context, the extension contexts, and ExtensionsContext when the
// credential uses a type it defines and it is not already listed.
func (l *contextList) contexts(c *vc.Core) vc.Contexts {
	urls := append([]string{vc.ContextV2, Context}, l.urls...)
	if usesExtensionTypes(c) && !slices.Contains(urls, ExtensionsContext) {
		urls = append(urls, ExtensionsContext)
	}
	out := make(vc.Contexts, len(urls))
	for i, u := range urls {
		out[i] = vc.Context{URL: u}
	}
	return out
}

func usesExtensionTypes(c *vc.Core) bool {
	for _, s := range c.CredentialSchema {
		if s.Type == TypeJSONSchemaValidator2019 {
			return true
		}
	}
	for _, s := range c.CredentialStatus {
		if s.Type == TypeRevocationList {
			return true
		}
	}
	for _, s := range c.RefreshService {
		if s.Type == TypeCredentialRefresh {
			return true
		}
	}
	return false
}

// CredentialBuilder builds an AchievementCredential (an Open Badges 3.0
// OpenBadgeCredential): an issuer says a recipient earned an achievement.
// Create one with NewCredential. The built credential is unsigned; sign it
// with the proof package.
type CredentialBuilder struct {
	credentialBase
	c        AchievementCredential
	typeName string
}

// credentialBase is what CredentialBuilder and EndorsementBuilder share:
// the problems their setters recorded, the extension contexts, where a
// generated id and the default validFrom come from, and whether the issuer
// was usable.
type credentialBase struct {
	ps     vc.Problems
	ctx    contextList
	clock  func() time.Time
	random io.Reader
	// hasIssuer is false when the constructor was given no usable issuer
	// (already a problem), so Build does not check it again.
	hasIssuer bool
}

// setIssuer copies issuer into dst, filling in an empty type, or records a
// problem when it is nil or cannot be copied.
func (b *credentialBase) setIssuer(dst *Profile, issuer *Profile) {
	if issuer == nil {
		b.ps.Add("issuer", vc.ErrRequired)
		return
	}
	if p, ok := cloneInto(&b.ps, "issuer", issuer); ok {
		normalizeProfile(p)
		*dst = *p
		b.hasIssuer = true
	}
}

// complete begins a Build: on c, a copy of the builder's credential, it
// fills in what was not given (a urn:uuid: id, validFrom from the clock,
// the @context) and checks what every credential needs (an id that is a
// URI, a usable issuer, the members of vc.Core, awardedDate). It returns
// the setters' problems with what it found added.
func (b *credentialBase) complete(c *vc.Core, issuer *Profile, awarded vc.DateTime) vc.Problems {
	ps := problemsOf(&b.ps)
	if c.ID == "" {
		id, err := vc.NewUUIDURN(b.random)
		ps.Add("id", err)
		c.ID = id
	}
	if c.ValidFrom == "" {
		now := time.Now
		if b.clock != nil {
			now = b.clock
		}
		c.ValidFrom = dateTime(&ps, "validFrom", now())
	}
	c.Context = b.ctx.contexts(c)
	checkURI(&ps, "id", c.ID, true)
	if b.hasIssuer {
		checkProfile(&ps, "issuer", issuer, 0)
	}
	checkCore(&ps, c)
	checkDateTime(&ps, "awardedDate", awarded)
	return ps
}

// NewCredential starts a credential from the given issuer (required; it is
// copied, and an empty type becomes ["Profile"]). Its type is
// ["VerifiableCredential", "OpenBadgeCredential"] and its subject's type
// ["AchievementSubject"].
func NewCredential(issuer *Profile) *CredentialBuilder {
	b := &CredentialBuilder{typeName: TypeOpenBadgeCredential}
	b.c.CredentialSubject.Type = vc.Types{TypeAchievementSubject}
	b.setIssuer(&b.c.Issuer, issuer)
	return b
}

// AchievementCredentialType makes the credential's second type
// "AchievementCredential" instead of "OpenBadgeCredential"; the two names
// mean the same class.
func (b *CredentialBuilder) AchievementCredentialType() *CredentialBuilder {
	b.typeName = TypeAchievementCredential
	return b
}

// Clock sets where the default validFrom comes from; nil (the default)
// means time.Now.
func (b *CredentialBuilder) Clock(now func() time.Time) *CredentialBuilder {
	b.clock = now
	return b
}

// Random sets where the random bytes of generated urn:uuid: ids come from;
// nil (the default) means crypto/rand.
func (b *CredentialBuilder) Random(r io.Reader) *CredentialBuilder {
	b.random = r
	return b
}

// ID sets the credential's id, a URI. Without one Build generates a
// urn:uuid: id.
func (b *CredentialBuilder) ID(id string) *CredentialBuilder {
	b.c.ID = id
	return b
}

// Name sets the credential's display name for wallets.
func (b *CredentialBuilder) Name(name string) *CredentialBuilder {
	b.c.Name = vc.Text(name)
	return b
}

// Description sets the credential's short description for wallets.
func (b *CredentialBuilder) Description(description string) *CredentialBuilder {
	b.c.Description = vc.Text(description)
	return b
}

// Image sets the credential's image for wallets: a URL or a data: URI.
func (b *CredentialBuilder) Image(url string) *CredentialBuilder {
	b.c.Image = newImage(url, "")
	return b
}

// ImageWithCaption sets the credential's image together with a caption.
func (b *CredentialBuilder) ImageWithCaption(url, caption string) *CredentialBuilder {
	b.c.Image = newImage(url, caption)
	return b
}

// Recipient sets the id of the recipient (credentialSubject.id), a URI
// such as a DID. The subject needs an id, an identity (RecipientIdentity),
// or both.
func (b *CredentialBuilder) Recipient(id string) *CredentialBuilder {
	b.c.CredentialSubject.ID = id
	return b
}

// RecipientIdentity adds an identifier of the recipient, such as a hashed
// email address (see NewHashedIdentity). An empty type becomes
// "IdentityObject".
func (b *CredentialBuilder) RecipientIdentity(o IdentityObject) *CredentialBuilder {
	s := &b.c.CredentialSubject
	if o, ok := cloneInto(&b.ps, index("credentialSubject.identifier", len(s.Identifier)), o); ok {
		normalizeIdentity(&o)
		s.Identifier = append(s.Identifier, o)
	}
	return b
}

// Achievement sets what was achieved (required). It is copied; empty types
// are filled in.
func (b *CredentialBuilder) Achievement(a *Achievement) *CredentialBuilder {
	b.c.CredentialSubject.Achievement = nil
	if a == nil {
		return b
	}
	if a, ok := cloneInto(&b.ps, "credentialSubject.achievement", a); ok {
		normalizeAchievement(a)
		b.c.CredentialSubject.Achievement = a
	}
	return b
}

// Result adds results asserted for the recipient (build them with
// NewResult). Build checks that each links to a result description of the
// achievement and fits it.
func (b *CredentialBuilder) Result(results ...Result) *CredentialBuilder {
	s := &b.c.CredentialSubject
	for _, r := range results {
		if r, ok := cloneInto(&b.ps, index("credentialSubject.result", len(s.Result)), r); ok {
			normalizeResult(&r)
			s.Result = append(s.Result, r)
		}
	}
	return b
}

// Evidence adds descriptions of the work the recipient did. An empty type
// becomes ["Evidence"].
func (b *CredentialBuilder) Evidence(evidence ...Evidence) *CredentialBuilder {
	for _, e := range evidence {
		if e, ok := cloneInto(&b.ps, index("evidence", len(b.c.Evidence)), e); ok {
			normalizeEvidence(&e)
			b.c.Evidence = append(b.c.Evidence, e)
		}
	}
	return b
}

// CreditsEarned sets the credits the recipient earned; it must be a finite
// number, not negative.
func (b *CredentialBuilder) CreditsEarned(c float64) *CredentialBuilder {
	b.c.CredentialSubject.CreditsEarned = credits(&b.ps, "credentialSubject.creditsEarned", c)
	return b
}

// ActivityStartDate sets when the activity behind the achievement started.
func (b *CredentialBuilder) ActivityStartDate(t time.Time) *CredentialBuilder {
	b.c.CredentialSubject.ActivityStartDate = dateTime(&b.ps, "credentialSubject.activityStartDate", t)
	return b
}

// ActivityEndDate sets when the activity ended; it must not be before the
// start.
func (b *CredentialBuilder) ActivityEndDate(t time.Time) *CredentialBuilder {
	b.c.CredentialSubject.ActivityEndDate = dateTime(&b.ps, "credentialSubject.activityEndDate", t)
	return b
}

// Narrative sets a Markdown narrative connecting the pieces of evidence.
func (b *CredentialBuilder) Narrative(markdown string) *CredentialBuilder {
	b.c.CredentialSubject.Narrative = markdown
	return b
}

// Role sets the recipient's role, position or title in the activity.
func (b *CredentialBuilder) Role(role string) *CredentialBuilder {
	b.c.CredentialSubject.Role = role
	return b
}

// Term sets the academic term in which the achievement was earned.
func (b *CredentialBuilder) Term(term string) *CredentialBuilder {
	b.c.CredentialSubject.Term = term
	return b
}

// LicenseNumber sets the license number issued with the credential.
func (b *CredentialBuilder) LicenseNumber(n string) *CredentialBuilder {
	b.c.CredentialSubject.LicenseNumber = n
	return b
}

// Source sets who assessed the achievement on the issuer's behalf. The
// profile is copied; an empty type becomes ["Profile"]. Nil removes it.
func (b *CredentialBuilder) Source(p *Profile) *CredentialBuilder {
	b.c.CredentialSubject.Source = nil
	if p == nil {
		return b
	}
	if p, ok := cloneInto(&b.ps, "credentialSubject.source", p); ok {
		normalizeProfile(p)
		b.c.CredentialSubject.Source = p
	}
	return b
}

// ValidFrom sets when the credential becomes valid; without it Build uses
// the clock's time.
func (b *CredentialBuilder) ValidFrom(t time.Time) *CredentialBuilder {
	b.c.ValidFrom = dateTime(&b.ps, "validFrom", t)
	return b
}

// ValidUntil sets when the credential stops being valid; it must be after
// validFrom.
func (b *CredentialBuilder) ValidUntil(t time.Time) *CredentialBuilder {
	b.c.ValidUntil = dateTime(&b.ps, "validUntil", t)
	return b
}

// AwardedDate sets when the achievement was first awarded, which stays the
// same across reissued versions of the credential.
func (b *CredentialBuilder) AwardedDate(t time.Time) *CredentialBuilder {
	b.c.AwardedDate = dateTime(&b.ps, "awardedDate", t)
	return b
}

// CredentialSchema adds a JSON Schema the credential conforms to, of type
// 1EdTechJsonSchemaValidator2019 (which adds ExtensionsContext to
// @context).
func (b *CredentialBuilder) CredentialSchema(id string) *CredentialBuilder {
	b.c.CredentialSchema = append(b.c.CredentialSchema, vc.CredentialSchema{ID: id, Type: TypeJSONSchemaValidator2019})
	return b
}

// CredentialStatus sets where the credential's status is published,
// replacing an earlier one. Type 1EdTechRevocationList adds
// ExtensionsContext to @context.
func (b *CredentialBuilder) CredentialStatus(s vc.CredentialStatus) *CredentialBuilder {
	if s, ok := cloneInto(&b.ps, "credentialStatus", s); ok {
		b.c.CredentialStatus = vc.Compacted[vc.CredentialStatus]{s}
	}
	return b
}

// RefreshService sets where a newer version of the credential can be
// fetched, replacing an earlier one. Type 1EdTechCredentialRefresh adds
// ExtensionsContext to @context.
func (b *CredentialBuilder) RefreshService(s vc.RefreshService) *CredentialBuilder {
	if s, ok := cloneInto(&b.ps, "refreshService", s); ok {
		b.c.RefreshService = vc.Compacted[vc.RefreshService]{s}
	}
	return b
}

// TermsOfUse adds terms the issuer attaches to the credential.
// Its type must be an absolute IRI or a term one of the credential's contexts
// defines; neither the VC nor the OB context defines one.
func (b *CredentialBuilder) TermsOfUse(t vc.TermsOfUse) *CredentialBuilder {
	if t, ok := cloneInto(&b.ps, index("termsOfUse", len(b.c.TermsOfUse)), t); ok {
		b.c.TermsOfUse = append(b.c.TermsOfUse, t)
	}
	return b
}

// Endorsement adds an embedded endorsement of the credential; it is copied,
// not changed.
func (b *CredentialBuilder) Endorsement(e *EndorsementCredential) *CredentialBuilder {
	addEndorsement(&b.ps, "endorsement", &b.c.Endorsement, e)
	return b
}

// EndorsementJWT adds an endorsement of the credential given as a compact
// JWS.
//
// The OB 3.0.3 context embedded in this module does not define the
// endorsementJwt term (1EdTech/openbadges-specification#639, since fixed
// upstream), so a credential carrying one fails JSON-LD safe mode and cannot
// take a Data Integrity proof until that context is updated; VC-JWT
// securing is unaffected.
func (b *CredentialBuilder) EndorsementJWT(jws string) *CredentialBuilder {
	b.c.EndorsementJwt = append(b.c.EndorsementJwt, jws)
	return b
}

// Context adds extension contexts, after the VC and OB contexts, in order
// and without duplicates. Extension members must be defined by one of them.
func (b *CredentialBuilder) Context(urls ...string) *CredentialBuilder {
	b.ctx.add(&b.ps, urls)
	return b
}

// Extension adds a member the AchievementCredential class does not
// declare. Its term must be defined by an extension context (see Context).
func (b *CredentialBuilder) Extension(name string, value any) *CredentialBuilder {
	setExtension(&b.ps, "", &b.c.Extensions, AchievementCredential{}, name, value)
	return b
}

// SubjectExtension adds a member the AchievementSubject class does not
// declare to credentialSubject.
func (b *CredentialBuilder) SubjectExtension(name string, value any) *CredentialBuilder {
	setExtension(&b.ps, "credentialSubject", &b.c.CredentialSubject.Extensions, AchievementSubject{}, name, value)
	return b
}

// Build checks the credential and returns it, or a *vc.BuildError listing
// every problem with its property path. It fills in what was not given: a
// urn:uuid: id, validFrom from the clock, and the @context. It checks the
// required members (an issuer with a URI id; a subject with an id or an
// identifier; an achievement with id, name, description and criteria), that
// every URI is absolute and every enumeration term known, that validUntil
// is after validFrom, and that every result links to a result description
// of the achievement and, for a Status one, has a status.
func (b *CredentialBuilder) Build() (*AchievementCredential, error) {
	c, err := clone(b.c)
	if err != nil {
		return nil, err
	}
	c.Type = vc.Types{vc.TypeVerifiableCredential, b.typeName}
	ps := b.complete(&c.Core, &c.Issuer, c.AwardedDate)
	checkImage(&ps, "image", c.Image)
	checkEvidence(&ps, "evidence", c.Evidence)
	checkEmbeddedEndorsements(&ps, "endorsement", c.Endorsement)
	checkEndorsementJWTs(&ps, "endorsementJwt", c.EndorsementJwt)
	checkSubject(&ps, "credentialSubject", &c.CredentialSubject)
	if err := ps.Err(b.typeName); err != nil {
		return nil, err
	}
	return &c, nil
}

// checkSubject checks an AchievementSubject, its achievement and results.
func checkSubject(ps *vc.Problems, path string, s *AchievementSubject) {
	checkTypes(ps, join(path, "type"), s.Type, TypeAchievementSubject)
	if s.ID == "" && len(s.Identifier) == 0 {
		ps.Add(join(path, "id"), fmt.Errorf("%w: the recipient needs an id or an identifier", vc.ErrRequired))
	}
	checkURI(ps, join(path, "id"), s.ID, false)
	checkIdentities(ps, join(path, "identifier"), s.Identifier)
	start, okStart := checkDateTime(ps, join(path, "activityStartDate"), s.ActivityStartDate)
	end, okEnd := checkDateTime(ps, join(path, "activityEndDate"), s.ActivityEndDate)
	if okStart && okEnd && end.Before(start) {
		ps.Add(join(path, "activityEndDate"), fmt.Errorf("%w: the activity ends before it starts", vc.ErrBadValue))
	}
	checkNumber(ps, join(path, "creditsEarned"), s.CreditsEarned, true)
	checkImage(ps, join(path, "image"), s.Image)
	if s.Source != nil {
		checkProfile(ps, join(path, "source"), s.Source, 0)
	}
	if s.Achievement == nil {
		ps.Add(join(path, "achievement"), vc.ErrRequired)
	} else {
		var sub vc.Problems
		checkAchievement(&sub, "", s.Achievement)
		ps.Merge(join(path, "achievement"), sub.Err(TypeAchievement))
	}
	checkResults(ps, join(path, "result"), s.Result, s.Achievement)
}

// EndorsementBuilder builds an EndorsementCredential: an endorser's signed
// claim about a credential, achievement or profile. Create one with
// NewEndorsement.
type EndorsementBuilder struct {
	credentialBase
	c EndorsementCredential
}

// NewEndorsement starts an endorsement by issuer (required; copied, and an
// empty type becomes ["Profile"]) of the thing with id subjectID. Its type
// is ["VerifiableCredential", "EndorsementCredential"] and its subject's
// ["EndorsementSubject"].
func NewEndorsement(issuer *Profile, subjectID string) *EndorsementBuilder {
	b := &EndorsementBuilder{}
	b.c.Type = vc.Types{vc.TypeVerifiableCredential, TypeEndorsementCredential}
	b.c.CredentialSubject = EndorsementSubject{ID: subjectID, Type: vc.Types{TypeEndorsementSubject}}
	b.setIssuer(&b.c.Issuer, issuer)
	return b
}

// ID sets the endorsement's id, a URI; without one Build generates a
// urn:uuid: id.
func (b *EndorsementBuilder) ID(id string) *EndorsementBuilder {
	b.c.ID = id
	return b
}

// Name sets the endorsement's display name (required).
func (b *EndorsementBuilder) Name(name string) *EndorsementBuilder {
	b.c.Name = vc.Text(name)
	return b
}

// Description sets the endorsement's short description.
func (b *EndorsementBuilder) Description(description string) *EndorsementBuilder {
	b.c.Description = vc.Text(description)
	return b
}

// Comment sets the endorser's claim about the subject, in Markdown.
func (b *EndorsementBuilder) Comment(markdown string) *EndorsementBuilder {
	b.c.CredentialSubject.EndorsementComment = markdown
	return b
}

// ValidFrom sets when the endorsement becomes valid; without it Build uses
// the clock's time.
func (b *EndorsementBuilder) ValidFrom(t time.Time) *EndorsementBuilder {
	b.c.ValidFrom = dateTime(&b.ps, "validFrom", t)
	return b
}

// ValidUntil sets when the endorsement stops being valid; it must be after
// validFrom.
func (b *EndorsementBuilder) ValidUntil(t time.Time) *EndorsementBuilder {
	b.c.ValidUntil = dateTime(&b.ps, "validUntil", t)
	return b
}

// AwardedDate sets when the endorsement was first given.
func (b *EndorsementBuilder) AwardedDate(t time.Time) *EndorsementBuilder {
	b.c.AwardedDate = dateTime(&b.ps, "awardedDate", t)
	return b
}

// Clock sets where the default validFrom comes from; nil means time.Now.
func (b *EndorsementBuilder) Clock(now func() time.Time) *EndorsementBuilder {
	b.clock = now
	return b
}

// Random sets where the random bytes of a generated id come from; nil
// means crypto/rand.
func (b *EndorsementBuilder) Random(r io.Reader) *EndorsementBuilder {
	b.random = r
	return b
}

// Context adds extension contexts after the VC and OB contexts.
func (b *EndorsementBuilder) Context(urls ...string) *EndorsementBuilder {
	b.ctx.add(&b.ps, urls)
	return b
}

// Extension adds a member the EndorsementCredential class does not
// declare. Its term must be defined by an extension context.
func (b *EndorsementBuilder) Extension(name string, value any) *EndorsementBuilder {
	setExtension(&b.ps, "", &b.c.Extensions, EndorsementCredential{}, name, value)
	return b
}

// Build checks the endorsement and returns it, or a *vc.BuildError listing
// every problem. It fills in a urn:uuid: id, validFrom from the clock and
// the @context.
func (b *EndorsementBuilder) Build() (*EndorsementCredential, error) {
	c, err := clone(b.c)
	if err != nil {
		return nil, err
	}
	ps := b.complete(&c.Core, &c.Issuer, c.AwardedDate)
	checkText(&ps, "name", c.Name)
	checkURI(&ps, "credentialSubject.id", c.CredentialSubject.ID, true)
	checkTypes(&ps, "credentialSubject.type", c.CredentialSubject.Type, TypeEndorsementSubject)
	if err := ps.Err(TypeEndorsementCredential); err != nil {
		return nil, err
	}
	return &c, nil
}
