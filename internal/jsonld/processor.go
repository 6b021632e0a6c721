package jsonld

import (
	"context"
	"errors"
	"slices"
	"sync"
	"unsafe"

	"github.com/clrkit/clrkit/internal/rdf"
)

// Loader fetches remote documents (contexts) by absolute URL. The processor
// never fetches anything by itself: a Loader decides what may be loaded,
// typically from pinned, embedded copies. LoadDocument must be safe for
// concurrent use, and the returned bytes must not be modified afterwards.
type Loader interface {
	LoadDocument(ctx context.Context, url string) ([]byte, error)
}

// Options configures a Processor. The zero value is a JSON-LD 1.1 processor
// without a loader, base IRI or safe mode.
type Options struct {
	// Loader loads remote contexts. Nil means any remote context fails to
	// load.
	Loader Loader
	// Base is the document's base IRI; "" means none.
	Base string
	// ProcessingMode is "json-ld-1.1" (the default when empty) or
	// "json-ld-1.0".
	ProcessingMode string
	// Safe rejects, instead of silently dropping, anything that would lose
	// data or produce a relative or ill-formed IRI (see safe.go and the
	// CodeSafe... constants). Callers that sign or verify should set it.
	Safe bool
	// MaxDepth bounds the nesting of JSON objects and arrays
	// (0 means DefaultMaxDepth).
	MaxDepth int
	// MaxQuads bounds the number of quads ToRDF produces
	// (0 means DefaultMaxQuads).
	MaxQuads int
	// MaxContexts bounds the nesting of remote contexts (the spec's
	// "context overflow"); a document may dereference at most eight times
	// as many (0 means DefaultMaxContexts).
	MaxContexts int
	// MaxTermDefinitions bounds the term definitions one call creates
	// (0 means DefaultMaxTermDefinitions). Contexts a Processor has
	// processed before cost nothing; every other context costs its terms
	// each time it is applied to a new active context, and a document can
	// make the number of distinct applications grow faster than its size
	// (n node types whose scoped contexts apply in n² combinations).
	MaxTermDefinitions int
	// RDFDirection selects how ToRDF renders strings with a base direction:
	// "" (the direction is dropped), "i18n-datatype" or "compound-literal".
	RDFDirection string
	// ProduceGeneralizedRDF lets ToRDF emit blank node predicates.
	ProduceGeneralizedRDF bool
	// ExpandContext is a context applied before the document's own, as with
	// the expandContext option of the JSON-LD API: a context, or an object
	// with an @context entry.
	ExpandContext any
}

// remoteMaxDepth bounds the nesting of remote documents: the limit
// encoding/json applied before DecodeJSON had its own parser. MaxDepth is
// meant for the caller's input, not for the contexts a Loader vouches for.
const remoteMaxDepth = 10000

// Default limits used when the Options fields are zero.
const (
	DefaultMaxDepth    = 64
	DefaultMaxQuads    = 100_000
	DefaultMaxContexts = 32
	// DefaultMaxTermDefinitions is well under a second of context
	// processing on one core, and about 170 times what a presentation of a
	// CLR holding three OB credentials needs on a new Processor (1,185).
	DefaultMaxTermDefinitions = 200_000
)

// Processor expands JSON-LD documents and converts them to RDF. It caches
// processed remote contexts, and the results of applying them, for its
// whole life; it is safe for concurrent use.
type Processor struct {
	opts        Options
	maxDepth    int
	maxQuads    int
	maxContexts int
	maxTerms    int
	initial     *activeContext

	remoteMu sync.RWMutex
	remote   map[string]any // URL -> the document's @context value
}

// NewProcessor returns a Processor configured by opts.
func NewProcessor(opts Options) *Processor {
	p := &Processor{opts: opts, maxDepth: opts.MaxDepth, maxQuads: opts.MaxQuads,
		maxContexts: opts.MaxContexts, maxTerms: opts.MaxTermDefinitions, remote: map[string]any{}}
	if p.maxDepth <= 0 {
		p.maxDepth = DefaultMaxDepth
	}
	if p.maxQuads <= 0 {
		p.maxQuads = DefaultMaxQuads
	}
	if p.maxContexts <= 0 {
		p.maxContexts = DefaultMaxContexts
	}
	if p.maxTerms <= 0 {
		p.maxTerms = DefaultMaxTermDefinitions
	}
	p.initial = &activeContext{base: opts.Base, originalBase: opts.Base,
		mode10: opts.ProcessingMode == "json-ld-1.0", shared: true}
	return p
}

// Expand returns the expanded form of doc (JSON-LD 1.1 API, expand()).
// doc is a decoded JSON value as DecodeJSON or encoding/json return.
func (p *Processor) Expand(ctx context.Context, doc any) ([]any, error) {
	s := newState(p, ctx)
	defer s.release()
	return s.run(doc)
}

// ToRDF returns the RDF dataset of doc (JSON-LD 1.1 API, toRdf()). Blank
// nodes are labelled b0, b1, ... in the order node map generation issues
// them.
func (p *Processor) ToRDF(ctx context.Context, doc any) ([]rdf.Quad, error) {
	ds, err := p.ToDataset(ctx, doc, RDFOptions{})
	if err != nil {
		return nil, err
	}
	return ds.Quads, nil
}

