package vc

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
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
	Proof                OneOrMany[Proof]           `json:"proof,omitempty" jsonobj:"last"`
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

// IsPresentation reports whether data is a JSON object whose type includes
// VerifiablePresentation: it gives the answer Verifier.Verify acts on
// (TestObjectKindAgrees), so that code that routes documents before
// verifying them (the vcapi endpoints) agrees with Verify.
func IsPresentation(data []byte) bool {
	members, err := jsonobj.Members(data)
	if err != nil {
		return false
	}
	for _, m := range members {
		if m.Name == "type" {
			var ts Types
			return ts.UnmarshalJSON(m.Value) == nil && ts.Has(TypeVerifiablePresentation)
		}
	}
	return false
}

// verifyPresentation checks a presentation with an embedded proof (or, when
// allowed, none) and every credential inside it.
func (v *Verifier) verifyPresentation(ctx context.Context, data []byte, tree map[string]any, exp Expectations, r *Report) {
	r.Kind = TypeVerifiablePresentation
	r.Format = "embedded"
	if tree == nil {
		err := undecodable(data)
		r.fail(CheckStructure, CodeInvalidValue, pointerOf(err), "%v", err)
		return
	}
	p, err := ParsePresentation(data)
	if err != nil {
		r.fail(CheckStructure, CodeInvalidValue, pointerOf(err), "%v", err)
		return
	}
	r.ID = p.ID
	r.Issuer = p.Holder.ID
	before := len(r.Errors)
	if len(p.Context) == 0 || p.Context[0].URL != ContextV2 && p.Context[0].URL != ContextV1 {
		r.addError(CodeContext, "/@context/0", "the first @context entry must be %s (or %s)", ContextV2, ContextV1)
	}
	if !p.Type.Has(TypeVerifiablePresentation) {
		r.addError(CodeType, "/type", "type must include VerifiablePresentation")
	}
	if len(r.Errors) > before {
		r.Checks = append(r.Checks, Check{Check: CheckStructure, Status: StatusFailed, Detail: r.Errors[before].Message})
	} else {
		r.pass(CheckStructure, "")
	}

	switch {
	case len(p.Proof) == 0 && (exp.Challenge != "" || exp.Domain != ""):
		r.fail(CheckProof, CodeUnsignedPresentation, "/proof", "a challenge or domain is expected and the presentation has no proof")
	case len(p.Proof) == 0 && !v.opts.AllowUnsignedPresentations:
		r.fail(CheckProof, CodeUnsignedPresentation, "/proof", "the presentation has no proof")
	case len(p.Proof) == 0 && len(p.VerifiableCredential) == 0:
		r.fail(CheckProof, CodeUnsignedPresentation, "/proof", "an unsigned presentation without credentials proves nothing")
	case len(p.Proof) == 0:
		r.skip(CheckProof, "unsigned presentation (allowed)")
	default:
		v.checkPresentationProof(ctx, tree, p, exp, r)
	}

	_, array := tree["verifiableCredential"].([]any)
	entries := make([]nestedEntry, len(p.VerifiableCredential))
	for i, raw := range p.VerifiableCredential {
		path := "/verifiableCredential"
		if array {
			path += "/" + strconv.Itoa(i)
		}
		doc, err := credentialBytes(raw)
		entries[i] = nestedEntry{doc: doc, path: path, err: err}
	}
	v.checkEntries(ctx, entries, exp, r)
}

// nestedEntry is one credential inside a document: its bytes and where it
// is, or why it could not be taken out.
type nestedEntry struct {
	doc  []byte
	path string
	err  error
}

