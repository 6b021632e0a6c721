package rdfc

import (
	"bytes"
	"cmp"
	"context"
	"crypto"
	_ "crypto/sha256" // registers crypto.SHA256
	_ "crypto/sha512" // registers crypto.SHA384 and crypto.SHA512
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/clrkit/clrkit/internal/rdf"
)

// Options tune Canonicalize. The zero value selects SHA-256 and the default
// work limit.
type Options struct {
	// Hash is the hash function of the algorithm: crypto.SHA256 (used when
	// zero, and the one eddsa-rdfc-2022 requires) or another available hash
	// such as crypto.SHA384.
	Hash crypto.Hash
	// MaxWork is the work budget: the units of work (see "Work limit" in
	// the package documentation) that Hash N-Degree Quads may spend before
	// Canonicalize gives up with ErrWorkLimit. Zero selects DefaultMaxWork
	// for the input; a negative value is an error.
	MaxWork int
	// Multiset keeps duplicate quads, each as a statement of its own, as
	// rdf-canonize does with the dataset object jsonld.js hands it: they
	// count in the first-degree hashes and repeat in the output. RDFC-1.0
	// takes a dataset, which is a set.
	Multiset bool
	// UTF16 orders lines by UTF-16 code units, as JavaScript compares
	// strings, instead of by code points as RDFC-1.0 requires. The two
	// differ only between a character above U+FFFF and one in
	// U+E000..U+FFFF.
	UTF16 bool
	// RawNonchars writes the noncharacters U+FFFE and U+FFFF of literals
	// as they are, as rdf-canonize does, instead of as the \uFFFE and
	// \uFFFF escapes canonical N-Quads require.
	RawNonchars bool
	// NoQuads leaves Result.Quads nil, for callers that need only the
	// canonical N-Quads document (Result.Len still counts the statements):
	// building the relabelled quads is about half of what Canonicalize
	// allocates.
	NoQuads bool
	// NoLabels leaves Result.IssuedIdentifiers nil, for callers that do
	// not relate input labels to canonical ones.
	NoLabels bool
	// Output, when set, is given the canonical N-Quads document instead
	// of Result.NQuads, which stays nil: for a caller that only hashes or
	// scans it, this spares allocating a copy. The bytes are valid only
	// until Output returns; Output must not keep or modify them.
	Output func(nquads []byte)
}

// Result is a canonicalized dataset.
type Result struct {
	// Quads are the distinct input quads with canonical blank-node labels,
	// in the order of their canonical N-Quads lines (nil with
	// Options.NoQuads).
	Quads []rdf.Quad
	// Len is the number of statements: of lines in NQuads.
	Len int
	// NQuads is the canonical N-Quads document: every line of Quads, in
	// order.
	NQuads []byte
	// IssuedIdentifiers maps every input blank-node label to its canonical
	// label, both without the "_:" prefix (nil with Options.NoLabels).
	IssuedIdentifiers map[string]string
	// Inverted lists, in increasing order, the input quads whose lines
	// Options.UTF16 ordered otherwise than code point order would have,
	// in the output or in a first-degree hash. Empty without UTF16.
	Inverted []int
}

// ErrWorkLimit reports that a dataset needed more work than Options.MaxWork
// allows, as crafted "poison" datasets do. Errors returned by Canonicalize
// wrap it.
var ErrWorkLimit = errors.New("rdfc: work limit exceeded")

const (
	// defaultBaseWork is the budget every dataset gets: three times what
	// the hardest computable tests of the W3C suite (the 12-node "poison"
	// graphs of tests 044 to 046) need.
	defaultBaseWork = 20_000
	// defaultWorkPerBlankNode2 is the budget per squared blank node. An RDF
	// list of n identical items needs about 5.8·n² units; a presentation
	// holding a CLR (42 blank nodes, nearly all statements in one blank-node
	// graph that every Hash N-Degree Quads call walks) about 371·n².
	defaultWorkPerBlankNode2 = 512
	// DefaultMaxWorkCap bounds DefaultMaxWork, whatever the number of blank
	// nodes: a million and a half units take between 0.03 and 0.5 seconds on
	// a current x86-64 core, depending on the shape of the dataset.
	DefaultMaxWorkCap = 1_500_000
)

