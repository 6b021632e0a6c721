package openbadges

import (
	"fmt"
	"io"

	"github.com/clrkit/clrkit/vc"
)

// AchievementBuilder builds an Achievement: the badge, course, competency
// or degree a credential awards. Create one with NewAchievement.
type AchievementBuilder struct {
	a      Achievement
	ps     vc.Problems
	random io.Reader
}

// NewAchievement starts an achievement with the given id, a URI. An empty
// id means Build generates a urn:uuid: one (see Random). Its type is
// ["Achievement"].
func NewAchievement(id string) *AchievementBuilder {
	return &AchievementBuilder{a: Achievement{ID: id, Type: vc.Types{TypeAchievement}}}
}

// Random sets where the random bytes of a generated id come from; nil (the
// default) means crypto/rand. Tests pass a fixed reader.
func (b *AchievementBuilder) Random(r io.Reader) *AchievementBuilder {
	b.random = r
	return b
}

// Name sets the achievement's name (required).
func (b *AchievementBuilder) Name(name string) *AchievementBuilder {
	b.a.Name = vc.Text(name)
	return b
}

// Description sets a short description of the achievement (required).
func (b *AchievementBuilder) Description(description string) *AchievementBuilder {
	b.a.Description = vc.Text(description)
	return b
}

// Criteria sets the Markdown narrative of what earning the achievement
// takes. Criteria need a narrative, a URL (CriteriaURL) or both.
func (b *AchievementBuilder) Criteria(narrative string) *AchievementBuilder {
	if b.a.Criteria == nil {
		b.a.Criteria = &Criteria{}
	}
	b.a.Criteria.Narrative = narrative
	return b
}

// CriteriaURL sets the URL of a page describing the criteria.
func (b *AchievementBuilder) CriteriaURL(id string) *AchievementBuilder {
	if b.a.Criteria == nil {
		b.a.Criteria = &Criteria{}
	}
	b.a.Criteria.ID = id
	return b
}

// Type sets the kind of achievement, a term of AchievementType or an
// "ext:" term.
func (b *AchievementBuilder) Type(t AchievementType) *AchievementBuilder {
	b.a.AchievementType = t
	return b
}

// Image sets the achievement's image: a URL or a data: URI.
func (b *AchievementBuilder) Image(url string) *AchievementBuilder {
	b.a.Image = newImage(url, "")
	return b
}

// ImageWithCaption sets the achievement's image together with a caption.
func (b *AchievementBuilder) ImageWithCaption(url, caption string) *AchievementBuilder {
	b.a.Image = newImage(url, caption)
	return b
}

// Creator sets who created the achievement definition. The profile is
// copied; an empty type becomes ["Profile"]. Nil removes it.
func (b *AchievementBuilder) Creator(p *Profile) *AchievementBuilder {
	b.a.Creator = nil
	if p == nil {
		return b
	}
	if p, ok := cloneInto(&b.ps, "creator", p); ok {
		normalizeProfile(p)
		b.a.Creator = p
	}
	return b
}

// CreditsAvailable sets the credit hours the achievement is worth; it must
// be a finite number, not negative.
func (b *AchievementBuilder) CreditsAvailable(c float64) *AchievementBuilder {
	b.a.CreditsAvailable = credits(&b.ps, "creditsAvailable", c)
	return b
}

// FieldOfStudy sets the discipline, such as Business or Education.
func (b *AchievementBuilder) FieldOfStudy(s string) *AchievementBuilder {
	b.a.FieldOfStudy = s
	return b
}

// HumanCode sets the human-readable code of the achievement, such as a
// course code.
func (b *AchievementBuilder) HumanCode(s string) *AchievementBuilder {
	b.a.HumanCode = s
	return b
}

// Specialization sets the focus or concentration within the field of study.
func (b *AchievementBuilder) Specialization(s string) *AchievementBuilder {
	b.a.Specialization = s
	return b
}

// Version sets the version of the achievement definition.
func (b *AchievementBuilder) Version(s string) *AchievementBuilder {
	b.a.Version = s
	return b
}

// InLanguage sets the language of the achievement, a code such as en or
// pt-BR.
func (b *AchievementBuilder) InLanguage(lang string) *AchievementBuilder {
	b.a.InLanguage = lang
	return b
}

// Tag adds keywords describing the achievement.
func (b *AchievementBuilder) Tag(tags ...string) *AchievementBuilder {
	b.a.Tag = append(b.a.Tag, tags...)
	return b
}

// Alignment adds an item of an external framework the achievement aligns
// to. An empty type becomes ["Alignment"].
func (b *AchievementBuilder) Alignment(a Alignment) *AchievementBuilder {
	if a, ok := cloneInto(&b.ps, index("alignment", len(b.a.Alignment)), a); ok {
		b.a.Alignment = append(b.a.Alignment, a)
		normalizeAlignments(b.a.Alignment[len(b.a.Alignment)-1:])
	}
	return b
}

