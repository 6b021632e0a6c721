package vc

import (
	"bytes"
	"cmp"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clrkit/clrkit/did"
	"github.com/clrkit/clrkit/internal/httpfetch"
	"github.com/clrkit/clrkit/internal/jsonld"
	"github.com/clrkit/clrkit/internal/jsonobj"
	"github.com/clrkit/clrkit/internal/jsonptr"
	"github.com/clrkit/clrkit/proof"
	"github.com/clrkit/clrkit/proof/ld"
	"github.com/clrkit/clrkit/schema"
)

// Errors of Verify. Every failure also has its codes in the Report.
var (
	// ErrMalformed: the input is not a credential, presentation or JWT clrkit
	// can read (not JSON, not an object, over the size limit).
	ErrMalformed = errors.New("vc: malformed input")
	// ErrNotVerified: the document was read but does not verify; the Report
	// says why.
	ErrNotVerified = errors.New("vc: not verified")
	// ErrVerifierOptions: NewVerifier was given unusable options.
	ErrVerifierOptions = errors.New("vc: invalid verifier options")
)

// DefaultClockSkew is the tolerance of the date checks unless
// VerifierOptions.ClockSkew says otherwise.
const DefaultClockSkew = 5 * time.Minute

// Limits bound the resources one verification may use. Zero fields take
// the defaults given.
type Limits struct {
	// MaxDocumentBytes bounds the input (default 8 MiB).
	MaxDocumentBytes int
	// MaxDepth bounds how deep credentials may nest in one another (a
	// presentation holding a CLR holding credentials with endorsements is
	// depth 3; default 4).
	MaxDepth int
	// MaxNested bounds the credentials and endorsements inside one document
	// (default 1000).
	MaxNested int
	// MaxStatusListBytes bounds a fetched status list or refreshed
	// credential, and a status list once decompressed (default 4 MiB: 32
	// million one-bit entries).
	MaxStatusListBytes int64
	// Concurrency bounds how many verifications run at once (default
	// GOMAXPROCS): in one Verify call, the call and Concurrency-1 workers
	// for the nested credentials (begun early when an extension lists them,
	// see NestedLister); in a VerifyAll batch, Concurrency documents and
	// Concurrency-1 workers that all their nested credentials share, so at
	// most 2·Concurrency-1.
	Concurrency int
	// MaxStatusEntries bounds the credentialStatus entries of one credential
	// (default 8): each may mean a fetch and a list to decode.
	MaxStatusEntries int
}

func (l Limits) withDefaults() Limits {
	if l.MaxDocumentBytes <= 0 {
		l.MaxDocumentBytes = 8 << 20
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = 4
	}
	if l.MaxNested <= 0 {
		l.MaxNested = 1000
	}
	if l.MaxStatusListBytes <= 0 {
		l.MaxStatusListBytes = 4 << 20
	}
	if l.Concurrency <= 0 {
		l.Concurrency = runtime.GOMAXPROCS(0)
	}
	if l.MaxStatusEntries <= 0 {
		l.MaxStatusEntries = 8
	}
	return l
}

// VerifierOptions configure a Verifier. None is required: the zero value
// verifies offline, with did:key and did:jwk keys and the embedded
// contexts. Every network access is opt-in through HTTPClient (or the
// resolvers of a Retriever of the caller's).
type VerifierOptions struct {
	// Retriever turns verification method URLs (and JWT kids) into keys and
	// their controllers. Nil means one built from HTTPClient: did:key and
	// did:jwk offline, and with an HTTPClient did:web DIDs and https key
	// and controller documents fetched through it; set it for anything
	// else (other DID methods, the 1EdTech key-in-fragment convention,
	// prefixes that key documents must come from).
	Retriever *did.Retriever
	// Resolver resolves issuer DIDs to bind a JWT's jwk header, and is the
	// resolver of the Retriever built when Retriever is nil. Nil with a nil
	// Retriever means did:key, did:jwk, and did:web through HTTPClient (or
	// refused, saying what to set, without one); nil beside a Retriever of
	// the caller's means none: the caller's Retriever decides what is
	// looked up.
	Resolver did.Resolver
	// Loader serves JSON-LD contexts; nil means the built-in contexts only.
	// The structure check refuses context URLs it does not serve.
	Loader ld.DocumentLoader
	// Suites are the accepted Data Integrity cryptosuites; nil means
	// proof.DefaultSuites (using Loader).
	Suites []proof.Cryptosuite
	// JWTAlgorithms is the JWT algorithm allowlist; nil means
	// proof.DefaultJWTAlgorithms.
	JWTAlgorithms []string
	// HTTPClient is the one way out to the network: it fetches status
	// lists, refreshed credentials (with Refresh) and, when Retriever is
	// left nil, https key documents, and did:web documents too when
	// Resolver is also nil (see the Retriever and Resolver fields).
	// Nil (the default) means no fetching at all: the verifier works
	// offline, and a credential that needs a fetched document fails the
	// check that needs it (fail closed). A did.LocalDocuments client
	// serves local copies before (or instead of) the network.
	HTTPClient *http.Client
	// HTTPAllow, when not empty, lists the URL prefixes status lists and
	// refresh services may be fetched from. Otherwise any https URL may be.
	HTTPAllow []string
	// AllowHosts names the hosts ("host" or "host:port") status lists,
	// refresh services and, through the Retriever and Resolver built when
	// they are nil, DID and key documents may be fetched from when they
	// resolve to non-public addresses (loopback, private, link-local...),
	// which are otherwise refused at dial time; for status lists and
	// refresh the hosts of HTTPAllow's URLs are allowed too.
	// The check applies when HTTPClient's Transport is nil or an
	// *http.Transport (or a did.LocalDocuments client around one).
	AllowHosts []string
	// Refresh enables the 1EdTechCredentialRefresh step (it needs
	// HTTPClient).
	Refresh bool
	// Now is the clock (default time.Now); Expectations.At overrides it
	// per call.
	Now func() time.Time
	// ClockSkew is the tolerance of the date checks: 0 means
	// DefaultClockSkew, a negative value none.
	ClockSkew time.Duration
	// Limits bound the work of one verification.
	Limits Limits
	// Profile decides the verdict from the checks (see Profile); "" means
	// ProfileSpec. Expectations.Profile overrides it per call.
	Profile Profile
	// TrustedIssuers, when not empty, lists the only issuer ids accepted.
	TrustedIssuers []string
	// AcceptDialects lists canonicalization dialects besides the specs' in
	// which a Data Integrity signature may verify (see
	// proof.VerifierOptions.AcceptDialects): ld.DialectJSONLDJS accepts
	// what the JavaScript stack signed where it deviates from the specs,
	// with a DIALECT_ACCEPTED warning naming the values the signature does
	// not protect as written. Without it such a proof fails with
	// PROOF_DIALECT_MISMATCH.
	AcceptDialects []ld.Dialect
	// AllowUnsignedPresentations accepts a presentation without a proof
	// (its credentials are still verified).
	AllowUnsignedPresentations bool
	// Extensions add the checks of credential families (the openbadges and
	// clr packages provide theirs through their NewVerifier functions).
	Extensions []Extension
	// Unpackers extract a credential from a container such as a baked
	// badge image, before the input's form is detected.
	Unpackers []Unpacker
}

