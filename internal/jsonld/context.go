package jsonld

import (
	"maps"
	"strings"
	"sync"
	"sync/atomic"
)

// activeContext is a processed JSON-LD context. Once built it is never
// modified (apart from its memo, which is guarded), so contexts reached from
// remote documents are shared between calls and goroutines.
type activeContext struct {
	// terms are the term definitions, a persistent map: deriving a
	// context shares them with its origin.
	terms        termMap
	base         string // base IRI; "" means none
	originalBase string
	vocab        string
	hasVocab     bool
	lang         string
	hasLang      bool
	dir          string
	hasDir       bool
	// jsDir and jsHasDir shadow dir and hasDir as jsonld.js keeps them: it
	// copies a context before applying each context object, or reverting
	// to a previous one, and its copies lose the default base direction.
	jsDir    string
	jsHasDir bool
	previous *activeContext // context to revert to for non-propagated (type-scoped) contexts
	mode10   bool           // processing mode json-ld-1.0

	// shared is true when the context was derived only from remote
	// documents and memoized transitions, starting at the processor's
	// initial context: it then lives as long as the processor and may carry
	// a memo.
	shared bool
	// memo maps transitions to their results. Readers load it without a
	// lock, as every verification on every core reads it; memoPut, rare
	// once the contexts a verifier meets are known, copies it under memoMu.
	memoMu sync.Mutex
	memo   atomic.Pointer[map[memoKey]*activeContext]

	// edit is set while the context is being built (processContextSlow),
	// so that its terms change in place; nil once it is finished.
	edit *tmEdit

	// lookups caches, for a finished shared context (read by every
	// document the processor meets), the trie slots of the terms looked
	// up, by hash: one load and a comparison instead of a walk down the
	// trie. Made on first use.
	lookups atomic.Pointer[termCache]
}

// termCacheSize is the number of slots of a termCache.
const termCacheSize = 256

// termCache is a direct-mapped cache of trie slots by key hash. Slots of a
// finished map never change, so a cached pointer stays right for as long
// as its context lives; a collision only replaces it.
type termCache [termCacheSize]atomic.Pointer[tmSlot]

// memoKey identifies "apply this local context to this active context".
type memoKey struct {
	td        *termDef // owner of a scoped context, or nil
	urls      string   // resolved URLs of a remote-only context list
	override  bool     // override protected
	propagate bool
	// validating marks the transitions of a scoped context's validation
	// (Create Term Definition step 21.3), which may stop at a context
	// already being processed instead of failing: never the same result.
	validating bool
	// dialect: jsonld.js may read @propagate where the specs do not.
	dialect Dialect
}

// maxMemo bounds each context's memo so that hostile inputs cannot grow it
// without limit.
const maxMemo = 512

func (c *activeContext) memoGet(k memoKey) *activeContext {
	if m := c.memo.Load(); m != nil {
		return (*m)[k]
	}
	return nil
}

func (c *activeContext) memoPut(k memoKey, r *activeContext) {
	c.memoMu.Lock()
	defer c.memoMu.Unlock()
	var old map[memoKey]*activeContext
	if m := c.memo.Load(); m != nil {
		old = *m
	}
	if len(old) >= maxMemo || old[k] != nil {
		return
	}
	m := make(map[memoKey]*activeContext, len(old)+1)
	maps.Copy(m, old)
	m[k] = r
	c.memo.Store(&m)
}

// clone returns a context with c's settings and terms and no memo, to be
// modified while it is being built. The terms are shared, not copied.
func (c *activeContext) clone() *activeContext {
	return &activeContext{
		terms: c.terms,
		base:  c.base, originalBase: c.originalBase,
		vocab: c.vocab, hasVocab: c.hasVocab,
		lang: c.lang, hasLang: c.hasLang,
		dir: c.dir, hasDir: c.hasDir,
		jsDir: c.jsDir, jsHasDir: c.jsHasDir,
		previous: c.previous, mode10: c.mode10, shared: c.shared,
	}
}

// term returns the definition of key, or nil.
func (c *activeContext) term(key string) *termDef {
	td, _ := c.get(key)
	return td
}

// get returns the definition of key and whether c has one.
func (c *activeContext) get(key string) (*termDef, bool) {
	if !c.shared || c.edit != nil {
		return c.terms.get(key)
	}
	h := tmHash(key)
	tc := c.lookups.Load()
	if tc == nil {
		tc = new(termCache)
		if !c.lookups.CompareAndSwap(nil, tc) {
			tc = c.lookups.Load()
		}
	}
	e := &tc[h%termCacheSize]
	if s := e.Load(); s != nil && s.key == key {
		return s.td, true
	}
	s := c.terms.root.findSlot(key, h, 0)
	if s == nil {
		return nil, false
	}
	e.Store(s)
	return s.td, true
}

