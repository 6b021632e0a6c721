package clr

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/internal/jsonptr"
	"github.com/clrkit/clrkit/openbadges"
	"github.com/clrkit/clrkit/vc"
)

// NewVerifier returns a vc.Verifier for Comprehensive Learner Records and
// the credentials they hold: the Open Badges checks (see
// openbadges.NewVerifier) plus the CLR ones: the CLR context before the OB
// one, the learner's identity, the record's endorsements, every nested
// credential verified on its own (concurrently, within the verifier's
// limits; one that fails makes the record fail, and the report names it),
// and associations that name achievements the record holds. Baked PNG and
// SVG badges are accepted as openbadges.NewVerifier accepts them.
func NewVerifier(opts vc.VerifierOptions) (*vc.Verifier, error) {
	opts.Extensions = append(slices.Clone(opts.Extensions), openbadges.Checks{}, Checks{})
	opts.Unpackers = openbadges.WithBakedImages(opts.Unpackers)
	return vc.NewVerifier(opts)
}

// Checks is the vc.Extension with the CLR 2.0 rules, for ClrCredential.
type Checks struct{}

var _ vc.Extension = Checks{}

// Applies reports whether d is a ClrCredential.
func (Checks) Applies(d *vc.Document) bool { return d.Credential.Type.Has(TypeClrCredential) }

// CheckStructure requires the CLR context before the OB one, a learner
// identified by an id or an identifier, and at least one credential.
func (Checks) CheckStructure(d *vc.Document, ck *vc.Checker) {
	required := Context
	if i := legacyContextAt(d.Credential.Context); i >= 0 {
		required = d.Credential.Context[i].URL
		ck.AddWarning(vc.CodeLegacyContext, "/@context/"+strconv.Itoa(i),
			"%s is the CLR 2.0 context before %s; accepted", required, Context)
	}
	openbadges.CheckContexts(d.Credential.Context, required, ck)
	c, err := recordView(d)
	if err != nil {
		ck.AddError(vc.CodeInvalidValue, "", "%v", err)
		return
	}
	s := c.CredentialSubject
	if s.ID == "" && len(s.Identifier) == 0 {
		ck.AddError(vc.CodeNoSubjectID, "/credentialSubject", "the learner has neither an id nor an identifier")
	}
	if len(s.VerifiableCredential) == 0 {
		ck.AddError(vc.CodeMissing, "/credentialSubject/verifiableCredential", "the record holds no credential")
	}
}

// CheckContent checks the learner's identity, the record's endorsements,
// every nested credential, and the associations.
func (Checks) CheckContent(ctx context.Context, d *vc.Document, exp vc.Expectations, ck *vc.Checker) {
	r := ck.Report()
	c, err := recordView(d)
	if err != nil {
		return
	}
	s := c.CredentialSubject
	if exp.Recipient != "" {
		openbadges.CheckRecipient(s.ID, s.Identifier, exp, ck)
	}
	var es []openbadges.Endorsement
	for i := range c.Endorsement {
		es = append(es, openbadges.Endorsement{Doc: c.Endorsement[i].Raw(), Path: "/endorsement/" + strconv.Itoa(i)})
	}
	for i, j := range c.EndorsementJwt {
		es = append(es, openbadges.Endorsement{Doc: []byte(j), Path: "/endorsementJwt/" + strconv.Itoa(i)})
	}
	es = openbadges.ProfileEndorsements(es, &c.Issuer, "/issuer")
	for i := range s.Achievement {
		es = openbadges.AchievementEndorsements(es, &s.Achievement[i], "/credentialSubject/achievement/"+strconv.Itoa(i))
	}
	openbadges.VerifyEndorsements(ctx, ck, es, exp)

	docs, paths := nestedDocuments(c, d.Tree())
	known := map[string]bool{}
	for _, a := range s.Achievement {
		known[a.ID] = true
	}
	for i, n := range s.VerifiableCredential {
		if n.IsJWT() {
			continue
		}
		// Read from the record's decoded tree, which holds it decoded.
		v, _ := jsonptr.Lookup(d.Tree(), paths[i]+"/credentialSubject/achievement/id")
		if id, ok := v.(string); ok {
			known[id] = true
		} else if ac, err := n.Achievement(); err == nil && ac.CredentialSubject.Achievement != nil {
			known[ac.CredentialSubject.Achievement.ID] = true
		}
	}
	first := len(r.Nested)
	ck.CheckNested(ctx, docs, paths, exp)
	if len(r.Nested) == first+len(docs) {
		for i, n := range s.VerifiableCredential {
			if n.IsJWT() && r.Nested[first+i].Verified {
				if id := jwtAchievementID(n.JWT); id != "" {
					known[id] = true
				}
			}
		}
	}

	for i, a := range s.Association {
		for _, end := range []struct{ name, id string }{{"sourceId", a.SourceID}, {"targetId", a.TargetID}} {
			if !known[end.id] {
				ck.AddWarning(vc.CodeAssociation, fmt.Sprintf("/credentialSubject/association/%d/%s", i, end.name),
					"%s %q is not an achievement of the record", end.name, end.id)
			}
		}
	}
}

