package openbadges

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clrkit/clrkit/vc"
)

// This file holds what the builders check at Build and the defaults they
// fill into values handed to setters. Every check names the property path of
// the problem relative to the prefix it is given.

// Filling defaults: an empty `type` of a value passed to a setter becomes
// the class name, recursively, so that callers can write Alignment{...}
// without repeating what the class requires. Values that already have a
// type are left alone (and checked at Build).

func normalizeAlignments(as []Alignment) {
	for i := range as {
		if len(as[i].Type) == 0 {
			as[i].Type = vc.Types{TypeAlignment}
		}
	}
}

func normalizeImage(img *Image) {
	if img != nil && img.Type == "" {
		img.Type = TypeImage
	}
}

func normalizeIdentifierEntry(e *IdentifierEntry) {
	if e.Type == "" {
		e.Type = TypeIdentifierEntry
	}
}

func normalizeAddress(a *Address) {
	if len(a.Type) == 0 {
		a.Type = vc.Types{TypeAddress}
	}
	if a.Geo != nil && a.Geo.Type == "" {
		a.Geo.Type = TypeGeoCoordinates
	}
}

func normalizeProfile(p *Profile) {
	for depth := 0; p != nil && depth < maxNesting; depth++ {
		if len(p.Type) == 0 {
			p.Type = vc.Types{TypeProfile}
		}
		normalizeImage(p.Image)
		if p.Address != nil {
			normalizeAddress(p.Address)
		}
		for i := range p.OtherIdentifier {
			normalizeIdentifierEntry(&p.OtherIdentifier[i])
		}
		p = p.ParentOrg
	}
}

func normalizeRubricLevel(l *RubricCriterionLevel) {
	if len(l.Type) == 0 {
		l.Type = vc.Types{TypeRubricCriterionLevel}
	}
	normalizeAlignments(l.Alignment)
}

func normalizeResultDescription(rd *ResultDescription) {
	if len(rd.Type) == 0 {
		rd.Type = vc.Types{TypeResultDescription}
	}
	normalizeAlignments(rd.Alignment)
	for i := range rd.RubricCriterionLevel {
		normalizeRubricLevel(&rd.RubricCriterionLevel[i])
	}
}

func normalizeResult(r *Result) {
	if len(r.Type) == 0 {
		r.Type = vc.Types{TypeResult}
	}
	normalizeAlignments(r.Alignment)
}

func normalizeRelated(r *Related) {
	if len(r.Type) == 0 {
		r.Type = vc.Types{TypeRelated}
	}
}

func normalizeEvidence(e *Evidence) {
	if len(e.Type) == 0 {
		e.Type = vc.Types{TypeEvidence}
	}
}

func normalizeIdentity(o *IdentityObject) {
	if o.Type == "" {
		o.Type = TypeIdentityObject
	}
}

func normalizeAchievement(a *Achievement) {
	if len(a.Type) == 0 {
		a.Type = vc.Types{TypeAchievement}
	}
	normalizeImage(a.Image)
	normalizeProfile(a.Creator)
	normalizeAlignments(a.Alignment)
	for i := range a.OtherIdentifier {
		normalizeIdentifierEntry(&a.OtherIdentifier[i])
	}
	for i := range a.Related {
		normalizeRelated(&a.Related[i])
	}
	for i := range a.ResultDescription {
		normalizeResultDescription(&a.ResultDescription[i])
	}
}

// Checks.

func checkURI(ps *vc.Problems, path, s string, required bool) {
	if s == "" && !required {
		return
	}
	ps.Add(path, vc.CheckURI(s))
}

func checkTypes(ps *vc.Problems, path string, ts vc.Types, class string) {
	if !ts.Has(class) {
		ps.Add(path, fmt.Errorf("%w: type must include %q, got %q", vc.ErrBadValue, class, []string(ts)))
	}
}

func checkSingleType(ps *vc.Problems, path string, t vc.SingleType, class string) {
	if t != vc.SingleType(class) {
		ps.Add(path, fmt.Errorf("%w: type must be %q, got %q", vc.ErrBadValue, class, string(t)))
	}
}

func checkText(ps *vc.Problems, path string, l vc.LangString) {
	if l.String() == "" {
		ps.Add(path, vc.ErrRequired)
	}
}