// RDFOptions select the dialect of ToDataset and what it reports.
type RDFOptions struct {
	Dialect Dialect
	// Origins asks for Dataset.Origins and for the constructs that only
	// node map generation and the RDF step find (duplicate statements,
	// values merged by jsonld.js).
	Origins bool
	// Quads, when not nil, is a buffer Dataset.Quads is built in (from
	// length zero), so that a caller canonicalizing one document after
	// another can reuse it.
	Quads []rdf.Quad
	// AsSet tells ToDataset that the caller reads Dataset.Quads as a set,
	// as RDFC-1.0 does: in no particular order, a statement perhaps more
	// than once, with blank node labels issued in no particular order. In
	// the specs' dialect, in safe mode, without Origins and unless strings
	// with a direction become compound literals, ToDataset may
	// then write the statements straight from the expanded document
	// instead of generating a node map first (see setWriter). The set of
	// statements, Constructs, Suspect and every error are those of a call
	// without AsSet.
	AsSet bool
}

// Dataset is the RDF dataset of a document with what ToDataset found out
// about its dependence on the dialect.
type Dataset struct {
	// Quads are the statements. In the jsonld.js dialect they may repeat,
	// as jsonld.js hands rdf-canonize a list rather than a set.
	Quads []rdf.Quad
	// Origins holds, when asked for, the JSON pointer of the value behind
	// each quad's object, or "" when the object is not a value.
	Origins []string
	// Constructs are the values the two dialects turn into different RDF
	// that this call found: every number, string typed xsd:double and
	// default base direction, in either dialect; duplicate statements and
	// merged values only in the jsonld.js dialect with Origins.
	Constructs []Construct
	// Suspect is set when a property holds several values of which one may
	// compare otherwise in the other dialect (see sensitive): then only a
	// call in the jsonld.js dialect with Origins can tell whether they
	// make a difference.
	Suspect bool
	// bySet is set when the statements were written straight from the
	// expanded document (RDFOptions.AsSet).
	bySet bool
}

// ToDataset returns the RDF dataset of doc in the dialect o selects, with
// the constructs of doc that the dialects treat differently. Blank nodes
// are labelled b0, b1, ... in the order node map generation issues them
// (in no particular order with RDFOptions.AsSet).
func (p *Processor) ToDataset(ctx context.Context, doc any, o RDFOptions) (*Dataset, error) {
	s := newState(p, ctx)
	defer s.release()
	s.forRDF, s.dialect = true, o.Dialect
	if o.Origins {
		s.origins = make(map[unsafe.Pointer]string)
	}
	s.asSet = o.AsSet && o.Dialect == DialectSpec && !o.Origins && p.opts.Safe && p.opts.RDFDirection != "compound-literal"
	expanded, err := s.run(doc)
	if err != nil {
		return nil, err
	}
	s.path = s.path[:0]
	if s.asSet {
		w := &rdfWriter{s: s, quads: o.Quads[:0], checked: true}
		err := (&setWriter{w: w}).run(expanded)
		if err == nil {
			return &Dataset{Quads: w.quads, Constructs: s.constructs, Suspect: s.suspect, bySet: true}, nil
		}
		if ce := s.ctx.Err(); ce != nil {
			return nil, &Error{Code: CodeCanceled, Err: ce}
		}
		// The node map decides: a shape the set writer leaves to it, a
		// limit, an error. The statements written so far are dropped from
		// the caller's buffer (a grown copy is garbage), and Suspect, which
		// only the RDF step sets, starts again from false.
		clear(o.Quads[:cap(o.Quads)])
		s.suspect = false
	}
	nm := newNodeMap(s)
	if err := nm.gen(expanded, defaultGraph, "", false, "", nil); err != nil {
		return nil, err
	}
	w := &rdfWriter{s: s, nm: nm, lab: &nm.labeler, quads: slices.Grow(o.Quads[:0], min(nm.quads, p.maxQuads)), checked: p.opts.Safe}
	if err := w.run(); err != nil {
		return nil, err
	}
	return &Dataset{Quads: w.quads, Origins: w.origins, Constructs: s.constructs, Suspect: s.suspect}, nil
}

func (s *state) run(doc any) ([]any, error) {
	if err := s.ctx.Err(); err != nil {
		return nil, &Error{Code: CodeCanceled, Err: err}
	}
	s.path = s.path[:0]
	active := s.p.initial
	if ec := s.p.opts.ExpandContext; ec != nil {
		if m, ok := ec.(map[string]any); ok {
			if inner, ok := m["@context"]; ok {
				ec = inner
			}
		}
		var err error
		active, err = s.processContext(active, ec, ctxParams{baseURL: s.p.opts.Base, propagate: true, validateScoped: true})
		if err != nil {
			return nil, err
		}
	}
	return s.expandDoc(active, doc)
}

// remoteContext returns the @context of the remote document at url,
// loading and decoding it on first use.
func (p *Processor) remoteContext(ctx context.Context, url string) (any, error) {
	p.remoteMu.RLock()
	c, ok := p.remote[url]
	p.remoteMu.RUnlock()
	if ok {
		return c, nil
	}
	if p.opts.Loader == nil {
		return nil, errors.New("no document loader configured")
	}
	data, err := p.opts.Loader.LoadDocument(ctx, url)
	if err != nil {
		return nil, err
	}
	doc, err := DecodeJSON(data, remoteMaxDepth)
	if err != nil {
		return nil, &Error{Code: CodeLoadingRemoteContextFailed, Detail: quoteDetail("context", url), Err: err}
	}
	m, ok := doc.(map[string]any)
	if !ok || !hasKey(m, "@context") {
		return nil, &Error{Code: CodeInvalidRemoteContext, Detail: quoteDetail("no @context object in", url)}
	}
	c = m["@context"]
	p.remoteMu.Lock()
	p.remote[url] = c
	p.remoteMu.Unlock()
	return c, nil
}
