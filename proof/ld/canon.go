package ld

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/clrkit/clrkit/internal/jsonld"
	"github.com/clrkit/clrkit/internal/rdf"
	"github.com/clrkit/clrkit/internal/rdfc"
)

// Default limits applied to untrusted input when Limits leaves a field zero.
const (
	DefaultMaxDocumentBytes = 8 << 20
	DefaultMaxDepth         = jsonld.DefaultMaxDepth // 64
	DefaultMaxQuads         = jsonld.DefaultMaxQuads // 100,000
	// DefaultMaxTermDefinitions is the default of
	// Limits.MaxTermDefinitions.
	DefaultMaxTermDefinitions = jsonld.DefaultMaxTermDefinitions // 200,000
)

// Limits bound the resources one canonicalization may use. A zero field takes
// its default; exceeding a limit is an *Error of kind ErrLimit.
type Limits struct {
	// MaxDocumentBytes caps the size of a JSON or N-Quads input (default 8 MiB).
	MaxDocumentBytes int
	// MaxDepth caps JSON nesting (default 64).
	MaxDepth int
	// MaxQuads caps the number of RDF statements a document may produce
	// (default 100,000).
	MaxQuads int
	// MaxWork is the budget of RDFC-1.0's Hash N-Degree Quads step, the
	// defence against "poison" graphs whose canonicalization would run for
	// ever. It counts units of work of roughly constant cost (calls, related
	// blank nodes hashed, permutation steps), a few million per CPU second.
	// Zero selects 20,000 + 512·n² units for n blank nodes, capped at
	// 1,500,000: far more than any credential needs (a presentation holding
	// a CLR needs about 654,000), and at most about half a second on a
	// hostile input.
	MaxWork int
	// MaxTermDefinitions caps the JSON-LD term definitions processing one
	// document's contexts may create (default 200,000, well under a second
	// of work; a presentation holding a CLR of three credentials needs
	// 1,185 on a new Canonicalizer). Contexts a Canonicalizer has processed before (the embedded
	// ones, after first use) cost nothing; inline contexts cost their terms
	// each time they apply to a new active context, which a document can
	// make happen more often than its size would suggest.
	MaxTermDefinitions int
}

