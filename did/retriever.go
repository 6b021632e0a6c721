package did

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/clrkit/clrkit/internal/httpfetch"
)

// MethodSource tells how a Retriever established a method's key, its
// controller and its relationship.
type MethodSource string

const (
	// SourceDIDDocument: the method was dereferenced from a resolved DID
	// document, which lists it under the relationship.
	SourceDIDDocument MethodSource = "didDocument"
	// SourceControllerDocument: the method was found in a controller
	// document fetched over HTTPS from the URL before "#", whose id is that
	// URL and which lists the method under the relationship.
	SourceControllerDocument MethodSource = "controllerDocument"
	// SourceKeyDocument: the URL returned a single verification method
	// document; its controller's document (a DID document or an HTTPS
	// controller document) was retrieved too and lists the method under the
	// relationship.
	SourceKeyDocument MethodSource = "keyDocument"
	// SourceMultibaseFragment: the key was read from the URL's own
	// fragment (the 1EdTech convention) and the controller is the URL
	// before "#". No document vouches for the pair: see
	// RetrieverOptions.UnsafeKeyFromFragment.
	SourceMultibaseFragment MethodSource = "multibaseFragment"
	// SourceJWKDocument: an https URL served a bare JWK, or a JWK Set from
	// which the fragment (or the set's only key) picked one. A JWK names no
	// controller, so Controller is the URL before "#" and no relationship
	// is checked: the caller decides what binds such a key to an issuer
	// (proof's JWT verifier requires the issuer's own https origin).
	SourceJWKDocument MethodSource = "jwkDocument"
)

// Method is a verification method as a Retriever established it: the key a
// proof is checked with and the controller the key belongs to, which the
// caller compares with the credential's issuer.
type Method struct {
	// ID is the absolute URL of the method, as the proof named it.
	ID string `json:"id"`
	// Type is the method type ("Multikey", "JsonWebKey2020", ...).
	Type string `json:"type"`
	// Controller is the absolute identifier of the key's controller: the
	// DID, or the URL of the controller document.
	Controller string `json:"controller"`
	// Relationship is the relationship the method was checked against
	// (unchecked for SourceMultibaseFragment).
	Relationship Relationship `json:"relationship"`
	// Source tells how the method was established.
	Source MethodSource `json:"source"`
	// PublicKey is the decoded key, of the types DecodeMultikey returns.
	// Treat it as read-only: a Retriever may return it again.
	PublicKey crypto.PublicKey `json:"-"`
	// VerificationMethod is the method entry the key came from (nil for
	// SourceMultibaseFragment). Treat it as read-only.
	VerificationMethod *VerificationMethod `json:"-"`
}

// RetrieverOptions configures a Retriever.
type RetrieverOptions struct {
	// Resolver resolves the DIDs of DID URLs. Without one, DID URLs fail
	// with methodNotSupported. When it is this package's did:key resolver
	// (a KeyResolver, alone or in a MultiResolver), the did:key methods
	// retrieved are kept (see Retriever); any other Resolver is asked for
	// every retrieval.
	Resolver Resolver
	// HTTPClient, when set, lets the Retriever fetch HTTPS controller and
	// key documents. Nil (the default) means no fetching: an HTTPS method
	// URL can then only be used through UnsafeKeyFromFragment.
	HTTPClient *http.Client
	// HTTP sets the rules of those fetches; they are the same as did:web's
	// (https only, no IP addresses, size limit, timeout, redirects, cache).
	HTTP HTTPOptions
	// AllowKeyURLPrefixes, when not empty, restricts the HTTPS documents
	// fetched to URLs that start with one of these prefixes (each an
	// absolute http(s) URL; end it with "/" to allow a directory). The
	// hosts of these URLs may be non-public (see HTTPOptions.AllowHosts):
	// naming them allows them.
	AllowKeyURLPrefixes []string
	// UnsafeKeyFromFragment accepts the 1EdTech convention, in which the
	// fragment of an http(s) or URN method URL is itself a
	// publicKeyMultibase ("https://example.edu/issuers/565049#z6Mk...",
	// "urn:uuid:...#z6Mk..."), and reports the URL before "#" as the
	// controller. For an http(s) URL it is used only when no fetched
	// document defines the method: fetching is off, the fetch fails, or the
	// document does not have the method.
	//
	// It is unsafe because nothing binds the key to the controller: anyone
	// can write a URL naming any issuer with a key of their own, so a
	// credential verified this way proves only that someone holding the key
	// signed it. The 1EdTech validator and the OB 3.0 example credentials
	// rely on it; enable it for conformance, and present results whose
	// Source is SourceMultibaseFragment as unverified issuer identity.
	UnsafeKeyFromFragment bool
}

