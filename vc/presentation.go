package vc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/proof"
)

// TypeVerifiablePresentation is the type every presentation has.
const TypeVerifiablePresentation = "VerifiablePresentation"

// Presentation is a verifiable presentation: credentials a holder presents,
// usually with a proof of type authentication bound to a verifier's
// challenge and domain.
type Presentation struct {
	Context Contexts `json:"@context"`
	ID      string   `json:"id,omitempty"`
	Type    Types    `json:"type"`
	Holder  Issuer   `json:"holder,omitempty"`
	// VerifiableCredential holds each credential as its exact JSON (an
	// object, or a string for a JWT).
	VerifiableCredential OneOrMany[json.RawMessage] `json:"verifiableCredential,omitempty"`
	Proof                OneOrMany[Proof]           `json:"proof,omitempty,last"`
	Extensions           Extensions                 `json:"-"`

	raw []byte
}

// ParsePresentation reads a presentation, keeping its bytes.
func ParsePresentation(data []byte) (*Presentation, error) {
	var p Presentation
	if err := p.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return &p, nil
}

// UnmarshalJSON decodes the presentation with exact member names.
func (p *Presentation) UnmarshalJSON(data []byte) error {
	*p = Presentation{}
	if err := jsonobj.Unmarshal(data, p); err != nil {
		return fmt.Errorf("vc: presentation: %w", err)
	}
	p.raw = bytes.Clone(data)
	return nil
}

// MarshalJSON encodes the presentation from its fields.
func (p Presentation) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&p) }

// Raw returns the bytes the presentation was parsed from, or nil.
func (p *Presentation) Raw() []byte { return p.raw }

// verifyPresentation checks a presentation with an embedded proof (or, when
// allowed, none) and every credential inside it.
func (v *Verifier) verifyPresentation(ctx context.Context, data []byte, exp Expectations, r *Report) {
	r.Kind = TypeVerifiablePresentation
	r.Format = "embedded"
	p, err := ParsePresentation(data)
	if err != nil {
		r.Fail(CheckStructure, CodeInvalidValue, pointerOf(err), "%v", err)
		return
	}
	r.ID = p.ID
	r.Issuer = p.Holder.ID
	before := len(r.Errors)
	if len(p.Context) == 0 || p.Context[0].URL != ContextV2 && p.Context[0].URL != ContextV1 {
		r.AddError(CodeContext, "/@context/0", "the first @context entry must be %s (or %s)", ContextV2, ContextV1)
	}
	if !p.Type.Has(TypeVerifiablePresentation) {
		r.AddError(CodeType, "/type", "type must include VerifiablePresentation")
	}
	if len(r.Errors) > before {
		r.Checks = append(r.Checks, Check{Check: CheckStructure, Status: StatusFailed, Detail: r.Errors[before].Message})
	} else {
		r.Pass(CheckStructure, "")
	}

	switch {
	case len(p.Proof) == 0 && v.opts.AllowUnsignedPresentations:
		r.Skip(CheckProof, "unsigned presentation (allowed)")
	case len(p.Proof) == 0:
		r.Fail(CheckProof, CodeUnsignedPresentation, "/proof", "the presentation has no proof")
	default:
		v.checkPresentationProof(ctx, data, p, exp, r)
	}

	array := false
	if members, err := jsonobj.Members(data); err == nil {
		for _, m := range members {
			if m.Name == "verifiableCredential" {
				array = bytes.HasPrefix(bytes.TrimSpace(m.Value), []byte("["))
			}
		}
	}
	var docs [][]byte
	var paths []string
	for i, raw := range p.VerifiableCredential {
		path := "/verifiableCredential"
		if array {
			path += "/" + strconv.Itoa(i)
		}
		doc, err := credentialBytes(raw)
		if err != nil {
			r.AddError(CodeNested, path, "%v", err)
			continue
		}
		docs = append(docs, doc)
		paths = append(paths, path)
	}
	v.CheckNested(ctx, docs, paths, exp, r)
}

// credentialBytes returns what to verify for one verifiableCredential
// entry: the object, the JWT string, or the JWT inside an
// EnvelopedVerifiableCredential's data: URL.
func credentialBytes(raw json.RawMessage) ([]byte, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		s, err := jsonobj.String(raw)
		return []byte(s), err
	}
	members, err := jsonobj.Members(raw)
	if err != nil {
		return nil, fmt.Errorf("a presented credential must be an object or a JWT: %v", err)
	}
	var typ Types
	var id string
	for _, m := range members {
		switch m.Name {
		case "type":
			_ = typ.UnmarshalJSON(m.Value)
		case "id":
			id, _ = jsonobj.String(m.Value)
		}
	}
	if !typ.Has("EnvelopedVerifiableCredential") {
		return raw, nil
	}
	rest, ok := strings.CutPrefix(id, "data:")
	if !ok {
		return nil, errors.New("an EnvelopedVerifiableCredential's id must be a data: URL")
	}
	mediaType, payload, ok := strings.Cut(rest, ",")
	if !ok {
		return nil, errors.New("an EnvelopedVerifiableCredential's data: URL has no payload")
	}
	if strings.HasSuffix(mediaType, ";base64") {
		return nil, errors.New("base64 data: URLs of enveloped credentials are not supported")
	}
	s, err := url.PathUnescape(payload)
	if err != nil {
		return nil, fmt.Errorf("an EnvelopedVerifiableCredential's data: URL: %v", err)
	}
	return []byte(s), nil
}