func checkNoExtensions(ps *vc.Problems, path string, ext vc.Extensions) {
	if len(ext) > 0 {
		names := make([]string, 0, len(ext))
		for n := range ext {
			names = append(names, n)
		}
		slices.Sort(names)
		ps.Add(path, fmt.Errorf("%w: this class allows no extension members, got %q", vc.ErrBadValue, names))
	}
}

func checkDateTime(ps *vc.Problems, path string, d vc.DateTime) (time.Time, bool) {
	if d == "" {
		return time.Time{}, false
	}
	t, err := d.Time()
	if err != nil {
		ps.Add(path, fmt.Errorf("%w: %v", vc.ErrBadValue, err))
		return time.Time{}, false
	}
	return t, true
}

func checkNumber(ps *vc.Problems, path string, n vc.Number, nonNegative bool) {
	if n == "" {
		return
	}
	f, err := n.Float64()
	if err != nil {
		ps.Add(path, fmt.Errorf("%w: %q is not a number", vc.ErrBadValue, string(n)))
		return
	}
	if nonNegative && f < 0 {
		ps.Add(path, fmt.Errorf("%w: must not be negative, got %s", vc.ErrBadValue, string(n)))
	}
}

func checkLanguage(ps *vc.Problems, path, lang string) {
	if lang != "" && !languageCode.MatchString(lang) {
		ps.Add(path, fmt.Errorf("%w: %q is not a language code such as en or en-US", vc.ErrBadValue, lang))
	}
}

func checkImage(ps *vc.Problems, path string, img *Image) {
	if img == nil {
		return
	}
	checkURI(ps, join(path, "id"), img.ID, true)
	checkSingleType(ps, join(path, "type"), img.Type, TypeImage)
	checkNoExtensions(ps, path, img.Extensions)
}

func checkAlignments(ps *vc.Problems, path string, as []Alignment) {
	for i := range as {
		a, at := &as[i], index(path, i)
		checkTypes(ps, join(at, "type"), a.Type, TypeAlignment)
		if a.TargetName == "" {
			ps.Add(join(at, "targetName"), vc.ErrRequired)
		}
		checkURI(ps, join(at, "targetUrl"), a.TargetURL, true)
		if a.TargetType != "" && !a.TargetType.Valid() {
			ps.Add(join(at, "targetType"), fmt.Errorf("%w: %q is not an AlignmentTargetType term", vc.ErrBadValue, string(a.TargetType)))
		}
	}
}

func checkIdentifierEntries(ps *vc.Problems, path string, es []IdentifierEntry) {
	for i := range es {
		e, at := &es[i], index(path, i)
		checkSingleType(ps, join(at, "type"), e.Type, TypeIdentifierEntry)
		if e.Identifier == "" {
			ps.Add(join(at, "identifier"), vc.ErrRequired)
		}
		checkIdentifierType(ps, join(at, "identifierType"), e.IdentifierType)
		checkNoExtensions(ps, at, e.Extensions)
	}
}

func checkIdentifierType(ps *vc.Problems, path string, t IdentifierType) {
	switch {
	case t == "":
		ps.Add(path, vc.ErrRequired)
	case !t.Valid():
		ps.Add(path, fmt.Errorf("%w: %q is not an IdentifierTypeEnum term", vc.ErrBadValue, string(t)))
	}
}

func checkEndorsementJWTs(ps *vc.Problems, path string, jws []string) {
	for i, s := range jws {
		if !isCompactJWS([]byte(s)) {
			ps.Add(index(path, i), fmt.Errorf("%w: not a compact JWS", vc.ErrBadValue))
		}
	}
}

// checkEmbeddedEndorsements looks only at what identifies an embedded
// endorsement: it is a signed credential, so the builders neither change
// nor fully validate it.
func checkEmbeddedEndorsements(ps *vc.Problems, path string, es []EndorsementCredential) {
	for i := range es {
		e, at := &es[i], index(path, i)
		checkTypes(ps, join(at, "type"), e.Type, vc.TypeVerifiableCredential)
		checkTypes(ps, join(at, "type"), e.Type, TypeEndorsementCredential)
		checkURI(ps, join(at, "issuer.id"), e.Issuer.ID, true)
		checkURI(ps, join(at, "credentialSubject.id"), e.CredentialSubject.ID, true)
	}
}