func (l Limits) withDefaults() Limits {
	if l.MaxDocumentBytes <= 0 {
		l.MaxDocumentBytes = DefaultMaxDocumentBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxQuads <= 0 {
		l.MaxQuads = DefaultMaxQuads
	}
	if l.MaxTermDefinitions <= 0 {
		l.MaxTermDefinitions = DefaultMaxTermDefinitions
	}
	return l
}

// Options configure a Canonicalizer.
type Options struct {
	// Loader serves the contexts documents cite. Nil means DefaultLoader():
	// the embedded contexts and nothing else.
	Loader DocumentLoader
	// Hash is RDFC-1.0's hash function: crypto.SHA256 (the default, and what
	// eddsa-rdfc-2022 and ecdsa-rdfc-2019 use) or crypto.SHA384.
	Hash crypto.Hash
	// Limits bound the work done on one input.
	Limits Limits
	// Dialect selects the rules followed where the JavaScript stack
	// deviates from the specifications: DialectSpec (the zero value) or
	// DialectJSONLDJS. See Canonicalizer.WithDialect and CompareDialects.
	Dialect Dialect
}

// Canonicalizer turns JSON-LD documents into RDFC-1.0 canonical N-Quads, in
// JSON-LD safe mode: a term, type or IRI that would be dropped or left
// relative is an error naming it, never silently lost data. Safe mode cannot
// be turned off.
//
// A Canonicalizer processes each context once and reuses it for every
// document; it is safe for concurrent use and meant to be long-lived.
type Canonicalizer struct {
	toRDF   toRDF
	hash    crypto.Hash
	limits  Limits
	dialect Dialect
	// unlabelled leaves Canonical.Labels nil (see WithoutLabels).
	unlabelled bool
	// digestOnly, when not zero, keeps the hash of the canonical N-Quads
	// computed with it instead of the N-Quads (see DigestOnly).
	digestOnly crypto.Hash
}

// toRDF is the seam between canonicalization and the JSON-LD processor that
// produces the dataset: clrkit's own processor in production, json-gold in
// differential tests.
type toRDF interface {
	ToRDF(ctx context.Context, doc any) ([]rdf.Quad, error)
}

// NewCanonicalizer checks opts and returns a Canonicalizer.
func NewCanonicalizer(opts Options) (*Canonicalizer, error) {
	switch opts.Hash {
	case 0:
		opts.Hash = crypto.SHA256
	case crypto.SHA256, crypto.SHA384:
	default:
		return nil, fmt.Errorf("ld: NewCanonicalizer: hash %v is not SHA-256 or SHA-384", opts.Hash)
	}
	if opts.Limits.MaxWork < 0 {
		return nil, errors.New("ld: NewCanonicalizer: negative MaxWork")
	}
	if opts.Loader == nil {
		opts.Loader = DefaultLoader()
	}
	limits := opts.Limits.withDefaults()
	proc := jsonld.NewProcessor(jsonld.Options{
		Loader:             opts.Loader,
		Safe:               true,
		MaxDepth:           limits.MaxDepth,
		MaxQuads:           limits.MaxQuads,
		MaxTermDefinitions: limits.MaxTermDefinitions,
		// Strings with a base direction become i18n datatypes
		// (https://www.w3.org/ns/i18n#ar_rtl), as the Data Integrity
		// cryptosuites of the reference implementations render them, so
		// the direction is signed rather than dropped.
		RDFDirection: "i18n-datatype",
	})
	if opts.Dialect > DialectJSONLDJS {
		return nil, fmt.Errorf("ld: NewCanonicalizer: unknown dialect %d", opts.Dialect)
	}
	return &Canonicalizer{toRDF: proc, hash: opts.Hash, limits: limits, dialect: opts.Dialect}, nil
}

var defaultCanonicalizer = sync.OnceValue(func() *Canonicalizer {
	c, err := NewCanonicalizer(Options{})
	if err != nil {
		panic(err) // the zero Options are valid; see TestDefault
	}
	return c
})

// Default returns the process-wide Canonicalizer of the embedded contexts
// with default limits, so that every caller shares one set of processed
// contexts.
func Default() *Canonicalizer { return defaultCanonicalizer() }

// Canonical is the result of a canonicalization.
type Canonical struct {
	// NQuads is the canonical N-Quads document, UTF-8, one statement a line.
	NQuads []byte
	// Labels maps each blank-node label of the input dataset (without "_:")
	// to its canonical label. For JSON-LD input the input labels are those
	// the JSON-LD to RDF step issued: b0, b1, ... It is nil from a
	// Canonicalizer made by WithoutLabels.
	Labels map[string]string
	// Quads is the number of statements: distinct ones, except in the
	// jsonld.js dialect, which may repeat a statement.
	Quads int
	// Dialect is the dialect the canonical form was computed in.
	Dialect Dialect
	hash    crypto.Hash
	// dependence is what the computation found out about the document's
	// dependence on the dialect (nil for N-Quads input).
	dependence *dependence
	inverted   []int // rdfc.Result.Inverted
	// digest is the hash of the canonical N-Quads with digestHash, for a
	// result of DigestOnly, which has no NQuads.
	digest     []byte
	digestHash crypto.Hash
	// hazard is what textHazard found in the N-Quads it hashed, for a
	// result of DigestOnly.
	hazard bool
}

// Digest returns the hash of the canonical N-Quads with the
// Canonicalizer's hash function (nil for a result of DigestOnly with
// another hash function: see DigestWith).
func (c *Canonical) Digest() []byte { return c.DigestWith(c.hash) }

// DigestWith returns the hash of the canonical N-Quads with h. A result
// of a Canonicalizer made by DigestOnly, which has no NQuads, has only the
// hash it was made with: for any other h, DigestWith returns nil.
func (c *Canonical) DigestWith(h crypto.Hash) []byte {
	if c.digest != nil {
		if h != c.digestHash {
			return nil
		}
		return slices.Clone(c.digest)
	}
	d := h.New()
	d.Write(c.NQuads)
	return d.Sum(nil)
}

// hasText reports whether c holds its canonical N-Quads, as every result
// but those of DigestOnly does.
func (c *Canonical) hasText() bool { return c.digest == nil }

// Canonicalize parses the JSON-LD document in data and returns its canonical
// form.
func (c *Canonicalizer) Canonicalize(ctx context.Context, data []byte) (*Canonical, error) {
	doc, err := c.decode(data)
	if err != nil {
		return nil, err
	}
	return c.CanonicalizeValue(ctx, doc)
}

// decode reads a JSON document within the size and depth limits.
func (c *Canonicalizer) decode(data []byte) (any, error) {
	if len(data) > c.limits.MaxDocumentBytes {
		return nil, &Error{Kind: ErrLimit, Code: CodeDocumentTooLarge,
			Detail: fmt.Sprintf("%d bytes, limit %d", len(data), c.limits.MaxDocumentBytes)}
	}
	return DecodeJSON(data, c.limits.MaxDepth)
}

// CanonicalizeValue canonicalizes a JSON-LD document held as a decoded JSON
// value (map[string]any, []any, string, float64 or json.Number, bool, nil),
// for example a proof configuration a caller has just built.
func (c *Canonicalizer) CanonicalizeValue(ctx context.Context, doc any) (*Canonical, error) {
	return c.canonicalizeValue(ctx, doc, false, c.unlabelled)
}

// WithoutLabels returns a Canonicalizer that canonicalizes as c does, for
// a caller that needs the canonical N-Quads (to hash, compare or print
// them) but not which blank node label of the JSON-LD step became which
// canonical one: its results' Labels is nil. Its N-Quads are byte for byte
// c's; it is faster, as the JSON-LD step can then write the statements
// straight from the expanded document instead of generating a node map
// first (in the specs' dialect: the jsonld.js dialect's statements depend
// on the node map). The Data Integrity suites of package proof
// canonicalize this way.
func (c *Canonicalizer) WithoutLabels() *Canonicalizer {
	if c.unlabelled {
		return c
	}
	cc := *c
	cc.unlabelled = true
	return &cc
}

// DigestOnly returns a Canonicalizer that canonicalizes as c does but keeps
// only the hash of the canonical N-Quads, computed with h (c's hash
// function when h is zero; otherwise crypto.SHA256 or crypto.SHA384): its
// results have NQuads nil, and Digest or DigestWith(h) return that hash.
// This is for callers that sign or check the hash and never read the
// text, as the Data Integrity suites of package proof do unless asked to
// explain a verification: it spares a copy of the canonical form.
func (c *Canonicalizer) DigestOnly(h crypto.Hash) (*Canonicalizer, error) {
	switch h {
	case 0:
		h = c.hash
	case crypto.SHA256, crypto.SHA384:
	default:
		return nil, fmt.Errorf("ld: DigestOnly: hash %v is not SHA-256 or SHA-384", h)
	}
	if c.digestOnly == h {
		return c, nil
	}
	cc := *c
	cc.digestOnly = h
	return &cc, nil
}

// withText returns c, or for a Canonicalizer made by DigestOnly one that
// keeps the N-Quads.
func (c *Canonicalizer) withText() *Canonicalizer {
	if c.digestOnly == 0 {
		return c
	}
	cc := *c
	cc.digestOnly = 0
	return &cc
}

// canonicalizeValue canonicalizes doc, keeping the origins of its values
// when asked, and as a set of statements without labels when unlabelled is
// set (see jsonld.RDFOptions).
func (c *Canonicalizer) canonicalizeValue(ctx context.Context, doc any, origins, unlabelled bool) (*Canonical, error) {
	buf := getQuadBuffer()
	ds, err := c.dataset(ctx, doc, origins, unlabelled, buf.quads)
	if err != nil {
		// Statements written before the failure may be in buf's array
		// past its length: it is not kept.
		return nil, wrapJSONLD(err)
	}
	defer buf.release(ds.Quads) // built in buf.quads, perhaps grown
	res, err := c.canonicalize(ctx, ds.Quads, true, unlabelled)
	if err != nil {
		return nil, err
	}
	res.dependence = newDependence(ds, res, origins)
	return res, nil
}

// quadBuffer is a buffer canonicalizeValue builds a document's statements
// in. They are done with once the canonical form is computed, and reusing
// the buffer (quadBuffers) spares the garbage collector about a seventh of
// what a canonicalization allocates.
type quadBuffer struct{ quads []rdf.Quad }

var quadBuffers = sync.Pool{New: func() any { return new(quadBuffer) }}

// maxPooledQuads bounds the statement buffers kept for reuse.
const maxPooledQuads = 4096

func getQuadBuffer() *quadBuffer { return quadBuffers.Get().(*quadBuffer) }

// release keeps the array of q, the buffer's statements as they were built,
// for reuse: without the statements, whose strings belong to the document,
// and not when it grew too large to keep.
func (b *quadBuffer) release(q []rdf.Quad) {
	if cap(q) > maxPooledQuads {
		return
	}
	clear(q)
	b.quads = q[:0]
	quadBuffers.Put(b)
}

// CanonicalizeNQuads parses an N-Quads document and returns its canonical
// form.
func (c *Canonicalizer) CanonicalizeNQuads(ctx context.Context, data []byte) (*Canonical, error) {
	if len(data) > c.limits.MaxDocumentBytes {
		return nil, &Error{Kind: ErrLimit, Code: CodeDocumentTooLarge,
			Detail: fmt.Sprintf("%d bytes, limit %d", len(data), c.limits.MaxDocumentBytes)}
	}
	quads, err := rdf.ParseNQuads(data)
	if err != nil {
		return nil, &Error{Kind: ErrInvalid, Code: CodeNQuadsSyntax, Err: err}
	}
	if len(quads) > c.limits.MaxQuads {
		return nil, &Error{Kind: ErrLimit, Code: jsonld.CodeMaxQuads,
			Detail: fmt.Sprintf("%d statements, limit %d", len(quads), c.limits.MaxQuads)}
	}
	// rdf-canonize's N-Quads parser drops repeated statements: only a
	// dataset that jsonld.js built may hold one twice.
	return c.canonicalize(ctx, quads, false, c.unlabelled)
}

// canonicalize runs RDFC-1.0 on quads; multiset keeps repeated quads in
// the jsonld.js dialect, and unlabelled leaves Labels nil.
func (c *Canonicalizer) canonicalize(ctx context.Context, quads []rdf.Quad, multiset, unlabelled bool) (*Canonical, error) {
	js := c.dialect == DialectJSONLDJS
	out := &Canonical{Dialect: c.dialect, hash: c.hash}
	opts := rdfc.Options{Hash: c.hash, MaxWork: c.limits.MaxWork,
		Multiset: js && multiset, UTF16: js, RawNonchars: js, NoQuads: true, NoLabels: unlabelled}
	if h := c.digestOnly; h != 0 {
		opts.Output = func(nq []byte) {
			d := h.New()
			d.Write(nq)
			out.digest, out.digestHash, out.hazard = d.Sum(nil), h, textHazard(nq)
		}
	}
	res, err := rdfc.Canonicalize(ctx, quads, opts)
	switch {
	case errors.Is(err, rdfc.ErrWorkLimit):
		return nil, &Error{Kind: ErrLimit, Code: CodeWorkLimit, Err: err}
	case err != nil:
		return nil, fmt.Errorf("ld: %w", err)
	}
	out.NQuads, out.Labels, out.Quads, out.inverted = res.NQuads, res.IssuedIdentifiers, res.Len, res.Inverted
	return out, nil
}