// DefaultMaxWork returns the work budget used when Options.MaxWork is zero,
// for a dataset with the given number of distinct blank nodes:
// 20,000 + 512·n² units, but never more than DefaultMaxWorkCap.
//
// That admits every computable test of the W3C suite (the hardest needs
// 7,331 units), credential-shaped data (which rarely needs more than one
// unit per blank node), a verifiable presentation holding a CLR of three
// credentials (about 654,000 units for 42 blank nodes), and @list values of
// up to about 500 identical items (a list of n identical literals needs
// about 5.8·n² units, one of n identical blank-node objects about 11.5·n²).
// Any other input, however large or symmetric, is given up on after a
// fraction of a second: a 10-node clique (W3C test074) within tens of
// milliseconds, anything within about half a second on a current machine.
// Some documents the JavaScript reference accepts need more: a presentation
// holding three byte-identical credentials needs about 5.9 million units.
//
// A caller that must accept larger symmetric structures sets Options.MaxWork
// to a larger budget, counting roughly 4 million units per second of CPU it
// is willing to spend per dataset, and should then also pass a context with
// a deadline.
func DefaultMaxWork(blankNodes int) int {
	if blankNodes >= 1<<16 { // far past the cap; keeps n² from overflowing
		return DefaultMaxWorkCap
	}
	return min(defaultBaseWork+defaultWorkPerBlankNode2*blankNodes*blankNodes, DefaultMaxWorkCap)
}

// Canonicalize runs RDFC-1.0 on the dataset formed by quads (duplicates are
// ignored) and returns it with canonical blank-node labels.
//
// It returns an error wrapping ErrWorkLimit if the work limit is exceeded,
// one wrapping ctx.Err() if ctx is done before it finishes, and an error
// for a quad whose terms have kinds RDF does not allow in their position
// (for example a literal subject). quads is not modified.
func Canonicalize(ctx context.Context, quads []rdf.Quad, opts Options) (*Result, error) {
	c, err := newCanon(ctx, quads, opts)
	if err != nil {
		return nil, err
	}
	defer c.release()
	if err := c.issueCanonical(); err != nil {
		return nil, err
	}
	return c.result(), nil
}

// canon is the state of one Canonicalize call.
type canon struct {
	ctx       context.Context
	done      <-chan struct{}
	d         *dataset
	hs        hasher
	hexLen    int
	fd        []byte // first-degree hashes, hexLen bytes per blank node
	canonical *issuer
	temp      *issuer  // the temporary issuer of step 5, allocated on first use
	frames    []*frame // buffers per Hash N-Degree Quads recursion depth
	depth     int      // current Hash N-Degree Quads recursion depth
	work      int
	maxWork   int

	lines []byte // scratch for lines and hash inputs
	spans []span // scratch for line boundaries

	scr *scratch // the buffers lines, spans and the dataset's come from

	noQuads  bool           // Options.NoQuads
	noLabels bool           // Options.NoLabels
	output   func([]byte)   // Options.Output
	utf16    bool           // Options.UTF16
	inverted map[int32]bool // input quads in lines UTF-16 order decided otherwise
}

func newCanon(ctx context.Context, quads []rdf.Quad, opts Options) (*canon, error) {
	h := opts.Hash
	if h == 0 {
		h = crypto.SHA256
	}
	if !h.Available() {
		return nil, errors.New("rdfc: hash function " + h.String() + " is not available")
	}
	if opts.MaxWork < 0 {
		return nil, errors.New("rdfc: negative MaxWork")
	}
	scr := getScratch()
	d, err := newDataset(quads, opts.Multiset, opts.RawNonchars, scr)
	if err != nil {
		scr.put()
		return nil, err
	}
	maxWork := opts.MaxWork
	if maxWork == 0 {
		maxWork = DefaultMaxWork(len(d.labels))
	}
	return &canon{
		ctx:       ctx,
		done:      ctx.Done(),
		d:         d,
		hs:        hasher{h: h.New()},
		hexLen:    2 * h.Size(),
		canonical: newIssuer("c14n", len(d.labels)),
		maxWork:   maxWork,
		utf16:     opts.UTF16,
		noQuads:   opts.NoQuads,
		noLabels:  opts.NoLabels,
		output:    opts.Output,
		scr:       scr,
		lines:     scr.lines[:0],
		spans:     scr.spans[:0],
	}, nil
}

// release hands the call's buffers, as they have grown, back for reuse.
func (c *canon) release() {
	s := c.scr
	s.enc, s.quads, s.from = c.d.enc[:0], c.d.quads[:0], c.d.from[:0]
	s.lines, s.spans, s.order = c.lines[:0], c.spans[:0], s.order[:0]
	c.d, c.scr = nil, nil
	s.put()
}

