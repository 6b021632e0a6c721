package openbadges

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/internal/jsonptr"
	"github.com/clrkit/clrkit/vc"
)

// NewVerifier returns a vc.Verifier that runs the Open Badges 3.0
// verification procedure: the generic steps (structure, schema, proof,
// refresh, status, dates) plus the OB rules (an OB context, a subject with
// an id or identifier, the recipient's identity, endorsements). The
// options are those of vc.NewVerifier; the OB checks are added to its
// Extensions, and BakedImages to its Unpackers (unless there already), so
// that Verify takes a baked PNG or SVG badge as it takes the credential.
func NewVerifier(opts vc.VerifierOptions) (*vc.Verifier, error) {
	opts.Extensions = append(slices.Clone(opts.Extensions), Checks{})
	opts.Unpackers = WithBakedImages(opts.Unpackers)
	return vc.NewVerifier(opts)
}

// WithBakedImages returns unpackers with BakedImages added at the end,
// unless it is among them already; unpackers itself is not modified.
func WithBakedImages(unpackers []vc.Unpacker) []vc.Unpacker {
	for _, u := range unpackers {
		if _, ok := u.(BakedImages); ok {
			return unpackers
		}
	}
	return append(slices.Clone(unpackers), BakedImages{})
}

// Checks is the vc.Extension with the Open Badges rules, for
// AchievementCredential (OpenBadgeCredential) and EndorsementCredential.
type Checks struct{}

var _ vc.Extension = Checks{}

// contextPattern is the OB context URL the schemas accept.
var contextPattern = regexp.MustCompile(`^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$`)

// IsContext reports whether url is an Open Badges 3.0 context URL (any
// published version).
func IsContext(url string) bool { return contextPattern.MatchString(url) }

// Applies reports whether d is an AchievementCredential, OpenBadgeCredential
// or EndorsementCredential (and not a ClrCredential, which package clr
// checks).
func (Checks) Applies(d *vc.Document) bool {
	t := d.Credential.Type
	return !t.Has("ClrCredential") && (t.Has(TypeAchievementCredential) || t.Has(TypeOpenBadgeCredential) || t.Has(TypeEndorsementCredential))
}

// CheckStructure requires an OB context after the VC one and a subject
// identified by an id or an identifier (an endorsement's subject by its id).
func (Checks) CheckStructure(d *vc.Document, ck *vc.Checker) {
	CheckContexts(d.Credential.Context, "", ck)
	if d.Credential.Type.Has(TypeEndorsementCredential) {
		e, err := endorsementView(d)
		if err != nil {
			ck.AddError(vc.CodeInvalidValue, "", "%v", err)
			return
		}
		if e.CredentialSubject.ID == "" {
			ck.AddError(vc.CodeNoSubjectID, "/credentialSubject/id", "an endorsement's subject needs the id of what it endorses")
		}
		return
	}
	if subject, ok := plainSubject(d); ok {
		// The common case, read from the decoded tree without building the
		// typed model: no endorsements to verify, a subject object.
		if s, _ := subject["id"].(string); s == "" && !nonEmpty(subject["identifier"]) {
			ck.AddError(vc.CodeNoSubjectID, "/credentialSubject", "the subject has neither an id nor an identifier")
		}
		if subject["achievement"] == nil {
			ck.AddError(vc.CodeMissing, "/credentialSubject/achievement", "the subject has no achievement")
		}
		return
	}
	c, err := credentialView(d)
	if err != nil {
		ck.AddError(vc.CodeInvalidValue, "", "%v", err)
		return
	}
	if c.CredentialSubject.ID == "" && len(c.CredentialSubject.Identifier) == 0 {
		ck.AddError(vc.CodeNoSubjectID, "/credentialSubject", "the subject has neither an id nor an identifier")
	}
	if c.CredentialSubject.Achievement == nil {
		ck.AddError(vc.CodeMissing, "/credentialSubject/achievement", "the subject has no achievement")
	}
}

// CheckContexts requires an Open Badges context after the first (VC)
// context, and, when clr is not "", the CLR context clr before it.
func CheckContexts(cs vc.Contexts, clr string, ck *vc.Checker) {
	ob, cl := -1, -1
	for i, c := range cs {
		switch {
		case IsContext(c.URL) && ob < 0:
			ob = i
		case clr != "" && c.URL == clr && cl < 0:
			cl = i
		}
	}
	switch {
	case ob < 0:
		ck.AddError(vc.CodeContext, "/@context", "no Open Badges 3.0 context (%s)", Context)
	case ob == 0:
		ck.AddError(vc.CodeContext, "/@context/0", "the Open Badges context must come after the VC context")
	case cs[ob].URL != Context:
		ck.AddWarning(vc.CodeLegacyContext, "/@context/"+strconv.Itoa(ob), "%s is an Open Badges 3.0 context from before %s; accepted", cs[ob].URL, Context)
	}
	if clr == "" {
		return
	}
	switch {
	case cl < 0:
		ck.AddError(vc.CodeContext, "/@context", "no CLR 2.0 context (%s)", clr)
	case ob >= 0 && cl > ob:
		ck.AddError(vc.CodeContext, "/@context/"+strconv.Itoa(cl), "the CLR context must come before the Open Badges context")
	}
}