// ResultDescription adds a result the achievement may carry (build one
// with NewResultDescription). It is copied; empty types are filled in.
func (b *AchievementBuilder) ResultDescription(rd *ResultDescription) *AchievementBuilder {
	at := index("resultDescription", len(b.a.ResultDescription))
	if rd == nil {
		b.ps.Add(at, fmt.Errorf("%w: nil result description", vc.ErrRequired))
		return b
	}
	if rd, ok := cloneInto(&b.ps, at, rd); ok {
		normalizeResultDescription(rd)
		b.a.ResultDescription = append(b.a.ResultDescription, *rd)
	}
	return b
}

// Related adds another achievement to be treated as this one, such as a
// translation. An empty type becomes ["Related"].
func (b *AchievementBuilder) Related(r Related) *AchievementBuilder {
	if r, ok := cloneInto(&b.ps, index("related", len(b.a.Related)), r); ok {
		normalizeRelated(&r)
		b.a.Related = append(b.a.Related, r)
	}
	return b
}

// OtherIdentifier adds an identifier of the achievement in another system.
// An empty type becomes "IdentifierEntry".
func (b *AchievementBuilder) OtherIdentifier(e IdentifierEntry) *AchievementBuilder {
	if e, ok := cloneInto(&b.ps, index("otherIdentifier", len(b.a.OtherIdentifier)), e); ok {
		normalizeIdentifierEntry(&e)
		b.a.OtherIdentifier = append(b.a.OtherIdentifier, e)
	}
	return b
}

// Endorsement adds an embedded endorsement of the achievement; it is
// copied, not changed.
func (b *AchievementBuilder) Endorsement(e *EndorsementCredential) *AchievementBuilder {
	addEndorsement(&b.ps, "endorsement", &b.a.Endorsement, e)
	return b
}

// EndorsementJWT adds an endorsement of the achievement given as a compact
// JWS.
//
// The OB 3.0.3 context embedded in this module does not define the
// endorsementJwt term (1EdTech/openbadges-specification#639, since fixed
// upstream), so a credential carrying one fails JSON-LD safe mode and cannot
// take a Data Integrity proof until that context is updated; VC-JWT
// securing is unaffected.
func (b *AchievementBuilder) EndorsementJWT(jws string) *AchievementBuilder {
	b.a.EndorsementJwt = append(b.a.EndorsementJwt, jws)
	return b
}

// Extension adds a member the Achievement class does not declare. Its term
// must be defined by a context of the credential it goes into.
func (b *AchievementBuilder) Extension(name string, value any) *AchievementBuilder {
	setExtension(&b.ps, "", &b.a.Extensions, Achievement{}, name, value)
	return b
}

// Build checks the achievement and returns a copy of it, or a
// *vc.BuildError listing every problem. An empty id is replaced by a new
// urn:uuid: in the returned value (the builder keeps its empty id, so each
// Build generates another).
func (b *AchievementBuilder) Build() (*Achievement, error) {
	ps := problemsOf(&b.ps)
	a, err := clone(b.a)
	if err != nil {
		return nil, err
	}
	if a.ID == "" {
		id, err := vc.NewUUIDURN(b.random)
		ps.Add("id", err)
		a.ID = id
	}
	checkAchievement(&ps, "", &a)
	if err := ps.Err(TypeAchievement); err != nil {
		return nil, err
	}
	return &a, nil
}

// ResultDescriptionBuilder builds a ResultDescription: a kind of result
// (grade, score, status, rubric level) an achievement may carry. Create one
// with NewResultDescription.
type ResultDescriptionBuilder struct {
	rd ResultDescription
	ps vc.Problems
}

// NewResultDescription starts a result description with its id (a URI,
// which results link to), name and result type. Its type is
// ["ResultDescription"].
func NewResultDescription(id, name string, t ResultType) *ResultDescriptionBuilder {
	return &ResultDescriptionBuilder{rd: ResultDescription{
		ID: id, Type: vc.Types{TypeResultDescription}, Name: name, ResultType: t,
	}}
}

// AllowedValues adds to the ordered list of values a result may have,
// from low to high.
func (b *ResultDescriptionBuilder) AllowedValues(values ...string) *ResultDescriptionBuilder {
	b.rd.AllowedValue = append(b.rd.AllowedValue, values...)
	return b
}

// RequiredValue sets the value needed to pass; when allowed values are
// given it must be one of them.
func (b *ResultDescriptionBuilder) RequiredValue(v string) *ResultDescriptionBuilder {
	b.rd.RequiredValue = v
	return b
}