// credentialBytes returns what to verify for one verifiableCredential
// entry: the object, the JWT string, or the JWT inside an
// EnvelopedVerifiableCredential's (or EnvelopedVerifiablePresentation's)
// data: URL.
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
	kind := "EnvelopedVerifiableCredential"
	switch {
	case typ.Has(kind):
	case typ.Has("EnvelopedVerifiablePresentation"):
		kind = "EnvelopedVerifiablePresentation"
	default:
		return raw, nil
	}
	rest, ok := strings.CutPrefix(id, "data:")
	if !ok {
		return nil, fmt.Errorf("an %s's id must be a data: URL", kind)
	}
	mediaType, payload, ok := strings.Cut(rest, ",")
	if !ok {
		return nil, fmt.Errorf("an %s's data: URL has no payload", kind)
	}
	if strings.HasSuffix(mediaType, ";base64") {
		return nil, fmt.Errorf("base64 data: URLs of an %s are not supported", kind)
	}
	s, err := url.PathUnescape(payload)
	if err != nil {
		return nil, fmt.Errorf("an %s's data: URL: %v", kind, err)
	}
	return []byte(s), nil
}

// isEnveloped reports whether the JSON object data is an
// EnvelopedVerifiableCredential or EnvelopedVerifiablePresentation.
func isEnveloped(data []byte) bool {
	members, err := jsonobj.Members(data)
	if err != nil {
		return false
	}
	for _, m := range members {
		if m.Name == "type" {
			var typ Types
			_ = typ.UnmarshalJSON(m.Value)
			return envelopedTypes(typ)
		}
	}
	return false
}

// envelopedTypes reports whether ts names an enveloped credential or
// presentation.
func envelopedTypes(ts Types) bool {
	return ts.Has("EnvelopedVerifiableCredential") || ts.Has("EnvelopedVerifiablePresentation")
}

// checkPresentationProof checks an authentication proof with the expected
// challenge and domain, by a key the holder controls when there is a holder.
func (v *Verifier) checkPresentationProof(ctx context.Context, tree map[string]any, p *Presentation, exp Expectations, r *Report) {
	pexp := proof.Expectations{Purpose: did.Authentication, Challenge: exp.Challenge, Domain: exp.Domain, At: exp.At, Explain: exp.Explain}
	res, err := v.proofs[v.profile(exp)].VerifyValue(ctx, tree, pexp)
	if res == nil {
		r.fail(CheckProof, presentationProofCode(err), "/proof", "%v", err)
		return
	}
	if err != nil {
		before := len(r.Errors)
		for i, pr := range res.Proofs {
			if pr.Error != nil {
				r.addError(presentationProofCode(pr.Error), proofPath(i, len(res.Proofs)), "%v", pr.Error)
			}
		}
		if len(r.Errors) == before {
			// A failure of no one proof still fails the presentation.
			r.addError(presentationProofCode(err), "/proof", "%v", err)
		}
		r.Checks = append(r.Checks, Check{Check: CheckProof, Status: StatusFailed, Detail: err.Error()})
		return
	}
	if p.Holder.ID != "" {
		if i := res.IssuerProof(p.Holder.ID); i >= 0 {
			pr := res.Proofs[i]
			r.pass(CheckProof, fmt.Sprintf("%s by %s, a key of the holder", pr.Cryptosuite, pr.VerificationMethod))
			return
		}
		r.fail(CheckProof, CodeHolder, "/holder", "no proof is by a key the holder %s controls", p.Holder.ID)
		return
	}
	pr := res.Proofs[0]
	r.pass(CheckProof, fmt.Sprintf("%s by %s", pr.Cryptosuite, pr.VerificationMethod))
}

func presentationProofCode(err error) string {
	if errors.Is(err, proof.ErrPurpose) {
		// proof.ErrPurpose covers the purpose, the challenge, the domain
		// and the nonce; what follows its text says which.
		msg := err.Error()
		if i := strings.Index(msg, proof.ErrPurpose.Error()+": "); i >= 0 {
			what := msg[i+len(proof.ErrPurpose.Error())+2:]
			for _, p := range []string{"challenge", "domain", "nonce"} {
				if strings.HasPrefix(what, p) {
					return CodeChallenge
				}
			}
		}
	}
	return proofCode(err)
}