// Expectations are what one verification requires beyond validity.
type Expectations struct {
	// At is the time to verify at; zero means the Verifier's clock.
	At time.Time
	// Recipient, when set, is who the credential must be about: compared
	// with the subject's id and, by the openbadges checks, with its
	// identifier entries (plain or hashed). It applies to every credential
	// a CLR or a presentation holds as well (not to endorsements).
	Recipient string
	// RecipientType, when set, restricts the identifier entries compared to
	// those of this identityType (such as emailAddress).
	RecipientType string
	// Challenge and Domain are what the proof of the document verified
	// (usually a presentation) must carry. They are not passed on to the
	// credentials inside it.
	Challenge, Domain string
	// Purpose is the proof purpose (the verification relationship) a
	// credential's proof must have; "" means did.AssertionMethod. (A
	// presentation's is always did.Authentication.) It is not passed on to
	// nested credentials.
	Purpose did.Relationship
	// Explain adds the intermediate values of every Data Integrity proof
	// check to the report.
	Explain bool
	// Profile, when set, decides this verification's verdict in place of
	// VerifierOptions.Profile, for the credentials inside the document too.
	Profile Profile

	depth int
	// workers is the pool of extra goroutines the nested verifications of
	// one Verify call, or of a whole VerifyAll batch, share
	// (Limits.Concurrency - 1 of them).
	workers chan struct{}
	// holdsRecipient marks the verification of the credentials a CLR or a
	// presentation holds: the expected recipient applies to them too.
	holdsRecipient bool
	// fetched marks the verification of a document the status or refresh
	// step fetched (and what it contains): its own refresh service is not
	// followed.
	fetched bool
}

// Document is a credential being verified, as extensions see it. It is
// read in place from the bytes being verified: JSON, the raw bytes and
// extension members of Credential, and the views' raw members are slices
// of the caller's input, valid for the length of the verification. An
// extension that keeps any of them longer must copy it.
type Document struct {
	// JSON is the credential's JSON: the bytes received for an embedded
	// proof, the payload for a JWT.
	JSON []byte
	// Credential is the generic view of JSON.
	Credential *Credential
	// Format is how it was secured ("embedded", "jwt", ...).
	Format string

	views map[any]any
}

// treeKey is the View key of the document's generic decoded tree.
type treeKey struct{}

// Tree returns the document's JSON decoded as proof/ld.DecodeJSON decodes
// it (maps, slices, strings, json.Number, bools, nil), the tree the proof
// and schema checks read; nil when it does not decode (the checks then
// report why from the bytes). A document found inside another shares its
// part of the holder's tree, which sibling verifications read at the same
// time on other goroutines: extensions read it, and must never change it.
func (d *Document) Tree() map[string]any {
	t, err := d.View(treeKey{}, func(data []byte) (any, error) { return ld.DecodeJSON(data, 0) })
	m, _ := t.(map[string]any)
	if err != nil {
		return nil
	}
	return m
}

// View returns what parse makes of the document's JSON, parsing it only
// once per verification for each key: extensions share their typed view of
// the document between CheckStructure and CheckContent this way. A Document
// is used by one goroutine at a time.
func (d *Document) View(key any, parse func(data []byte) (any, error)) (any, error) {
	if r, ok := d.views[key]; ok {
		return r.(viewResult).v, r.(viewResult).err
	}
	v, err := parse(d.JSON)
	d.setView(key, v, err)
	return v, err
}

// viewResult is what a View's parse made of the document.
type viewResult struct {
	v   any
	err error
}

func (d *Document) setView(key, v any, err error) {
	if d.views == nil {
		d.views = map[any]any{}
	}
	d.views[key] = viewResult{v, err}
}

// Unpacker extracts a credential (JSON or compact JWT) from a container
// format. It reports ok false when data is not in its format.
type Unpacker interface {
	Unpack(data []byte) (credential []byte, ok bool, err error)
}

// Verifier runs the Open Badges / CLR verification procedure on
// credentials, presentations and JWTs. Configure it once with NewVerifier;
// it is safe for concurrent use.
type Verifier struct {
	opts    VerifierOptions
	limits  Limits
	proofs  map[Profile]*proof.Verifier
	jwts    map[Profile]*proof.JWTVerifier
	loader  ld.DocumentLoader
	schemas *schema.Validator
	now     func() time.Time
	skew    time.Duration
	fetch   fetcher
}

// defaultResolution fills in what NewVerifier needs to resolve keys when
// the caller left it out, and only that:
//   - with neither Retriever nor Resolver: did:key and did:jwk offline and,
//     when HTTPClient is set, did:web DIDs and https key and controller
//     documents fetched through it under AllowHosts (without one, did:web
//     answers did.ErrFetchingDisabled, saying what to set);
//   - with a Resolver and no Retriever: a Retriever on that Resolver (https
//     key documents through HTTPClient when set);
//   - with a Retriever and no Resolver: no Resolver, as before defaults
//     existed: the caller's Retriever decides what is looked up, and a
//     JWT's jwk header is then bound only through its kid.
func (opts *VerifierOptions) defaultResolution() error {
	if opts.Retriever != nil {
		return nil
	}
	resolver := opts.Resolver
	if resolver == nil {
		methods := did.OfflineMethods()
		if opts.HTTPClient != nil {
			web, err := did.NewWebResolver(opts.HTTPClient, did.HTTPOptions{AllowHosts: opts.AllowHosts})
			if err != nil {
				return fmt.Errorf("%w: did:web resolver: %v", ErrVerifierOptions, err)
			}
			methods["web"] = web
		}
		mr, err := did.NewMultiResolver(methods)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrVerifierOptions, err)
		}
		resolver = mr
		opts.Resolver = mr
	}
	r, err := did.NewRetriever(did.RetrieverOptions{Resolver: resolver, HTTPClient: opts.HTTPClient,
		HTTP: did.HTTPOptions{AllowHosts: opts.AllowHosts}})
	if err != nil {
		return fmt.Errorf("%w: %v", ErrVerifierOptions, err)
	}
	opts.Retriever = r
	return nil
}