// NestedDocuments lists the record's credentials, as CheckContent verifies
// them (vc.NestedLister), so that the Verifier can begin verifying them
// beside the record's own proof.
func (Checks) NestedDocuments(d *vc.Document) ([][]byte, []string) {
	c, err := recordView(d)
	if err != nil {
		return nil, nil
	}
	return nestedDocuments(c, d.Tree())
}

// nestedDocuments returns the record's credentials, a compact JWT or JSON
// each, and their JSON pointers in tree, the record decoded: a single
// credential written without an array is at verifiableCredential itself.
func nestedDocuments(c *ClrCredential, tree map[string]any) ([][]byte, []string) {
	vcs := c.CredentialSubject.VerifiableCredential
	docs := make([][]byte, len(vcs))
	paths := make([]string, len(vcs))
	subject, _ := tree["credentialSubject"].(map[string]any)
	_, isArray := subject["verifiableCredential"].([]any)
	for i, n := range vcs {
		paths[i] = "/credentialSubject/verifiableCredential/" + strconv.Itoa(i)
		if !isArray && len(vcs) == 1 {
			paths[i] = "/credentialSubject/verifiableCredential"
		}
		if n.IsJWT() {
			docs[i] = []byte(n.JWT)
		} else {
			docs[i] = n.JSON
		}
	}
	return docs, paths
}

// jwtAchievementID returns the achievement id of the AchievementCredential
// in a VC-JWT whose signature has been verified: the payload is the
// credential (OB 3.0) or holds it in its vc claim (VCDM 1.1).
func jwtAchievementID(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var claims struct {
		VC json.RawMessage `json:"vc"`
	}
	if json.Unmarshal(payload, &claims) == nil && len(claims.VC) > 0 {
		payload = claims.VC
	}
	var c struct {
		CredentialSubject struct {
			Achievement struct {
				ID string `json:"id"`
			} `json:"achievement"`
		} `json:"credentialSubject"`
	}
	if json.Unmarshal(payload, &c) != nil {
		return ""
	}
	return c.CredentialSubject.Achievement.ID
}

type recordKey struct{}

// recordView parses the record once for CheckStructure and CheckContent.
func recordView(d *vc.Document) (*ClrCredential, error) {
	v, err := d.View(recordKey{}, func(b []byte) (any, error) {
		if d.Tree() == nil {
			return Parse(b) // not valid JSON: Parse says why
		}
		return parseValid(jsonobj.TextOf(d.View), b)
	})
	c, _ := v.(*ClrCredential)
	return c, err
}

// LegacyContexts are CLR 2.0 context URLs from before Context that
// credentials in the wild carry (the 1EdTech validator's own fixtures
// among them); the embedded loader serves each, and the structure check
// accepts them with a LEGACY_CONTEXT warning.
var LegacyContexts = []string{"https://purl.imsglobal.org/spec/clr/v2p0/context.json"}

// legacyContextAt returns the index of a legacy CLR context in cs when cs
// holds no current one, or -1.
func legacyContextAt(cs vc.Contexts) int {
	at := -1
	for i, c := range cs {
		switch {
		case c.URL == Context:
			return -1
		case at < 0 && slices.Contains(LegacyContexts, c.URL):
			at = i
		}
	}
	return at
}