// CheckContent checks the expected recipient and verifies the endorsements.
func (Checks) CheckContent(ctx context.Context, d *vc.Document, exp vc.Expectations, ck *vc.Checker) {
	if d.Credential.Type.Has(TypeEndorsementCredential) {
		e, err := endorsementView(d)
		if err != nil {
			return
		}
		if exp.Recipient != "" {
			CheckRecipient(e.CredentialSubject.ID, nil, exp, ck)
		}
		ck.Skip(vc.CheckEndorsements, "an endorsement is not endorsed")
		return
	}
	if _, ok := plainSubject(d); ok && exp.Recipient == "" {
		ck.Skip(vc.CheckEndorsements, "no endorsements")
		return
	}
	c, err := credentialView(d)
	if err != nil {
		return
	}
	if exp.Recipient != "" {
		CheckRecipient(c.CredentialSubject.ID, c.CredentialSubject.Identifier, exp, ck)
	}
	VerifyEndorsements(ctx, ck, CredentialEndorsements(c), exp)
}

// CheckRecipient compares the expected recipient with the subject's id
// and identity objects (of exp.RecipientType, when set): plain text, or a
// salted sha256 or md5 hash.
func CheckRecipient(subjectID string, ids []IdentityObject, exp vc.Expectations, ck *vc.Checker) {
	if subjectID != "" && subjectID == exp.Recipient && (exp.RecipientType == "" || exp.RecipientType == "id") {
		ck.Pass(vc.CheckRecipient, "subject id "+subjectID)
		return
	}
	for i, id := range ids {
		if exp.RecipientType != "" && string(id.IdentityType) != exp.RecipientType {
			continue
		}
		ok, err := id.Matches(exp.Recipient)
		if err != nil {
			ck.AddWarning(vc.CodeInvalidValue, "/credentialSubject/identifier/"+strconv.Itoa(i), "%v", err)
			continue
		}
		if ok {
			how := "plain"
			if id.Hashed {
				how = "hashed"
			}
			ck.Pass(vc.CheckRecipient, fmt.Sprintf("%s %s identifier", how, id.IdentityType))
			return
		}
	}
	ck.Fail(vc.CheckRecipient, vc.CodeRecipient, "/credentialSubject", "the credential is not about %s", exp.Recipient)
}

// Endorsement is an endorsement found in a document: its JSON (a
// credential with an embedded proof) or compact JWT, and where it is.
type Endorsement struct {
	Doc  []byte
	Path string
}

// CredentialEndorsements lists the endorsements on an AchievementCredential,
// its achievement and its profiles (issuer, achievement creator, subject
// source), with their JSON pointers.
func CredentialEndorsements(c *AchievementCredential) []Endorsement {
	out := collect(nil, c.Endorsement, c.EndorsementJwt, "")
	out = ProfileEndorsements(out, &c.Issuer, "/issuer")
	if a := c.CredentialSubject.Achievement; a != nil {
		out = AchievementEndorsements(out, a, "/credentialSubject/achievement")
	}
	if s := c.CredentialSubject.Source; s != nil {
		out = ProfileEndorsements(out, s, "/credentialSubject/source")
	}
	return out
}

// AchievementEndorsements appends the endorsements of an achievement and of
// its creator, found at path.
func AchievementEndorsements(out []Endorsement, a *Achievement, path string) []Endorsement {
	out = collect(out, a.Endorsement, a.EndorsementJwt, path)
	if a.Creator != nil {
		out = ProfileEndorsements(out, a.Creator, path+"/creator")
	}
	return out
}

// ProfileEndorsements appends the endorsements of a profile found at path
// and of its parent organizations, as deep as the builders allow them to
// nest.
func ProfileEndorsements(out []Endorsement, p *Profile, path string) []Endorsement {
	for depth := 0; p != nil && depth < maxNesting; depth++ {
		out = collect(out, p.Endorsement, p.EndorsementJwt, path)
		p, path = p.ParentOrg, path+"/parentOrg"
	}
	return out
}

func collect(out []Endorsement, embedded []EndorsementCredential, jwts []string, path string) []Endorsement {
	for i := range embedded {
		out = append(out, Endorsement{Doc: embedded[i].Raw(), Path: path + "/endorsement/" + strconv.Itoa(i)})
	}
	for i, j := range jwts {
		out = append(out, Endorsement{Doc: []byte(j), Path: path + "/endorsementJwt/" + strconv.Itoa(i)})
	}
	return out
}

