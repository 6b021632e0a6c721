package vcapi

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/vc"
	"github.com/clrkit/clrkit/vc/statuslist"
)

// Verifier is what the verify endpoints need: *vc.Verifier (from
// vc.NewVerifier, openbadges.NewVerifier or clr.NewVerifier) is one.
type Verifier interface {
	Verify(ctx context.Context, data []byte, exp vc.Expectations) (*vc.Report, error)
}

var _ Verifier = (*vc.Verifier)(nil)

// Defaults of Options.
const (
	DefaultMaxBodyBytes = 4 << 20
	DefaultTimeout      = 30 * time.Second
)

// Options configure a Handler.
type Options struct {
	// Signer signs issued credentials; nil disables the issue endpoint
	// (it then answers 501). An ed25519.PrivateKey is a crypto.Signer.
	Signer crypto.Signer
	// VerificationMethod is the URL of the signer's key, written in each
	// proof (such as did:key:z6Mk...#z6Mk...). Required with Signer.
	VerificationMethod string
	// Issuer is the issuer id the handler signs for: a credential without an
	// issuer gets it, one with another issuer is refused. Default: the
	// verification method URL without its fragment.
	Issuer string
	// Suite is the cryptosuite issued proofs use; nil means eddsa-rdfc-2022
	// with Loader's contexts.
	Suite proof.Cryptosuite
	// Loader serves the JSON-LD contexts issued credentials may cite; nil
	// means the built-in contexts only. Issuance canonicalizes in safe mode
	// with it, so undefined terms are refused.
	Loader ld.DocumentLoader
	// Verifier checks credentials and presentations; nil disables the
	// verify endpoints (they then answer 501).
	Verifier Verifier
	// RelatedResources holds the bytes of resources a credential's
	// relatedResource entries may name, by URL: an entry naming one must
	// carry a digest of exactly these bytes. Entries naming other URLs are
	// checked for form only (nothing is fetched).
	RelatedResources map[string][]byte
	// Status, when set, gives each VC Data Model 2.0 credential issued
	// without a credentialStatus a BitstringStatusListEntry from the
	// issuer's lists in its Store (revocation, or the purposes the
	// request's options.credentialStatus.statusPurpose names), and a
	// urn:uuid: id when it has none; publish the lists with a
	// statuslist.Publisher. Its ID must be the handler's Issuer.
	Status *statuslist.Issuer
	// MaxBodyBytes bounds a request body (default DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// Timeout bounds the work on one request (default DefaultTimeout).
	Timeout time.Duration
	// Now is the clock of issued proofs' created time (default time.Now).
	Now func() time.Time
}

// Handler serves the VC-API endpoints POST /credentials/issue, POST
// /credentials/verify and POST /presentations/verify. It is safe for
// concurrent use. Mount it at the root of a server, or under a prefix with
// http.StripPrefix.
type Handler struct {
	opts  Options
	suite proof.Cryptosuite
	canon *ld.Canonicalizer
	mux   *http.ServeMux
}

var _ http.Handler = (*Handler)(nil)

// ErrOptions reports unusable Options.
var ErrOptions = errors.New("vcapi: invalid options")

// NewHandler checks opts and returns a Handler.
func NewHandler(opts Options) (*Handler, error) {
	if opts.Signer == nil && opts.Verifier == nil {
		return nil, fmt.Errorf("%w: neither a Signer nor a Verifier", ErrOptions)
	}
	if opts.Signer != nil {
		if opts.VerificationMethod == "" {
			return nil, fmt.Errorf("%w: a Signer needs its VerificationMethod", ErrOptions)
		}
		if opts.Issuer == "" {
			opts.Issuer, _, _ = strings.Cut(opts.VerificationMethod, "#")
		}
		if err := vc.CheckURI(opts.Issuer); err != nil {
			return nil, fmt.Errorf("%w: issuer %q: %v", ErrOptions, opts.Issuer, err)
		}
	}
	switch {
	case opts.Status != nil && opts.Signer == nil:
		return nil, fmt.Errorf("%w: a status Issuer needs a Signer (it serves issuance)", ErrOptions)
	case opts.Status != nil && opts.Status.ID != opts.Issuer:
		return nil, fmt.Errorf("%w: the status Issuer is %q, not the handler's issuer %q (a verifier accepts only a list by the credential's issuer)", ErrOptions, opts.Status.ID, opts.Issuer)
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	h := &Handler{opts: opts, canon: ld.Default()}
	if opts.Loader != nil {
		c, err := ld.NewCanonicalizer(ld.Options{Loader: opts.Loader})
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrOptions, err)
		}
		h.canon = c
	}
	h.suite = opts.Suite
	if h.suite == nil {
		h.suite = proof.EdDSARDFC2022{Canonicalizer: h.canon}
	}
	h.mux = http.NewServeMux()
	h.mux.HandleFunc("/credentials/issue", h.post(h.issue))
	h.mux.HandleFunc("/credentials/verify", h.post(h.verifyCredential))
	h.mux.HandleFunc("/presentations/verify", h.post(h.verifyPresentation))
	h.mux.HandleFunc("/credentials/derive", h.post(h.derive))
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, "not found", fmt.Sprintf("no endpoint at %s", r.URL.Path), nil)
	})
	return h, nil
}