// NewVerifier checks opts and returns a Verifier.
func NewVerifier(opts VerifierOptions) (*Verifier, error) {
	if err := opts.defaultResolution(); err != nil {
		return nil, err
	}
	if opts.Refresh && opts.HTTPClient == nil {
		return nil, fmt.Errorf("%w: Refresh needs an HTTPClient", ErrVerifierOptions)
	}
	for _, e := range opts.Extensions {
		if e == nil {
			return nil, fmt.Errorf("%w: nil Extension", ErrVerifierOptions)
		}
	}
	for _, u := range opts.Unpackers {
		if u == nil {
			return nil, fmt.Errorf("%w: nil Unpacker", ErrVerifierOptions)
		}
	}
	v := &Verifier{opts: opts, limits: opts.Limits.withDefaults(), loader: opts.Loader, schemas: schema.New(), now: opts.Now,
		proofs: map[Profile]*proof.Verifier{}, jwts: map[Profile]*proof.JWTVerifier{}}
	if v.now == nil {
		v.now = time.Now
	}
	switch {
	case opts.ClockSkew == 0:
		v.skew = DefaultClockSkew
	case opts.ClockSkew > 0:
		v.skew = opts.ClockSkew
	}
	if v.loader == nil {
		v.loader = ld.DefaultLoader()
	}
	suites := opts.Suites
	if suites == nil {
		c := ld.Default()
		if opts.Loader != nil {
			var err error
			if c, err = ld.NewCanonicalizer(ld.Options{Loader: opts.Loader}); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrVerifierOptions, err)
			}
		}
		suites = []proof.Cryptosuite{proof.EdDSARDFC2022{Canonicalizer: c}, proof.EdDSAJCS2022{},
			proof.ECDSARDFC2019{Canonicalizer: c}, proof.EdDSA2022{Canonicalizer: c}, proof.Ed25519Signature2020{Canonicalizer: c},
			proof.Ed25519Signature2018{Canonicalizer: c}, proof.ECDSASD2023{Canonicalizer: c}}
	}
	skew := v.skew
	if skew == 0 {
		skew = -1 // proof.VerifierOptions: negative means none
	}
	if _, err := ParseProfile(string(opts.Profile)); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrVerifierOptions, err)
	}
	// One proof verifier per profile: they share the suites, the
	// canonicalizers' context caches and the Retriever's caches, and differ
	// in the dialects accepted (ProfileAuthenticity) and in reading keys
	// from verification method fragments (Profile1EdTech).
	for _, p := range Profiles {
		po := proof.VerifierOptions{Retriever: v.retriever(p), Suites: suites, Now: v.now, ClockSkew: skew,
			AcceptDialects: opts.AcceptDialects}
		if p == ProfileAuthenticity && !slices.Contains(po.AcceptDialects, ld.DialectJSONLDJS) {
			po.AcceptDialects = append(slices.Clip(po.AcceptDialects), ld.DialectJSONLDJS)
		}
		pv, err := proof.NewVerifier(po)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrVerifierOptions, err)
		}
		jv, err := v.jwtVerifier(p, time.Time{})
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrVerifierOptions, err)
		}
		v.proofs[p], v.jwts[p] = pv, jv
	}
	var err error
	if opts.HTTPClient != nil {
		if v.fetch, err = newFetcher(opts.HTTPClient, opts.HTTPAllow, opts.AllowHosts, v.limits.MaxStatusListBytes, v.now); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrVerifierOptions, err)
		}
	}
	return v, nil
}

// jwtVerifier returns a JWT verifier for the profile p with the clock
// stopped at at (unless it is zero).
func (v *Verifier) jwtVerifier(p Profile, at time.Time) (*proof.JWTVerifier, error) {
	now := v.now
	if !at.IsZero() {
		now = func() time.Time { return at }
	}
	return proof.NewJWTVerifier(proof.JWTVerifierOptions{Retriever: v.retriever(p), Resolver: v.opts.Resolver,
		Algorithms: v.opts.JWTAlgorithms, Skew: v.skew, Now: now, UnboundHeaderJWK: p == Profile1EdTech})
}

// jwtsFor returns the JWT verifier of a verification: the Verifier's own
// for its profile, or one on the check time exp.At fixes.
func (v *Verifier) jwtsFor(exp Expectations) (*proof.JWTVerifier, error) {
	if exp.At.IsZero() {
		return v.jwts[v.profile(exp)], nil
	}
	return v.jwtVerifier(v.profile(exp), exp.At)
}

// retriever is the Retriever of the profile p: Profile1EdTech reads keys
// from verification method fragments, as the 1EdTech validator does.
func (v *Verifier) retriever(p Profile) *did.Retriever {
	if p == Profile1EdTech {
		return v.opts.Retriever.WithUnsafeKeyFromFragment()
	}
	return v.opts.Retriever
}

// Concurrency is Limits.Concurrency (see there what it bounds).
func (v *Verifier) Concurrency() int { return v.limits.Concurrency }

// Limits returns the limits in force, defaults filled in.
func (v *Verifier) Limits() Limits { return v.limits }

// withWorkers returns exp with a pool of Concurrency-1 extra workers when
// it has none: the pool the nested verifications of one call (or of a
// VerifyAll batch) share, and pass on to theirs, so that no more than
// 2·Concurrency-1 verifications run at once.
func (v *Verifier) withWorkers(exp Expectations) Expectations {
	if exp.workers == nil {
		exp.workers = make(chan struct{}, v.limits.Concurrency-1)
	}
	return exp
}

// Verify runs the verification procedure on data: a credential with an
// embedded proof (AchievementCredential, ClrCredential,
// EndorsementCredential or any other), a verifiable presentation, a compact
// VC-JWT or SD-JWT, or a container an Unpacker opens (a baked badge image).
// The report is never nil. The error is nil when the document verified,
// wraps ErrMalformed when the input could not be read as any of those, and
// wraps ErrNotVerified otherwise.
//
// data must not change until Verify returns: the document is read from it
// in place. Nothing of it is kept afterwards; the report holds copies.
func (v *Verifier) Verify(ctx context.Context, data []byte, exp Expectations) (*Report, error) {
	exp.depth = 0
	r := v.verify(ctx, data, "", exp)
	switch {
	case r.Verified:
		return r, nil
	case r.HasError(CodeOptions):
		return r, fmt.Errorf("%w: %s", ErrVerifierOptions, r.what())
	case r.HasError(CodeMalformed):
		return r, fmt.Errorf("%w: %s", ErrMalformed, r.what())
	}
	// "vc: not verified: OpenBadgeCredential urn:...: CODE: message at
	// /path": the sentinel says the verdict once.
	return r, fmt.Errorf("%w: %s", ErrNotVerified, r.what())
}

// verifyNested verifies a document found inside another (a CLR's nested
// credential, an endorsement, a presentation's credential) with the same
// expectations one level deeper, and rebases its report's paths under
// path (Checker.VerifyNested).
func (v *Verifier) verifyNested(ctx context.Context, data []byte, path string, exp Expectations) *Report {
	r := v.verify(ctx, data, path, exp.nested())
	r.prefix(path)
	return r
}

// nested returns the expectations a document inside one verified with
// exp is verified with: one level deeper, the expected recipient only for
// the credentials a CLR or presentation holds, and no challenge, domain or
// proof purpose, which are the outer document's.
func (exp Expectations) nested() Expectations {
	exp.depth++
	if !exp.holdsRecipient {
		exp.Recipient, exp.RecipientType = "", ""
	}
	exp.holdsRecipient = false
	exp.Challenge, exp.Domain, exp.Purpose = "", "", ""
	return exp
}