// hasProtected reports whether any term definition is protected.
func (c *activeContext) hasProtected() bool { return c.terms.protected > 0 }

// ctxParams are the per-invocation parameters of the Context Processing
// algorithm (JSON-LD 1.1 API section 4.1.2).
type ctxParams struct {
	baseURL         string
	remote          []string // remote contexts included so far
	overrideProtect bool
	propagate       bool
	validateScoped  bool
	stable          bool // the local context comes from an immutable source
}

// processContext applies a local context to active and returns the new
// active context. Remote-only context lists are memoized: on the active
// context when it is shared, for the call otherwise.
func (s *state) processContext(active *activeContext, local any, prm ctxParams) (*activeContext, error) {
	urls, ok := s.remoteOnlyKey(local, prm.baseURL)
	if !ok {
		return s.processContextSlow(active, local, prm)
	}
	// A list of context URLs only depends on immutable remote documents,
	// so its result can be shared and memoized.
	prm.stable = true
	k := memoKey{urls: urls, override: prm.overrideProtect, propagate: prm.propagate, validating: !prm.validateScoped, dialect: s.dialect}
	return s.memoized(active, k, active.shared, func() (*activeContext, error) {
		return s.processContextSlow(active, local, prm)
	})
}

// applyScoped applies a term definition's scoped context, memoized by the
// term definition's identity: on the active context when both are shared,
// for the call otherwise.
func (s *state) applyScoped(active *activeContext, td *termDef, override, propagate bool) (*activeContext, error) {
	prm := ctxParams{baseURL: td.baseURL, overrideProtect: override, propagate: propagate, validateScoped: true, stable: td.shared}
	k := memoKey{td: td, override: override, propagate: propagate, dialect: s.dialect}
	return s.memoized(active, k, active.shared && td.shared, func() (*activeContext, error) {
		return s.processContextSlow(active, td.ctx, prm)
	})
}

// memoized returns the context that applying k to active gives, computing
// it with process on first use. Transitions between shared contexts are
// kept on active for the processor's life; others for this call only, so
// that the nodes of one type under one inline context apply its scoped
// context once, not once each.
func (s *state) memoized(active *activeContext, k memoKey, shared bool, process func() (*activeContext, error)) (*activeContext, error) {
	if shared {
		if r := active.memoGet(k); r != nil {
			return r, nil
		}
		r, err := process()
		if err == nil && r.shared {
			active.memoPut(k, r)
		}
		return r, err
	}
	ck := callMemoKey{active, k}
	if r := s.memo[ck]; r != nil {
		return r, nil
	}
	r, err := process()
	if err == nil {
		if s.memo == nil {
			s.memo = make(map[callMemoKey]*activeContext)
		}
		s.memo[ck] = r
	}
	return r, err
}

// callMemoKey identifies a context transition memoized for one call.
type callMemoKey struct {
	active *activeContext
	memoKey
}

// remoteOnlyKey returns the resolved URLs of a context that is a string or
// an array of strings, joined into a memo key.
func (s *state) remoteOnlyKey(local any, base string) (string, bool) {
	switch v := local.(type) {
	case string:
		return resolveIRI(base, v), true
	case []any:
		var b strings.Builder
		for _, it := range v {
			str, ok := it.(string)
			if !ok {
				return "", false
			}
			b.WriteString(resolveIRI(base, str))
			b.WriteByte(0)
		}
		return b.String(), true
	}
	return "", false
}