// ServeHTTP routes the request to its endpoint.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// post wraps an endpoint: POST only, a bounded JSON object body, a
// deadline, and no panic escaping.
func (h *Handler) post(endpoint func(ctx context.Context, w http.ResponseWriter, body map[string]json.RawMessage)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				writeProblem(w, http.StatusInternalServerError, "internal error", "the request could not be processed", nil)
			}
		}()
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeProblem(w, http.StatusMethodNotAllowed, "method not allowed", r.Method+" is not allowed; use POST", nil)
			return
		}
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				writeProblem(w, http.StatusRequestEntityTooLarge, "request too large", fmt.Sprintf("the body is over %d bytes", h.opts.MaxBodyBytes), nil)
				return
			}
			writeProblem(w, http.StatusBadRequest, "unreadable request", err.Error(), nil)
			return
		}
		members, err := jsonobj.Members(data)
		if err != nil {
			writeProblem(w, http.StatusBadRequest, "malformed request", "the body must be a JSON object: "+err.Error(), nil)
			return
		}
		body := make(map[string]json.RawMessage, len(members))
		for _, m := range members {
			body[m.Name] = m.Value
		}
		ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout)
		defer cancel()
		endpoint(ctx, w, body)
	}
}

// problem is an RFC 9457 problem description, with the issues found.
type problem struct {
	Type   string     `json:"type"`
	Title  string     `json:"title"`
	Status int        `json:"status"`
	Detail string     `json:"detail,omitempty"`
	Errors []vc.Issue `json:"errors,omitempty"`
}

func writeProblem(w http.ResponseWriter, status int, title, detail string, issues []vc.Issue) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: title, Status: status, Detail: detail, Errors: issues})
}

// writeUnavailable answers a request whose deadline passed or whose client
// went away: 503, since nothing is known about the document.
func writeUnavailable(w http.ResponseWriter, ctx context.Context) {
	writeProblem(w, http.StatusServiceUnavailable, "unavailable", fmt.Sprintf("the request was not completed: %v", context.Cause(ctx)), nil)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// objectMember returns body[name] when it is a JSON object.
func objectMember(body map[string]json.RawMessage, name string) ([]byte, error) {
	raw, ok := body[name]
	if !ok {
		return nil, fmt.Errorf("the request has no %q member", name)
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, fmt.Errorf("%q must be a JSON object, not %s", name, jsonobj.Kind(raw))
	}
	return raw, nil
}

// requestOptions is the "options" member the endpoints read.
type requestOptions struct {
	Challenge            string
	Domain               string
	ExpectedProofPurpose string
	// Profile is the verification profile (vc.ParseProfile); "" means the
	// Verifier's own.
	Profile vc.Profile
	// MandatoryPointers (issue, ecdsa-sd-2023) are the JSON pointers every
	// disclosure must show; SelectivePointers (derive) those the holder
	// chooses to disclose.
	MandatoryPointers, SelectivePointers []string
	// StatusType and StatusPurposes are options.credentialStatus (issue):
	// the type of status entry asked for and, beyond the VC-API, its
	// statusPurpose (a string or a list of them).
	StatusType     string
	StatusPurposes []string
}

func readOptions(body map[string]json.RawMessage) (requestOptions, error) {
	var o requestOptions
	raw, ok := body["options"]
	if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return o, nil
	}
	members, err := jsonobj.Members(raw)
	if err != nil {
		return o, fmt.Errorf(`"options" must be a JSON object: %v`, err)
	}
	for _, m := range members {
		var dst *string
		switch m.Name {
		case "mandatoryPointers", "selectivePointers":
			ptrs, err := stringList(m.Value)
			if err != nil {
				return o, fmt.Errorf("options.%s: %v", m.Name, err)
			}
			if m.Name == "mandatoryPointers" {
				o.MandatoryPointers = ptrs
			} else {
				o.SelectivePointers = ptrs
			}
			continue
		case "credentialStatus":
			if err := o.readStatus(m.Value); err != nil {
				return o, err
			}
			continue
		case "profile":
			s, err := jsonobj.String(m.Value)
			if err != nil {
				return o, fmt.Errorf(`options.profile: %v`, err)
			}
			if o.Profile, err = vc.ParseProfile(s); err != nil {
				return o, fmt.Errorf("options.profile: %q is not a profile (spec, authenticity or 1edtech)", s)
			}
			continue
		case "challenge":
			dst = &o.Challenge
		case "domain":
			dst = &o.Domain
		case "expectedProofPurpose":
			dst = &o.ExpectedProofPurpose
		default:
			continue // other options (checks, ...) are accepted and ignored
		}
		s, err := jsonobj.String(m.Value)
		if err != nil {
			return o, fmt.Errorf(`options.%s: %v`, m.Name, err)
		}
		*dst = s
	}
	return o, nil
}