// verify runs the procedure on data, found at path in the document that
// holds it ("" at the top level).
func (v *Verifier) verify(ctx context.Context, data []byte, path string, exp Expectations) *Report {
	r := newReport()
	if _, err := ParseProfile(string(exp.Profile)); err != nil {
		// Every entry point (Verify, VerifyAll, Checker.VerifyNested) comes here.
		r.fail(CheckStructure, CodeOptions, "", "Expectations.Profile: %v", err)
		return r
	}
	defer v.profile(exp).decide(r)
	ctx, local := httpfetch.WithLog(ctx)
	defer func() {
		for _, u := range local.Uses() {
			r.LocalDocuments = append(r.LocalDocuments, LocalDocument{URL: u.URL, File: u.Name})
		}
	}()
	if exp.depth > v.limits.MaxDepth {
		r.fail(CheckStructure, CodeLimit, "", "credentials nest deeper than %d levels", v.limits.MaxDepth)
		return r
	}
	exp = v.withWorkers(exp)
	if len(data) > v.limits.MaxDocumentBytes {
		r.fail(CheckStructure, CodeMalformed, "", "the document is %d bytes, over the limit of %d", len(data), v.limits.MaxDocumentBytes)
		return r
	}
	if err := ctx.Err(); err != nil {
		r.fail(CheckStructure, CodeLimit, "", "verification cancelled: %v", err)
		return r
	}
	for _, u := range v.opts.Unpackers {
		inner, ok, err := u.Unpack(data)
		if !ok {
			continue
		}
		if err != nil {
			r.fail(CheckStructure, CodeMalformed, "", "%v", err)
			return r
		}
		data = inner
		break
	}
	trimmed := bytes.TrimSpace(data)
	switch {
	case proof.IsSDJWT(trimmed) || proof.IsCompactJWT(trimmed):
		v.verifyJWT(ctx, trimmed, exp, r)
	case len(trimmed) > 0 && trimmed[0] == '{':
		// The tree the proof and schema checks read, decoded once here
		// (nil when the document does not decode: the checks then say why
		// from the bytes), also tells what kind of object this is.
		h, ctx := treeIn(ctx, trimmed, path, exp.depth)
		tree := h.treeOrNil()
		enveloped, presentation := objectKind(trimmed, tree)
		switch {
		case enveloped:
			// An EnvelopedVerifiableCredential or -Presentation: the
			// VC-JOSE-COSE token in its data: URL is what is verified.
			token, err := credentialBytes(trimmed)
			if err == nil && !proof.IsSDJWT(token) && !proof.IsCompactJWT(token) {
				err = errors.New("the enveloped data is not a JWT or SD-JWT")
			}
			if err != nil {
				r.fail(CheckStructure, CodeMalformed, "/id", "%v", err)
				return r
			}
			v.verifyJWT(ctx, token, exp, r)
		case presentation:
			v.verifyPresentation(ctx, trimmed, tree, exp, r)
		default:
			v.verifyEmbedded(ctx, trimmed, h, exp, r)
		}
	default:
		r.fail(CheckStructure, CodeMalformed, "", "not a JSON object or a compact JWT")
	}
	return r
}

// verifyEmbedded runs the procedure on a credential secured with an
// embedded Data Integrity proof.
// h holds its decoded tree (nil when it does not decode).
func (v *Verifier) verifyEmbedded(ctx context.Context, data []byte, h *holder, exp Expectations, r *Report) {
	r.Format = "embedded"
	d, ok := v.readCredential(data, h, r)
	if !ok {
		return
	}
	// The nested documents are verified on a spare worker from here on,
	// beside the structure, schema and proof checks of this one.
	if h != nil {
		if p := v.startPrefetch(ctx, d, exp, h); p != nil {
			defer p.stop()
		}
	}
	v.checkStructure(ctx, d, r)
	v.checkSchema(d, r)
	authentic := v.checkEmbeddedProof(ctx, d, exp, r)
	if authentic {
		d = v.refresh(ctx, d, exp, r)
	} else {
		r.skip(CheckRefresh, "the proof did not verify")
	}
	v.checkRest(ctx, d, exp, r, authentic)
}

// checkRest runs the steps after the proof: status, dates, and the
// extensions' content checks (recipient, endorsements, nested).
//
// A document whose proof did not verify gets the local checks (dates,
// recipient, and its nested credentials and endorsements, each of which is
// authenticated by its own proof) but nothing is fetched on its behalf: its
// status lists are not.
func (v *Verifier) checkRest(ctx context.Context, d *Document, exp Expectations, r *Report, authentic bool) {
	if authentic {
		v.checkStatus(ctx, d, exp, r)
	} else {
		r.skip(CheckStatus, "the proof did not verify: no status list is fetched for it")
	}
	v.checkDates(d, exp, r)
	if exp.Recipient == "" {
		r.skip(CheckRecipient, "no recipient expected")
	}
	for _, e := range v.opts.Extensions {
		if e.Applies(d) {
			e.CheckContent(ctx, d, exp, &Checker{v: v, r: r})
		}
	}
	if exp.Recipient != "" && r.CheckStatus(CheckRecipient) == "" {
		v.checkSubjectID(d, exp, r)
	}
}

// readCredential parses the generic view, reporting what makes it
// unreadable.
func (v *Verifier) readCredential(data []byte, h *holder, r *Report) (*Document, bool) {
	tree := h.treeOrNil()
	// Duplicate member names anywhere (not only in the members the model
	// decodes): the proof covers one occurrence and a reader may take the
	// other. Likewise strings and numbers that break I-JSON, which readers
	// repair in different ways (U+FFFD, infinity) or not at all. Decoding
	// the tree the proof and schema checks read (decodeTree) refuses both;
	// when it refuses the document, jsonobj.Check names the problem.
	if tree == nil {
		err := undecodable(data)
		if errors.Is(err, jsonobj.ErrDuplicateMember) || errors.Is(err, jsonobj.ErrNotIJSON) {
			r.fail(CheckStructure, CodeInvalidValue, pointerOf(err), "%v", err)
		} else {
			r.fail(CheckStructure, CodeMalformed, "", "%v", err)
		}
		return nil, false
	}
	c, err := parseCredentialIn(h.textOrNil(), data)
	if err != nil {
		var je *jsonobj.Error
		if errors.As(err, &je) && je.Path == "" {
			r.fail(CheckStructure, CodeMalformed, "", "%v", err)
		} else {
			r.fail(CheckStructure, CodeInvalidValue, pointerOf(err), "%v", err)
		}
		return nil, false
	}
	r.Kind = kindOf(c.Type)
	r.ID = c.ID
	r.Issuer = c.Issuer.ID
	d := &Document{JSON: data, Credential: c, Format: r.Format}
	d.setView(treeKey{}, tree, nil)
	d.setView(jsonobj.TextKey{}, h.textOrNil(), nil)
	return d, true
}