func checkAddress(ps *vc.Problems, path string, a *Address) {
	if a == nil {
		return
	}
	checkTypes(ps, join(path, "type"), a.Type, TypeAddress)
	if g := a.Geo; g != nil {
		gp := join(path, "geo")
		checkSingleType(ps, join(gp, "type"), g.Type, TypeGeoCoordinates)
		for _, c := range []struct {
			name  string
			n     vc.Number
			limit float64
		}{{"latitude", g.Latitude, 90}, {"longitude", g.Longitude, 180}} {
			if c.n == "" {
				ps.Add(join(gp, c.name), vc.ErrRequired)
				continue
			}
			f, err := c.n.Float64()
			if err != nil || f < -c.limit || f > c.limit {
				ps.Add(join(gp, c.name), fmt.Errorf("%w: %q is not a number within ±%v", vc.ErrBadValue, string(c.n), c.limit))
			}
		}
	}
}

func checkProfile(ps *vc.Problems, path string, p *Profile, depth int) {
	if depth >= maxNesting {
		ps.Add(path, fmt.Errorf("%w: parent organizations nested more than %d deep", vc.ErrBadValue, maxNesting))
		return
	}
	checkURI(ps, join(path, "id"), p.ID, true)
	checkTypes(ps, join(path, "type"), p.Type, TypeProfile)
	checkURI(ps, join(path, "url"), p.URL, false)
	checkImage(ps, join(path, "image"), p.Image)
	if p.Email != "" && !strings.Contains(p.Email, "@") {
		ps.Add(join(path, "email"), fmt.Errorf("%w: %q is not an email address", vc.ErrBadValue, p.Email))
	}
	checkAddress(ps, join(path, "address"), p.Address)
	checkIdentifierEntries(ps, join(path, "otherIdentifier"), p.OtherIdentifier)
	if p.DateOfBirth != "" {
		if _, err := time.Parse(time.DateOnly, p.DateOfBirth); err != nil {
			ps.Add(join(path, "dateOfBirth"), fmt.Errorf("%w: %q is not a date (YYYY-MM-DD)", vc.ErrBadValue, p.DateOfBirth))
		}
	}
	checkEmbeddedEndorsements(ps, join(path, "endorsement"), p.Endorsement)
	checkEndorsementJWTs(ps, join(path, "endorsementJwt"), p.EndorsementJwt)
	if p.ParentOrg != nil {
		checkProfile(ps, join(path, "parentOrg"), p.ParentOrg, depth+1)
	}
}

func checkRelated(ps *vc.Problems, path string, rs []Related) {
	for i := range rs {
		r, at := &rs[i], index(path, i)
		checkURI(ps, join(at, "id"), r.ID, true)
		checkTypes(ps, join(at, "type"), r.Type, TypeRelated)
		checkLanguage(ps, join(at, "inLanguage"), r.InLanguage)
	}
}

func checkResultDescription(ps *vc.Problems, path string, rd *ResultDescription) {
	checkURI(ps, join(path, "id"), rd.ID, true)
	checkTypes(ps, join(path, "type"), rd.Type, TypeResultDescription)
	if rd.Name == "" {
		ps.Add(join(path, "name"), vc.ErrRequired)
	}
	switch {
	case rd.ResultType == "":
		ps.Add(join(path, "resultType"), vc.ErrRequired)
	case !rd.ResultType.Valid():
		ps.Add(join(path, "resultType"), fmt.Errorf("%w: %q is not a ResultType term", vc.ErrBadValue, string(rd.ResultType)))
	}
	checkAlignments(ps, join(path, "alignment"), rd.Alignment)
	levels := map[string]bool{}
	for i := range rd.RubricCriterionLevel {
		l, at := &rd.RubricCriterionLevel[i], index(join(path, "rubricCriterionLevel"), i)
		checkURI(ps, join(at, "id"), l.ID, true)
		if l.ID != "" && levels[l.ID] {
			ps.Add(join(at, "id"), fmt.Errorf("%w: duplicate rubric criterion level id %q", vc.ErrBadValue, l.ID))
		}
		levels[l.ID] = true
		checkTypes(ps, join(at, "type"), l.Type, TypeRubricCriterionLevel)
		if l.Name == "" {
			ps.Add(join(at, "name"), vc.ErrRequired)
		}
		checkAlignments(ps, join(at, "alignment"), l.Alignment)
	}
	if rd.RequiredLevel != "" {
		checkURI(ps, join(path, "requiredLevel"), rd.RequiredLevel, true)
		if len(levels) > 0 && !levels[rd.RequiredLevel] {
			ps.Add(join(path, "requiredLevel"), fmt.Errorf("%w: %q is not the id of one of the rubric criterion levels", vc.ErrBadValue, rd.RequiredLevel))
		}
	}
	if rd.RequiredValue != "" && len(rd.AllowedValue) > 0 && !slices.Contains(rd.AllowedValue, rd.RequiredValue) {
		ps.Add(join(path, "requiredValue"), fmt.Errorf("%w: %q is not one of the allowed values", vc.ErrBadValue, rd.RequiredValue))
	}
	if rd.ValueMin != "" && rd.ValueMax != "" {
		lo, err1 := strconv.ParseFloat(rd.ValueMin, 64)
		hi, err2 := strconv.ParseFloat(rd.ValueMax, 64)
		if err1 == nil && err2 == nil && lo > hi {
			ps.Add(join(path, "valueMin"), fmt.Errorf("%w: valueMin %s is greater than valueMax %s", vc.ErrBadValue, rd.ValueMin, rd.ValueMax))
		}
	}
}