// Retriever turns the verification method URL a proof names into a public
// key and its controller. It handles DID URLs (resolved with the
// configured Resolver), HTTPS controller documents and single verification
// method documents (when an HTTPClient is configured), and optionally the
// 1EdTech multibase-fragment convention. It is configured once by
// NewRetriever and safe for concurrent use.
//
// When its Resolver is this package's (a KeyResolver, alone or in a
// MultiResolver), a did:key method is retrieved once and then served from
// a small cache: that resolver derives the document from the DID alone,
// looking nothing up. A Resolver of another kind is asked every time.
type Retriever struct {
	resolver   Resolver
	f          *fetcher
	prefixes   []string
	unsafeFrag bool
	keys       *methodCache // did:key methods retrieved, shared by the copies of r
}

// keyDocumentTypes are the media types an HTTPS controller or key document
// may be served as.
var keyDocumentTypes = []string{
	"application/json", "application/ld+json", "application/did+json", "application/did+ld+json",
	"application/cid", "application/cid+json",
}

// NewRetriever checks opts and returns a Retriever.
func NewRetriever(opts RetrieverOptions) (*Retriever, error) {
	r := &Retriever{resolver: opts.Resolver, unsafeFrag: opts.UnsafeKeyFromFragment}
	if p, ok := opts.Resolver.(pureResolver); ok && p.pureFor("key") {
		r.keys = &methodCache{}
	}
	if opts.HTTPClient != nil {
		hopts := opts.HTTP
		// The hosts of the key URL allowlist may be internal: naming them
		// allows it.
		hopts.AllowHosts = append(slices.Clone(hopts.AllowHosts), httpfetch.HostsOf(opts.AllowKeyURLPrefixes)...)
		f, err := newFetcher(opts.HTTPClient, hopts, "application/ld+json, application/did+json;q=0.9, application/json;q=0.8", keyDocumentTypes)
		if err != nil {
			return nil, fmt.Errorf("did: NewRetriever: %w", err)
		}
		r.f = f
	} else if len(opts.AllowKeyURLPrefixes) > 0 {
		return nil, errors.New("did: NewRetriever: AllowKeyURLPrefixes without an HTTPClient")
	}
	for _, p := range opts.AllowKeyURLPrefixes {
		u, err := url.Parse(p)
		if err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" || u.Fragment != "" || u.RawQuery != "" {
			return nil, fmt.Errorf("did: NewRetriever: AllowKeyURLPrefixes entry %q is not an absolute http(s) URL", p)
		}
		r.prefixes = append(r.prefixes, p)
	}
	return r, nil
}

// WithUnsafeKeyFromFragment returns a Retriever like r (the same resolver,
// fetcher and cache) whose RetrieverOptions.UnsafeKeyFromFragment is on.
// A verifier uses it for the calls whose policy accepts the 1EdTech
// convention, while r keeps refusing it.
func (r *Retriever) WithUnsafeKeyFromFragment() *Retriever {
	c := *r
	c.unsafeFrag = true
	return &c
}