// undecodable says why data, a document the tree decoder refused, cannot
// be read: jsonobj.Check refuses exactly what the tree decoder does
// (TestDecodeAgreesWithCheck) and names the problem and its place.
func undecodable(data []byte) error {
	if err := jsonobj.Check(data); err != nil {
		return err
	}
	return errors.New("vc: the document does not decode to a JSON object")
}

// decodeTree decodes data as proof/ld.DecodeJSON does (I-JSON, no
// duplicate member names), or returns nil when it does not decode to an
// object.
func decodeTree(data []byte) map[string]any {
	m, _ := decodeTreeSpans(data)
	return m
}

// decodeTreeSpans is decodeTree that also says where each object of the
// tree is in data.
func decodeTreeSpans(data []byte) (map[string]any, *jsonld.Spans) {
	tree, spans, err := jsonld.DecodeJSONSpans(data, 0)
	if err != nil {
		return nil, nil
	}
	m, _ := tree.(map[string]any)
	return m, spans
}

// holder is the decoded document being verified (a JSON credential, or a
// JWT's payload), for the verifications of what it holds to take their
// trees from.
type holder struct {
	text  []byte // the outermost decoded document's text
	spans *jsonld.Spans
	index *jsonobj.Text  // text, with the ends of its objects and arrays from spans
	tree  map[string]any // the holding document's tree, inside text
	// pre is the verification of the documents inside, begun before the
	// proof check (set once by startPrefetch, before its work begins).
	pre *prefetch
}

type holderKey struct{}

// treeIn returns the holder of data's decoded tree (nil when data does
// not decode) and the context its nested verifications run in. A nested
// document (depth > 0) whose text is that of the object at its path in the
// document holding it (as a CLR's credentials and endorsements are) takes
// that object, already decoded, instead of being decoded again: the same
// bytes always decode to the same tree, and the tree is never modified.
func treeIn(ctx context.Context, data []byte, path string, depth int) (*holder, context.Context) {
	if depth > 0 {
		if outer, ok := ctx.Value(holderKey{}).(*holder); ok {
			if sub, ok := jsonptr.Lookup(outer.tree, path); ok {
				m, _ := sub.(map[string]any)
				if start, end, ok := outer.spans.Of(m); ok && bytes.Equal(outer.text[start:end], data) {
					h := &holder{text: outer.text, spans: outer.spans, index: outer.index, tree: m}
					if treeReused != nil {
						treeReused()
					}
					return h, context.WithValue(ctx, holderKey{}, h)
				}
			}
		}
	}
	return newHolder(ctx, data)
}

// newHolder decodes data into a holder of its own, and returns it (nil
// when data does not decode to an object) with the context the
// verifications of what it holds run in. Without a holder, the context
// holds none either: nothing below may look in an ancestor's.
func newHolder(ctx context.Context, data []byte) (*holder, context.Context) {
	tree, spans := decodeTreeSpans(data)
	var h *holder
	if tree != nil {
		h = &holder{text: data, spans: spans, index: jsonobj.NewText(data, spans), tree: tree}
	}
	return h, context.WithValue(ctx, holderKey{}, h)
}

// textOrNil returns h's indexed text, nil for no holder.
func (h *holder) textOrNil() *jsonobj.Text {
	if h == nil {
		return nil
	}
	return h.index
}

// treeOrNil returns h's tree, nil for no holder.
func (h *holder) treeOrNil() map[string]any {
	if h == nil {
		return nil
	}
	return h.tree
}

// treeReused, when set (by tests), is called for each nested document that
// takes its tree from the document holding it.
var treeReused func()

// objectKind tells an enveloped credential or presentation, and a
// presentation, from the type member of a JSON object, read from its
// decoded tree when there is one and from its bytes otherwise (as
// isEnveloped and IsPresentation do).
func objectKind(data []byte, tree map[string]any) (enveloped, presentation bool) {
	if tree == nil {
		return isEnveloped(data), IsPresentation(data)
	}
	ts, ok := treeTypes(tree["type"])
	return envelopedTypes(ts), ok && ts.Has(TypeVerifiablePresentation)
}

// treeTypes reads the decoded value of a type member as Types.UnmarshalJSON
// reads its JSON: a string or an array of strings, and otherwise (an absent
// member too) no types and false.
func treeTypes(v any) (Types, bool) {
	ts, ok := jsonptr.Strings(v)
	return Types(ts), ok
}

// pointerOf returns the JSON pointer of the value a jsonobj error is about.
func pointerOf(err error) string {
	var je *jsonobj.Error
	if !errors.As(err, &je) {
		return ""
	}
	return je.Pointer()
}

// kindOf names the most specific known class among the types.
func kindOf(ts Types) string {
	for _, t := range []string{"ClrCredential", "EndorsementCredential", "AchievementCredential", "OpenBadgeCredential",
		"BitstringStatusListCredential", "StatusList2021Credential", "VerifiablePresentation", TypeVerifiableCredential} {
		if ts.Has(t) {
			return t
		}
	}
	return "unknown"
}

// checkStructure is step 1: contexts, type, required members, and the
// extensions' structural rules.
func (v *Verifier) checkStructure(ctx context.Context, d *Document, r *Report) {
	c := d.Credential
	before := len(r.Errors)
	switch c.Version() {
	case Version2:
	case Version1:
		r.addWarning(CodeVCDM11, "/@context/0", "the credential uses the VC Data Model 1.1 (%s); issuers should use 2.0", ContextV1)
	default:
		if len(c.Context) == 0 {
			r.addError(CodeContext, "/@context", "@context is missing")
		} else {
			r.addError(CodeContext, "/@context/0", "the first @context entry must be %s (or %s), not %q", ContextV2, ContextV1, c.Context[0].URL)
		}
	}
	for i, cx := range c.Context {
		if cx.Inline != nil {
			continue
		}
		if err := CheckURI(cx.URL); err != nil {
			r.addError(CodeContext, "/@context/"+strconv.Itoa(i), "@context entry %q is not a URL", cx.URL)
			continue
		}
		if _, err := v.loader.LoadDocument(ctx, cx.URL); err != nil {
			r.addError(CodeContext, "/@context/"+strconv.Itoa(i), "@context entry %s is not a known context (nothing is fetched)", cx.URL)
		}
	}
	if !c.Type.Has(TypeVerifiableCredential) {
		r.addError(CodeType, "/type", "type must include VerifiableCredential")
	}
	if c.Issuer.ID == "" {
		r.addError(CodeMissing, "/issuer", "the issuer (or its id) is missing")
	} else if err := CheckURI(c.Issuer.ID); err != nil {
		r.addError(CodeInvalidValue, "/issuer", "the issuer id %q is not a URI", c.Issuer.ID)
	}
	if len(c.CredentialSubject) == 0 {
		r.addError(CodeMissing, "/credentialSubject", "credentialSubject is missing")
	}
	switch {
	case c.Version() == Version1 && c.IssuanceDate == "" && c.ValidFrom == "":
		r.addError(CodeMissing, "/issuanceDate", "issuanceDate is missing")
	case c.Version() == Version2 && c.ValidFrom == "" && kindOf(c.Type) != TypeVerifiableCredential:
		// VCDM 2.0 makes validFrom optional, the 1EdTech profile requires it.
		r.addError(CodeMissing, "/validFrom", "validFrom is missing")
	}
	for _, e := range v.opts.Extensions {
		if e.Applies(d) {
			e.CheckStructure(d, &Checker{v: v, r: r})
		}
	}
	switch {
	case len(r.Errors) > before:
		r.Checks = append(r.Checks, Check{Check: CheckStructure, Status: StatusFailed, Detail: r.Errors[before].Message})
	case r.HasWarning(CodeVCDM11):
		r.Checks = append(r.Checks, Check{Check: CheckStructure, Status: StatusWarning, Detail: "VC Data Model 1.1"})
	case r.HasWarning(CodeLegacyContext):
		r.Checks = append(r.Checks, Check{Check: CheckStructure, Status: StatusWarning, Detail: "a context from before the current version"})
	default:
		r.pass(CheckStructure, "")
	}
}