// verifyJWTPresentation handles a vp+jwt: the holder's signature was
// checked with the token; its nonce and aud claims must be the expected
// challenge and domain; the credentials inside are verified in turn, each
// entry of verifiableCredential (an enveloped credential whose form cannot
// be verified fails, rather than being left out).
func (v *Verifier) verifyJWTPresentation(ctx context.Context, token []byte, res *proof.JWTOutcome, err error, exp Expectations, r *Report) {
	r.Kind = TypeVerifiablePresentation
	r.Issuer = res.Issuer
	switch {
	case err != nil:
		r.fail(CheckProof, proofCode(err), "", "%v", err)
	default:
		if cerr := checkJWTChallenge(token, exp); cerr != nil {
			r.fail(CheckProof, CodeChallenge, "", "%v", cerr)
			break
		}
		r.pass(CheckProof, fmt.Sprintf("%s %s by %s", res.Algorithm, res.Form, res.KeyID))
	}
	var entries []nestedEntry
	if p, perr := ParsePresentation(res.Credential); perr == nil {
		for i, raw := range p.VerifiableCredential {
			doc, cerr := credentialBytes(raw)
			entries = append(entries, nestedEntry{doc: doc, path: "/verifiableCredential/" + strconv.Itoa(i), err: cerr})
		}
	} else {
		for i, e := range res.Enveloped {
			entries = append(entries, nestedEntry{doc: []byte(e), path: "/verifiableCredential/" + strconv.Itoa(i)})
		}
	}
	v.checkEntries(ctx, entries, exp, r)
}

