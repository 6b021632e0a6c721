package jsonld

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/clrkit/clrkit/internal/jsonptr"
)

// state is the per-call state of Expand and ToRDF: the caller's context,
// the JSON pointer to the member being processed, and the counters that
// enforce the limits.
type state struct {
	p           *Processor
	ctx         context.Context
	path        []seg
	depth       int
	remoteCount int
	terms       int // term definitions created (MaxTermDefinitions)
	ticks       int
	forRDF      bool // safe-mode checks that only matter for RDF output
	// asSet is set when the statements are written as a set (setWriter):
	// Value Expansion may then make a litObj instead of a map.
	asSet  bool
	lits   []litObj // the block newLit takes value objects from
	keyBuf []string
	// scr is where path and keyBuf came from, and go back to (release).
	scr *scratch
	// memo holds the context transitions of this call that cannot be
	// memoized on the processor's shared contexts (see memoized).
	memo map[callMemoKey]*activeContext

	// dialect is the RDF step's dialect (see Dialect).
	dialect Dialect
	// constructs are the values found so far that the dialects turn into
	// different RDF (see Construct).
	constructs []Construct
	// origins maps each value object to its JSON pointer, for the
	// constructs only node map generation and the RDF step can find; nil
	// unless the caller asked for them.
	origins map[unsafe.Pointer]string
	// revertedCopies are the copies of reverted-to contexts with jsonld.js's
	// default base direction dropped (see reverted).
	revertedCopies map[*activeContext]*activeContext
	// suspect is set when a property holds two values that jsonld.js may
	// compare otherwise than their RDF terms (see nodeMap.addUnique).
	suspect bool
}

// scratch holds the stacks of a call's state, the JSON pointer and the
// sorted keys, for the next call: they grow to about the same size on
// every credential.
type scratch struct {
	path []seg
	keys []string
	// lits is the first block of value objects (see newLit): they are done
	// with when the call returns, the statements having been written.
	lits []litObj
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{path: make([]seg, 0, 16), keys: make([]string, 0, 64), lits: make([]litObj, 0, 64)}
}}

// maxScratch bounds the stacks kept for the next call.
const maxScratch = 1024

// newState returns the state of a call of p, with stacks from the pool.
func newState(p *Processor, ctx context.Context) *state {
	scr := scratchPool.Get().(*scratch)
	return &state{p: p, ctx: ctx, path: scr.path[:0], keyBuf: scr.keys[:0], lits: scr.lits[:0], scr: scr}
}

// release hands the stacks back to the pool, without the strings they
// held, which belong to the document. s is not used afterwards.
func (s *state) release() {
	scr := s.scr
	if scr == nil || cap(s.path) > maxScratch || cap(s.keyBuf) > maxScratch {
		return
	}
	clear(s.path[:cap(s.path)])
	clear(s.keyBuf[:cap(s.keyBuf)])
	clear(scr.lits[:cap(scr.lits)]) // the values belong to the document
	scr.path, scr.keys = s.path[:0], s.keyBuf[:0]
	s.scr, s.path, s.keyBuf, s.lits = nil, nil, nil, nil
	scratchPool.Put(scr)
}

// seg is one JSON pointer segment: a member name, or an array index when
// idx >= 0.
type seg struct {
	key string
	idx int
}

func (s *state) pushKey(k string) { s.path = append(s.path, seg{key: k, idx: -1}) }
func (s *state) pushIdx(i int)    { s.path = append(s.path, seg{idx: i}) }
func (s *state) pop()             { s.path = s.path[:len(s.path)-1] }

// pointer renders the current path as an RFC 6901 JSON pointer.
func (s *state) pointer() string {
	var b strings.Builder
	for _, sg := range s.path {
		b.WriteByte('/')
		if sg.idx >= 0 {
			b.WriteString(strconv.Itoa(sg.idx))
		} else {
			b.WriteString(jsonptr.Token(sg.key))
		}
	}
	return b.String()
}

func (s *state) errf(code, detail string) *Error {
	return &Error{Code: code, Path: s.pointer(), Detail: detail}
}

// checkCanceled polls the caller's context every few calls.
func (s *state) checkCanceled() error {
	s.ticks++
	if s.ticks&63 != 0 {
		return nil
	}
	if err := s.ctx.Err(); err != nil {
		return &Error{Code: CodeCanceled, Path: s.pointer(), Err: err}
	}
	return nil
}

func (s *state) wrapLoadErr(err error, url string) error {
	if e, ok := err.(*Error); ok {
		return e
	}
	if s.ctx.Err() != nil {
		return &Error{Code: CodeCanceled, Path: s.pointer(), Err: err}
	}
	return &Error{Code: CodeLoadingRemoteContextFailed, Path: s.pointer(), Detail: quoteDetail("context", url), Err: err}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// sortedKeys returns m's keys in order, in scratch space shared by the
// whole call: the keys stay valid until the caller hands mark back to
// releaseKeys. Nested calls only append past the caller's keys, so a
// caller's slice is never overwritten, even when the buffer is reallocated.
func (s *state) sortedKeys(m map[string]any) (keys []string, mark int) {
	mark = len(s.keyBuf)
	for k := range m {
		s.keyBuf = append(s.keyBuf, k)
	}
	keys = s.keyBuf[mark:len(s.keyBuf):len(s.keyBuf)]
	slices.Sort(keys)
	return keys, mark
}

// releaseKeys frees the scratch space taken since mark.
func (s *state) releaseKeys(mark int) { s.keyBuf = s.keyBuf[:mark] }

// expandIRI is the IRI Expansion algorithm (JSON-LD 1.1 API section 5.2).
// ok is false when the value expands to null. tb is non-nil while a local
// context is being processed, so that terms it defines are created on
// demand.
func (s *state) expandIRI(active *activeContext, value string, vocab, docRel bool, tb *termBuilder) (string, bool, error) {
	if isKeyword(value) {
		return value, true, nil
	}
	if hasKeywordForm(value) {
		return "", false, nil
	}
	if tb != nil {
		if _, ok := tb.local[value]; ok && !tb.defined[value] {
			if err := tb.define(value); err != nil {
				return "", false, err
			}
		}
	}
	td := active.term(value)
	hasTerm := td != nil
	if hasTerm && !td.null && isKeyword(td.iri) {
		return td.iri, true, nil
	}
	if vocab && hasTerm {
		if td.null {
			return "", false, nil
		}
		return td.iri, true, nil
	}
	if c := strings.IndexByte(value, ':'); c > 0 {
		prefix, suffix := value[:c], value[c+1:]
		if prefix == "_" || strings.HasPrefix(suffix, "//") {
			return value, true, nil
		}
		if tb != nil {
			if _, ok := tb.local[prefix]; ok && !tb.defined[prefix] {
				if err := tb.define(prefix); err != nil {
					return "", false, err
				}
			}
		}
		pd := active.term(prefix)
		if pd != nil && pd.prefix != pd.jsPrefix || isAbsoluteIRI(value) != jsAbsoluteIRI(value) {
			s.noteIRIForm(active, pd, value, suffix, vocab, docRel)
		}
		if r, ok := colonIRI(pd, value, suffix, s.dialect); ok {
			return r, true, nil
		}
	}
	if vocab && active.hasVocab {
		return active.vocab + value, true, nil
	}
	if docRel {
		return resolveIRI(active.base, value), true, nil
	}
	return value, true, nil
}