// processContextSlow is the Context Processing algorithm itself.
func (s *state) processContextSlow(active *activeContext, local any, prm ctxParams) (*activeContext, error) {
	// Only the validation of a scoped context (Create Term Definition, step
	// 21.3) runs with validateScoped false; its result is discarded.
	shared := active.shared && prm.stable && prm.validateScoped
	result := active.clone()
	result.shared = shared
	// result is built in place: its own terms change without copies (see
	// tmEdit) until the token is dropped on return. A context that
	// processRemoteContext returns is finished, and is cloned before a
	// local context changes it.
	result.edit = new(tmEdit)
	defer func() { result.edit = nil }()
	if m, ok := local.(map[string]any); ok {
		if v, ok := m["@propagate"]; ok {
			b, isBool := v.(bool)
			if !isBool {
				return nil, s.errf(CodeInvalidPropagateValue, "@propagate must be a boolean")
			}
			prm.propagate = b
		}
	} else if arr, ok := local.([]any); ok && len(arr) > 0 {
		// jsonld.js takes @propagate from the first context object of an
		// array too; the specs only from a lone context object. (A remote
		// context first in an array has its @propagate honoured by both:
		// the specs when processing it.)
		first, _ := arr[0].(map[string]any)
		if b, ok := first["@propagate"].(bool); ok && b != prm.propagate {
			s.noteContext(KindPropagate, "ignored", "applied")
			if s.dialect == DialectJSONLDJS {
				prm.propagate = b
			}
		}
	}
	if !prm.propagate && result.previous == nil {
		result.previous = active
	}
	list, isList := local.([]any)
	if !isList {
		list = []any{local}
	}
	for _, item := range list {
		if err := s.checkCanceled(); err != nil {
			return nil, err
		}
		switch ctx := item.(type) {
		case nil:
			if !prm.overrideProtect && result.hasProtected() {
				return nil, s.errf(CodeInvalidContextNullif, "cannot nullify a context with protected terms")
			}
			prev := result
			prev.edit = nil
			result = &activeContext{
				base: active.originalBase, originalBase: active.originalBase,
				mode10: active.mode10, shared: shared, edit: new(tmEdit),
			}
			if !prm.propagate {
				result.previous = prev
			}
		case string:
			result.edit = nil
			r, err := s.processRemoteContext(result, ctx, prm)
			if err != nil {
				return nil, err
			}
			result = r
		case map[string]any:
			// Like jsonld.js, an embedded context written as a context
			// document ({"@context": {...}}) stands for the object inside.
			// The W3C VC test suites send credentials written this way.
			if inner, ok := ctx["@context"]; ok {
				m, isMap := inner.(map[string]any)
				if !isMap {
					return nil, s.errf(CodeInvalidLocalContext, "an embedded context document's @context must be an object")
				}
				ctx = m
			}
			if result.edit == nil {
				result = result.clone()
				result.shared = result.shared && shared
				result.edit = new(tmEdit)
			}
			if err := s.processLocalMap(result, ctx, prm); err != nil {
				return nil, err
			}
		default:
			return nil, s.errf(CodeInvalidLocalContext, "a context must be null, a string or an object")
		}
	}
	return result, nil
}

// processRemoteContext dereferences a context IRI and processes it with its
// own URL as base URL.
func (s *state) processRemoteContext(result *activeContext, ref string, prm ctxParams) (*activeContext, error) {
	url := resolveIRI(prm.baseURL, ref)
	if !isAbsoluteIRI(url) {
		return nil, s.errf(CodeLoadingDocumentFailed, quoteDetail("context IRI is not absolute:", ref))
	}
	if !prm.validateScoped {
		for _, r := range prm.remote {
			if r == url {
				return result, nil
			}
		}
	}
	s.remoteCount++
	if len(prm.remote) >= s.p.maxContexts || s.remoteCount > s.p.maxContexts*8 {
		return nil, s.errf(CodeContextOverflow, quoteDetail("too many remote contexts, at", url))
	}
	doc, err := s.p.remoteContext(s.ctx, url)
	if err != nil {
		return nil, s.wrapLoadErr(err, url)
	}
	sub := ctxParams{
		baseURL: url, remote: append(prm.remote[:len(prm.remote):len(prm.remote)], url),
		overrideProtect: prm.overrideProtect, propagate: true, validateScoped: prm.validateScoped,
		stable: true,
	}
	return s.processContext(result, doc, sub)
}