// issueCanonical runs steps 3 to 5 of the canonicalization algorithm
// (section 4.4.3), issuing a canonical identifier to every blank node.
func (c *canon) issueCanonical() error {
	if err := c.checkContext(); err != nil {
		return err
	}
	c.firstDegreeHashes()
	order := make([]int32, len(c.d.labels))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(x, y int32) int {
		return bytes.Compare(c.firstDegree(x), c.firstDegree(y))
	})
	groups := c.groupByHash(order)
	var shared [][]int32
	for _, g := range groups {
		if len(g) == 1 {
			c.canonical.issue(g[0])
		} else {
			shared = append(shared, g)
		}
	}
	for _, g := range shared {
		if err := c.issueGroup(g); err != nil {
			return err
		}
	}
	return nil
}

// groupByHash splits nodes, sorted by first-degree hash, into runs that share
// a hash.
func (c *canon) groupByHash(order []int32) [][]int32 {
	var groups [][]int32
	for len(order) > 0 {
		end := 1
		for end < len(order) && bytes.Equal(c.firstDegree(order[end]), c.firstDegree(order[0])) {
			end++
		}
		groups = append(groups, order[:end:end])
		order = order[end:]
	}
	return groups
}

// issueGroup handles blank nodes that share a first-degree hash (step 5):
// it ranks them by N-degree hash and issues canonical identifiers in the
// order each one's chosen issuer visited nodes.
func (c *canon) issueGroup(group []int32) error {
	type pathResult struct {
		hash  []byte
		order []int32 // the nodes the returned issuer issued, in order
	}
	if c.temp == nil {
		c.temp = newIssuer("b", len(c.d.labels))
	}
	var results []pathResult
	for _, b := range group {
		if c.canonical.issued(b) {
			continue
		}
		c.temp.issue(b)
		h, err := c.hashNDegree(b, c.temp)
		if err != nil {
			return err
		}
		results = append(results, pathResult{slices.Clone(h), slices.Clone(c.temp.order)})
		c.temp.rollback(0)
	}
	slices.SortStableFunc(results, func(x, y pathResult) int { return bytes.Compare(x.hash, y.hash) })
	for _, r := range results {
		for _, b := range r.order {
			c.canonical.issue(b)
		}
	}
	return nil
}

// spend accounts for units of work and fails once the budget is exceeded.
func (c *canon) spend(units int) error {
	c.work += units
	if c.work > c.maxWork {
		return fmt.Errorf("%w: more than %d units of work for %d blank nodes", ErrWorkLimit, c.maxWork, len(c.d.labels))
	}
	return nil
}

// checkContext returns an error wrapping ctx.Err() once ctx is done.
func (c *canon) checkContext() error {
	if c.done == nil {
		return nil
	}
	select {
	case <-c.done:
		return fmt.Errorf("rdfc: canonicalization stopped: %w", c.ctx.Err())
	default:
		return nil
	}
}

// result relabels the dataset with the canonical identifiers and sorts it.
func (c *canon) result() *Result {
	d := c.d
	// The canonical labels as strings, only for the results that hold
	// them: lines are written with appendLabel.
	var labels []string
	var ids map[string]string
	if !c.noQuads || !c.noLabels {
		labels = make([]string, len(d.labels))
		for b := range d.labels {
			labels[b] = c.canonical.prefix + strconv.Itoa(int(c.canonical.ids[b]-1))
		}
	}
	if !c.noLabels {
		ids = make(map[string]string, len(d.labels))
		for b, in := range d.labels {
			ids[in] = labels[b]
		}
	}
	label := func(dst []byte, b int32) []byte { return c.canonical.appendLabel(dst, b) }
	lines := slices.Grow(c.lines[:0], c.outputSize()) // no growing: pooled buffers go with each collection
	spans := slices.Grow(c.spans[:0], len(d.quads))
	for _, q := range d.quads {
		start := int32(len(lines))
		lines = d.appendLine(lines, q, label)
		spans = append(spans, span{start, int32(len(lines))})
	}
	order := slices.Grow(c.scr.order[:0], len(d.quads))
	for i := range d.quads {
		order = append(order, int32(i))
	}
	c.lines, c.spans, c.scr.order = lines, spans, order // kept for reuse (release)
	if c.utf16 {
		slices.SortFunc(order, func(x, y int32) int {
			return c.compare(lines[spans[x].start:spans[x].end], lines[spans[y].start:spans[y].end], x, y)
		})
	} else {
		c.sortLines(order, lines, spans)
	}
	res := &Result{Len: len(order), IssuedIdentifiers: ids}
	out := c.scr.out[:0]
	if c.output == nil {
		out = make([]byte, 0, len(lines))
	} else {
		out = slices.Grow(out, len(lines))
	}
	if !c.noQuads {
		res.Quads = make([]rdf.Quad, len(order))
	}
	for qi := range c.inverted {
		res.Inverted = append(res.Inverted, int(d.from[qi]))
	}
	slices.Sort(res.Inverted)
	for i, qi := range order {
		out = append(out, lines[spans[qi].start:spans[qi].end]...)
		if res.Quads != nil {
			res.Quads[i] = relabel(d.input[d.from[qi]], d.quads[qi], labels)
		}
	}
	if c.output == nil {
		res.NQuads = out
	} else {
		c.output(out)
		c.scr.out = out[:0] // kept for reuse (release)
	}
	return res
}