// checkPresentationProof checks an authentication proof with the expected
// challenge and domain, by a key the holder controls when there is a holder.
func (v *Verifier) checkPresentationProof(ctx context.Context, data []byte, p *Presentation, exp Expectations, r *Report) {
	res, err := v.proofs.Verify(ctx, data, proof.Expectations{Purpose: did.Authentication, Challenge: exp.Challenge, Domain: exp.Domain, At: exp.At})
	if res == nil {
		r.Fail(CheckProof, presentationProofCode(err), "/proof", "%v", err)
		return
	}
	if err != nil {
		for i, pr := range res.Proofs {
			if pr.Error != nil {
				path := "/proof"
				if len(res.Proofs) > 1 {
					path += "/" + strconv.Itoa(i)
				}
				r.AddError(presentationProofCode(pr.Error), path, "%v", pr.Error)
			}
		}
		r.Checks = append(r.Checks, Check{Check: CheckProof, Status: StatusFailed, Detail: err.Error()})
		return
	}
	if p.Holder.ID != "" {
		for _, pr := range res.Proofs {
			if pr.Controller == p.Holder.ID {
				r.Pass(CheckProof, fmt.Sprintf("%s by %s, a key of the holder", pr.Cryptosuite, pr.VerificationMethod))
				return
			}
		}
		r.Fail(CheckProof, CodeHolder, "/holder", "no proof is by a key the holder %s controls", p.Holder.ID)
		return
	}
	pr := res.Proofs[0]
	r.Pass(CheckProof, fmt.Sprintf("%s by %s", pr.Cryptosuite, pr.VerificationMethod))
}

func presentationProofCode(err error) string {
	if errors.Is(err, proof.ErrPurpose) {
		msg := err.Error()
		if strings.Contains(msg, "challenge") || strings.Contains(msg, "domain") || strings.Contains(msg, "nonce") {
			return CodeChallenge
		}
	}
	return proofCode(err)
}

// verifyJWTPresentation handles a vp+jwt: the holder's signature was
// checked with the token; the credentials inside are verified in turn.
func (v *Verifier) verifyJWTPresentation(ctx context.Context, res *proof.JWTResult, err error, exp Expectations, r *Report) {
	r.Kind = TypeVerifiablePresentation
	r.Issuer = res.Issuer
	if err != nil {
		r.Fail(CheckProof, proofCode(err), "", "%v", err)
	} else {
		r.Pass(CheckProof, fmt.Sprintf("%s %s by %s", res.Algorithm, res.Form, res.KeyID))
	}
	var docs [][]byte
	var paths []string
	for i, e := range res.Enveloped {
		docs = append(docs, []byte(e))
		paths = append(paths, "/verifiableCredential/"+strconv.Itoa(i))
	}
	if len(res.Enveloped) == 0 {
		if p, perr := ParsePresentation(res.Credential); perr == nil {
			for i, raw := range p.VerifiableCredential {
				if doc, cerr := credentialBytes(raw); cerr == nil {
					docs = append(docs, doc)
					paths = append(paths, "/verifiableCredential/"+strconv.Itoa(i))
				}
			}
		}
	}
	v.CheckNested(ctx, docs, paths, exp, r)
}

// CheckNested verifies the documents concurrently (bounded by
// Limits.Concurrency), appends their reports to r.Nested in order, and
// records a nested check: failed, naming each credential that does not
// verify.
func (v *Verifier) CheckNested(ctx context.Context, docs [][]byte, paths []string, exp Expectations, r *Report) {
	if len(docs) == 0 {
		r.Skip(CheckNested, "no credentials inside")
		return
	}
	if len(docs) > v.limits.MaxNested {
		r.Fail(CheckNested, CodeLimit, "", "%d credentials inside, over the limit of %d", len(docs), v.limits.MaxNested)
		return
	}
	reports := v.VerifyNestedAll(ctx, docs, paths, exp)
	failed := 0
	for i, n := range reports {
		r.Nested = append(r.Nested, n)
		if !n.Verified {
			failed++
			r.AddError(CodeNested, paths[i], "%s", n.Summary())
		}
	}
	if failed > 0 {
		r.Checks = append(r.Checks, Check{Check: CheckNested, Status: StatusFailed,
			Detail: fmt.Sprintf("%d of %d credentials inside do not verify", failed, len(docs))})
		return
	}
	r.Pass(CheckNested, fmt.Sprintf("%d credentials inside verified", len(docs)))
}

// VerifyNestedAll verifies each document as VerifyNested does, at most
// Limits.Concurrency at a time, and returns their reports in order.
func (v *Verifier) VerifyNestedAll(ctx context.Context, docs [][]byte, paths []string, exp Expectations) []*Report {
	out := make([]*Report, len(docs))
	if len(docs) == 1 || v.limits.Concurrency == 1 {
		for i, d := range docs {
			out[i] = v.VerifyNested(ctx, d, paths[i], exp)
		}
		return out
	}
	sem := make(chan struct{}, v.limits.Concurrency)
	var wg sync.WaitGroup
	for i, d := range docs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = v.VerifyNested(ctx, d, paths[i], exp)
		}()
	}
	wg.Wait()
	return out
}