// processLocalMap applies one context definition (a map) to result in place.
func (s *state) processLocalMap(result *activeContext, ctx map[string]any, prm ctxParams) error {
	// jsonld.js applies each context object to a copy, which has no
	// default base direction unless the object sets one.
	result.jsDir, result.jsHasDir = "", false
	if v, ok := ctx["@version"]; ok {
		if !isNumberValue(v, 1.1) {
			return s.errf(CodeInvalidVersionValue, "@version must be 1.1")
		}
		if result.mode10 {
			return s.errf(CodeProcessingModeConflict, "@version 1.1 in json-ld-1.0 mode")
		}
	}
	if v, ok := ctx["@import"]; ok {
		merged, err := s.importContext(result, ctx, v, prm)
		if err != nil {
			return err
		}
		ctx = merged
	}
	if v, ok := ctx["@base"]; ok && len(prm.remote) == 0 {
		if err := s.setBase(result, v); err != nil {
			return err
		}
	}
	if v, ok := ctx["@vocab"]; ok {
		if err := s.setVocab(result, v); err != nil {
			return err
		}
	}
	if v, ok := ctx["@language"]; ok {
		switch l := v.(type) {
		case nil:
			result.lang, result.hasLang = "", false
		case string:
			if s.p.opts.Safe && !isWellFormedLanguage(l) {
				return s.errf(CodeSafeDroppedValue, quoteDetail("ill-formed default language", l))
			}
			result.lang, result.hasLang = strings.ToLower(l), true
		default:
			return s.errf(CodeInvalidDefaultLanguage, "@language must be a string or null")
		}
	}
	if v, ok := ctx["@direction"]; ok {
		if result.mode10 {
			return s.errf(CodeInvalidContextEntry, "@direction in json-ld-1.0 mode")
		}
		switch d := v.(type) {
		case nil:
			result.dir, result.hasDir = "", false
		case string:
			if d != "ltr" && d != "rtl" {
				return s.errf(CodeInvalidBaseDirection, quoteDetail("direction", d))
			}
			result.dir, result.hasDir = d, true
			result.jsDir, result.jsHasDir = d, true
		default:
			return s.errf(CodeInvalidBaseDirection, "@direction must be a string or null")
		}
	}
	if v, ok := ctx["@propagate"]; ok {
		if result.mode10 {
			return s.errf(CodeInvalidContextEntry, "@propagate in json-ld-1.0 mode")
		}
		if _, ok := v.(bool); !ok {
			return s.errf(CodeInvalidPropagateValue, "@propagate must be a boolean")
		}
	}
	protected := false
	if v, ok := ctx["@protected"]; ok {
		b, ok := v.(bool)
		if !ok {
			return s.errf(CodeInvalidProtectedValue, "@protected must be a boolean")
		}
		protected = b
	}
	tb := &termBuilder{s: s, active: result, local: ctx, defined: make(map[string]bool, len(ctx)),
		baseURL: prm.baseURL, protected: protected, override: prm.overrideProtect, remote: prm.remote}
	for _, key := range sortedKeys(ctx) {
		switch key {
		case "@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab":
			continue
		}
		if err := tb.define(key); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) importContext(result *activeContext, ctx map[string]any, v any, prm ctxParams) (map[string]any, error) {
	if result.mode10 {
		return nil, s.errf(CodeInvalidContextEntry, "@import in json-ld-1.0 mode")
	}
	ref, ok := v.(string)
	if !ok {
		return nil, s.errf(CodeInvalidImportValue, "@import must be a string")
	}
	url := resolveIRI(prm.baseURL, ref)
	doc, err := s.p.remoteContext(s.ctx, url)
	if err != nil {
		return nil, s.wrapLoadErr(err, url)
	}
	imported, ok := doc.(map[string]any)
	if !ok {
		return nil, s.errf(CodeInvalidRemoteContext, quoteDetail("imported context is not an object:", url))
	}
	if _, ok := imported["@import"]; ok {
		return nil, s.errf(CodeInvalidContextEntry, quoteDetail("imported context contains @import:", url))
	}
	merged := make(map[string]any, len(imported)+len(ctx))
	for k, v := range imported {
		merged[k] = v
	}
	for k, v := range ctx {
		if k != "@import" {
			merged[k] = v
		}
	}
	return merged, nil
}

func (s *state) setBase(result *activeContext, v any) error {
	switch b := v.(type) {
	case nil:
		result.base = ""
	case string:
		switch {
		case isAbsoluteIRI(b):
			result.base = b
		case result.base != "":
			result.base = resolveIRI(result.base, b)
		case b == "":
		default:
			return s.errf(CodeInvalidBaseIRI, quoteDetail("relative @base without a base IRI:", b))
		}
	default:
		return s.errf(CodeInvalidBaseIRI, "@base must be a string or null")
	}
	return nil
}

func (s *state) setVocab(result *activeContext, v any) error {
	switch voc := v.(type) {
	case nil:
		result.vocab, result.hasVocab = "", false
	case string:
		if result.mode10 && !isAbsoluteIRI(voc) && !isBlankID(voc) {
			return s.errf(CodeInvalidVocabMapping, quoteDetail("relative @vocab in json-ld-1.0 mode:", voc))
		}
		iri, ok, err := s.expandIRI(result, voc, true, true, nil)
		if err != nil {
			return err
		}
		if !ok || isKeyword(iri) {
			return s.errf(CodeInvalidVocabMapping, quoteDetail("@vocab", voc))
		}
		if s.p.opts.Safe && !isAbsoluteIRI(iri) && !isBlankID(iri) {
			return s.errf(CodeSafeRelativeIRI, quoteDetail("@vocab", voc))
		}
		result.vocab, result.hasVocab = iri, true
	default:
		return s.errf(CodeInvalidVocabMapping, "@vocab must be a string or null")
	}
	return nil
}