// readStatus reads options.credentialStatus: {"type": T} with, optionally,
// "statusPurpose": a purpose or a list of them.
func (o *requestOptions) readStatus(raw json.RawMessage) error {
	members, err := jsonobj.Members(raw)
	if err != nil {
		return fmt.Errorf(`options.credentialStatus must be a JSON object: %v`, err)
	}
	for _, m := range members {
		switch m.Name {
		case "type":
			if o.StatusType, err = jsonobj.String(m.Value); err != nil {
				return fmt.Errorf("options.credentialStatus.type: %v", err)
			}
		case "statusPurpose":
			if s, err := jsonobj.String(m.Value); err == nil {
				o.StatusPurposes = []string{s}
			} else if o.StatusPurposes, err = stringList(m.Value); err != nil {
				return fmt.Errorf("options.credentialStatus.statusPurpose: want a string or %v", err)
			}
		}
	}
	if o.StatusType == "" {
		return errors.New("options.credentialStatus needs a type")
	}
	return nil
}

// stringList reads a JSON array of strings.
func stringList(raw json.RawMessage) ([]string, error) {
	elems, err := jsonobj.Elements(raw)
	if err != nil {
		return nil, fmt.Errorf("want an array of strings, not %s", jsonobj.Kind(raw))
	}
	out := make([]string, 0, len(elems))
	for i, e := range elems {
		s, err := jsonobj.String(e)
		if err != nil {
			return nil, fmt.Errorf("entry %d is not a string", i)
		}
		out = append(out, s)
	}
	return out, nil
}

// verifyCredential is POST /credentials/verify: 200 with the report when
// the credential verifies, 422 with the report when it does not, 400 when
// the request is malformed.
func (h *Handler) verifyCredential(ctx context.Context, w http.ResponseWriter, body map[string]json.RawMessage) {
	if h.opts.Verifier == nil {
		writeProblem(w, http.StatusNotImplemented, "not implemented", "this server does not verify", nil)
		return
	}
	cred, opts, ok := readRequest(w, body, "verifiableCredential")
	if !ok {
		return
	}
	if err := proofMemberPresent(cred); err != nil {
		writeProblem(w, http.StatusBadRequest, "malformed credential", err.Error(), nil)
		return
	}
	if vc.IsPresentation(cred) {
		writeProblem(w, http.StatusBadRequest, "malformed request", "a presentation goes to /presentations/verify", nil)
		return
	}
	h.respond(ctx, w, cred, vc.Expectations{Challenge: opts.Challenge, Domain: opts.Domain, Purpose: did.Relationship(opts.ExpectedProofPurpose),
		Profile: opts.Profile})
}

// proofMemberPresent refuses a credential whose proof member is present but
// null or not an object/array: a malformed request, not a failed check.
func proofMemberPresent(doc []byte) error {
	members, err := jsonobj.Members(doc)
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.Name != "proof" {
			continue
		}
		v := bytes.TrimSpace(m.Value)
		if len(v) == 0 || v[0] != '{' && v[0] != '[' {
			return fmt.Errorf("proof must be an object or an array of objects, not %s", jsonobj.Kind(v))
		}
	}
	return nil
}

// verifyPresentation is POST /presentations/verify. The Verifier fails a
// presentation without a proof when the request asks for a challenge or a
// domain, and otherwise accepts one only if it allows unsigned
// presentations; the credentials inside are verified either way.
func (h *Handler) verifyPresentation(ctx context.Context, w http.ResponseWriter, body map[string]json.RawMessage) {
	if h.opts.Verifier == nil {
		writeProblem(w, http.StatusNotImplemented, "not implemented", "this server does not verify", nil)
		return
	}
	vp, opts, ok := readRequest(w, body, "verifiablePresentation")
	if !ok {
		return
	}
	if err := proofMemberPresent(vp); err != nil {
		writeProblem(w, http.StatusBadRequest, "malformed presentation", err.Error(), nil)
		return
	}
	if !vc.IsPresentation(vp) {
		writeProblem(w, http.StatusBadRequest, "malformed request", "a credential goes to /credentials/verify",
			[]vc.Issue{{Code: vc.CodeType, Path: "/type", Message: "type must include VerifiablePresentation"}})
		return
	}
	h.respond(ctx, w, vp, vc.Expectations{Challenge: opts.Challenge, Domain: opts.Domain, Profile: opts.Profile})
}

// respond verifies doc and writes the report: 200 verified, 400 malformed,
// 422 not verified, 503 when the request's deadline passed first.
func (h *Handler) respond(ctx context.Context, w http.ResponseWriter, doc []byte, exp vc.Expectations) {
	report, err := h.opts.Verifier.Verify(ctx, doc, exp)
	switch {
	case err == nil && report != nil && report.Verified:
		writeJSON(w, http.StatusOK, report)
	case ctx.Err() != nil:
		writeUnavailable(w, ctx)
	case errors.Is(err, vc.ErrMalformed):
		writeJSON(w, http.StatusBadRequest, report)
	case report == nil:
		writeProblem(w, http.StatusUnprocessableEntity, "not verified", fmt.Sprint(err), nil)
	default:
		writeJSON(w, http.StatusUnprocessableEntity, report)
	}
}