// RequiredLevel sets the id of the rubric criterion level needed to pass;
// when levels are given it must be one of theirs.
func (b *ResultDescriptionBuilder) RequiredLevel(id string) *ResultDescriptionBuilder {
	b.rd.RequiredLevel = id
	return b
}

// ValueRange sets the lowest and highest values a result may have. When
// both are numbers, min must not exceed max.
func (b *ResultDescriptionBuilder) ValueRange(min, max string) *ResultDescriptionBuilder {
	b.rd.ValueMin, b.rd.ValueMax = min, max
	return b
}

// RubricCriterionLevel adds a level of the rubric, in order. An empty type
// becomes ["RubricCriterionLevel"].
func (b *ResultDescriptionBuilder) RubricCriterionLevel(l RubricCriterionLevel) *ResultDescriptionBuilder {
	if l, ok := cloneInto(&b.ps, index("rubricCriterionLevel", len(b.rd.RubricCriterionLevel)), l); ok {
		normalizeRubricLevel(&l)
		b.rd.RubricCriterionLevel = append(b.rd.RubricCriterionLevel, l)
	}
	return b
}

// Alignment adds an item of an external framework the result description
// aligns to. An empty type becomes ["Alignment"].
func (b *ResultDescriptionBuilder) Alignment(a Alignment) *ResultDescriptionBuilder {
	if a, ok := cloneInto(&b.ps, index("alignment", len(b.rd.Alignment)), a); ok {
		b.rd.Alignment = append(b.rd.Alignment, a)
		normalizeAlignments(b.rd.Alignment[len(b.rd.Alignment)-1:])
	}
	return b
}

// Extension adds a member the ResultDescription class does not declare.
func (b *ResultDescriptionBuilder) Extension(name string, value any) *ResultDescriptionBuilder {
	setExtension(&b.ps, "", &b.rd.Extensions, ResultDescription{}, name, value)
	return b
}

// Build checks the result description and returns a copy of it, or a
// *vc.BuildError listing every problem.
func (b *ResultDescriptionBuilder) Build() (*ResultDescription, error) {
	ps := problemsOf(&b.ps)
	checkResultDescription(&ps, "", &b.rd)
	if err := ps.Err(TypeResultDescription); err != nil {
		return nil, err
	}
	return clone(&b.rd)
}

// ResultBuilder builds a Result asserted for a credential's subject.
// Create one with NewResult.
type ResultBuilder struct {
	r  Result
	ps vc.Problems
}

// NewResult starts a result linked to the result description with the
// given id ("" for a result that links to none). Its type is ["Result"].
// The credential builder checks that the id is one of the achievement's
// result descriptions.
func NewResult(resultDescriptionID string) *ResultBuilder {
	return &ResultBuilder{r: Result{Type: vc.Types{TypeResult}, ResultDescription: resultDescriptionID}}
}

// Value sets the result, such as a grade or a score.
func (b *ResultBuilder) Value(v string) *ResultBuilder {
	b.r.Value = v
	return b
}

// Status sets the status of the result, one of the ResultStatusType terms;
// results of a Status result description need one.
func (b *ResultBuilder) Status(s ResultStatusType) *ResultBuilder {
	b.r.Status = s
	return b
}

// AchievedLevel sets the id of the rubric criterion level achieved.
func (b *ResultBuilder) AchievedLevel(id string) *ResultBuilder {
	b.r.AchievedLevel = id
	return b
}

// Alignment adds an item of an external framework the result aligns to.
// An empty type becomes ["Alignment"].
func (b *ResultBuilder) Alignment(a Alignment) *ResultBuilder {
	if a, ok := cloneInto(&b.ps, index("alignment", len(b.r.Alignment)), a); ok {
		b.r.Alignment = append(b.r.Alignment, a)
		normalizeAlignments(b.r.Alignment[len(b.r.Alignment)-1:])
	}
	return b
}

// Extension adds a member the Result class does not declare.
func (b *ResultBuilder) Extension(name string, value any) *ResultBuilder {
	setExtension(&b.ps, "", &b.r.Extensions, Result{}, name, value)
	return b
}

// Build checks the result on its own (URIs, status term, alignments) and
// returns a copy of it, or a *vc.BuildError listing every problem. The
// credential builder checks it against the achievement
// (CredentialBuilder.Result takes *r).
func (b *ResultBuilder) Build() (*Result, error) {
	ps := problemsOf(&b.ps)
	checkResult(&ps, "", &b.r)
	if err := ps.Err(TypeResult); err != nil {
		return nil, err
	}
	r, err := clone(b.r)
	if err != nil {
		return nil, err
	}
	return &r, nil
}