// checkSchema is step 1's schema part: the 1EdTech schema of the kind and
// every embedded schema its credentialSchema entries name.
func (v *Verifier) checkSchema(d *Document, r *Report) {
	tree := d.Tree()
	doc, renamed := schemaView(d.JSON, tree, d.Credential.Version() == Version1)
	var rep *schema.Report
	var err error
	if tree != nil && renamed == nil {
		rep, err = v.schemas.ValidateValue(tree, schema.Options{SkipUnknownSchemas: true})
	} else {
		rep, err = v.schemas.Validate(doc, schema.Options{SkipUnknownSchemas: true})
	}
	if errors.Is(err, schema.ErrUnknownKind) {
		r.skip(CheckSchema, "no 1EdTech schema for this type")
		return
	}
	if err != nil {
		r.fail(CheckSchema, CodeSchema, "", "%v", err)
		return
	}
	for _, id := range rep.Skipped {
		r.addWarning(CodeUnknownSchema, "/credentialSchema", "credentialSchema %s is not a known schema and was not checked (nothing is fetched)", id)
	}
	if !rep.Valid {
		before := len(r.Errors)
		for _, p := range rep.Problems {
			if p.Keyword == "type" && isNestedJWT(tree, p.Pointer) {
				// A credential inside may be a VC-JWT string where the
				// schema has an object; it is verified on its own.
				continue
			}
			ptr, msg := p.Pointer, p.Message
			for from, to := range renamed {
				if ptr == from || strings.HasPrefix(ptr, from+"/") {
					ptr = to + strings.TrimPrefix(ptr, from)
					msg = strings.ReplaceAll(msg, `"`+from[1:]+`"`, `"`+to[1:]+`"`)
				}
			}
			r.addError(CodeSchema, ptr, "%s", msg)
		}
		if n := len(r.Errors) - before; n > 0 {
			r.Checks = append(r.Checks, Check{Check: CheckSchema, Status: StatusFailed,
				Detail: fmt.Sprintf("%d problem(s) against %s", n, strings.Join(rep.Schemas, ", "))})
			return
		}
	}
	if len(rep.Skipped) > 0 {
		r.Checks = append(r.Checks, Check{Check: CheckSchema, Status: StatusWarning, Detail: "unknown credentialSchema not checked"})
		return
	}
	r.pass(CheckSchema, strings.Join(rep.Schemas, ", "))
}