// checkAchievement checks an achievement sitting at path.
func checkAchievement(ps *vc.Problems, path string, a *Achievement) {
	checkURI(ps, join(path, "id"), a.ID, true)
	checkTypes(ps, join(path, "type"), a.Type, TypeAchievement)
	checkText(ps, join(path, "name"), a.Name)
	checkText(ps, join(path, "description"), a.Description)
	switch c := a.Criteria; {
	case c == nil || c.ID == "" && c.Narrative == "":
		ps.Add(join(path, "criteria"), fmt.Errorf("%w: criteria need an id (a URL) or a narrative", vc.ErrRequired))
	default:
		checkURI(ps, join(path, "criteria.id"), c.ID, false)
	}
	if a.AchievementType != "" && !a.AchievementType.Valid() {
		ps.Add(join(path, "achievementType"), fmt.Errorf("%w: %q is not an AchievementType term", vc.ErrBadValue, string(a.AchievementType)))
	}
	checkImage(ps, join(path, "image"), a.Image)
	if a.Creator != nil {
		checkProfile(ps, join(path, "creator"), a.Creator, 0)
	}
	checkNumber(ps, join(path, "creditsAvailable"), a.CreditsAvailable, true)
	checkLanguage(ps, join(path, "inLanguage"), a.InLanguage)
	for i, t := range a.Tag {
		if t == "" {
			ps.Add(index(join(path, "tag"), i), fmt.Errorf("%w: empty tag", vc.ErrBadValue))
		}
	}
	checkAlignments(ps, join(path, "alignment"), a.Alignment)
	checkIdentifierEntries(ps, join(path, "otherIdentifier"), a.OtherIdentifier)
	checkRelated(ps, join(path, "related"), a.Related)
	ids := map[string]bool{}
	for i := range a.ResultDescription {
		at := index(join(path, "resultDescription"), i)
		rd := &a.ResultDescription[i]
		checkResultDescription(ps, at, rd)
		if rd.ID != "" && ids[rd.ID] {
			ps.Add(join(at, "id"), fmt.Errorf("%w: duplicate result description id %q", vc.ErrBadValue, rd.ID))
		}
		ids[rd.ID] = true
	}
	checkEmbeddedEndorsements(ps, join(path, "endorsement"), a.Endorsement)
	checkEndorsementJWTs(ps, join(path, "endorsementJwt"), a.EndorsementJwt)
}