// Retrieve returns the method methodURL names, with its key and
// controller, after checking that the controller's document lists it under
// rel (required). methodURL is one of:
//   - a DID URL ("did:key:z6Mk...#z6Mk...", "did:web:example.com#key-0"):
//     the DID is resolved and the fragment dereferenced (see
//     Document.MethodFor);
//   - an http(s) URL. The URL before "#" is fetched. A controller document
//     (its id equal to that URL) must define the method and list it under
//     rel. A single verification method document (its id equal to
//     methodURL, with publicKeyMultibase or publicKeyJwk) must name its
//     controller, whose document (a DID, or an http(s) controller document)
//     is then retrieved and must list methodURL under rel: a key document
//     alone cannot say who it belongs to. A bare JWK, or a JWK Set with the
//     key whose "kid" is the fragment (or its only key), is returned with
//     Source SourceJWKDocument and the URL before "#" as Controller, and no
//     relationship checked: binding it to an issuer is the caller's rule.
//
// With UnsafeKeyFromFragment, an http(s) URL whose fragment decodes as a
// Multikey is used as described there when no fetched document defines it.
//
// Errors are *ResolutionError values (notFound for a method the document
// lacks, invalidDidDocument for a document or method that breaks the rules,
// the key codes of PublicKeyErrorCode for bad keys), or a
// *RelationshipError when the method exists but is not listed under rel.
func (r *Retriever) Retrieve(ctx context.Context, methodURL string, rel Relationship) (*Method, error) {
	if !isRelationship(rel) {
		return nil, fmt.Errorf("did: Retrieve: %q is not a verification relationship", rel)
	}
	switch {
	case strings.HasPrefix(methodURL, "did:key:"):
		if m := r.keys.get(methodURL, rel); m != nil && ctx.Err() == nil {
			return m, nil
		}
		m, err := r.retrieveDID(ctx, methodURL, rel)
		if err == nil {
			r.keys.put(methodURL, rel, m)
		}
		return m, err
	case strings.HasPrefix(methodURL, "did:"):
		return r.retrieveDID(ctx, methodURL, rel)
	case strings.HasPrefix(methodURL, "https://") || strings.HasPrefix(methodURL, "http://"):
		return r.retrieveHTTP(ctx, methodURL, rel)
	case r.unsafeFrag && strings.HasPrefix(methodURL, "urn:"):
		// The convention on a URN issuer: nothing can be fetched, so the
		// fragment is the only place the key can come from.
		if controller, frag, ok := strings.Cut(methodURL, "#"); ok && frag != "" {
			if pub, err := DecodeMultikey(frag); err == nil {
				return fragmentMethod(methodURL, controller, rel, pub), nil
			}
		}
		return nil, &ResolutionError{Code: CodeInvalidDIDURL, DID: methodURL, Detail: "a URN names a key only by a multibase fragment (the 1EdTech convention)"}
	}
	return nil, &ResolutionError{Code: CodeInvalidDIDURL, DID: methodURL, Detail: "not a DID URL or an http(s) URL"}
}

// didRetrieved, when set (by tests), is told of every DID URL retrieveDID
// resolves.
var didRetrieved func(methodURL string)

func (r *Retriever) retrieveDID(ctx context.Context, methodURL string, rel Relationship) (*Method, error) {
	if didRetrieved != nil {
		didRetrieved(methodURL)
	}
	if r.resolver == nil {
		return nil, &ResolutionError{Code: CodeMethodNotSupported, DID: methodURL, Detail: "the retriever has no DID resolver"}
	}
	vmURL := methodURL
	if u, err := ParseDIDURL(methodURL); err == nil {
		vmURL = keyOfBareDID(u, methodURL)
	}
	vm, doc, err := Dereference(ctx, r.resolver, vmURL)
	if err != nil {
		return nil, err
	}
	if !doc.Authorizes(vmURL, rel) {
		return nil, &RelationshipError{Method: methodURL, Relationship: rel}
	}
	return newMethod(methodURL, doc.ID, rel, SourceDIDDocument, vm)
}

// keyOfBareDID returns the verification method URL that a bare DID (no
// path, query or fragment) stands for when its method derives the
// document from one key: did:key (the method whose fragment is the DID's
// multibase key) and did:jwk ("#0"). Issuers in the wild name such a key
// by the DID alone. Any other URL is returned as it is.
func keyOfBareDID(u *DIDURL, methodURL string) string {
	if u.Path != "" || u.HasQuery || u.HasFragment {
		return methodURL
	}
	switch {
	case strings.HasPrefix(u.DID, "did:key:"):
		return u.DID + "#" + strings.TrimPrefix(u.DID, "did:key:")
	case strings.HasPrefix(u.DID, "did:jwk:"):
		return u.DID + "#0"
	}
	return methodURL
}