// VerifyEndorsements verifies each endorsement as an EndorsementCredential
// and adds the reports to r.Endorsements. An endorsement that does not
// verify is a warning: it does not invalidate what it endorses.
func VerifyEndorsements(ctx context.Context, ck *vc.Checker, es []Endorsement, exp vc.Expectations) {
	r := ck.Report()
	if len(es) == 0 {
		ck.Skip(vc.CheckEndorsements, "no endorsements")
		return
	}
	if limit := ck.Limits().MaxNested; len(es) > limit {
		ck.Fail(vc.CheckEndorsements, vc.CodeLimit, "", "%d endorsements, over the limit of %d", len(es), limit)
		return
	}
	docs := make([][]byte, len(es))
	paths := make([]string, len(es))
	for i, e := range es {
		docs[i], paths[i] = e.Doc, e.Path
	}
	reports := ck.VerifyNestedAll(ctx, docs, paths, exp)
	bad := 0
	for i, n := range reports {
		r.Endorsements = append(r.Endorsements, n)
		switch {
		case !n.Verified:
			bad++
			ck.AddWarning(vc.CodeEndorsement, es[i].Path, "%s", n.Summary())
		case n.Kind != TypeEndorsementCredential:
			bad++
			ck.AddWarning(vc.CodeEndorsement, es[i].Path, "an endorsement must be an EndorsementCredential, not %s", n.Kind)
		}
	}
	if bad > 0 {
		r.Checks = append(r.Checks, vc.Check{Check: vc.CheckEndorsements, Status: vc.StatusWarning,
			Detail: fmt.Sprintf("%d of %d endorsements do not verify", bad, len(es))})
		return
	}
	ck.Pass(vc.CheckEndorsements, fmt.Sprintf("%d endorsements verified", len(es)))
}

// views of a document shared by CheckStructure and CheckContent.
type credentialKey struct{}
type endorsementKey struct{}

// plainSubject returns the credential's subject object from the decoded
// tree when the checks need nothing the typed model alone gives: the
// document has no endorsements (no member name begins "endorsement"), and
// its subject is one object whose id, if any, is a string. ok is false
// otherwise, and the checks build the typed model, which reports what it
// cannot read. (The forms of every member are the schema check's.)
func plainSubject(d *vc.Document) (subject map[string]any, ok bool) {
	tree := d.Tree()
	// Every member name beginning "endorsement" holds "dorsement" (an
	// escaped one holds a backslash, which MayContain also answers yes
	// to); a search for that is three times faster than for
	// `"endorsement` in JSON, where '"' is everywhere.
	if tree == nil || holdsEndorsements(d, tree) {
		return nil, false
	}
	subject, ok = tree["credentialSubject"].(map[string]any)
	if !ok {
		return nil, false
	}
	if id, present := subject["id"]; present && id != nil {
		if _, isString := id.(string); !isString {
			return nil, false
		}
	}
	return subject, true
}

// endorsementsKey is the View key of whether a document holds
// endorsements (plainSubject asks twice per verification).
type endorsementsKey struct{}

// holdsEndorsements reports, once per document, whether a member name
// anywhere in d's tree begins with "endorsement".
func holdsEndorsements(d *vc.Document, tree map[string]any) bool {
	v, _ := d.View(endorsementsKey{}, func(data []byte) (any, error) {
		return jsonobj.MayContain(data, "dorsement") && holdsEndorsement(tree), nil
	})
	return v == true
}

// holdsEndorsement reports whether a member name anywhere in v, a decoded
// JSON value, begins with "endorsement" (decoded names: an escaped
// "\u0065ndorsement" counts).
func holdsEndorsement(v any) bool {
	return jsonptr.AnyMember(v, func(name string, _ any) bool { return strings.HasPrefix(name, "endorsement") })
}

// nonEmpty reports whether a member value holds something: a non-empty
// array, or any other value but null.
func nonEmpty(v any) bool {
	if a, ok := v.([]any); ok {
		return len(a) > 0
	}
	return v != nil
}

func credentialView(d *vc.Document) (*AchievementCredential, error) {
	v, err := d.View(credentialKey{}, func(b []byte) (any, error) {
		if d.Tree() == nil {
			return Parse(b) // not valid JSON: Parse says why
		}
		return parseValid(jsonobj.TextOf(d.View), b)
	})
	c, _ := v.(*AchievementCredential)
	return c, err
}

func endorsementView(d *vc.Document) (*EndorsementCredential, error) {
	v, err := d.View(endorsementKey{}, func(b []byte) (any, error) {
		if d.Tree() == nil {
			return ParseEndorsement(b) // not valid JSON: ParseEndorsement says why
		}
		var e EndorsementCredential
		if err := e.read(jsonobj.ValidReader(jsonobj.TextOf(d.View)), b); err != nil {
			return nil, err
		}
		return &e, nil
	})
	e, _ := v.(*EndorsementCredential)
	return e, err
}