// checkJWTChallenge compares the nonce and aud claims of a presentation
// JWT (or SD-JWT) with the expected challenge and domain.
func checkJWTChallenge(token []byte, exp Expectations) error {
	if exp.Challenge == "" && exp.Domain == "" {
		return nil
	}
	jws, _, _ := bytes.Cut(token, []byte("~"))
	parts := bytes.Split(jws, []byte("."))
	if len(parts) != 3 {
		return errors.New("the presentation is not a compact JWS")
	}
	payload, err := base64.RawURLEncoding.DecodeString(string(parts[1]))
	if err != nil {
		return fmt.Errorf("the presentation's payload: %v", err)
	}
	var claims struct {
		Nonce *string         `json:"nonce"`
		Aud   json.RawMessage `json:"aud"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return fmt.Errorf("the presentation's claims: %v", err)
	}
	if exp.Challenge != "" && (claims.Nonce == nil || *claims.Nonce != exp.Challenge) {
		return fmt.Errorf("the presentation's nonce is not the expected challenge %q", exp.Challenge)
	}
	if exp.Domain != "" {
		var auds OneOrMany[string]
		if len(claims.Aud) == 0 || json.Unmarshal(claims.Aud, &auds) != nil || !slices.Contains(auds, exp.Domain) {
			return fmt.Errorf("the presentation's aud does not include the expected domain %q", exp.Domain)
		}
	}
	return nil
}

// checkNested verifies the documents concurrently (bounded by
// Limits.Concurrency), appends their reports to r.Nested in order, and
// records a nested check: failed, naming each credential that does not
// verify (Checker.CheckNested).
func (v *Verifier) checkNested(ctx context.Context, docs [][]byte, paths []string, exp Expectations, r *Report) {
	entries := make([]nestedEntry, len(docs))
	for i := range docs {
		entries[i] = nestedEntry{doc: docs[i], path: paths[i]}
	}
	v.checkEntries(ctx, entries, exp, r)
}

// checkEntries is CheckNested for entries some of which could not be
// taken out of the document: those get a failed report of their own, so
// that r.Nested stays in document order.
func (v *Verifier) checkEntries(ctx context.Context, entries []nestedEntry, exp Expectations, r *Report) {
	if len(entries) == 0 {
		r.skip(CheckNested, "no credentials inside")
		if exp.Recipient != "" && r.CheckStatus(CheckRecipient) == "" {
			r.fail(CheckRecipient, CodeRecipient, "", "no credential inside to be about %s", exp.Recipient)
		}
		return
	}
	if len(entries) > v.limits.MaxNested {
		r.fail(CheckNested, CodeLimit, "", "%d credentials inside, over the limit of %d", len(entries), v.limits.MaxNested)
		return
	}
	var docs [][]byte
	var paths []string
	for _, e := range entries {
		if e.err == nil {
			docs = append(docs, e.doc)
			paths = append(paths, e.path)
		}
	}
	held := exp
	held.holdsRecipient = true
	verified := v.verifyNestedAll(ctx, docs, paths, held)
	failed := 0
	for _, e := range entries {
		var n *Report
		if e.err != nil {
			n = unreadableReport(e.path, "%v", e.err)
		} else {
			n, verified = verified[0], verified[1:]
		}
		r.Nested = append(r.Nested, n)
		if !n.Verified {
			failed++
			r.addError(CodeNested, e.path, "%s", n.Summary())
		}
	}
	if failed > 0 {
		r.Checks = append(r.Checks, Check{Check: CheckNested, Status: StatusFailed,
			Detail: fmt.Sprintf("%d of %d credentials inside do not verify", failed, len(entries))})
		return
	}
	r.pass(CheckNested, fmt.Sprintf("%d credentials inside verified", len(entries)))
}

// verifyNestedAll verifies each document as verifyNested does, at most
// Limits.Concurrency at a time, and returns their reports in order
// (Checker.VerifyNestedAll).
func (v *Verifier) verifyNestedAll(ctx context.Context, docs [][]byte, paths []string, exp Expectations) []*Report {
	out := make([]*Report, len(docs))
	pre := prefetchOf(ctx)
	exp = v.withWorkers(exp) // for Expectations an extension made itself
	// With a prefetch, documents are claimed from the last back, one at a
	// time as they are verified, while the background goroutine takes them
	// from the first on: both keep working until they meet.
	type pending struct {
		i int
		j *prefetchJob
	}
	var background []pending // documents whose report the background makes
	var wg sync.WaitGroup
	for k := range docs {
		i := k
		if pre != nil {
			i = len(docs) - 1 - k
		}
		if j := pre.claim(docs[i], paths[i], exp); j != nil {
			background = append(background, pending{i, j})
			continue
		}
		d := docs[i]
		select {
		case exp.workers <- struct{}{}:
			wg.Add(1)
			go func() {
				defer func() { <-exp.workers; wg.Done() }()
				out[i] = v.verifyNestedSafely(ctx, d, paths[i], exp)
			}()
		default:
			// No worker free: verify it here. Never waiting for a worker
			// is what keeps nested fan-outs from deadlocking.
			out[i] = v.verifyNestedSafely(ctx, d, paths[i], exp)
		}
	}
	wg.Wait()
	for _, b := range background {
		<-b.j.ready
		out[b.i] = b.j.report
	}
	return out
}

// verifyNestedSafely is VerifyNested turning a panic (a bug: no input should
// cause one) into a failed report, so that it cannot take down the caller
// from a worker goroutine.
func (v *Verifier) verifyNestedSafely(ctx context.Context, data []byte, path string, exp Expectations) (r *Report) {
	defer func() {
		if p := recover(); p != nil {
			r = unreadableReport(path, "internal error while verifying this document: %v", p)
		}
	}()
	return v.verifyNested(ctx, data, path, exp)
}

// unreadableReport is the report of a nested document at path that could
// not be verified at all: one failed structure check, MALFORMED_DOCUMENT.
func unreadableReport(path, format string, args ...any) *Report {
	r := newReport()
	r.fail(CheckStructure, CodeMalformed, "", format, args...)
	r.prefix(path)
	return r
}