// newMethod decodes vm's key into a Method.
func newMethod(id, controller string, rel Relationship, src MethodSource, vm *VerificationMethod) (*Method, error) {
	pub, err := vm.PublicKey()
	if err != nil {
		return nil, &ResolutionError{Code: PublicKeyErrorCode(err), DID: id, Err: err}
	}
	return &Method{ID: id, Type: vm.Type, Controller: controller, Relationship: rel, Source: src, PublicKey: pub, VerificationMethod: vm}, nil
}

func (r *Retriever) retrieveHTTP(ctx context.Context, methodURL string, rel Relationship) (*Method, error) {
	u, err := url.Parse(methodURL)
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" {
		return nil, &ResolutionError{Code: CodeInvalidDIDURL, DID: methodURL, Detail: "not an absolute http(s) URL"}
	}
	docURL, frag, _ := strings.Cut(methodURL, "#")
	var fragKey crypto.PublicKey
	if r.unsafeFrag && frag != "" {
		fragKey, _ = DecodeMultikey(frag) // only base58btc text decodes
	}
	if r.f == nil {
		if fragKey != nil {
			return fragmentMethod(methodURL, docURL, rel, fragKey), nil
		}
		return nil, &ResolutionError{Code: CodeFetchingDisabled, DID: methodURL, Detail: fetchingOff("the key document", "RetrieverOptions.HTTPClient")}
	}
	m, defined, err := r.fetchMethod(ctx, methodURL, docURL, rel)
	if err != nil && !defined && fragKey != nil {
		return fragmentMethod(methodURL, docURL, rel, fragKey), nil
	}
	return m, err
}

// jwkMethod returns the key of a bare JWK document.
func jwkMethod(methodURL, docURL string, rel Relationship, jwk []byte) (*Method, error) {
	pub, err := ParsePublicJWK(jwk)
	if err != nil {
		return nil, &ResolutionError{Code: PublicKeyErrorCode(err), DID: methodURL, Err: err}
	}
	return &Method{ID: methodURL, Type: "JsonWebKey", Controller: docURL, Relationship: rel, Source: SourceJWKDocument, PublicKey: pub}, nil
}

// jwkSetMethod picks from a JWK Set ({"keys": [...]}) the key whose "kid"
// is the URL's fragment, or the only key when the URL has no fragment.
func jwkSetMethod(methodURL, docURL string, rel Relationship, keys json.RawMessage) (*Method, error) {
	var set []json.RawMessage
	if err := json.Unmarshal(keys, &set); err != nil {
		return nil, &ResolutionError{Code: CodeInvalidDIDDocument, DID: methodURL, Detail: `"keys" is not an array of JWKs`}
	}
	_, frag, hasFrag := strings.Cut(methodURL, "#")
	var pick json.RawMessage
	for _, k := range set {
		var hdr struct {
			Kid string `json:"kid"`
		}
		json.Unmarshal(k, &hdr)
		switch {
		case !hasFrag && len(set) == 1, hasFrag && hdr.Kid == frag:
			if pick != nil {
				return nil, &ResolutionError{Code: CodeInvalidDIDDocument, DID: methodURL, Detail: "two keys of the JWK Set have that kid"}
			}
			pick = k
		}
	}
	if pick == nil {
		return nil, &ResolutionError{Code: CodeNotFound, DID: methodURL, Detail: "no key of the JWK Set has that kid"}
	}
	return jwkMethod(methodURL, docURL, rel, pick)
}

func fragmentMethod(methodURL, controller string, rel Relationship, pub crypto.PublicKey) *Method {
	return &Method{ID: methodURL, Type: "Multikey", Controller: controller, Relationship: rel, Source: SourceMultibaseFragment, PublicKey: pub}
}

// allowedURL applies AllowKeyURLPrefixes.
func (r *Retriever) allowedURL(u string) bool {
	return len(r.prefixes) == 0 || httpfetch.InPrefixes(u, r.prefixes)
}