// checkEmbeddedProof is step 2 for Data Integrity proofs: any valid proof
// by a key the issuer controls is enough; another proof that does not
// verify is a warning, unless the set or chain itself is broken (see
// below).
func (v *Verifier) checkEmbeddedProof(ctx context.Context, d *Document, exp Expectations, r *Report) bool {
	if len(d.Credential.Proof) == 0 {
		r.fail(CheckProof, CodeNoProof, "/proof", "the credential has no proof")
		return false
	}
	purpose := did.AssertionMethod
	if exp.Purpose != "" {
		purpose = exp.Purpose
	}
	pexp := proof.Expectations{Purpose: purpose, Challenge: exp.Challenge, Domain: exp.Domain, At: exp.At, Explain: exp.Explain}
	var res *proof.Outcome
	var err error
	if tree := d.Tree(); tree != nil {
		res, err = v.proofs[v.profile(exp)].VerifyValue(ctx, tree, pexp)
	} else {
		res, err = v.proofs[v.profile(exp)].Verify(ctx, d.JSON, pexp)
	}
	if res == nil {
		r.fail(CheckProof, proofCode(err), "/proof", "%v", err)
		return false
	}
	issuer := d.Credential.Issuer.ID
	bound := res.IssuerProof(issuer)
	unbound := false
	if bound < 0 {
		if bound = v.profile(exp).unboundProof(res, kindOf(d.Credential.Type), exp.fetched); bound >= 0 {
			unbound = true
			res.Proofs[bound].Verified, res.Proofs[bound].Error = true, nil
		}
	}
	path := func(i int) string { return proofPath(i, len(res.Proofs)) }
	for i, p := range res.Proofs {
		if exp.Explain && p.Explain != nil {
			r.Explain = append(r.Explain, Explain{Proof: path(i),
				CanonicalProofConfig: string(p.Explain.CanonicalProofConfig), CanonicalDocument: string(p.Explain.CanonicalDocument),
				ProofConfigHashHex: hex.EncodeToString(p.Explain.ProofConfigHash), DocumentHashHex: hex.EncodeToString(p.Explain.DocumentHash),
				HashDataHex: hex.EncodeToString(p.Explain.Data)})
		}
	}
	if bound < 0 {
		first := ""
		for i, p := range res.Proofs {
			if p.Error == nil {
				p.Error = fmt.Errorf("%w: the key's controller is %s", proof.ErrIssuerBinding, p.Controller)
			}
			r.addError(proofCode(p.Error), path(i), "%v", p.Error)
			if first == "" {
				first = p.Error.Error()
			}
		}
		if first == "" {
			// No proof result at all: still a failure, with an error.
			if err == nil {
				err = fmt.Errorf("%w: no proof was checked", proof.ErrNoProof)
			}
			first = err.Error()
			r.addError(proofCode(err), "/proof", "%v", err)
		}
		r.Checks = append(r.Checks, Check{Check: CheckProof, Status: StatusFailed, Detail: first})
		return false
	}
	p := res.Proofs[bound]
	// The other proofs of a set or chain. OB 3.0 accepts a credential when
	// any one proof by the issuer verifies, so an independent proof that
	// does not verify (a co-signer's, say) is a warning. But a proof that is
	// malformed, or that a valid proof chains to (previousProof), makes the
	// set itself broken, as VC Data Integrity's "verify proof sets and
	// chains" says: that fails the credential.
	chainedTo := map[string]bool{}
	for _, o := range res.Proofs {
		if o.Verified {
			for _, id := range o.PreviousProof {
				chainedTo[id] = true
			}
		}
	}
	failed := ""
	for i, o := range res.Proofs {
		if i == bound || o.Verified {
			continue
		}
		malformed := errors.Is(o.Error, proof.ErrMalformedProof) || errors.Is(o.Error, proof.ErrPreviousProof)
		if malformed || o.ID != "" && chainedTo[o.ID] {
			r.addError(proofCode(o.Error), path(i), "a proof of the set or chain does not verify: %v", o.Error)
			if failed == "" {
				failed = fmt.Sprintf("a proof of the set or chain does not verify: %v", o.Error)
			}
			continue
		}
		if errors.Is(o.Error, proof.ErrUnsupportedProof) && o.Cryptosuite == "" && !knownProofType(o.Type) {
			// A type no vocabulary defines: JSON-LD in safe mode refuses it.
			msg := fmt.Sprintf("the proof type %q is not defined by any context the document uses", o.Type)
			if v.profile(exp) != Profile1EdTech {
				r.addWarning(CodeUnknownProofType, path(i)+"/type", "%s", msg)
				continue
			}
			// The 1EdTech validator reads every proof of the set in safe
			// mode, so for it the set fails.
			r.Errors = append(r.Errors, Issue{Code: CodeUnknownProofType, Class: ClassAuthenticity, Message: msg, Path: path(i) + "/type"})
			if failed == "" {
				failed = msg
			}
			continue
		}
		r.addWarning(CodeExtraProof, path(i), "another proof does not verify: %v", o.Error)
	}
	if failed != "" {
		r.Checks = append(r.Checks, Check{Check: CheckProof, Status: StatusFailed, Detail: failed})
		return false
	}
	detail := cmp.Or(p.Cryptosuite, p.Type) + " by " + p.VerificationMethod
	switch {
	case unbound && v.profile(exp) == Profile1EdTech:
		r.warn(CheckProof, CodeUnverifiedKey, path(bound), "%s: the key is the bare DID %s, which is not the issuer %s; the 1edtech profile accepts it as the 1EdTech validator does", detail, p.Controller, issuer)
	case unbound:
		r.warn(CheckProof, CodeUnverifiedKey, path(bound), "%s: the key's controller %s is not the issuer %s; VC Data Integrity does not bind a proof to the issuer (OB 3.0 and CLR 2.0 do, and so does the authenticity profile), so the issuer is not verified", detail, p.Controller, issuer)
	case p.KeySource == did.SourceMultibaseFragment:
		r.warn(CheckProof, CodeUnverifiedKey, path(bound), "%s: the key was taken from the verification method URL's fragment; nothing binds it to %s", detail, p.Controller)
	case p.Dialect != "":
		r.Checks = append(r.Checks, Check{Check: CheckProof, Status: StatusWarning, Detail: detail + " in the " + p.Dialect + " dialect"})
	default:
		r.pass(CheckProof, detail)
	}
	if p.Dialect != "" {
		r.addWarning(CodeDialectAccepted, path(bound), "%s", dialectWarning(p))
	}
	return v.checkTrusted(issuer, r)
}

// proofPath is the JSON pointer of proof i of n: /proof when it is the
// only one, /proof/i in a set.
func proofPath(i, n int) string {
	if n > 1 {
		return "/proof/" + strconv.Itoa(i)
	}
	return "/proof"
}

// checkTrusted applies TrustedIssuers.
func (v *Verifier) checkTrusted(issuer string, r *Report) bool {
	if len(v.opts.TrustedIssuers) == 0 || slices.Contains(v.opts.TrustedIssuers, issuer) {
		return true
	}
	r.addError(CodeUntrustedIssuer, "/issuer", "the issuer %s is not one of the trusted issuers", issuer)
	r.Checks = append(r.Checks, Check{Check: CheckProof, Status: StatusFailed, Detail: "untrusted issuer " + issuer})
	return false
}

// proofCode names a proof failure.
func proofCode(err error) string {
	switch {
	case errors.Is(err, proof.ErrNoProof):
		return CodeNoProof
	case errors.Is(err, proof.ErrMalformedDocument):
		return CodeMalformed
	case errors.Is(err, proof.ErrDialect):
		return CodeDialectMismatch
	case errors.Is(err, proof.ErrSignature), errors.Is(err, proof.ErrJWTSignature):
		return CodeProof
	case errors.Is(err, proof.ErrMalformedProof), errors.Is(err, proof.ErrPreviousProof):
		return CodeMalformedProof
	case errors.Is(err, proof.ErrProofLimit), errors.Is(err, ld.ErrLimit):
		return CodeLimit
	case errors.Is(err, proof.ErrPurpose):
		return CodeProofPurpose
	case errors.Is(err, proof.ErrExpired), errors.Is(err, proof.ErrCreatedInFuture):
		return CodeProofExpired
	case errors.Is(err, proof.ErrIssuerBinding):
		return CodeIssuerBinding
	case errors.Is(err, proof.ErrUnsupportedProof), errors.Is(err, proof.ErrJWTAlgorithm):
		return CodeUnsupportedProof
	case errors.Is(err, proof.ErrJWTExpired):
		return CodeExpired
	case errors.Is(err, proof.ErrJWTNotYetValid):
		return CodeNotYetValid
	case errors.Is(err, proof.ErrJWTKey):
		return CodeVerificationMethod
	case errors.Is(err, proof.ErrMalformedJWT), errors.Is(err, proof.ErrJWTForm), errors.Is(err, proof.ErrJWTClaims),
		errors.Is(err, proof.ErrSDJWTDisclosure):
		return CodeJWT
	}
	var re *did.ResolutionError
	if errors.As(err, &re) {
		return CodeVerificationMethod
	}
	return CodeProof
}

// checkDates is step 4's date part: the validity period against the check
// time, with the configured skew.
func (v *Verifier) checkDates(d *Document, exp Expectations, r *Report) {
	at := exp.At
	if at.IsZero() {
		at = v.now()
	}
	c := d.Credential
	from, until := c.Validity()
	fromPath, untilPath := "/validFrom", "/validUntil"
	if c.ValidFrom == "" {
		fromPath = "/issuanceDate"
	}
	if c.ValidUntil == "" {
		untilPath = "/expirationDate"
	}
	if from == "" && until == "" {
		r.skip(CheckDates, "no validity period")
		return
	}
	err := c.ValidAt(at, v.skew)
	switch {
	case err == nil:
		r.pass(CheckDates, fmt.Sprintf("valid at %s", at.UTC().Format(time.RFC3339)))
	case errors.Is(err, ErrNotYetValid):
		r.fail(CheckDates, CodeNotYetValid, fromPath, "not valid before %s (checked at %s)", from, at.UTC().Format(time.RFC3339))
	case errors.Is(err, ErrExpired):
		r.fail(CheckDates, CodeExpired, untilPath, "expired at %s (checked at %s)", until, at.UTC().Format(time.RFC3339))
	default:
		path := fromPath
		if _, ferr := from.Time(); from == "" || ferr == nil {
			path = untilPath
		}
		r.fail(CheckDates, CodeInvalidValue, path, "%v", err)
	}
}