// sortLines sorts order, indexes of lines, by code point (byte) order of
// the lines. Most comparisons are decided by the first eight bytes (a blank
// node subject's label, an IRI's scheme), so those are compared first as
// one big-endian integer, taken once per line; lines that agree there are
// compared from the ninth byte on. Every line is longer than eight bytes
// (three terms of at least two bytes, two spaces and " .\n").
func (c *canon) sortLines(order []int32, lines []byte, spans []span) {
	heads := slices.Grow(c.scr.heads[:0], len(spans))
	for _, sp := range spans {
		heads = append(heads, binary.BigEndian.Uint64(lines[sp.start:sp.start+8]))
	}
	c.scr.heads = heads
	slices.SortFunc(order, func(x, y int32) int {
		if hx, hy := heads[x], heads[y]; hx != hy {
			return cmp.Compare(hx, hy)
		}
		return bytes.Compare(lines[spans[x].start+8:spans[x].end], lines[spans[y].start+8:spans[y].end])
	})
}

// outputSize returns the exact size of the canonical N-Quads document.
func (c *canon) outputSize() int {
	n := 0
	for _, q := range c.d.quads {
		for i, x := range q {
			switch {
			case x.isBlank():
				n += len("_:c14n") + decimalDigits(c.canonical.ids[x.blank()]-1)
			case i == 3 && x.isDefault():
				n-- // no space before an absent graph label
			default:
				n += len(c.d.term(x))
			}
		}
		n += 3 + len(" .\n") // three spaces between the components
	}
	return n
}

// decimalDigits returns the number of digits of n >= 0 in base 10.
func decimalDigits[T ~int32 | ~int](n T) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

// relabel returns in, the input quad behind q, with its blank nodes renamed
// to their canonical labels.
func relabel(in rdf.Quad, q iquad, labels []string) rdf.Quad {
	t := [4]rdf.Term{in.Subject, in.Predicate, in.Object, in.Graph}
	for i, x := range q {
		if x.isBlank() {
			t[i] = rdf.NewBlank(labels[x.blank()])
		}
	}
	return rdf.Quad{Subject: t[0], Predicate: t[1], Object: t[2], Graph: t[3]}
}

// compare orders lines a and b of distinct quads x and y: by code point,
// or with Options.UTF16 by UTF-16 code unit, noting x and y when that
// decides otherwise.
func (c *canon) compare(a, b []byte, x, y int32) int {
	r := bytes.Compare(a, b)
	if !c.utf16 || r == 0 {
		return r
	}
	u := compareUTF16(a, b)
	if u != r {
		if c.inverted == nil {
			c.inverted = make(map[int32]bool)
		}
		c.inverted[x], c.inverted[y] = true, true
	}
	return u
}

// compareUTF16 compares UTF-8 strings a and b as JavaScript compares the
// same strings: by UTF-16 code unit. A character above U+FFFF is a
// surrogate pair there, whose first unit (U+D800..U+DBFF) sorts before the
// characters U+E000..U+FFFF; every other pair of characters sorts as their
// UTF-8 bytes do.
func compareUTF16(a, b []byte) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	if i == len(a) || i == len(b) {
		return cmp.Compare(len(a), len(b))
	}
	for i > 0 && a[i]&0xC0 == 0x80 {
		i-- // back to the start of the character; a and b agree before it
	}
	ra, na := utf8.DecodeRune(a[i:])
	rb, nb := utf8.DecodeRune(b[i:])
	if ra != utf8.RuneError || na > 1 {
		if rb != utf8.RuneError || nb > 1 {
			switch {
			case ra > 0xFFFF && rb >= 0xE000 && rb <= 0xFFFF:
				return -1
			case rb > 0xFFFF && ra >= 0xE000 && ra <= 0xFFFF:
				return 1
			}
		}
	}
	return bytes.Compare(a[i:], b[i:])
}