// getJSON fetches an http(s) document under the fetch rules and the prefix
// allowlist.
func (r *Retriever) getJSON(ctx context.Context, id, docURL string) (map[string]json.RawMessage, []byte, error) {
	if !r.allowedURL(docURL) {
		return nil, nil, &ResolutionError{Code: CodeInvalidDIDURL, DID: id, Detail: docURL + " is not under an allowed prefix", Err: ErrURLNotAllowed}
	}
	resp, err := r.f.get(ctx, id, docURL)
	if err != nil {
		return nil, nil, err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(resp.body, &members); err != nil {
		return nil, nil, &ResolutionError{Code: CodeInvalidDIDDocument, DID: id, Detail: docURL + " is not a JSON object", Err: err}
	}
	return members, resp.body, nil
}

func (r *Retriever) fetchMethod(ctx context.Context, methodURL, docURL string, rel Relationship) (m *Method, defined bool, err error) {
	members, body, err := r.getJSON(ctx, methodURL, docURL)
	if err != nil {
		return nil, false, err
	}
	_, hasMB := members["publicKeyMultibase"]
	_, hasJWK := members["publicKeyJwk"]
	_, hasKty := members["kty"]
	switch {
	case hasMB || hasJWK:
		m, err := r.keyDocument(ctx, methodURL, body, rel)
		return m, true, err
	case hasKty:
		m, err := jwkMethod(methodURL, docURL, rel, body)
		return m, true, err
	case members["keys"] != nil && members["id"] == nil:
		m, err := jwkSetMethod(methodURL, docURL, rel, members["keys"])
		return m, true, err
	}
	doc, err := ParseDocument(body)
	if err != nil {
		return nil, false, &ResolutionError{Code: CodeInvalidDIDDocument, DID: methodURL, Err: err}
	}
	if doc.ID != docURL {
		return nil, false, resolutionErrorf(CodeInvalidDIDDocument, methodURL, nil, "controller document id %q is not its URL %q", doc.ID, docURL)
	}
	vm, err := doc.Method(methodURL)
	if err != nil {
		return nil, !errors.Is(err, ErrNotFound), err
	}
	if !doc.Authorizes(methodURL, rel) {
		return nil, true, &RelationshipError{Method: methodURL, Relationship: rel}
	}
	m, err = newMethod(methodURL, doc.ID, rel, SourceControllerDocument, vm)
	return m, true, err
}

// keyDocument handles a fetched single verification method document. Its
// controller's document must list the method under rel.
func (r *Retriever) keyDocument(ctx context.Context, methodURL string, body []byte, rel Relationship) (*Method, error) {
	vm := new(VerificationMethod)
	if err := vm.UnmarshalJSON(body); err != nil {
		return nil, &ResolutionError{Code: CodeInvalidDIDDocument, DID: methodURL, Err: err}
	}
	if vm.ID != methodURL {
		return nil, resolutionErrorf(CodeInvalidDIDDocument, methodURL, nil, "key document id %q is not the method URL", vm.ID)
	}
	ctrl := vm.Controller
	if ctrl == "" || strings.Contains(ctrl, "#") {
		return nil, resolutionErrorf(CodeInvalidDIDDocument, methodURL, nil, "key document controller %q is not an absolute identifier", ctrl)
	}
	ctrlDoc, err := r.controllerDocument(ctx, ctrl)
	if err != nil {
		return nil, err
	}
	if !ctrlDoc.Authorizes(methodURL, rel) {
		return nil, &RelationshipError{Method: methodURL, Relationship: rel}
	}
	// If the controller document also defines the method, the two must
	// agree on the key.
	if other, err := ctrlDoc.Method(methodURL); err == nil {
		a, errA := vm.PublicKey()
		b, errB := other.PublicKey()
		if errA != nil || errB != nil || !publicKeysEqual(a, b) {
			return nil, resolutionErrorf(CodeInvalidDIDDocument, methodURL, nil, "the key document and the controller document disagree on the key")
		}
	}
	return newMethod(methodURL, ctrl, rel, SourceKeyDocument, vm)
}

// controllerDocument retrieves the document of a key document's
// controller: a DID through the Resolver, an http(s) URL by fetching.
func (r *Retriever) controllerDocument(ctx context.Context, ctrl string) (*Document, error) {
	if strings.HasPrefix(ctrl, "did:") {
		if r.resolver == nil {
			return nil, &ResolutionError{Code: CodeMethodNotSupported, DID: ctrl, Detail: "the retriever has no DID resolver"}
		}
		res, err := r.resolver.Resolve(ctx, ctrl)
		if err != nil {
			return nil, err
		}
		if res == nil || res.Document == nil || res.Document.ID != ctrl {
			return nil, &ResolutionError{Code: CodeInvalidDIDDocument, DID: ctrl, Detail: "resolver returned a document for another id"}
		}
		return res.Document, nil
	}
	if !strings.HasPrefix(ctrl, "https://") && !strings.HasPrefix(ctrl, "http://") {
		return nil, resolutionErrorf(CodeInvalidDIDDocument, ctrl, nil, "key document controller is neither a DID nor an http(s) URL")
	}
	_, body, err := r.getJSON(ctx, ctrl, ctrl)
	if err != nil {
		return nil, err
	}
	doc, err := ParseDocument(body)
	if err != nil {
		return nil, &ResolutionError{Code: CodeInvalidDIDDocument, DID: ctrl, Err: err}
	}
	if doc.ID != ctrl {
		return nil, resolutionErrorf(CodeInvalidDIDDocument, ctrl, nil, "controller document id %q is not its URL", doc.ID)
	}
	return doc, nil
}

// methodCache keeps the did:key methods a Retriever has retrieved, by
// method URL and relationship; when full, it starts again empty. A nil
// cache keeps nothing.
type methodCache struct {
	mu sync.RWMutex
	m  map[methodKey]*Method
}

type methodKey struct {
	url string
	rel Relationship
}

// maxCachedMethods bounds a methodCache: a verifier meets a few issuers'
// keys again and again, and an attacker's stream of fresh keys must not
// grow memory.
const maxCachedMethods = 1024

// get returns a copy of the method cached for url and rel, or nil.
func (c *methodCache) get(url string, rel Relationship) *Method {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	m := c.m[methodKey{url, rel}]
	c.mu.RUnlock()
	if m == nil {
		return nil
	}
	return m.copy()
}

// put caches a copy of m for url and rel.
func (c *methodCache) put(url string, rel Relationship, m *Method) {
	if c == nil {
		return
	}
	cp := m.copy()
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCachedMethods {
		c.m = make(map[methodKey]*Method)
	}
	c.m[methodKey{url, rel}] = cp
	c.mu.Unlock()
}

// copy returns a copy of m that shares nothing a caller might change with
// it: the key bytes and the verification method entry are copied too.
func (m *Method) copy() *Method {
	cp := *m
	switch k := m.PublicKey.(type) {
	case ed25519.PublicKey:
		cp.PublicKey = slices.Clone(k)
	case *ecdsa.PublicKey:
		if b, err := k.Bytes(); err == nil {
			if c, err := ecdsa.ParseUncompressedPublicKey(k.Curve, b); err == nil {
				cp.PublicKey = c
			}
		}
	}
	if m.VerificationMethod != nil {
		vm := *m.VerificationMethod
		vm.PublicKeyJwk = slices.Clone(vm.PublicKeyJwk)
		if vm.Extra != nil {
			vm.Extra = make(map[string]json.RawMessage, len(m.VerificationMethod.Extra))
			for k, v := range m.VerificationMethod.Extra {
				vm.Extra[k] = slices.Clone(v)
			}
		}
		cp.VerificationMethod = &vm
	}
	return &cp
}

// pureResolver is implemented by this package's resolvers whose answer
// for a DID of some methods depends on nothing but the DID.
type pureResolver interface {
	// pureFor reports whether resolving a DID of method (its name, "key")
	// depends on nothing but the DID.
	pureFor(method string) bool
}

func (*KeyResolver) pureFor(method string) bool { return method == "key" }

func (m *MultiResolver) pureFor(method string) bool {
	p, ok := m.methods[method].(pureResolver)
	return ok && p.pureFor(method)
}