// checkSubjectID is the generic recipient check: some subject's id must be
// the expected recipient.
func (v *Verifier) checkSubjectID(d *Document, exp Expectations, r *Report) {
	for _, s := range d.Credential.CredentialSubject {
		if s.ID != "" && s.ID == exp.Recipient {
			r.pass(CheckRecipient, "subject id "+s.ID)
			return
		}
	}
	r.fail(CheckRecipient, CodeRecipient, "/credentialSubject", "the credential is not about %s", exp.Recipient)
}

// schemaView returns a credential as the 1EdTech schemas (written for
// VCDM 2.0) can check it: a VCDM 1.1 credential (v1) as its 2.0 view, and
// so every VCDM 1.1 credential embedded in it (a CLR's credentials, an
// achievement's or profile's endorsements): the first @context entry the
// 2.0 context, and issuanceDate and expirationDate named validFrom and
// validUntil. The map says which pointers of the view name which member of
// the original. It returns data itself when it cannot be read. tree is
// data decoded (nil when it does not decode, and then no document inside
// is viewed: the structure check has failed already).
func schemaView(data []byte, tree map[string]any, v1 bool) ([]byte, map[string]string) {
	if !v1 && (tree == nil || !jsonobj.MayContain(data, ContextV1) || !citesContextV1(tree)) {
		return data, nil // nothing to view otherwise, the common case
	}
	renamed := map[string]string{}
	view, ok := rewriteV1(data, "", v1, renamed)
	if !ok {
		return data, nil
	}
	return view, renamed
}

// citesContextV1 reports whether an @context anywhere in v, a decoded JSON
// value, is or lists the VCDM 1.1 context. It reads decoded strings: the
// URL written with escapes ("https:\/\/www.w3.org\/...", as PHP's
// json_encode writes it) is the same URL.
func citesContextV1(v any) bool {
	return jsonptr.AnyMember(v, func(name string, value any) bool { return name == "@context" && hasContext(value, ContextV1) })
}

// hasContext reports whether an @context value is url or an array
// holding it.
func hasContext(v any, url string) bool {
	if s, ok := v.(string); ok {
		return s == url
	}
	a, _ := v.([]any)
	for _, w := range a {
		if s, ok := w.(string); ok && s == url {
			return true
		}
	}
	return false
}

// rewriteV1 writes the JSON value data with the changes schemaView
// describes below the JSON pointer prefix; v1 says data is a VCDM 1.1
// credential to rename the members of (an object whose @context begins
// with the 1.1 context is one anyway). ok is false when data is not valid
// JSON, or holds nothing to change.
func rewriteV1(data []byte, prefix string, v1 bool, renamed map[string]string) ([]byte, bool) {
	switch jsonobj.Kind(data) {
	case "an object":
	case "an array":
		elems, err := jsonobj.Elements(data)
		if err != nil {
			return nil, false
		}
		changed := false
		var b bytes.Buffer
		b.WriteByte('[')
		for i, e := range elems {
			if i > 0 {
				b.WriteByte(',')
			}
			if view, ok := rewriteV1(e, prefix+"/"+strconv.Itoa(i), false, renamed); ok {
				e, changed = view, true
			}
			b.Write(e)
		}
		b.WriteByte(']')
		return b.Bytes(), changed
	default:
		return nil, false
	}
	members, err := jsonobj.Members(data)
	if err != nil {
		return nil, false
	}
	names := map[string]bool{}
	for _, m := range members {
		names[m.Name] = true
		if m.Name == "@context" && firstContextIsV1(m.Value) {
			v1 = true // an embedded VCDM 1.1 credential
		}
	}
	rename := map[string]string{"issuanceDate": "validFrom", "expirationDate": "validUntil"}
	changed := v1
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteByte(',')
		}
		name, value := m.Name, m.Value
		if to, ok := rename[name]; v1 && ok && !names[to] {
			renamed[prefix+"/"+to] = prefix + "/" + name
			name = to
		}
		switch {
		case name == "@context":
			if v1 {
				value = v2Contexts(value)
			}
		default:
			if view, ok := rewriteV1(value, prefix+"/"+jsonptr.Token(name), false, renamed); ok {
				value, changed = view, true
			}
		}
		jsonobj.WriteString(&b, name)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), changed
}

// firstContextIsV1 reports whether an @context value is, or begins with,
// the VCDM 1.1 context.
func firstContextIsV1(value []byte) bool {
	var first string
	if json.Unmarshal(value, &first) == nil {
		return first == ContextV1
	}
	var list []json.RawMessage
	return json.Unmarshal(value, &list) == nil && len(list) > 0 && json.Unmarshal(list[0], &first) == nil && first == ContextV1
}

// v2Contexts replaces a leading VCDM 1.1 context with the 2.0 one. It
// compares decoded strings, so that the URL written with escapes counts.
func v2Contexts(value []byte) []byte {
	if !firstContextIsV1(value) {
		return value
	}
	v2 := strconv.Quote(ContextV2)
	elems, err := jsonobj.Elements(value)
	if err != nil { // a lone string: the 1.1 context itself
		return []byte(v2)
	}
	out := append([]byte("["), v2...)
	for _, e := range elems[1:] {
		out = append(append(out, ','), e...)
	}
	return append(out, ']')
}

// isNestedJWT reports whether the value at the JSON pointer ptr of tree,
// the document decoded, is an entry of a verifiableCredential list (a
// CLR's or a presentation's) holding a compact JWT. (A pointer into the
// schema view of a VCDM 1.1 document points there too: the view renames
// date members only.)
func isNestedJWT(tree map[string]any, ptr string) bool {
	toks, err := jsonptr.Parse(ptr)
	if err != nil || len(toks) < 2 || toks[len(toks)-2] != "verifiableCredential" {
		return false
	}
	v, _ := jsonptr.Lookup(tree, ptr)
	s, ok := v.(string)
	return ok && proof.IsCompactJWT([]byte(s))
}

// dialectWarning explains a proof that verified only in another
// canonicalization dialect: what its signature covers in place of the
// values the document holds.
func dialectWarning(p proof.ProofOutcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "the signature verifies over the %s canonical form, not the specs': it covers what that implementation makes of these values, so they are not protected as written: ", p.Dialect)
	for i, c := range p.Constructs {
		if i == 8 {
			fmt.Fprintf(&b, "; and %d more", len(p.Constructs)-8)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.String())
	}
	return b.String()
}