// checkResults checks results, and when the achievement is known, that
// each links to one of its result descriptions and fits it.
func checkResults(ps *vc.Problems, path string, rs []Result, a *Achievement) {
	descs := map[string]*ResultDescription{}
	if a != nil {
		for i := range a.ResultDescription {
			descs[a.ResultDescription[i].ID] = &a.ResultDescription[i]
		}
	}
	for i := range rs {
		r, at := &rs[i], index(path, i)
		checkResult(ps, at, r)
		if r.ResultDescription == "" || a == nil || vc.CheckURI(r.ResultDescription) != nil {
			continue
		}
		rd, ok := descs[r.ResultDescription]
		if !ok {
			ps.Add(join(at, "resultDescription"), fmt.Errorf("%w: %q is not the id of one of the achievement's result descriptions", vc.ErrBadValue, r.ResultDescription))
			continue
		}
		if rd.ResultType == ResultTypeStatus && r.Status == "" {
			ps.Add(join(at, "status"), fmt.Errorf("%w: the result description %q is of type Status", vc.ErrRequired, rd.ID))
		}
		if r.Value != "" && len(rd.AllowedValue) > 0 && !slices.Contains(rd.AllowedValue, r.Value) {
			ps.Add(join(at, "value"), fmt.Errorf("%w: %q is not one of the allowed values of %q", vc.ErrBadValue, r.Value, rd.ID))
		}
		if r.AchievedLevel != "" && !slices.ContainsFunc(rd.RubricCriterionLevel, func(l RubricCriterionLevel) bool { return l.ID == r.AchievedLevel }) {
			ps.Add(join(at, "achievedLevel"), fmt.Errorf("%w: %q is not the id of a rubric criterion level of %q", vc.ErrBadValue, r.AchievedLevel, rd.ID))
		}
	}
}

// checkResult checks one result on its own.
func checkResult(ps *vc.Problems, path string, r *Result) {
	checkTypes(ps, join(path, "type"), r.Type, TypeResult)
	checkURI(ps, join(path, "resultDescription"), r.ResultDescription, false)
	checkURI(ps, join(path, "achievedLevel"), r.AchievedLevel, false)
	if r.Status != "" && !r.Status.Valid() {
		ps.Add(join(path, "status"), fmt.Errorf("%w: %q is not a ResultStatusType term", vc.ErrBadValue, string(r.Status)))
	}
	checkAlignments(ps, join(path, "alignment"), r.Alignment)
}

func checkEvidence(ps *vc.Problems, path string, es []Evidence) {
	for i := range es {
		e, at := &es[i], index(path, i)
		checkURI(ps, join(at, "id"), e.ID, false)
		checkTypes(ps, join(at, "type"), e.Type, TypeEvidence)
	}
}

func checkIdentities(ps *vc.Problems, path string, ids []IdentityObject) {
	for i := range ids {
		o, at := &ids[i], index(path, i)
		checkSingleType(ps, join(at, "type"), o.Type, TypeIdentityObject)
		checkIdentifierType(ps, join(at, "identityType"), o.IdentityType)
		switch {
		case o.IdentityHash == "":
			ps.Add(join(at, "identityHash"), vc.ErrRequired)
		case o.Hashed && !identityHashPattern.MatchString(o.IdentityHash):
			ps.Add(join(at, "identityHash"), fmt.Errorf("%w: a hashed identity must be sha256$ or md5$ and the hex digest", vc.ErrBadValue))
		}
		checkNoExtensions(ps, at, o.Extensions)
	}
}

// checkCore checks the members every credential built here has: the
// validity period and the status, refresh, schema and terms-of-use entries.
func checkCore(ps *vc.Problems, c *vc.Core) {
	from, okFrom := checkDateTime(ps, "validFrom", c.ValidFrom)
	if c.ValidFrom == "" {
		ps.Add("validFrom", vc.ErrRequired)
	}
	until, okUntil := checkDateTime(ps, "validUntil", c.ValidUntil)
	if okFrom && okUntil && !until.After(from) {
		ps.Add("validUntil", fmt.Errorf("%w: validUntil %s is not after validFrom %s", vc.ErrBadValue, c.ValidUntil, c.ValidFrom))
	}
	for i, s := range c.CredentialSchema {
		at := index("credentialSchema", i)
		checkURI(ps, join(at, "id"), s.ID, true)
		if s.Type == "" {
			ps.Add(join(at, "type"), vc.ErrRequired)
		}
	}
	for _, s := range c.CredentialStatus {
		checkURI(ps, "credentialStatus.id", s.ID, true)
		if s.Type == "" {
			ps.Add("credentialStatus.type", vc.ErrRequired)
		}
	}
	for _, s := range c.RefreshService {
		checkURI(ps, "refreshService.id", s.ID, true)
		if s.Type == "" {
			ps.Add("refreshService.type", vc.ErrRequired)
		}
	}
	for i, t := range c.TermsOfUse {
		at := index("termsOfUse", i)
		checkURI(ps, join(at, "id"), t.ID, false)
		if t.Type == "" {
			ps.Add(join(at, "type"), vc.ErrRequired)
		}
	}
}
